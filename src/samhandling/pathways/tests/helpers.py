"""Small builders the tests share; every person in them is fictional."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import polars as pl

from samhandling.pathways.engine.reading import ColumnMapping, to_canonical

if TYPE_CHECKING:  # pandas only for the tests against pm4py, not at collection
    import pandas as pd

CANONICAL = ColumnMapping(
    case_id="case_id",
    activity="activity",
    timestamp="timestamp",
    organisation="organisation",
    level="level",
    age="age",
    municipality="municipality",
    priority_group="priority_group",
    lkt_complexity="lkt_complexity",
    lkt_capacity="lkt_capacity",
)


def to_pandas(frame: pl.DataFrame) -> "pd.DataFrame":
    """Without pyarrow: column by column through numpy."""
    import pandas as pd

    return pd.DataFrame({name: frame[name].to_numpy() for name in frame.columns})


def log_of(traces: dict[str, list[str]], *, start: datetime = datetime(2024, 1, 1)) -> pl.DataFrame:
    """A canonical log: each case's activities one hour apart."""
    rows = []
    for n, (case, activities) in enumerate(traces.items()):
        for k, activity in enumerate(activities):
            rows.append(
                {
                    "case_id": case,
                    "activity": activity,
                    "timestamp": (start + timedelta(days=n, hours=k)).isoformat(),
                }
            )
    raw = pl.DataFrame(rows)
    return to_canonical(raw, ColumnMapping("case_id", "activity", "timestamp"))


def pm4py_keys() -> dict[str, str]:
    return {"case_id_key": "case_id", "activity_key": "activity", "timestamp_key": "timestamp"}
