"""The demo's projects are the seeds' projects, as their documents describe them."""

import datetime

import pytest

from samhandling.cases import demo as cases_demo
from samhandling.meetings import demo as meetings_demo
from samhandling.meetings.models import AgendaItem, Meeting
from samhandling.projects import demo
from samhandling.projects.models import DirectiveVersion, Project, ProjectLink, Role
from samhandling.projects.selectors import related_projects
from samhandling.structure import demo as structure_demo

pytestmark = pytest.mark.django_db

SEED_000_DUE = {
    "M1": "29.04.20",
    "M2": "20.05.20",
    "M3": "11.06.20",
    "M4": "Veke 38",
    "M5": "",
    "M6": "Veke 50",
    "M7": "Veke 1",
    "M8": "Veke 2 eller 3",
    "M9": "",
    "M10": "",
    "M11": "",
    "M12": "",
}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (it takes a while) and twice to prove it
    idempotent; another context has already made a bare LKT project."""
    with django_db_blocker.unblock():
        structure_demo.load()
        cases_demo.load()
        meetings_demo.load()
        Project.objects.get_or_create(slug="lkt", defaults={"name": "LKT"})
        demo.load()
        demo.load()
        yield
        # Module-scoped data is outside the per-test transactions: clean up after.
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def test_the_joint_development_plan_has_m1_to_m12_with_due_values_as_written(loaded):
    project = Project.objects.get(slug="felles-utviklingsplan")
    assert {m.code: m.due_as_written for m in project.milestones.all()} == SEED_000_DUE
    m2 = project.milestones.get(code="M2")
    assert [(d.body, d.due_as_written) for d in m2.body_dues.all()] == [
        ("SR Voss", "14.05.20"),
        ("SU Nordh.", "15.05.20"),
        ("SU Bergensreg", "20.05.20"),
        ("SU Bergen", "20.05.20"),
    ]
    assert project.milestones.get(code="M12").completed_by_recommendation is not None
    assert project.milestones.get(code="M12").completion() is None  # not every party has signed


def test_directive_1_1_is_approved_on_19_august_2020_by_the_steering_groups_decision(loaded):
    version = DirectiveVersion.objects.get(project__slug="felles-utviklingsplan", version="1.1")
    assert version.frozen and version.approved_on == datetime.date(2020, 8, 19)
    assert version.approval_decision.treatment.committee.standing is False
    assert version.sections["benefits"]["all_levels"].startswith("Saman møte utviklinga")
    assert len(version.sections["benefits"]["patients"]) == 5
    assert version.sections["necessary_changes"]["not_defined"]
    assert (
        "Løypemelding – statusrapport i AK møte"
        in version.sections["deliverables_interim"]["items"]
    )


def test_roles_are_held_by_people_bodies_or_nobody_yet(loaded):
    roles = Role.objects.filter(project__slug="felles-utviklingsplan")
    steering = roles.get(kind=Role.Kind.STEERING_GROUP)
    assert steering.holder == "Administrativt kontaktmøte supplert med brukarrepresentant"
    assert roles.filter(kind=Role.Kind.WORK_GROUP, appointed_later=True).count() == 3
    leader = roles.get(kind=Role.Kind.PROJECT_LEADER).person
    assert leader.full_name != "Odd Ivar Øvregård"  # fictional
    assert leader.login.username == "prosjektleiar"


def test_lkt_keeps_its_slug_phases_target_group_and_steering_group_decision(loaded):
    project = Project.objects.get(slug="lkt")
    assert project.name.startswith("Langvarige og koordinerte tenester")
    assert [p.order for p in project.phases.all()] == [1, 2, 3, 4, 5]
    assert sorted(m.name for m in project.target_municipalities.all()) == [
        "Alver",
        "Bergen",
        "Bjørnafjorden",
    ]
    assert project.age_bands == ["0-18", "67+"]
    decision = project.milestones.get(code="M2").completed_by_treatment.decision
    assert decision.decided_on == datetime.date(2018, 5, 25)
    assert "kjerneteamets forslag" in decision.text
    # The steering group met and decided like any committee.
    item = AgendaItem.objects.get(treatment=decision.treatment)
    assert item.meeting.state == Meeting.State.MINUTES_APPROVED


def test_children_and_youth_links_to_its_two_projects_and_finds_them_related(loaded):
    project = Project.objects.get(slug="samhandlingsforlop-barn-og-unge")
    linked = {link.to_project.slug for link in ProjectLink.objects.filter(from_project=project)}
    assert {"saman-for-barn-og-unge", "glasblokkene"} <= linked
    top_two = {r.project.slug for r in related_projects(project)[:2]}
    assert top_two == {"saman-for-barn-og-unge", "glasblokkene"}
    assert project.owner_unit == "Seksjon for samhandling"
