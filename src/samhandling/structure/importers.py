"""Population import: Statistics Norway's JSON-stat2 answer for table 07459, or a plain CSV.

The whole file is read and checked before anything is written, and the writing happens in one
transaction, so a bad file changes nothing. Errors name the file and the line (CSV) or the
JSON path (JSON-stat). Region codes that are not municipalities of the dataset (merged
municipalities, the whole country, counties) are skipped and reported, not errors.

A hostile or broken file gets an error, never a traceback: the file's size is checked
before it is read, JSON nested deeper than JSON-stat needs, `NaN` and `Infinity`, numbers
beyond a plausible population, years outside 1800–2200, digits other than 0–9, sparse
keys that are not positions of the table, and tables declaring more cells than any real
one are all refused by name. (No maintained JSON-stat reader is in the lock file, so this
reader stays, kept small and defensive.)
"""

import csv
import datetime
import io
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from samhandling.core.actor import Actor
from samhandling.core.audit import audit_record

from .models import Organisation

CONTENTS_CODE = "Personer1"
SUMMED_DIMENSIONS = ("Kjonn", "Alder")
REQUIRED_DIMENSIONS = ("Region", "ContentsCode", "Tid")
MAX_ERRORS = 20
# Bounds no real file reaches: SSB's whole table 07459 (all municipalities, both sexes,
# every age, every year since 1986) is about 3 million cells and well under 50 MB.
MAX_FILE_BYTES = 50 * 1024**2
MAX_CELLS = 20_000_000
MAX_DEPTH = 8  # JSON-stat2 needs 5: dataset → dimension → name → category → index/label
# Oslo, the largest municipality, has under a million inhabitants; Norway under six.
MAX_POPULATION = 10_000_000
FIRST_YEAR, LAST_YEAR = 1800, 2200


class _NotANumberError(ValueError):
    """`NaN` or `Infinity` in JSON: Python reads them, the JSON standard does not."""


class PopulationImportError(ValueError):
    """The file cannot be imported; ``errors`` holds one located message per problem."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class Figure:
    municipality_number: str
    population: int
    date: datetime.date
    where: str
    label: str = ""


@dataclass
class ImportResult:
    file: str
    source: str
    figures: list[Figure] = field(default_factory=list)
    updated: list[tuple[Organisation, int | None, int]] = field(default_factory=list)
    unchanged: list[Organisation] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (region code, label)
    not_in_file: list[Organisation] = field(default_factory=list)
    dry_run: bool = False


def _plain_digits(text: str) -> bool:
    """Digits 0–9 only: `str.isdigit` also takes "²" and "٣", which `int` then refuses or reads."""
    return text.isascii() and text.isdigit()


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and objects nest deeper than `limit` (without recursion)."""
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _shown(value: Any) -> str:
    """A value from the file for an error message: short, whatever it is."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "…"


def _municipality_code(code: str) -> str:
    # SSB's region codes sometimes carry a prefix ("K-4601").
    return code.removeprefix("K-").strip()


# --- JSON-stat2 -----------------------------------------------------------------------------


def _category_codes(dimension: Any, where: str, errors: list[str]) -> list[str] | None:
    """The category codes of one dimension, in index order (JSON-stat allows an object of
    code → position or a list of codes)."""
    if not isinstance(dimension, dict) or not isinstance(dimension.get("category"), dict):
        errors.append(f"{where}.category: " + _("missing or not an object"))
        return None
    index = dimension["category"].get("index")
    if isinstance(index, list) and all(isinstance(code, str) for code in index):
        return list(index)
    if isinstance(index, dict):
        if not all(isinstance(p, int) and not isinstance(p, bool) for p in index.values()):
            errors.append(
                f"{where}.category.index: " + _("the positions must be 0, 1, 2, … without gaps")
            )
            return None
        positions = sorted(index.items(), key=lambda item: item[1])
        if [p for _code, p in positions] != list(range(len(positions))):
            errors.append(
                f"{where}.category.index: " + _("the positions must be 0, 1, 2, … without gaps")
            )
            return None
        return [code for code, _p in positions]
    if index is None and isinstance(dimension["category"].get("label"), dict):
        # A dimension with one category may leave out the index.
        labels = list(dimension["category"]["label"])
        if len(labels) == 1:
            return labels
    errors.append(f"{where}.category.index: " + _("expected an object or a list of codes"))
    return None


def read_json_stat(
    text: str, *, file: str, year: int | None = None
) -> tuple[list[Figure], list[tuple[str, str]], str]:
    """Figures per region code (not yet matched to municipalities), the region codes with no
    figure for the year, and a source text."""

    def no_constant(name: str) -> Any:
        raise _NotANumberError(name)

    try:
        data = json.loads(text, parse_constant=no_constant)
    except _NotANumberError as error:
        line = text[: max(text.find(error.args[0]), 0)].count("\n") + 1
        raise PopulationImportError(
            [
                f"{file}: "
                + _("line %(line)d: “%(value)s” is not a number JSON allows")
                % {"line": line, "value": error.args[0]}
            ]
        ) from None
    except RecursionError:
        data = None
    except json.JSONDecodeError as error:
        raise PopulationImportError(
            [
                f"{file}: "
                + _("line %(line)d, column %(column)d: not valid JSON (%(problem)s)")
                % {"line": error.lineno, "column": error.colno, "problem": error.msg}
            ]
        ) from None
    errors: list[str] = []

    def fail(where: str, problem: str) -> PopulationImportError:
        return PopulationImportError([f"{file}: {where}: {problem}"])

    if data is None or _deeper_than(data, MAX_DEPTH):
        raise fail(
            "$",
            _("nested deeper than a JSON-stat2 dataset is (at most %(depth)d levels)")
            % {"depth": MAX_DEPTH},
        )

    if not isinstance(data, dict):
        raise fail("$", _("expected a JSON-stat2 dataset (an object)"))
    if "dataset" in data and "id" not in data:
        raise fail(
            "$", _("JSON-stat 1 (a “dataset” bundle) is not supported; ask SSB for json-stat2")
        )
    if data.get("class", "dataset") != "dataset":
        raise fail(
            "class", _("expected “dataset”, found “%(value)s”") % {"value": _shown(data["class"])}
        )
    ids, sizes, dimensions = data.get("id"), data.get("size"), data.get("dimension")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise fail("id", _("expected a list of dimension names"))
    if not isinstance(sizes, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes
    ):
        raise fail("size", _("expected a list of whole numbers"))
    if len(sizes) != len(ids):
        raise fail(
            "size",
            _("has %(sizes)d entries but id names %(ids)d dimensions")
            % {"sizes": len(sizes), "ids": len(ids)},
        )
    if not isinstance(dimensions, dict):
        raise fail("dimension", _("missing or not an object"))
    for name in REQUIRED_DIMENSIONS:
        if name not in ids:
            raise fail("id", _("the dimension “%(name)s” is missing") % {"name": name})
    for name in ids:
        if name not in REQUIRED_DIMENSIONS and name not in SUMMED_DIMENSIONS:
            raise fail(
                "id",
                _(
                    "unexpected dimension “%(name)s” (table 07459 has Region, ContentsCode, Tid, Kjonn, Alder)"
                )
                % {"name": name},
            )
    codes: dict[str, list[str]] = {}
    for position, name in enumerate(ids):
        if name not in dimensions:
            errors.append(f"dimension.{name}: " + _("missing"))
            continue
        found = _category_codes(dimensions[name], f"dimension.{name}", errors)
        if found is None:
            continue
        if len(found) != sizes[position]:
            errors.append(
                f"size[{position}]: "
                + _("is %(size)d but dimension.%(name)s has %(count)d categories")
                % {"size": sizes[position], "name": name, "count": len(found)}
            )
        codes[name] = found
    if errors:
        raise PopulationImportError([f"{file}: {e}" for e in errors])

    values = data.get("value")
    total = math.prod(sizes)
    if total > MAX_CELLS:
        raise fail(
            "size",
            _("declares %(total)s cells; a population table has at most %(max)s")
            % {"total": f"{total:,}".replace(",", " "), "max": f"{MAX_CELLS:,}".replace(",", " ")},
        )
    figure_at: Callable[[int], Any]
    if isinstance(values, dict):  # sparse form: position → value, kept sparse
        sparse: dict[int, Any] = {}
        for key, value in values.items():
            if not (_plain_digits(key) and int(key) < total):
                raise fail(
                    f"value[{_shown(key)}]",
                    _("the keys must be positions 0 to %(last)d") % {"last": total - 1},
                )
            sparse[int(key)] = value
        figure_at = sparse.get
    elif isinstance(values, list):
        if len(values) != total:
            raise fail(
                "value",
                _("has %(count)d figures, but size gives %(total)d")
                % {"count": len(values), "total": total},
            )
        figure_at = values.__getitem__
    else:
        raise fail("value", _("expected a list of figures"))

    if CONTENTS_CODE not in codes["ContentsCode"]:
        raise fail(
            "dimension.ContentsCode.category.index",
            _("no “%(code)s” (population); found %(found)s")
            % {"code": CONTENTS_CODE, "found": ", ".join(codes["ContentsCode"])},
        )
    years: dict[int, str] = {}
    for position, code in enumerate(codes["Tid"]):
        if _plain_digits(code[:4]) and FIRST_YEAR <= int(code[:4]) <= LAST_YEAR:
            years[int(code[:4])] = code
        else:
            raise fail(
                f"dimension.Tid.category.index[{position}]",
                _("“%(code)s” is not a year from %(first)d to %(last)d")
                % {"code": _shown(code), "first": FIRST_YEAR, "last": LAST_YEAR},
            )
    if not years:
        raise fail("dimension.Tid", _("no years"))
    if year is None:
        year = max(years)
    elif year not in years:
        raise fail(
            "dimension.Tid",
            _("the year %(year)d is not in the file (it has %(years)s)")
            % {"year": year, "years": ", ".join(str(y) for y in sorted(years))},
        )

    # Row-major order: the last dimension varies fastest.
    strides = [math.prod(sizes[i + 1 :]) for i in range(len(sizes))]
    fixed = {"ContentsCode": codes["ContentsCode"].index(CONTENTS_CODE)}
    fixed["Tid"] = codes["Tid"].index(years[year])
    summed = [ids.index(name) for name in SUMMED_DIMENSIONS if name in ids]
    region_position = ids.index("Region")
    region_labels = dimensions["Region"]["category"].get("label")
    if not isinstance(region_labels, dict):
        region_labels = {}

    figures: list[Figure] = []
    empty: list[tuple[str, str]] = []
    for region_index, region in enumerate(codes["Region"]):
        base = region_index * strides[region_position] + sum(
            fixed[name] * strides[ids.index(name)] for name in fixed
        )
        offsets = [0]
        for position in summed:
            offsets = [o + k * strides[position] for o in offsets for k in range(sizes[position])]
        total_population = 0
        missing = 0
        for offset in offsets:
            value = figure_at(base + offset)
            if value is None:
                missing += 1
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value < 0
                or value != int(value)
                or value > MAX_POPULATION
            ):
                raise fail(
                    f"value[{base + offset}]",
                    _(
                        "“%(value)s” is not a population figure, a whole number from 0 to "
                        "%(max)s (Region %(region)s, Tid %(year)s)"
                    )
                    % {
                        "value": _shown(value),
                        "max": f"{MAX_POPULATION:,}".replace(",", " "),
                        "region": _shown(region),
                        "year": years[year],
                    },
                )
            total_population += int(value)
        label = str(region_labels.get(region, region))
        if total_population > MAX_POPULATION:
            raise fail(
                f"value[{base}]",
                _("the figures for Region %(region)s add up to more than %(max)s inhabitants")
                % {"region": _shown(region), "max": f"{MAX_POPULATION:,}".replace(",", " ")},
            )
        if missing == len(offsets):
            # SSB leaves no figure for municipalities that did not exist that year.
            empty.append((region, label))
            continue
        if missing:
            raise fail(
                f"value[{base}]",
                _("some figures are missing for Region %(region)s, Tid %(year)s")
                % {"region": region, "year": years[year]},
            )
        figures.append(
            Figure(
                municipality_number=_municipality_code(region),
                population=total_population,
                date=datetime.date(year, 1, 1),
                where=f"dimension.Region.category.index.{region}",
                label=label,
            )
        )
    source_name = str(data.get("source") or "Statistisk sentralbyrå")[:100]
    table = str(data.get("label", "")).split(":", 1)[0].strip() or "07459"
    source = f"{source_name}, tabell {table}"
    if data.get("updated"):
        source += f" (oppdatert {str(data['updated'])[:10]})"
    return figures, empty, source


# --- CSV ------------------------------------------------------------------------------------


def read_csv(
    text: str, *, file: str, year: int | None = None
) -> tuple[list[Figure], list[tuple[str, str]], str]:
    """Columns ``municipality_number``, ``population`` and ``date`` (YYYY-MM-DD) or ``year``;
    comma or semicolon separated. With several dates for a municipality the latest counts."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        raise PopulationImportError(
            [f"{file}, " + _("line 1: not readable as CSV (%(problem)s)") % {"problem": error}]
        ) from None
    reader.fieldnames = header
    missing = [name for name in ("municipality_number", "population") if name not in header]
    if "date" not in header and "year" not in header:
        missing.append("date/year")
    if missing:
        raise PopulationImportError(
            [
                f"{file}, "
                + _("line 1: missing column(s): %(columns)s") % {"columns": ", ".join(missing)}
            ]
        )
    errors: list[str] = []
    figures: dict[str, Figure] = {}
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(
                f"{file}, "
                + _("line %(line)d: not readable as CSV (%(problem)s)")
                % {"line": reader.line_num, "problem": error}
            )
            break
        line = reader.line_num
        where = f"{file}, " + _("line %(line)d") % {"line": line}
        if None in row:
            errors.append(
                f"{where}: "
                + _("more values than the header has columns (%(count)d)") % {"count": len(header)}
            )
            continue
        if not any((value or "").strip() for value in row.values()):
            continue
        number = (row.get("municipality_number") or "").strip()
        if not (_plain_digits(number) and len(number) == 4):
            errors.append(
                f"{where}: municipality_number: "
                + _("“%(value)s” is not a four-digit municipality number")
                % {"value": _shown(number)}
            )
        raw_population = (
            (row.get("population") or "").strip().replace(" ", "").replace("\u00a0", "")
        )
        population = (
            int(raw_population)
            if _plain_digits(raw_population) and len(raw_population) <= 12
            else None
        )
        if population is None or population > MAX_POPULATION:
            errors.append(
                f"{where}: population: "
                + _("“%(value)s” is not a whole number from 0 to %(max)s")
                % {
                    "value": _shown(raw_population),
                    "max": f"{MAX_POPULATION:,}".replace(",", " "),
                }
            )
            population = None
        when = None
        if "date" in header and (row.get("date") or "").strip():
            raw_date = row["date"].strip()
            try:
                when = datetime.date.fromisoformat(raw_date)
                if not (raw_date.isascii() and FIRST_YEAR <= when.year <= LAST_YEAR):
                    raise ValueError
            except ValueError:
                when = None
                errors.append(
                    f"{where}: date: "
                    + _("“%(value)s” is not a date (YYYY-MM-DD) from %(first)d to %(last)d")
                    % {"value": _shown(raw_date), "first": FIRST_YEAR, "last": LAST_YEAR}
                )
        elif "year" in header and (row.get("year") or "").strip():
            raw_year = row["year"].strip()
            if _plain_digits(raw_year) and FIRST_YEAR <= int(raw_year[:5]) <= LAST_YEAR:
                when = datetime.date(int(raw_year), 1, 1)
            else:
                errors.append(
                    f"{where}: year: "
                    + _("“%(value)s” is not a year from %(first)d to %(last)d")
                    % {"value": _shown(raw_year), "first": FIRST_YEAR, "last": LAST_YEAR}
                )
        else:
            errors.append(f"{where}: date: " + _("missing"))
        if len(errors) >= MAX_ERRORS:
            break
        if number and population is not None and when is not None:
            if year is not None and when.year != year:
                continue
            figure = Figure(number, population, when, where)
            earlier = figures.get(number)
            if earlier is not None and earlier.date == when:
                errors.append(
                    f"{where}: municipality_number: "
                    + _("%(number)s has a figure for %(date)s already (%(earlier)s)")
                    % {"number": number, "date": when.isoformat(), "earlier": earlier.where}
                )
            elif earlier is None or earlier.date < when:
                figures[number] = figure
    if errors:
        raise PopulationImportError(errors)
    if not figures:
        message = _("no figures") if year is None else _("no figures for %(year)d") % {"year": year}
        raise PopulationImportError([f"{file}: {message}"])
    return list(figures.values()), [], _("CSV file %(file)s") % {"file": file}


# --- importing ------------------------------------------------------------------------------


def population_import(
    *,
    actor: Actor | None,
    path: Path,
    year: int | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read ``path`` (JSON-stat2 or CSV), then set each municipality's population, its date and
    source, with an audit entry per change. Nothing is written when the file has an error or
    when ``dry_run``."""
    file = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PopulationImportError(
                [
                    f"{file}: "
                    + _("the file is %(size)s; a population file is at most %(max)s")
                    % {"size": filesizeformat(size), "max": filesizeformat(MAX_FILE_BYTES)}
                ]
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PopulationImportError([f"{file}: " + _("the file does not exist")]) from None
    except OSError as error:
        raise PopulationImportError(
            [f"{file}: " + _("the file cannot be read (%(problem)s)") % {"problem": error.strerror}]
        ) from None
    except UnicodeDecodeError:
        raise PopulationImportError([f"{file}: " + _("the file is not UTF-8 text")]) from None
    is_json = path.suffix.lower() == ".json" or text.lstrip("\ufeff \n\r\t").startswith("{")
    reader = read_json_stat if is_json else read_csv
    figures, empty, source = reader(text, file=file, year=year)

    municipalities = {
        o.municipality_number: o
        for o in Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).exclude(
            municipality_number=None
        )
    }
    result = ImportResult(file=file, source=source, figures=figures, dry_run=dry_run)
    result.skipped = list(empty)
    matched: list[tuple[Organisation, Figure]] = []
    for figure in figures:
        organisation = municipalities.get(figure.municipality_number)
        if organisation is None:
            result.skipped.append((figure.municipality_number, figure.label))
        else:
            matched.append((organisation, figure))
    seen = {o.pk for o, _figure in matched}
    # Municipalities merged away are not expected in a current file.
    result.not_in_file = [
        o for o in municipalities.values() if o.pk not in seen and o.valid_to is None
    ]
    with transaction.atomic():
        for organisation, figure in matched:
            old = (organisation.population, organisation.population_date)
            old_source = organisation.population_source
            if old == (figure.population, figure.date) and organisation.population_source == source:
                result.unchanged.append(organisation)
                continue
            result.updated.append((organisation, organisation.population, figure.population))
            if dry_run:
                continue
            organisation.population = figure.population
            organisation.population_date = figure.date
            organisation.population_source = source[:200]
            organisation.save(update_fields=["population", "population_date", "population_source"])
            audit_record(
                actor=actor,
                action="structure.population_import",
                obj=organisation,
                summary=f"{organisation.name}: {old[0]} → {figure.population} ({figure.date})",
                changes={
                    "population": [old[0], figure.population],
                    "population_date": [
                        old[1].isoformat() if old[1] else None,
                        figure.date.isoformat(),
                    ],
                    "population_source": [old_source, source[:200]],
                    "file": [None, file],
                },
            )
    return result
