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


# --- the secretariat's table form of many parties' decisions -------------------------------


def _table_data(recommendation, rows: dict) -> dict:
    """The table form as the browser posts it, with ``rows`` {party name: fields} changed."""
    adoptions = list(recommendation.adoptions.select_related("party").order_by("party__name"))
    data = {
        "rad-TOTAL_FORMS": str(len(adoptions)),
        "rad-INITIAL_FORMS": str(len(adoptions)),
    }
    for n, adoption in enumerate(adoptions):
        fields = {"adoption": adoption.pk, "status": adoption.status}
        fields.update(rows.get(adoption.party.name, {}))
        for name, value in fields.items():
            data[f"rad-{n}-{name}"] = value
    return data


@pytest.fixture
def recommendation():
    decision = make_decision(decided_on=datetime.date(2022, 3, 15))
    return _recommend(decision, [make_municipality(name=n) for n in ("Alver", "Fedje", "Vaksdal")])


def test_the_secretariat_registers_several_parties_in_one_table(secretariat_client, recommendation):
    from samhandling.core.models import AuditEntry

    url = reverse("cases:adoption_table", args=[recommendation.pk])
    assert "Fedje" in secretariat_client.get(url).content.decode()
    decided = {
        "status": "adopted",
        "deciding_body": "Kommunestyret",
        "decided_on": "2022-04-20",
        "reference": "22/12",
    }
    response = secretariat_client.post(
        url, _table_data(recommendation, {"Alver": decided, "Vaksdal": decided})
    )
    assert response.status_code == 302
    statuses = dict(recommendation.adoptions.values_list("party__name", "status"))
    assert statuses == {"Alver": "adopted", "Fedje": "pending", "Vaksdal": "adopted"}
    # Every change audited; the unchanged row is not.
    assert AuditEntry.objects.filter(action="adoption.register").count() == 2


def test_one_bad_row_saves_no_row_and_says_which_party(secretariat_client, recommendation):
    url = reverse("cases:adoption_table", args=[recommendation.pk])
    good = {"status": "adopted", "deciding_body": "Kommunestyret", "decided_on": "2022-04-20"}
    early = {**good, "decided_on": "2022-03-01"}
    response = secretariat_client.post(
        url, _table_data(recommendation, {"Alver": good, "Fedje": early})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fedje" in html and "15.03.2022" in html
    assert not recommendation.adoptions.exclude(status="pending").exists()


def test_a_party_administrator_may_not_use_the_table(client, recommendation):
    from samhandling.accounts.models import RoleGrant, User
    from samhandling.accounts.services import role_grant_create

    alver = recommendation.adoptions.get(party__name="Alver").party
    user = User.objects.create_user("partsadmin")
    role_grant_create(
        actor=None, user=user, role=RoleGrant.Role.PARTY_ADMINISTRATOR, organisation=alver
    )
    client.force_login(user)
    url = reverse("cases:adoption_table", args=[recommendation.pk])
    assert client.get(url).status_code == 403


def test_an_adoption_cannot_be_dated_before_the_recommendation(recommendation):
    from django.core.exceptions import ValidationError

    from samhandling.cases.services import adoption_register

    adoption = recommendation.adoptions.first()
    with pytest.raises(ValidationError) as error:
        adoption_register(
            actor=None,
            adoption=adoption,
            status="adopted",
            deciding_body="Kommunestyret",
            decided_on=datetime.date(2022, 3, 14),
        )
    assert "decided_on" in error.value.message_dict


def test_the_table_refuses_a_row_of_another_recommendation(recommendation):
    from django.core.exceptions import ValidationError

    from samhandling.cases.services import adoptions_register_many

    other = _recommend(make_decision(), [make_municipality()])
    with pytest.raises(ValidationError):
        adoptions_register_many(
            actor=None,
            recommendation=recommendation,
            answers={other.adoptions.get().pk: {"status": "pending"}},
        )


# --- withdrawing a case ---------------------------------------------------------------------


def test_a_withdrawn_case_leaves_pending_agendas_and_shows_why(secretariat_client):
    from samhandling.core.models import AuditEntry
    from samhandling.meetings.models import AgendaItem
    from samhandling.meetings.tests.factories import make_agenda_item, make_meeting

    case = make_case(subject="Saka som vert trekt")
    treatment = make_treatment(case=case)
    make_agenda_item(
        meeting=make_meeting(committee=treatment.committee), treatment=treatment, order=1
    )
    url = reverse("cases:withdraw", args=[case.year, case.sequence])
    assert secretariat_client.get(url).status_code == 200
    response = secretariat_client.post(
        url, {"reason": "Vert lagd fram på nytt etter høyringa.", "withdrawn_on": "2022-01-10"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.withdrawn_on == datetime.date(2022, 1, 10)
    assert not AgendaItem.objects.exists()
    assert AuditEntry.objects.filter(action="case.withdraw").count() == 1
    page = secretariat_client.get(case.get_absolute_url()).content.decode()
    assert "Vert lagd fram på nytt etter høyringa." in page
    assert "trukket 10.01.2022" in secretariat_client.get(reverse("cases:list")).content.decode()


def test_a_case_is_withdrawn_only_with_a_reason(secretariat_client):
    case = make_case()
    url = reverse("cases:withdraw", args=[case.year, case.sequence])
    response = secretariat_client.post(url, {"reason": " ", "withdrawn_on": "2022-01-10"})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.withdrawn_on is None


# --- the recommendation's text --------------------------------------------------------------


def test_the_recommendation_text_is_prefilled_from_the_decision(secretariat_client):
    decision = make_decision(text="<p>SSU tilrår partane å slutte seg til avtalen.</p>")
    url = reverse("cases:recommendation_add", args=[decision.pk])
    html = secretariat_client.get(url).content.decode()
    assert "SSU tilrår partane å slutte seg til avtalen.</textarea>" in html


def test_a_second_committee_reuses_the_text_of_the_cases_first_recommendation(
    secretariat_client,
):
    case = make_case()
    first = make_decision(treatment=make_treatment(case=case))
    second = make_decision(treatment=make_treatment(case=case))
    earlier = _recommend(first, [make_municipality()])
    earlier.text = "Kommunane sluttar seg til avtalen."
    earlier.save()
    party = make_municipality()
    url = reverse("cases:recommendation_add", args=[second.pk])
    assert "Kommunane sluttar seg til avtalen." in secretariat_client.get(url).content.decode()
    response = secretariat_client.post(
        url, {"same_as": earlier.pk, "text": "", "scope": "chosen", "parties": [party.pk]}
    )
    assert response.status_code == 302
    assert Recommendation.objects.get(decision=second).text == earlier.text
