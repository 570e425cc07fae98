"""The engine's municipality list is the structure's data file, and old municipality numbers
(before the mergers and renumbering of 1 January 2020) map to today's."""

from samhandling.pathways.engine import ColumnMapping, read_log
from samhandling.pathways.engine.reference import (
    SHIPPED,
    former_number_map,
    load_municipalities,
    today_number,
)


def test_the_engine_reads_the_structures_municipality_file_not_a_copy_of_its_own():
    structure_file = SHIPPED.parents[2] / "structure" / "data" / "municipalities.csv"
    assert SHIPPED.resolve() == structure_file.resolve()
    assert not (SHIPPED.parents[3] / "pathways" / "engine" / "municipalities.csv").exists()


def test_the_list_holds_todays_eighteen_municipalities_with_their_local_hospital():
    municipalities = load_municipalities()
    assert len(municipalities) == 18
    assert municipalities["4631"].name == "Alver"
    assert municipalities["4601"].local_hospital.startswith("Haraldsplass")


def test_os_and_fusa_map_to_bjornafjorden_and_lindas_meland_radoy_to_alver():
    municipalities = load_municipalities()
    assert set(municipalities["4624"].former_numbers) >= {"1241", "1243"}
    assert set(municipalities["4631"].former_numbers) >= {"1256", "1260", "1263"}
    assert today_number("1243", municipalities) == "4624"
    assert today_number("1201", municipalities) == "4601"  # Bergen before the renumbering
    assert today_number("4601", municipalities) == "4601"
    assert today_number("9999", municipalities) == "9999"
    assert all(old not in municipalities for old in former_number_map(municipalities))


def test_a_log_from_2018_with_old_numbers_reads_as_todays_municipalities(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "pasient;hendelse;tid;kommune\n"
        "A;Innleggelse;2018-03-01 10:00;1243\n"
        "B;Innleggelse;2018-03-02 10:00;1263\n"
        "C;Innleggelse;2018-03-03 10:00;1201\n",
        encoding="utf-8",
    )
    mapping = ColumnMapping(
        case_id="pasient", activity="hendelse", timestamp="tid", municipality="kommune"
    )
    frame = read_log(path, mapping, municipalities=load_municipalities())
    assert frame["municipality"].to_list() == ["4624", "4631", "4601"]
