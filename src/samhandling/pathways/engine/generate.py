"""Synthetic, reproducible pathways across the hospitals and municipal services.

Every person is fictional. A person belongs to one of the national priority groups, lives in
one of the 18 municipalities (drawn by population), and has one or more episodes; each
episode follows a template (GP visit, emergency admission, ward stay, ready for discharge,
discharge, home care, short or long stay in a nursing home, outpatient visit…) with
log-normal gaps. Some episodes start soon after the previous discharge: readmissions.
Everything is drawn with numpy over whole arrays, so ten million events take seconds.
"""

from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np
import polars as pl

from .reading import (
    ACTIVITY,
    AGE,
    AGE_BAND,
    CASE_ID,
    LEVEL,
    LKT_CAPACITY,
    LKT_COMPLEXITY,
    MUNICIPALITY,
    ORGANISATION,
    PRIORITY_GROUP,
    ROW,
    SCHEMA,
    TIMESTAMP,
    age_band_expr,
)
from .reference import load_municipalities

GP = "Fastlegekonsultasjon"
EMERGENCY = "Akuttinnleggelse"
WARD = "Sengepost"
READY = "Utskrivningsklar"
DISCHARGE = "Utskrivning"
OUTPATIENT = "Poliklinisk konsultasjon"
HOME_CARE = "Hjemmesykepleie"
SHORT_STAY = "Korttidsopphold sykehjem"
LONG_STAY = "Langtidsopphold sykehjem"
HEALTH_STATION = "Helsestasjon og skolehelsetjeneste"
MENTAL_HEALTH = "Psykisk helse- og rustjeneste"
DPS = "DPS poliklinikk"

# activity: (service level, median hours to the next event of the episode)
ACTIVITIES: dict[str, tuple[str, float]] = {
    GP: ("gp", 72),
    EMERGENCY: ("hospital", 4),
    WARD: ("hospital", 84),
    READY: ("hospital", 40),
    DISCHARGE: ("hospital", 6),
    OUTPATIENT: ("hospital", 240),
    HOME_CARE: ("municipality", 500),
    SHORT_STAY: ("municipality", 330),
    LONG_STAY: ("municipality", 2000),
    HEALTH_STATION: ("municipality", 700),
    MENTAL_HEALTH: ("municipality", 300),
    DPS: ("hospital", 400),
}

TEMPLATES: list[list[str]] = [
    [GP],
    [GP, OUTPATIENT, GP],
    [EMERGENCY, WARD, DISCHARGE],
    [EMERGENCY, WARD, READY, DISCHARGE, HOME_CARE],
    [GP, EMERGENCY, WARD, READY, DISCHARGE, SHORT_STAY, HOME_CARE],
    [EMERGENCY, WARD, READY, DISCHARGE, LONG_STAY],
    [HEALTH_STATION, GP, OUTPATIENT],
    [GP, MENTAL_HEALTH, DPS],
    [EMERGENCY, WARD, DISCHARGE, MENTAL_HEALTH],
]

# group: (share of persons, ages, mean extra episodes, template weights, LKT centres
# (complexity, capacity), readmission-like early returns)
PRIORITY_GROUPS: dict[
    str, tuple[float, tuple[int, int], float, list[float], tuple[float, float], float]
] = {
    "Barn og unge": (0.22, (0, 18), 0.8, [3, 3, 2, 0.5, 0, 0, 5, 1, 0.3], (4.0, 5.5), 0.05),
    "Alvorlig psykisk lidelse og rus": (
        0.18,
        (18, 70),
        1.5,
        [2, 1, 1.5, 0.5, 0, 0, 0, 5, 3],
        (6.5, 3.5),
        0.12,
    ),
    "Skrøpelige eldre": (0.35, (67, 100), 1.6, [2, 1, 2, 3, 3, 1.2, 0, 0, 0], (7.0, 3.0), 0.16),
    "Flere kroniske lidelser": (
        0.25,
        (40, 90),
        1.3,
        [3, 3, 2, 2, 1, 0.3, 0, 0, 0],
        (5.5, 6.0),
        0.10,
    ),
}

HOSPITALS = {
    "Haukeland": "Haukeland universitetssjukehus",
    "Haraldsplass": "Haraldsplass Diakonale Sykehus",
    "Voss": "Voss sjukehus",
}
GP_ORGANISATION = "Fastlege"

PERIOD_START = datetime(2023, 1, 1)
PERIOD_DAYS = 540


def generate(patients: int, *, seed: int = 20231) -> pl.DataFrame:
    """A canonical log of `patients` fictional persons (about ten events each)."""
    rng = np.random.default_rng(seed)
    municipalities = list(load_municipalities().values())
    weights = np.array([m.population or 1 for m in municipalities], dtype=float)
    home = rng.choice(len(municipalities), size=patients, p=weights / weights.sum())

    groups = list(PRIORITY_GROUPS)
    shares = np.array([PRIORITY_GROUPS[g][0] for g in groups])
    group = rng.choice(len(groups), size=patients, p=shares / shares.sum())
    age = np.empty(patients, dtype=np.int16)
    extra = np.empty(patients, dtype=np.int64)
    complexity = np.empty(patients)
    capacity = np.empty(patients)
    early = np.empty(patients)
    for g, name in enumerate(groups):
        _, (low, high), mean_extra, _, (c, k), p_early = PRIORITY_GROUPS[name]
        mask = group == g
        n = int(mask.sum())
        age[mask] = rng.integers(low, high + 1, size=n)
        extra[mask] = rng.poisson(mean_extra, size=n)
        complexity[mask] = np.clip(rng.normal(c, 1.8, size=n), 0, 10)
        capacity[mask] = np.clip(rng.normal(k, 1.8, size=n), 0, 10)
        early[mask] = p_early
    episodes = 1 + np.minimum(extra, 8)
    episode_person = np.repeat(np.arange(patients), episodes)
    n_episodes = len(episode_person)

    template = np.empty(n_episodes, dtype=np.int64)
    episode_group = group[episode_person]
    for g, name in enumerate(groups):
        mask = episode_group == g
        p = np.array(PRIORITY_GROUPS[name][3], dtype=float)
        template[mask] = rng.choice(len(TEMPLATES), size=int(mask.sum()), p=p / p.sum())

    # A quick return after an episode is an emergency admission: that is a readmission.
    soon_after = rng.random(n_episodes) < early[episode_person]
    same_person = np.concatenate([[False], episode_person[1:] == episode_person[:-1]])
    returning = same_person & np.concatenate([[False], soon_after[:-1]])
    emergency_templates = np.array([2, 3, 5, 8])
    template[returning] = rng.choice(emergency_templates, size=int(returning.sum()))

    names = list(ACTIVITIES)
    code = {name: i for i, name in enumerate(names)}
    flat = np.array([code[a] for t in TEMPLATES for a in t], dtype=np.int64)
    lengths = np.array([len(t) for t in TEMPLATES])
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    episode_length = lengths[template]
    event_episode = np.repeat(np.arange(n_episodes), episode_length)
    n_events = len(event_episode)
    episode_first = np.concatenate([[0], np.cumsum(episode_length)[:-1]])
    position = np.arange(n_events) - episode_first[event_episode]
    activity = flat[offsets[template[event_episode]] + position]
    person = episode_person[event_episode]

    medians = np.array([ACTIVITIES[n][1] for n in names])
    gap = rng.lognormal(np.log(medians[activity]), 0.55)
    last_of_episode = position == episode_length[event_episode] - 1
    soon = soon_after[event_episode]
    between = np.where(soon, rng.uniform(12, 600, n_events), rng.exponential(2400, n_events))
    gap = np.where(last_of_episode, between, gap)

    start_hours = rng.uniform(0, PERIOD_DAYS * 24, patients)
    cumulative = np.concatenate([[0.0], np.cumsum(gap)[:-1]])
    person_first = np.concatenate([[0], np.flatnonzero(np.diff(person)) + 1])
    first_index = np.repeat(person_first, np.diff(np.append(person_first, n_events)))
    hours = start_hours[person] + cumulative - cumulative[first_index]
    minutes = np.round(hours * 60).astype(np.int64)
    timestamps = np.datetime64(PERIOD_START, "m") + minutes.astype("timedelta64[m]")

    level_names = ["gp", "hospital", "municipality"]
    levels = np.array([level_names.index(ACTIVITIES[n][0]) for n in names])
    hospital_names = list(HOSPITALS.values())
    local = np.array(
        [
            hospital_names.index(HOSPITALS.get(m.local_hospital, HOSPITALS["Haukeland"]))
            for m in municipalities
        ]
    )
    hospital = local[home]
    # Bergen's city districts are split between Haukeland and Haraldsplass.
    bergen = np.array([m.number == "4601" for m in municipalities])[home]
    haraldsplass = hospital_names.index(HOSPITALS["Haraldsplass"])
    hospital = np.where(bergen & (rng.random(patients) < 0.35), haraldsplass, hospital)
    event_level = levels[activity]
    # Organisations as indexes into: hospitals, then municipalities, then the GP.
    organisation_names = [
        *hospital_names,
        *(f"{m.name} kommune" for m in municipalities),
        GP_ORGANISATION,
    ]
    organisation = np.where(
        event_level == level_names.index("hospital"),
        hospital[person],
        np.where(
            event_level == level_names.index("municipality"),
            len(hospital_names) + home[person],
            len(organisation_names) - 1,
        ),
    )

    def labels(names_: list[str], index: np.ndarray) -> pl.Series:
        return pl.Series(names_, dtype=pl.String).gather(pl.Series(index, dtype=pl.UInt32))

    # Case ids are pseudonyms in an order unrelated to the generation order.
    pseudonyms = rng.permutation(patients)
    width = max(7, len(str(patients)))
    frame = pl.DataFrame(
        {
            "_pseudonym": pseudonyms[person],
            ACTIVITY: labels(names, activity),
            TIMESTAMP: timestamps.astype("datetime64[us]"),
            ORGANISATION: labels(organisation_names, organisation),
            LEVEL: labels(level_names, event_level),
            AGE: age[person],
            MUNICIPALITY: labels([m.number for m in municipalities], home[person]),
            PRIORITY_GROUP: labels(groups, group[person]),
            LKT_COMPLEXITY: np.round(complexity[person], 1),
            LKT_CAPACITY: np.round(capacity[person], 1),
        }
    )
    # The observation window closes after two years, as an extract from a registry would.
    frame = frame.filter(
        pl.col(TIMESTAMP) < np.datetime64(PERIOD_START, "D") + np.timedelta64(730, "D")
    )
    return (
        frame.with_columns(
            pl.concat_str(pl.lit("P"), pl.col("_pseudonym").cast(pl.String).str.zfill(width)).alias(
                CASE_ID
            ),
            age_band_expr(pl.col(AGE)).alias(AGE_BAND),
            pl.int_range(0, pl.len(), dtype=pl.UInt32).alias(ROW),
        )
        .drop("_pseudonym")
        .select([pl.col(name).cast(dtype) for name, dtype in SCHEMA.items()])
    )


def write_generated(frame: pl.DataFrame, path: Path | str) -> Path:
    """Write as CSV, Parquet or XES (optionally gzipped), chosen by the file name."""
    path = Path(path)
    name = path.name.lower()
    if name.endswith(".parquet"):
        frame.drop(ROW).write_parquet(path, compression="zstd")
    elif name.endswith((".xes", ".xes.gz")):
        write_xes(frame, path)
    else:
        text = frame.drop(ROW).with_columns(pl.col(TIMESTAMP).dt.strftime("%Y-%m-%d %H:%M:%S"))
        if name.endswith(".gz"):
            import gzip

            with gzip.open(path, "wb") as file:
                text.write_csv(file)
        else:
            text.write_csv(path)
    return path


def write_xes(frame: pl.DataFrame, path: Path | str) -> None:
    """IEEE 1849 XES: one trace per case with the person attributes on the trace."""
    import gzip

    path = Path(path)
    ordered = frame.sort(CASE_ID, TIMESTAMP, ROW).with_columns(
        pl.col(TIMESTAMP).dt.strftime("%Y-%m-%dT%H:%M:%S%.3f")
    )
    opener = gzip.open if path.name.endswith(".gz") else open
    trace_keys = [AGE, MUNICIPALITY, PRIORITY_GROUP, LKT_COMPLEXITY, LKT_CAPACITY]
    with opener(path, "wt", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">\n')
        out.write(
            '<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n'
        )
        out.write(
            '<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n'
        )
        out.write(
            '<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>\n'
        )
        current = None
        for chunk in ordered.iter_slices(200_000):
            parts: list[str] = []
            for row in chunk.iter_rows(named=True):
                if row[CASE_ID] != current:
                    if current is not None:
                        parts.append("</trace>\n")
                    current = row[CASE_ID]
                    parts.append(f'<trace><string key="concept:name" value={quoteattr(current)}/>')
                    for key in trace_keys:
                        if row[key] is not None:
                            parts.append(f'<string key="{key}" value={quoteattr(str(row[key]))}/>')
                    parts.append("\n")
                parts.append(
                    f'<event><string key="concept:name" value={quoteattr(row[ACTIVITY])}/>'
                    f'<date key="time:timestamp" value="{row[TIMESTAMP]}"/>'
                    f'<string key="org:group" value={quoteattr(row[ORGANISATION] or "")}/>'
                    f'<string key="level" value="{row[LEVEL] or ""}"/></event>\n'
                )
            out.write("".join(parts))
        if current is not None:
            out.write("</trace>\n")
        out.write("</log>\n")
