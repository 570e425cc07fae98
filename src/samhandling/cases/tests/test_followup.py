"""Follow-up at a glance: the state across committees and parties in one phrase."""

import datetime

import pytest
from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation

from samhandling.cases.models import Adoption, Case, Decision, Recommendation
from samhandling.cases.selectors import AdoptionTally, case_state_summary, treatments_queryset
from samhandling.cases.tests.factories import make_case, make_decision, make_treatment
from samhandling.structure.tests.factories import make_committee, make_municipality

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


def _state(case: Case):
    case = Case.objects.prefetch_related(
        Prefetch("treatments", queryset=treatments_queryset())
    ).get(pk=case.pk)
    return case_state_summary(case)


def _recommend(decision: Decision, parties, **fields) -> Recommendation:
    recommendation = Recommendation.objects.create(decision=decision, text="Tilråding", **fields)
    for party in parties:
        Adoption.objects.create(recommendation=recommendation, party=party)
    return recommendation


def test_the_tally_counts_parties_that_adopted_rejected_and_are_overdue():
    late = datetime.date(2026, 11, 1)
    rows = [
        (1, Adoption.Status.ADOPTED, late),
        (2, Adoption.Status.ADOPTED_WITH_CHANGES, late),
        (3, Adoption.Status.PENDING, late),
        (4, Adoption.Status.PENDING, None),
        (5, Adoption.Status.REJECTED, late),
    ]
    tally = AdoptionTally.of(rows, today=TODAY)
    assert (tally.parties, tally.adopted, tally.rejected, tally.overdue) == (5, 2, 1, 1)
    with translation.override("en"):
        assert tally.label == "adoption by 2 of 5 parties, 1 rejected, 1 overdue"


def test_a_party_has_adopted_only_when_it_adopted_every_recommendation_it_got():
    rows = [(1, Adoption.Status.ADOPTED, None), (1, Adoption.Status.PENDING, None)]
    assert AdoptionTally.of(rows, today=TODAY).adopted == 0


def test_the_phrase_names_committees_and_parties_and_flags_the_deferring_committees():
    case = make_case()
    adopted = make_decision(treatment=make_treatment(case=case))
    make_decision(
        treatment=make_treatment(case=case, committee=make_committee(short_name="OU Nord")),
        outcome=Decision.Outcome.DEFERRED,
    )
    make_decision(
        treatment=make_treatment(case=case, committee=make_committee(short_name="OU Sør")),
        outcome=Decision.Outcome.NOT_ADOPTED,
    )
    parties = [make_municipality() for _ in range(3)]
    recommendation = _recommend(adopted, parties, respond_by=datetime.date(2022, 6, 1))
    recommendation.adoptions.filter(party=parties[0]).update(status=Adoption.Status.ADOPTED)
    state = _state(case)
    with translation.override("en"):
        assert state.phrase == (
            "Adopted in 1 of 3 committees · adoption by 1 of 3 parties, 2 overdue"
        )
        assert state.flags == ["deferred in OU Nord", "not adopted in OU Sør"]
    with translation.override("nn"):
        assert state.phrase == (
            "Vedteke i 1 av 3 utval · tilslutning frå 1 av 3 partar, 2 over frist"
        )


def test_a_case_without_recommendations_says_nothing_of_parties():
    case = make_case()
    make_decision(treatment=make_treatment(case=case))
    with translation.override("en"):
        assert _state(case).phrase == "Adopted in 1 of 1 committee"


def test_the_case_list_and_the_case_page_show_the_phrase(client):
    case = make_case()
    decision = make_decision(treatment=make_treatment(case=case))
    _recommend(decision, [make_municipality(), make_municipality()])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    listing = client.get(reverse("cases:list")).content.decode()
    page = client.get(case.get_absolute_url()).content.decode()
    for html in (listing, page):
        assert "tilslutning frå 0 av 2 partar" in html
