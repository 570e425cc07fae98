"""The priority groups are defined once, in cases/data/priority_groups.toml, each with its
source; the demo and the synthetic case register both read that file."""

from pathlib import Path

import pytest

from samhandling.cases import demo
from samhandling.cases.models import PriorityGroup
from samhandling.cases.priority_groups import PRIORITY_GROUPS_FILE, priority_groups_read
from samhandling.search import generator
from samhandling.structure import demo as structure_demo


def test_the_file_holds_the_four_groups_of_seed_001_first_each_with_its_source():
    groups = priority_groups_read()
    assert [g.slug for g in groups[:4]] == [
        "barn-og-unge",
        "psykisk-helse-og-rus",
        "skropelege-eldre",
        "fleire-kroniske-lidingar",
    ]
    assert all(g.source.startswith("Seed 001") for g in groups[:4])
    assert all(g.source for g in groups)
    assert all(not g.source.startswith("Seed 001") for g in groups[4:])


def test_a_group_without_a_source_is_refused(tmp_path):
    path = tmp_path / "groups.toml"
    path.write_text('[[groups]]\nslug = "x"\nname = "X"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"groups\[1\]\.source"):
        priority_groups_read.__wrapped__(path)


def test_no_module_keeps_a_list_of_its_own():
    for module in (demo, generator):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "Skrøpelege eldre" not in source and "Skrøpelige eldre" not in source
    assert PRIORITY_GROUPS_FILE.exists()


@pytest.mark.django_db
def test_the_demo_creates_exactly_the_groups_of_the_file():
    structure_demo.load()
    demo.load()
    assert list(PriorityGroup.objects.values_list("slug", "name")) == [
        (g.slug, g.name) for g in priority_groups_read()
    ]
