"""`samhandling check-structure` and `samhandling import-population` as the secretariat runs them."""

from pathlib import Path

import pytest

from samhandling import cli
from samhandling.structure import demo, services
from samhandling.structure.models import Membership

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = Path(__file__).parent / "data" / "ssb-07459-helse-bergen-2024.json"


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_check_structure_on_the_demo_prints_the_one_violation_and_exits_1(capsys):
    demo.load()
    code, lines, _err = run(capsys, "check-structure")
    assert code == 1
    (line,) = lines
    assert line.startswith("OU Voss: ")
    assert line.endswith("»)")


def test_check_structure_exits_0_when_the_committee_complies(capsys):
    demo.load()
    code, lines, _err = run(capsys, "check-structure", "--committee", "ssu")
    assert code == 0
    assert len(lines) == 1


def test_check_structure_on_a_date_before_the_expired_term_ended_finds_nothing(capsys):
    demo.load()
    expired = Membership.objects.get(seat__committee__slug="ou-voss", seat__key="kommuneoverlege")
    code, _lines, _err = run(capsys, "check-structure", "--date", expired.term_end.isoformat())
    assert code == 0


def test_check_structure_lists_every_vacant_seat_of_an_empty_structure(capsys):
    services.dataset_load()
    code, lines, _err = run(capsys, "check-structure", "--committee", "ou-voss")
    assert code == 1
    assert len(lines) > 10
    assert all(line.startswith("OU Voss: ") for line in lines)


def test_check_structure_refuses_an_unknown_committee_and_a_bad_date(capsys):
    services.dataset_load()
    code, _lines, err = run(capsys, "check-structure", "--committee", "ou-sunnfjord")
    assert code == 1 and "ou-sunnfjord" in err
    code, _lines, err = run(capsys, "check-structure", "--date", "1.1.2025")
    assert code != 0 and "1.1.2025" in err


def test_import_population_fails_with_the_line_and_exit_code_1(capsys, tmp_path):
    services.dataset_load()
    bad = tmp_path / "folketal.csv"
    bad.write_text("municipality_number,population,year\n4633,fem hundre,2025\n", encoding="utf-8")
    code, _lines, err = run(capsys, "import-population", str(bad))
    assert code == 1
    assert "folketal.csv" in err and "population" in err
    code, lines, _err = run(capsys, "import-population", str(SAMPLE), "--dry-run")
    assert code == 0 and lines
