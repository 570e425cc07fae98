"""Project workflows: milestones keep their due value as written, directive versions freeze
on approval, a status report goes before a committee in one step, everything audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samhandling.cases.models import Case, Treatment
from samhandling.cases.services import adoption_register, adoption_sign, recommendation_create
from samhandling.cases.tests.factories import make_decision, make_priority_group
from samhandling.core.models import AuditEntry
from samhandling.meetings.models import AgendaItem
from samhandling.meetings.tests.factories import at, make_meeting
from samhandling.projects import services
from samhandling.projects.models import AgeBand, DirectiveVersion, LktBand, Milestone
from samhandling.projects.municipalities import current_name, resolve_municipalities
from samhandling.structure.tests.factories import (
    make_committee,
    make_municipality,
    make_organisation,
)

from .factories import make_milestone, make_project

pytestmark = pytest.mark.django_db


def test_seed_000s_milestones_keep_their_due_values_and_sort_through_the_year(project):
    project.starts_on = datetime.date(2020, 4, 1)
    project.save()
    for code, due in [("M6", "Veke 50"), ("M7", "Veke 1"), ("M8", "Veke 2 eller 3"), ("M9", "")]:
        services.milestone_save(
            actor=None, project=project, code=code, description="x", due_as_written=due
        )
    _m6, m7, m8, m9 = project.milestones.all()
    assert m7.due_as_written == "Veke 1"
    assert m7.due_start == datetime.date(2021, 1, 4)  # the week 1 after week 50
    assert (m8.due_start, m8.due_end) == (datetime.date(2021, 1, 11), datetime.date(2021, 1, 24))
    assert m9.due_start is None and m9.due_kind == "open"
    assert AuditEntry.objects.filter(action="milestone.create").count() == 4


def test_an_unreadable_due_value_is_refused_in_norwegian_and_nothing_is_saved(project):
    with pytest.raises(ValidationError) as error:
        services.milestone_save(
            actor=None, project=project, code="M1", description="x", due_as_written="snart"
        )
    assert "snart" in str(error.value)
    assert not Milestone.objects.exists()


def test_m2_keeps_a_due_value_per_body(project):
    milestone = services.milestone_save(
        actor=None,
        project=project,
        code="M2",
        description="Drøfting og gjennomgang av prosjektdirektiv",
        bodies_as_written="Alle SU / SR",
        due_as_written="20.05.20",
        body_dues=[("SR Voss", "14.05.20"), ("SU Nordh.", "15.05.20")],
    )
    dues = [(d.body, d.due_start) for d in milestone.body_dues.all()]
    assert dues == [
        ("SR Voss", datetime.date(2020, 5, 14)),
        ("SU Nordh.", datetime.date(2020, 5, 15)),
    ]


def test_a_milestone_is_overdue_only_when_its_period_has_passed_and_it_is_not_done(project):
    milestone = make_milestone(
        project,
        due_kind="week",
        due_start=datetime.date(2020, 9, 14),
        due_end=datetime.date(2020, 9, 20),
    )
    assert not milestone.is_overdue(datetime.date(2020, 9, 20))
    assert milestone.is_overdue(datetime.date(2020, 9, 21))
    milestone.done_on = datetime.date(2020, 9, 18)
    assert not milestone.is_overdue(datetime.date(2021, 1, 1))


def test_signing_the_plan_is_done_when_every_party_has_signed(project):
    parties = [make_organisation(is_party=True) for _ in range(2)]
    recommendation = recommendation_create(
        actor=None,
        decision=make_decision(decided_on=datetime.date(2021, 3, 1)),
        text="Partane signerer planen.",
        parties=parties,
        requires_signature=True,
    )
    milestone = make_milestone(project, code="M12", completed_by_recommendation=recommendation)
    first, second = recommendation.adoptions.order_by("id")
    for adoption in (first, second):
        adoption_register(
            actor=None,
            adoption=adoption,
            status="adopted",
            deciding_body="Styret",
            decided_on=datetime.date(2021, 4, 20),
        )
    adoption_sign(actor=None, adoption=first, signed_on=datetime.date(2021, 5, 3), signed_by="A")
    assert milestone.completion() is None
    adoption_sign(actor=None, adoption=second, signed_on=datetime.date(2021, 5, 7), signed_by="B")
    assert milestone.completion() == datetime.date(2021, 5, 7)


def test_a_milestone_completed_by_a_treatment_is_done_on_the_decision_day(project):
    decision = make_decision(decided_on=datetime.date(2020, 8, 19))
    milestone = make_milestone(project, completed_by_treatment=decision.treatment)
    assert milestone.completion() == datetime.date(2020, 8, 19)


def test_an_approved_directive_is_frozen_and_a_new_version_starts_from_it(project):
    draft = services.directive_version_create(actor=None, project=project, version="1.0")
    services.directive_version_update(
        actor=None, version=draft, sections={"main_goal": {"text": "Utarbeide ein plan."}}
    )
    steering = make_committee(standing=False, name="Styringsgruppa")
    decision = make_decision(
        treatment=Treatment.objects.create(
            case=Case.objects.create(
                year=2020, sequence=1, subject="Direktiv", paper_date=datetime.date(2020, 8, 1)
            ),
            committee=steering,
        ),
        decided_on=datetime.date(2020, 8, 19),
    )
    services.directive_version_approve(
        actor=None,
        version=draft,
        approved_on=datetime.date(2020, 8, 19),
        approved_by="",
        decision=decision,
    )
    draft.refresh_from_db()
    assert draft.frozen and draft.approved_by == "Styringsgruppa"
    with pytest.raises(ValidationError):
        services.directive_version_update(actor=None, version=draft, sections={})
    newer = services.directive_version_create(
        actor=None, project=project, version="1.1", based_on=draft
    )
    assert newer.sections["main_goal"]["text"] == "Utarbeide ein plan."
    assert not newer.frozen
    with pytest.raises(ValidationError):
        services.directive_version_create(actor=None, project=project, version="1.1")
    assert DirectiveVersion.objects.count() == 2


def test_the_draft_directive_carries_the_roles_and_milestones_of_the_project(project, leader):
    make_milestone(project, code="M1", description="Drøfting", due_as_written="29.04.20")
    draft = services.directive_version_create(actor=None, project=project, version="1.0")
    assert draft.sections["milestones"]["rows"] == [["M1", "Drøfting", "", "29.04.20"]]
    assert draft.sections["roles"]["rows"][0][1] == leader.person.full_name


def test_a_status_report_goes_before_a_committee_as_an_orientation_case_in_one_step(
    project, secretary
):
    project.priority_groups.add(make_priority_group(name="Barn og unge"))
    committee = make_committee(name="Samarbeidsutvalet for Nordhordland")
    meeting = make_meeting(committee=committee, starts_at=at(2030, 3, 15))
    report = services.status_report_create(
        actor=secretary,
        project=project,
        title="Løypemelding",
        written_on=datetime.date(2030, 3, 1),
        progress="Dialogmøte er gjennomførte.",
        deviations="Ingen.",
    )
    case = services.status_report_send(
        actor=secretary,
        report=report,
        committee=committee,
        meeting=meeting,
        paper_date=datetime.date(2030, 3, 2),
    )
    assert case.kind == Case.Kind.ORIENTATION
    treatment = case.treatments.get()
    assert treatment.committee == committee and treatment.role == Treatment.Role.INFORMED
    assert AgendaItem.objects.get(treatment=treatment).meeting == meeting
    assert list(case.priority_groups.all()) == list(project.priority_groups.all())
    report.refresh_from_db()
    assert report.case == case and case in project.cases.all()
    assert AuditEntry.objects.filter(action="status_report.send", object_id=str(report.pk)).exists()
    with pytest.raises(ValidationError):
        services.status_report_send(
            actor=secretary,
            report=report,
            committee=committee,
            paper_date=datetime.date(2030, 3, 2),
        )


def test_a_meeting_of_another_committee_is_refused_and_no_case_is_made(project):
    report = services.status_report_create(
        actor=None, project=project, title="L", written_on=datetime.date(2030, 3, 1), progress="P"
    )
    with pytest.raises(ValidationError):
        services.status_report_send(
            actor=None,
            report=report,
            committee=make_committee(),
            meeting=make_meeting(starts_at=at(2030, 3, 15)),
            paper_date=datetime.date(2030, 3, 2),
        )
    assert not Case.objects.exists()


def test_merged_municipalities_map_to_todays():
    assert current_name("Os") == "Bjørnafjorden"
    assert current_name("Lindås") == "Alver"
    assert current_name("Bergen") == "Bergen"


def test_the_target_groups_municipalities_are_todays(db):
    bergen = make_municipality(name="Bergen")
    alver = make_municipality(name="Alver")
    bjornafjorden = make_municipality(name="Bjørnafjorden")
    assert resolve_municipalities(["Bergen", "Os", "Lindås", "Alver"]) == [
        bergen,
        bjornafjorden,
        alver,
    ]


def test_lkt_bands_are_the_pathway_engines():
    from samhandling.pathways.engine.compute import LktRules

    assert tuple(LktBand.values) == LktRules().bands
    assert AgeBand.CHILDREN == "0-18"


def test_a_project_cannot_end_before_it_starts(db):
    with pytest.raises(ValidationError):
        services.project_save(
            actor=None,
            slug="x",
            name="X",
            starts_on=datetime.date(2021, 1, 1),
            ends_on=datetime.date(2020, 1, 1),
        )
    assert make_project().pk
