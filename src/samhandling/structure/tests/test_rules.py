"""Reading rule files strictly, and expanding them into seats."""

import textwrap
from pathlib import Path

import pytest

from samhandling.structure import rules
from samhandling.structure.rules import AreaRef, OrganisationRef, RuleFileError

SHIPPED = sorted(p for p in rules.RULES_DIR.glob("*.toml") if p.name != rules.PRINCIPLES_FILE)

MINIMAL = """
committee = "test"

[[rules]]
key = "fastlege"
text = "1 fastlege"
label = "Fastlege"
representative = "gp"
"""

AREAS = [AreaRef("bergen", "Bergen"), AreaRef("voss", "Voss")]
ORGANISATIONS = {
    "bergen": OrganisationRef("bergen", "Bergen", "municipality", True, "bergen"),
    "voss": OrganisationRef("voss", "Voss", "municipality", True, "voss"),
    "kvam": OrganisationRef("kvam", "Kvam", "municipality", True, "voss"),
    "helse-bergen": OrganisationRef("helse-bergen", "Helse Bergen HF", "health_trust", True),
    "ks": OrganisationRef("ks", "KS", "ks"),
}


def write(tmp_path: Path, text: str, name: str = "test.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def with_rule(extra: str) -> str:
    return MINIMAL + textwrap.dedent(extra)


def error_of(path: Path) -> str:
    with pytest.raises(RuleFileError) as caught:
        rules.parse_committee_rules(path)
    return str(caught.value)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_rule_file_reads_and_quotes_a_rule_text(path):
    parsed = rules.parse_committee_rules(path)
    assert parsed.committee == path.stem
    assert all(rule.text for rule in parsed.rules)


def test_the_shipped_principles_name_users_gps_terms_and_area_committee_roles():
    principles = rules.parse_principles(rules.RULES_DIR / rules.PRINCIPLES_FILE)
    (every_level,) = principles.principles
    assert every_level.text == "Brukere og fastleger deltar på alle nivå"
    assert set(every_level.representatives) == {"user", "gp"}
    assert len(every_level.levels) == 4
    (term,) = principles.terms
    assert term.years == 4
    assert {(r.role, r.side) for r in principles.roles} == {
        ("chair", "municipal"),
        ("deputy_chair", "specialist"),
    }


def test_a_minimal_file_reads(tmp_path):
    parsed = rules.parse_committee_rules(write(tmp_path, MINIMAL))
    (rule,) = parsed.rules
    assert (rule.key, rule.min, rule.max, rule.observer) == ("fastlege", 1, 1, False)


def test_an_unknown_key_names_the_file_and_the_key(tmp_path):
    message = error_of(write(tmp_path, MINIMAL.replace('label = "Fastlege"', 'lable = "Fastlege"')))
    assert message.startswith("test.toml: ")
    assert "rules[1].lable" in message


def test_an_unknown_top_level_key_is_an_error(tmp_path):
    assert "komite" in error_of(write(tmp_path, 'komite = "x"\n' + MINIMAL))


def test_a_missing_rule_text_is_an_error(tmp_path):
    message = error_of(write(tmp_path, MINIMAL.replace('text = "1 fastlege"\n', "")))
    assert "rules[1].text" in message


@pytest.mark.parametrize(
    "counts, where",
    [
        ("min = 3\nmax = 2", "min"),
        ("max = 0", "max"),
        ("count = -1", "count"),
        ('count = "two"', "count"),
        ("count = 2\nmax = 2", "count"),
    ],
)
def test_bad_counts_name_the_key(tmp_path, counts, where):
    message = error_of(write(tmp_path, MINIMAL.rstrip() + "\n" + counts + "\n"))
    assert f"rules[1] (fastlege).{where}" in message


def test_an_unknown_kind_of_representative_is_an_error(tmp_path):
    message = error_of(write(tmp_path, MINIMAL.replace('"gp"', '"doctor"')))
    assert "representative" in message and "doctor" in message


def test_a_key_used_twice_is_an_error(tmp_path):
    second_rule = MINIMAL[MINIMAL.index("[[rules]]") :]
    message = error_of(write(tmp_path, MINIMAL + second_rule))
    assert message.startswith("test.toml: rules: ") and "fastlege" in message


def test_invalid_toml_names_the_file(tmp_path):
    assert error_of(write(tmp_path, "committee = ")).startswith("test.toml: ")


def test_an_unknown_organisation_names_the_file_and_the_key(tmp_path):
    parsed = rules.parse_committee_rules(
        write(tmp_path, MINIMAL.rstrip() + '\norganisation = "nav"\n')
    )
    with pytest.raises(RuleFileError) as caught:
        rules.expand_seats(parsed, committee_area=None, areas=AREAS, organisations=ORGANISATIONS)
    assert str(caught.value).startswith("test.toml: rules[1] (fastlege).organisation")
    assert "nav" in str(caught.value)


def test_one_seat_per_area_with_the_bergen_exception(tmp_path):
    parsed = rules.parse_committee_rules(
        write(
            tmp_path,
            """
            committee = "ssu"
            [[rules]]
            key = "kommunar"
            text = "1 kommunal representant fra hvert utvalgsområde. Bergen kommune kan utpeke to representanter."
            label = "Kommunal representant"
            representative = "municipal"
            side = "municipal"
            per = "area"
            exceptions = { bergen = 2 }
            """,
        )
    )
    seats = rules.expand_seats(
        parsed, committee_area=None, areas=AREAS, organisations=ORGANISATIONS
    )
    assert [(s.key, s.area, s.min_members, s.max_members) for s in seats] == [
        ("kommunar-bergen", "bergen", 1, 2),
        ("kommunar-voss", "voss", 1, 1),
    ]
    assert seats[0].label == "Kommunal representant – Bergen"


def test_one_seat_per_municipality_of_the_committees_area(tmp_path):
    parsed = rules.parse_committee_rules(
        write(
            tmp_path,
            """
            committee = "ou-voss"
            [[rules]]
            key = "kommunar"
            text = "En representant fra hver kommune."
            label = "Representant"
            representative = "municipal"
            per = "municipality"
            exceptions = { bergen = 6 }
            """,
        )
    )
    seats = rules.expand_seats(
        parsed, committee_area="voss", areas=AREAS, organisations=ORGANISATIONS
    )
    assert [(s.organisation, s.max_members) for s in seats] == [("voss", 1), ("kvam", 1)]
    seats = rules.expand_seats(
        parsed, committee_area="bergen", areas=AREAS, organisations=ORGANISATIONS
    )
    assert [(s.organisation, s.max_members) for s in seats] == [("bergen", 6)]
    with pytest.raises(RuleFileError, match=r"rules\[1\] \(kommunar\)\.per"):
        rules.expand_seats(parsed, committee_area=None, areas=AREAS, organisations=ORGANISATIONS)


def test_an_exception_for_an_unknown_area_is_an_error(tmp_path):
    parsed = rules.parse_committee_rules(
        write(tmp_path, MINIMAL.rstrip() + '\nper = "area"\nexceptions = { bergn = 2 }\n')
    )
    with pytest.raises(RuleFileError, match=r"exceptions\.bergn"):
        rules.expand_seats(parsed, committee_area=None, areas=AREAS, organisations=ORGANISATIONS)


def test_listed_seats_share_the_rule_and_observers_do_not_decide(tmp_path):
    parsed = rules.parse_committee_rules(
        write(
            tmp_path,
            """
            committee = "ssu"
            [[rules]]
            key = "brukarar"
            text = "2 brukerrepresentanter – 1 fra kommunene og 1 fra spesialisthelsetjenesten"
            representative = "user"
            observer = true
            [[rules.seats]]
            key = "kommunane"
            label = "Frå kommunane"
            side = "municipal"
            [[rules.seats]]
            key = "spesialist"
            label = "Frå spesialisthelsetenesta"
            side = "specialist"
            """,
        )
    )
    seats = rules.expand_seats(
        parsed, committee_area=None, areas=AREAS, organisations=ORGANISATIONS
    )
    assert [(s.key, s.rule_key, s.side, s.may_decide) for s in seats] == [
        ("brukarar-kommunane", "brukarar", "municipal", False),
        ("brukarar-spesialist", "brukarar", "specialist", False),
    ]


def test_principles_with_an_unknown_level_name_the_file_and_the_key(tmp_path):
    path = write(
        tmp_path,
        """
        [[terms]]
        key = "funksjonstid"
        text = "Fire år."
        levels = ["omradeutvalg"]
        years = 4
        """,
        name="principles.toml",
    )
    with pytest.raises(RuleFileError) as caught:
        rules.parse_principles(path, levels=["omradeutval"])
    assert str(caught.value).startswith("principles.toml: terms[1].levels")


def test_a_principle_term_of_zero_years_is_an_error(tmp_path):
    path = write(
        tmp_path,
        """
        [[terms]]
        key = "funksjonstid"
        text = "Fire år."
        levels = ["omradeutval"]
        years = 0
        """,
        name="principles.toml",
    )
    with pytest.raises(RuleFileError, match=r"terms\[1\]\.years"):
        rules.parse_principles(path)
