import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samhandling.cases.models import Adoption, Decision, ProgressPlanEntry
from samhandling.cases.selectors import adoption_list, group_adoptions
from samhandling.cases.services import (
    PartyScope,
    adoption_register,
    adoption_sign,
    adoptions_register_many,
    decision_correct,
    progress_plan_entry_delete,
    progress_plan_entry_save,
    recommendation_create,
    recommendation_parties,
)
from samhandling.cases.tests.factories import make_case, make_decision, make_treatment
from samhandling.cases.tests.test_attachments import pdf_bytes
from samhandling.structure.models import Organisation
from samhandling.structure.tests.factories import (
    make_area,
    make_committee,
    make_municipality,
    make_organisation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def nordhordland():
    area = make_area(name="Nordhordland")
    municipalities = [make_municipality(area=area, name=n) for n in ("Alver", "Fedje", "Gulen")]
    elsewhere = make_municipality(area=make_area(), name="Voss")
    hospital = make_organisation(name="Helse Bergen HF")
    ks = make_organisation(name="KS Vestland", kind=Organisation.Kind.KS, is_party=False)
    committee = make_committee(area=area, name="Samarbeidsutvalet for Nordhordland")
    return area, committee, municipalities, elsewhere, hospital, ks


def test_the_parties_of_an_area_committees_recommendation_are_its_municipalities(nordhordland):
    _area, committee, municipalities, elsewhere, hospital, ks = nordhordland
    area_scope = recommendation_parties(committee=committee, scope=PartyScope.AREA_MUNICIPALITIES)
    assert set(area_scope) == set(municipalities)
    all_municipalities = recommendation_parties(
        committee=committee, scope=PartyScope.ALL_MUNICIPALITIES
    )
    assert set(all_municipalities) == {*municipalities, elsewhere}
    all_parties = recommendation_parties(committee=committee, scope=PartyScope.ALL_PARTIES)
    assert set(all_parties) == {*municipalities, elsewhere, hospital}
    assert ks not in all_parties


def test_a_recommendation_opens_one_pending_adoption_per_party(nordhordland):
    _area, committee, municipalities, *_ = nordhordland
    decision = make_decision(treatment=make_treatment(committee=committee))
    recommendation = recommendation_create(
        actor=None,
        decision=decision,
        text="Kommunane sluttar seg til fordelinga av kostnader.",
        parties=municipalities,
    )
    adoptions = list(recommendation.adoptions.all())
    assert [a.party for a in adoptions] == sorted(municipalities, key=lambda o: o.name)
    assert {a.status for a in adoptions} == {Adoption.Status.PENDING}


def test_only_parties_can_be_asked_to_adopt(nordhordland):
    *_, ks = nordhordland
    with pytest.raises(ValidationError):
        recommendation_create(actor=None, decision=make_decision(), text="Tilrår", parties=[ks])


def test_a_partys_decision_needs_its_body_and_date(nordhordland):
    _area, _committee, municipalities, *_ = nordhordland
    recommendation = recommendation_create(
        actor=None,
        decision=make_decision(decided_on=datetime.date(2018, 6, 14)),
        text="Tilrår",
        parties=municipalities,
    )
    adoption = recommendation.adoptions.first()
    with pytest.raises(ValidationError):
        adoption_register(actor=None, adoption=adoption, status=Adoption.Status.ADOPTED)
    with pytest.raises(ValidationError):
        adoption_register(
            actor=None,
            adoption=adoption,
            status=Adoption.Status.ADOPTED_WITH_CHANGES,
            deciding_body="Kommunestyret",
            decided_on=datetime.date(2018, 9, 20),
        )
    adoption_register(
        actor=None,
        adoption=adoption,
        status=Adoption.Status.ADOPTED,
        deciding_body="Kommunestyret",
        decided_on=datetime.date(2018, 9, 20),
        reference="PS 45/18",
    )
    adoption.refresh_from_db()
    assert (adoption.status, adoption.reference) == (Adoption.Status.ADOPTED, "PS 45/18")


def test_a_partys_decision_names_every_missing_field_at_once(nordhordland):
    _area, _committee, municipalities, *_ = nordhordland
    recommendation = recommendation_create(
        actor=None, decision=make_decision(), text="Tilrår", parties=municipalities
    )
    adoption = recommendation.adoptions.first()
    with pytest.raises(ValidationError) as raised:
        adoption_register(
            actor=None, adoption=adoption, status=Adoption.Status.ADOPTED_WITH_CHANGES
        )
    assert set(raised.value.message_dict) == {"deciding_body", "decided_on", "changes"}
    adoption.refresh_from_db()
    assert adoption.status == Adoption.Status.PENDING


def test_the_follow_up_lists_what_is_pending_with_whom(nordhordland):
    _area, _committee, municipalities, *_ = nordhordland
    recommendation = recommendation_create(
        actor=None,
        decision=make_decision(decided_on=datetime.date(2018, 6, 14)),
        text="Tilrår",
        parties=municipalities,
    )
    first = recommendation.adoptions.get(party=municipalities[0])
    adoption_register(
        actor=None,
        adoption=first,
        status=Adoption.Status.REJECTED,
        deciding_body="Formannskapet",
        decided_on=datetime.date(2018, 10, 1),
    )
    pending = adoption_list(status="pending")
    assert {a.party for a in pending} == set(municipalities[1:])
    by_party, by_case = group_adoptions(pending)
    assert len(by_party) == 2 and len(by_case) == 1
    assert [a.party for a in adoption_list(status="rejected")] == [municipalities[0]]


def test_a_signature_is_recorded_with_its_checked_document(nordhordland):
    _area, _committee, municipalities, *_ = nordhordland
    recommendation = recommendation_create(
        actor=None,
        decision=make_decision(),
        text="Samarbeidsavtale",
        parties=municipalities,
        requires_signature=True,
    )
    adoption = recommendation.adoptions.first()
    # A party signs what it has adopted.
    adoption_register(
        actor=None,
        adoption=adoption,
        status=Adoption.Status.ADOPTED,
        deciding_body="Kommunestyret",
        decided_on=datetime.date(2022, 5, 20),
    )
    adoption_sign(
        actor=None,
        adoption=adoption,
        signed_on=datetime.date(2022, 6, 1),
        signed_by="Kommunedirektøren",
        document_name="avtale",
        document_data=pdf_bytes(),
    )
    adoption.refresh_from_db()
    assert adoption.signed_document.name.endswith(".pdf")
    with pytest.raises(ValidationError):
        adoption_sign(
            actor=None,
            adoption=adoption,
            signed_on=datetime.date(2022, 6, 1),
            signed_by="Kommunedirektøren",
            document_data=b"just text",
        )


def test_progress_plan_entries_belong_to_a_case_or_a_committee_and_sort_by_date():
    case = make_case()
    later = progress_plan_entry_save(
        actor=None,
        case=case,
        when="jan 22",
        sort_date=datetime.date(2022, 1, 1),
        what="Toppleiarmøte",
    )
    progress_plan_entry_save(
        actor=None,
        case=case,
        when="des 21",
        sort_date=datetime.date(2021, 12, 1),
        what="Møte i samarbeidsutvala",
        responsible="Leiarane av SU",
    )
    assert [e.when for e in case.progress_plan.all()] == ["des 21", "jan 22"]
    progress_plan_entry_save(
        actor=None,
        entry=later,
        when="feb 22",
        sort_date=datetime.date(2022, 2, 1),
        what="Toppleiarmøte",
    )
    assert [e.when for e in case.progress_plan.all()] == ["des 21", "feb 22"]
    committee_entry = progress_plan_entry_save(
        actor=None,
        committee=make_committee(),
        when="mars 22",
        sort_date=datetime.date(2022, 3, 1),
        what="Vedtak",
    )
    assert committee_entry.case is None
    with pytest.raises(ValidationError):
        progress_plan_entry_save(
            actor=None, when="x", sort_date=datetime.date(2022, 1, 1), what="y"
        )
    progress_plan_entry_delete(actor=None, entry=later)
    assert ProgressPlanEntry.objects.count() == 2


def test_waiting_covers_missing_decisions_and_missing_signatures(nordhordland):
    _area, _committee, municipalities, *_ = nordhordland
    recommendation = recommendation_create(
        actor=None,
        decision=make_decision(),
        text="Samarbeidsavtale",
        parties=municipalities,
        requires_signature=True,
    )
    adopted, signed, pending = recommendation.adoptions.order_by("party__name")
    for adoption in (adopted, signed):
        adoption_register(
            actor=None,
            adoption=adoption,
            status=Adoption.Status.ADOPTED,
            deciding_body="Kommunestyret",
            decided_on=datetime.date(2022, 5, 1),
        )
    adoption_sign(
        actor=None, adoption=signed, signed_on=datetime.date(2022, 5, 9), signed_by="Ordføraren"
    )
    assert {a.pk for a in adoption_list(status="waiting")} == {adopted.pk, pending.pk}
    assert [a.pk for a in adoption_list(status="unsigned")] == [adopted.pk]
    area_slug = municipalities[0].area.slug
    assert len(adoption_list(status="", area=area_slug)) == 3
    assert adoption_list(status="", area="elsewhere") == []


# --- dates that cannot be right -------------------------------------------------------------


def _agreement(municipalities):
    return recommendation_create(
        actor=None,
        decision=make_decision(),
        text="Samarbeidsavtale",
        parties=municipalities,
        requires_signature=True,
    )


@pytest.mark.parametrize("status", [Adoption.Status.PENDING, Adoption.Status.REJECTED])
def test_a_signature_is_refused_while_the_party_has_not_adopted(nordhordland, status):
    _area, _committee, municipalities, *_ = nordhordland
    adoption = _agreement(municipalities).adoptions.first()
    if status == Adoption.Status.REJECTED:
        adoption_register(
            actor=None,
            adoption=adoption,
            status=status,
            deciding_body="Kommunestyret",
            decided_on=datetime.date(2022, 5, 1),
        )
    with pytest.raises(ValidationError) as raised:
        adoption_sign(
            actor=None, adoption=adoption, signed_on=datetime.date(2022, 6, 1), signed_by="X"
        )
    assert "Status" in " ".join(raised.value.messages)
    adoption.refresh_from_db()
    assert adoption.signed_on is None


def test_a_signature_dated_in_the_future_is_refused_with_every_problem_at_once(nordhordland):
    _area, _committee, municipalities, *_ = nordhordland
    adoption = _agreement(municipalities).adoptions.first()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        adoption_sign(actor=None, adoption=adoption, signed_on=tomorrow, signed_by=" ")
    assert set(raised.value.message_dict) == {"__all__", "signed_on", "signed_by"}
    assert "Signert dato" in raised.value.message_dict["signed_on"][0]


def test_a_partys_decision_dated_in_the_future_is_refused(nordhordland):
    _area, _committee, municipalities, *_ = nordhordland
    adoption = _agreement(municipalities).adoptions.first()
    with pytest.raises(ValidationError) as raised:
        adoption_register(
            actor=None,
            adoption=adoption,
            status=Adoption.Status.ADOPTED,
            deciding_body="",
            decided_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert set(raised.value.message_dict) == {"deciding_body", "decided_on"}
    assert "Vedtatt dato" in raised.value.message_dict["decided_on"][0]
    adoption.refresh_from_db()
    assert adoption.status == Adoption.Status.PENDING


def test_a_respond_by_date_before_the_committees_decision_is_refused(nordhordland):
    _area, committee, municipalities, *_ = nordhordland
    decision = make_decision(treatment=make_treatment(committee=committee))
    with pytest.raises(ValidationError) as raised:
        recommendation_create(
            actor=None,
            decision=decision,
            text="",
            parties=municipalities,
            respond_by=decision.decided_on - datetime.timedelta(days=1),
        )
    assert set(raised.value.message_dict) == {"text", "respond_by"}
    assert "Svarfrist" in raised.value.message_dict["respond_by"][0]
    assert not decision.recommendations.exists()


@pytest.mark.parametrize(
    "outcome",
    [Decision.Outcome.DEFERRED, Decision.Outcome.NOT_ADOPTED, Decision.Outcome.NOTED],
)
def test_a_recommendation_comes_only_from_a_decision_that_adopted_something(nordhordland, outcome):
    _area, committee, municipalities, *_ = nordhordland
    decision = make_decision(treatment=make_treatment(committee=committee), outcome=outcome)
    with pytest.raises(ValidationError) as raised:
        recommendation_create(actor=None, decision=decision, text="Tilrår", parties=municipalities)
    assert "Bare et vedtak" in " ".join(raised.value.messages)
    assert not decision.recommendations.exists()


def test_a_corrected_decision_recommends_by_the_outcome_in_force(nordhordland):
    _area, committee, municipalities, *_ = nordhordland
    adopted = make_decision(treatment=make_treatment(committee=committee))
    decision_correct(
        actor=None,
        decision=adopted,
        reason="Saka vart utsett, ikkje vedteken.",
        outcome=Decision.Outcome.DEFERRED,
        text="Utsett.",
    )
    with pytest.raises(ValidationError):
        recommendation_create(actor=None, decision=adopted, text="Tilrår", parties=municipalities)
    deferred = make_decision(
        treatment=make_treatment(committee=committee), outcome=Decision.Outcome.DEFERRED
    )
    decision_correct(
        actor=None,
        decision=deferred,
        reason="Vedteken med endringar.",
        outcome=Decision.Outcome.ADOPTED_WITH_CHANGES,
        text="Vedteke.",
    )
    assert recommendation_create(
        actor=None, decision=deferred, text="Tilrår", parties=municipalities
    ).adoptions.count() == len(municipalities)


def test_the_case_page_offers_a_recommendation_only_from_an_adopting_decision(
    secretary_client, nordhordland
):
    from django.urls import reverse

    _area, committee, *_ = nordhordland
    case = make_case()
    adopted = make_decision(treatment=make_treatment(case=case, committee=committee))
    deferred = make_decision(
        treatment=make_treatment(case=case, committee=make_committee()),
        outcome=Decision.Outcome.DEFERRED,
    )
    page = secretary_client.get(case.get_absolute_url()).content.decode()
    assert reverse("cases:recommendation_add", args=[adopted.pk]) in page
    assert reverse("cases:recommendation_add", args=[deferred.pk]) not in page
    response = secretary_client.get(
        reverse("cases:recommendation_add", args=[deferred.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert "Bare et vedtak" in response.content.decode()


def test_a_partys_decision_and_signature_are_not_dated_before_what_they_answer(nordhordland):
    _area, _committee, municipalities, *_ = nordhordland
    recommendation = _agreement(municipalities)
    decided = recommendation.decision.decided_on
    adoption, other, *_ = recommendation.adoptions.all()
    early = decided - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        adoption_register(
            actor=None,
            adoption=adoption,
            status=Adoption.Status.ADOPTED,
            deciding_body="Kommunestyret",
            decided_on=early,
        )
    assert decided.strftime("%d.%m.%Y") in raised.value.message_dict["decided_on"][0]
    with pytest.raises(ValidationError):
        adoptions_register_many(
            actor=None,
            recommendation=recommendation,
            answers={
                other.pk: {
                    "status": Adoption.Status.ADOPTED,
                    "deciding_body": "Kommunestyret",
                    "decided_on": early,
                }
            },
        )
    party_day = decided + datetime.timedelta(days=30)
    adoption_register(
        actor=None,
        adoption=adoption,
        status=Adoption.Status.ADOPTED,
        deciding_body="Kommunestyret",
        decided_on=party_day,
    )
    with pytest.raises(ValidationError) as raised:
        adoption_sign(
            actor=None,
            adoption=adoption,
            signed_on=party_day - datetime.timedelta(days=1),
            signed_by="Ordføraren",
        )
    assert party_day.strftime("%d.%m.%Y") in raised.value.message_dict["signed_on"][0]
    adoption_sign(actor=None, adoption=adoption, signed_on=party_day, signed_by="Ordføraren")
