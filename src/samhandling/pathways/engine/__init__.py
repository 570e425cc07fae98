"""The pathway analysis engine: plain Python on polars, with no Django anywhere in it.

Pages, reports and exports get results only as published (already suppressed) objects from
`samhandling.pathways.engine.analyses`; patient-level rows never leave the engine.
"""

from .analyses import AnalysisOptions, Filters, analyse
from .privacy import DEFAULT_THRESHOLD
from .reading import ColumnMapping, LogImportError, Problem, read_log, write_log
from .reference import Municipality, load_municipalities

__all__ = [
    "DEFAULT_THRESHOLD",
    "AnalysisOptions",
    "ColumnMapping",
    "Filters",
    "LogImportError",
    "Municipality",
    "Problem",
    "analyse",
    "load_municipalities",
    "read_log",
    "write_log",
]
