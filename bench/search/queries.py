"""The fixed query set: single words, stemmed forms, phrases, several words, alternatives
and exclusions, with and without filters. Filters name committees by position among the
area committees and priority groups by position, resolved against the database."""

WORDS = [
    "kommune",
    "pasientforløp",
    "legevakt",
    "rehabilitering",
    "demensomsorg",
    "smittevern",
    "velferdsteknologi",
    "jordmorteneste",
    "fastlegar",
    "brukarar",
    "helsestasjon",
    "rusbehandling",
    "habilitering",
    "tolketeneste",
    "samarbeidsavtale",
    "kompetanse",
    "kostnader",
    "sjukehus",
    "evaluering",
    "utskriving",
]
STEMMED = [
    "kommunane",
    "samhandlingsforløpa",
    "pasientforløpa",
    "legevakta",
    "sjukehusa",
    "rutinane",
    "utfordringar",
    "tenestene",
    "brukarane",
    "fastlegane",
]
PHRASES = [
    '"skrøpelege eldre"',
    '"psykisk helsevern"',
    '"digital heimeoppfølging"',
    '"barn og unge"',
    '"helse bergen"',
    '"øyeblikkeleg hjelp"',
]
COMBINED = [
    "kommune sjukehus utskriving",
    "legevakt voss",
    "psykisk rus ambulante",
    "prosjektdirektiv barn",
    "legevakt or akuttberedskap",
    "demensomsorg -kreftomsorg",
    "tolketeneste austevoll",
    "jordmorteneste masfjorden",
]
FILTERED = [
    ("kommunane", {"year": 2022}),
    ("pasientforløp", {"committee": 0}),
    ("rehabilitering", {"kind": "decision"}),
    ("barn", {"priority_group": 0}),
    ("legevakt", {"committee": 1, "year": 2021}),
    ('"skrøpelege eldre"', {"committee": 2}),
    ("samarbeidet", {"kind": "orientation", "year": 2020}),
    ("kompetansen", {"priority_group": 2, "committee": 3}),
    ("", {"committee": 0}),
    ("", {"year": 2020, "kind": "orientation"}),
]


def query_set() -> list[tuple[str, dict]]:
    plain = [(q, {}) for q in WORDS + STEMMED + PHRASES + COMBINED]
    return plain + FILTERED
