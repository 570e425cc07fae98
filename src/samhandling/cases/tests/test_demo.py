import datetime

import pytest
from django.db.models import Prefetch

from samhandling.cases import demo
from samhandling.cases.models import Adoption, Attachment, Case, PriorityGroup
from samhandling.cases.selectors import case_state_summary, treatments_queryset
from samhandling.structure import demo as structure_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    structure_demo.load()
    demo.load()


def _case(year: int, sequence: int) -> Case:
    return Case.objects.prefetch_related(
        Prefetch("treatments", queryset=treatments_queryset())
    ).get(year=year, sequence=sequence)


def test_seed_004_is_case_58_21_to_the_four_area_committees_with_a_fictional_officer(loaded):
    case = _case(2021, 58)
    assert case.kind == Case.Kind.ORIENTATION
    assert case.case_officer_unit == "Seksjon for samhandling, Helse Bergen"
    assert case.case_officer.full_name != "Simon Øverland"
    assert "Glasblokkene" in case.background
    state = case_state_summary(case)
    assert state.informed == 4 and all(c.area_id for c, _t in state.committees)


def test_the_helsefellesskap_process_is_case_21_21_adopted_in_3_of_4_samarbeidsutval(loaded):
    case = _case(2021, 21)
    assert case.subject == "Prosess for etablering av helsefellesskap"
    assert case.paper_date == datetime.date(2021, 5, 3)
    state = case_state_summary(case)
    assert (state.deciding, state.adopted) == (4, 3)
    # The committees of May 2021: the samarbeidsutval, not today's area committees.
    assert {c.valid_to for c, _t in state.committees} == {datetime.date(2022, 7, 31)}
    assert not case.proposed_resolution  # seed 001 gives none
    assert all(t.decision.is_illustration for t in case.treatments.all())


def test_the_late_2021_status_paper_is_a_case_of_its_own_with_the_progress_plan(loaded):
    case = Case.objects.get(
        subject="Etablering av helsefellesskap – status og videre fremdriftsplan"
    )
    assert (case.year, case.paper_date) == (2021, datetime.date(2021, 12, 1))
    assert case.number != "21/21"
    assert [e.when for e in case.progress_plan.all()] == [
        "des 21",
        "jan 22",
        "feb 22",
        "mars 22",
        "mars-juni 22",
    ]


def test_case_58_21_shows_no_proposed_resolution_the_seed_does_not_give(loaded):
    case = _case(2021, 58)
    assert case.proposed_resolution == ""
    assert "Helse Bergen har til no jobba internt" in case.further_work
    assert not case.is_illustration
    assert all(t.decision.is_illustration for t in case.treatments.all())


def test_seed_002s_split_of_the_top_leader_meeting_is_a_case(loaded):
    case = Case.objects.get(subject__contains="Toppleiarsamling")
    assert "Partnerskapsmøte" in case.background
    assert case.paper_date == datetime.date(2020, 9, 14)


def test_the_2018_lkt_case_sits_on_the_committee_and_municipalities_of_2018(loaded):
    case = Case.objects.get(subject__startswith="LKT-prosjektet")
    (treatment,) = case.treatments.select_related("committee")
    assert treatment.committee.slug == "su-nordhordland"
    parties = set(
        Adoption.objects.filter(recommendation__decision__treatment__case=case).values_list(
            "party__slug", flat=True
        )
    )
    assert {"lindas-1263", "meland-1256", "radoy-1260", "austrheim"} <= parties
    assert "alver" not in parties
    assert all(
        a.is_illustration
        for a in Adoption.objects.filter(recommendation__decision__treatment__case=case).exclude(
            status="pending"
        )
    )


def test_the_lkt_recommendation_has_a_mix_of_adoption_statuses(loaded):
    case = Case.objects.get(subject__startswith="LKT-prosjektet")
    assert "vil tilrå kommunane" in case.proposed_resolution
    statuses = set(
        Adoption.objects.filter(recommendation__decision__treatment__case=case).values_list(
            "status", flat=True
        )
    )
    assert {"pending", "adopted", "rejected"} <= statuses


def test_the_demo_has_priority_groups_an_exempt_case_and_forwarding(loaded):
    assert PriorityGroup.objects.filter(slug="gravide-fodsel-og-barsel").exists()
    assert Case.objects.filter(access="exempt").exists()
    assert Attachment.objects.filter(access="exempt").exists()
    assert Case.objects.filter(treatments__forwarded_from__isnull=False).exists()


def test_loading_again_changes_nothing(loaded):
    before = Case.objects.count()
    demo.load()
    assert Case.objects.count() == before


@pytest.mark.parametrize("today", [datetime.date(2026, 11, 24), datetime.date(2026, 11, 23)])
def test_demo_decisions_and_their_meetings_fall_on_weekdays(monkeypatch, today):
    # 30 days before these days is a Sunday and a Saturday.
    from django.utils import timezone

    from samhandling.cases.models import Decision
    from samhandling.meetings import demo as meetings_demo
    from samhandling.meetings.models import Meeting

    real_localdate = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: today if value is None else real_localdate(value),
    )
    structure_demo.load()
    demo.load()
    meetings_demo.load()
    weekend = [
        (str(d.treatment.case.number), d.decided_on)
        for d in Decision.objects.select_related("treatment__case")
        if d.decided_on.weekday() >= 5
    ]
    assert weekend == []
    for meeting in Meeting.objects.prefetch_related("agenda_items__treatment__decision"):
        day = timezone.localtime(meeting.starts_at).date()
        assert day.weekday() < 5, (meeting.committee.name, day)
        for item in meeting.agenda_items.all():
            decision = getattr(item.treatment, "decision", None)
            if decision is not None:
                assert decision.decided_on == day
