"""What each role may do in the case register: the secretariat records, a case officer
edits their own papers, a party administrator registers their own party's adoption,
members and observers put forward proposals, and a recorded decision is only corrected."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from samhandling.accounts.models import RoleGrant, User
from samhandling.accounts.services import role_grant_create
from samhandling.cases.models import Adoption, Case, Decision, DecisionFinalError, Proposal
from samhandling.cases.services import (
    adoption_register,
    decision_correct,
    decision_record,
    proposal_submit,
    recommendation_create,
)
from samhandling.cases.tests.factories import make_case, make_treatment
from samhandling.cases.tests.test_attachments import pdf_bytes
from samhandling.core.access import Access, ExemptionBasis
from samhandling.core.models import AuditEntry
from samhandling.structure.models import Membership
from samhandling.structure.tests.factories import (
    make_committee,
    make_membership,
    make_municipality,
    make_organisation,
    make_person,
    make_seat,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2022, 3, 15)
START = datetime.date(2020, 1, 1)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def committee():
    return make_committee(name="Strategisk samarbeidsutval", short_name="SSU")


@pytest.fixture
def member(committee):
    """A member with a vote in the committee."""
    membership = make_membership(seat=make_seat(committee=committee), start=START)
    return User.objects.create_user("medlem", person=membership.person)


@pytest.fixture
def observer(committee):
    """An observer of the committee: may speak and propose, never decide."""
    membership = make_membership(
        seat=make_seat(committee=committee, may_decide=False),
        role=Membership.Role.OBSERVER,
        start=START,
    )
    return User.objects.create_user("observator", person=membership.person)


@pytest.fixture
def parties():
    return make_municipality(name="Alver"), make_municipality(name="Bergen")


@pytest.fixture
def alver_admin(parties):
    """Registers Alver's adoptions and signatures, nobody else's."""
    user = User.objects.create_user("partsadmin", person=make_person(organisation=parties[0]))
    role_grant_create(
        actor=None, user=user, role=RoleGrant.Role.PARTY_ADMINISTRATOR, organisation=parties[0]
    )
    return user


@pytest.fixture
def case_officer():
    """A case officer in Helse Bergen: drafts papers, edits the ones they are officer of."""
    hospital = make_organisation(name="Helse Bergen HF", slug="helse-bergen")
    user = User.objects.create_user("saksbehandlar", person=make_person(organisation=hospital))
    role_grant_create(
        actor=None, user=user, role=RoleGrant.Role.CASE_OFFICER, organisation=hospital
    )
    return user


@pytest.fixture
def adoptions(committee, parties):
    treatment = make_treatment(committee=committee)
    decision = decision_record(
        actor=None, treatment=treatment, outcome="adopted", text="Vedteke.", decided_on=DAY
    )
    recommendation = recommendation_create(
        actor=None,
        decision=decision,
        text="Partane sluttar seg til avtalen.",
        parties=parties,
        requires_signature=True,
    )
    alver, bergen = parties
    return (
        Adoption.objects.get(recommendation=recommendation, party=alver),
        Adoption.objects.get(recommendation=recommendation, party=bergen),
    )


# --- party administrators -----------------------------------------------------------------


def test_a_party_administrator_registers_their_own_partys_adoption(alver_admin, adoptions):
    alver, _bergen = adoptions
    client = _client(alver_admin)
    url = reverse("cases:adoption_register", args=[alver.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "status": "adopted",
            "deciding_body": "Kommunestyret",
            "decided_on": "2022-05-01",
            "reference": "22/12",
            "changes": "",
        },
    )
    assert response.status_code == 302
    alver.refresh_from_db()
    assert alver.status == Adoption.Status.ADOPTED
    entry = AuditEntry.objects.get(action="adoption.register")
    assert entry.actor == alver_admin
    assert entry.changes["status"] == ["pending", "adopted"]


def test_a_party_administrator_cannot_touch_another_partys_adoption(alver_admin, adoptions):
    _alver, bergen = adoptions
    client = _client(alver_admin)
    for name in ("cases:adoption_register", "cases:adoption_sign"):
        assert client.get(reverse(name, args=[bergen.pk])).status_code == 403
    response = client.post(
        reverse("cases:adoption_register", args=[bergen.pk]),
        {"status": "adopted", "deciding_body": "Bystyret", "decided_on": "2022-05-01"},
    )
    assert response.status_code == 403
    bergen.refresh_from_db()
    assert bergen.status == Adoption.Status.PENDING
    with pytest.raises(PermissionDenied):
        adoption_register(
            actor=alver_admin,
            adoption=bergen,
            status="adopted",
            deciding_body="Bystyret",
            decided_on=DAY,
        )


def test_a_party_administrator_does_not_open_the_adoption_of_a_case_they_may_not_read(
    alver_admin, adoptions
):
    # The forms show the recommendation; its case is exempt and Alver's administrator sits
    # in none of the committees it goes to, so the adoption is read through cases.access.
    alver, _bergen = adoptions
    Case.objects.filter(pk=alver.recommendation.decision.treatment.case_id).update(
        access=Access.EXEMPT, exemption_basis=ExemptionBasis.OFFL_23
    )
    client = _client(alver_admin)
    for name in ("cases:adoption_register", "cases:adoption_sign"):
        assert client.get(reverse(name, args=[alver.pk])).status_code == 404


def test_the_case_page_offers_a_party_administrator_only_their_own_partys_actions(
    alver_admin, adoptions
):
    alver, bergen = adoptions
    case = alver.recommendation.decision.treatment.case
    html = _client(alver_admin).get(case.get_absolute_url()).content.decode()
    assert reverse("cases:adoption_register", args=[alver.pk]) in html
    assert reverse("cases:adoption_register", args=[bergen.pk]) not in html


def test_a_signed_document_is_for_the_secretariat_the_party_and_the_committee(
    alver_admin, member, observer, adoptions, client
):
    alver, _bergen = adoptions
    alver.status = Adoption.Status.ADOPTED
    alver.signed_document.save("signert.pdf", ContentFile(pdf_bytes()), save=True)
    url = reverse("cases:signed_document", args=[alver.pk])
    assert _client(alver_admin).get(url).status_code == 200
    assert _client(member).get(url).status_code == 200  # the recommending committee
    outsider = User.objects.create_user("utanforståande")
    assert _client(outsider).get(url).status_code == 403
    assert client.get(url).status_code == 302  # a visitor is asked to log in
    # Marked public on an open case: everyone may read it.
    Adoption.objects.filter(pk=alver.pk).update(signed_document_public=True)
    assert client.get(url).status_code == 200
    # An exempt case keeps it closed even when marked public.
    Case.objects.filter(pk=alver.recommendation.decision.treatment.case_id).update(
        access=Access.EXEMPT, exemption_basis="offl-13"
    )
    # The access rules refuse a protected case's document as if it did not exist.
    assert _client(outsider).get(url).status_code == 404


# --- case officers ------------------------------------------------------------------------


def test_a_case_officer_drafts_a_paper_in_their_own_name(case_officer):
    client = _client(case_officer)
    assert client.get(reverse("cases:create")).status_code == 200
    response = client.post(
        reverse("cases:create"),
        {
            "subject": "Samhandlingsforløp barn og unge",
            "kind": "orientation",
            "paper_date": "2021-11-17",
            "case_officer": "",
            "access": "open",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(subject="Samhandlingsforløp barn og unge")
    assert case.case_officer == case_officer.person


def test_a_case_officer_edits_their_own_papers_and_no_others(case_officer):
    own = make_case(case_officer=case_officer.person)
    other = make_case(case_officer=make_person())
    client = _client(case_officer)
    assert client.get(reverse("cases:edit", args=[own.year, own.sequence])).status_code == 200
    assert client.get(reverse("cases:edit", args=[other.year, other.sequence])).status_code == 403
    # Nor may they record decisions.
    treatment = make_treatment(case=own)
    assert client.get(reverse("cases:decision_record", args=[treatment.pk])).status_code == 403


def test_a_login_without_a_role_cannot_draft_papers():
    client = _client(User.objects.create_user("lesar"))
    assert client.get(reverse("cases:create")).status_code == 403


# --- proposals ----------------------------------------------------------------------------


def test_an_observer_puts_forward_a_proposal_but_cannot_record_a_decision(observer, committee):
    treatment = make_treatment(committee=committee)
    client = _client(observer)
    url = reverse("cases:proposal_submit", args=[treatment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Fastlegane skal vere med i arbeidsgruppa."})
    assert response.status_code == 302
    proposal = Proposal.objects.get(treatment=treatment)
    assert proposal.by_observer and proposal.proposer == observer.person
    assert proposal.submitted_by == observer
    assert client.get(reverse("cases:decision_record", args=[treatment.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        decision_record(
            actor=observer, treatment=treatment, outcome="adopted", text="", decided_on=DAY
        )


def test_a_member_proposes_and_the_secretariat_gives_the_proposal_its_outcome(
    member, committee, secretary
):
    treatment = make_treatment(committee=committee)
    proposal = proposal_submit(actor=member, treatment=treatment, text="Utsett saka.")
    assert not proposal.by_observer
    decision_record(
        actor=secretary,
        treatment=treatment,
        outcome="adopted",
        text="Vedteke.",
        decided_on=DAY,
        submitted_outcomes={proposal.pk: "rejected"},
    )
    proposal.refresh_from_db()
    assert proposal.outcome == "rejected"  # kept, not replaced by the secretariat's list


def test_only_members_and_observers_of_the_committee_may_propose(member, committee):
    elsewhere = make_treatment(committee=make_committee())
    client = _client(member)
    assert client.get(reverse("cases:proposal_submit", args=[elsewhere.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        proposal_submit(actor=member, treatment=elsewhere, text="Eit forslag.")


def test_no_proposals_after_the_decision(member, committee):
    treatment = make_treatment(committee=committee)
    decision_record(actor=None, treatment=treatment, outcome="adopted", text="", decided_on=DAY)
    with pytest.raises(ValidationError):
        proposal_submit(actor=member, treatment=treatment, text="For seint.")


def test_the_case_page_offers_the_proposal_form_to_members_only(member, committee, client):
    treatment = make_treatment(committee=committee)
    url = reverse("cases:proposal_submit", args=[treatment.pk])
    assert url in _client(member).get(treatment.case.get_absolute_url()).content.decode()
    assert url not in client.get(treatment.case.get_absolute_url()).content.decode()


# --- decisions are final ------------------------------------------------------------------


def test_a_recorded_decision_cannot_be_changed_or_deleted():
    treatment = make_treatment()
    decision = decision_record(
        actor=None, treatment=treatment, outcome="adopted", text="Vedteke.", decided_on=DAY
    )
    decision.outcome = Decision.Outcome.NOT_ADOPTED
    with pytest.raises(DecisionFinalError):
        decision.save()
    with pytest.raises(DecisionFinalError):
        decision.delete()
    with pytest.raises(ValidationError):
        decision_record(
            actor=None, treatment=treatment, outcome="not_adopted", text="", decided_on=DAY
        )
    assert Decision.objects.get(pk=decision.pk).outcome == Decision.Outcome.ADOPTED


def test_recording_a_decision_again_through_the_page_leads_to_the_correction(secretary, committee):
    treatment = make_treatment(committee=committee)
    decision = decision_record(
        actor=None, treatment=treatment, outcome="adopted", text="Vedteke.", decided_on=DAY
    )
    client = _client(secretary)
    response = client.post(
        reverse("cases:decision_record", args=[treatment.pk]),
        {"outcome": "not_adopted", "text": "Endra.", "decided_on": "2022-03-15", "consensus": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:decision_correct", args=[decision.pk])
    assert Decision.objects.get(pk=decision.pk).outcome == "adopted"


def test_a_correction_is_recorded_beside_the_original_and_shown_with_it(secretary, committee):
    treatment = make_treatment(committee=committee)
    decision = decision_record(
        actor=None,
        treatment=treatment,
        outcome="adopted",
        text="<p>Utvalet sluttar seg til planen.</p>",
        decided_on=DAY,
    )
    client = _client(secretary)
    url = reverse("cases:decision_correct", args=[decision.pk])
    assert client.get(url).status_code == 200
    # Without a reason nothing is recorded and what was typed stays.
    response = client.post(url, {"outcome": "adopted_with_changes", "text": "Ny tekst."})
    assert response.status_code == 200 and "Ny tekst." in response.content.decode()
    response = client.post(
        url,
        {
            "outcome": "adopted_with_changes",
            "text": "<p>Utvalet sluttar seg til planen med endringar.</p>",
            "consensus": "on",
            "reason": "Protokollen hadde gløymt endringane.",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.outcome == "adopted"  # the original stays
    correction = decision.corrections.get()
    assert correction.corrected_by == secretary
    assert decision.in_force == correction
    html = client.get(treatment.case.get_absolute_url()).content.decode()
    assert "Utvalet sluttar seg til planen.</p>" in html
    assert "med endringar" in html and "Protokollen hadde gløymt endringane." in html
    entry = AuditEntry.objects.get(action="decision.correct")
    assert entry.changes["outcome"] == ["adopted", "adopted_with_changes"]


def test_only_the_secretariat_corrects_a_decision(member, committee):
    treatment = make_treatment(committee=committee)
    decision = decision_record(
        actor=None, treatment=treatment, outcome="adopted", text="", decided_on=DAY
    )
    assert (
        _client(member).get(reverse("cases:decision_correct", args=[decision.pk])).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        decision_correct(
            actor=member, decision=decision, reason="Feil.", outcome="deferred", text=""
        )


def test_a_corrected_outcome_decides_the_cases_state(secretary):
    from samhandling.cases.access import case_for_user
    from samhandling.cases.selectors import case_detail_queryset, case_state_summary

    treatment = make_treatment()
    decision = decision_record(
        actor=None, treatment=treatment, outcome="adopted", text="", decided_on=DAY
    )
    decision_correct(
        actor=secretary,
        decision=decision,
        reason="Utvalet vedtok ikkje saka.",
        outcome="not_adopted",
        text="",
    )
    case = treatment.case
    state = case_state_summary(
        case_for_user(
            secretary, year=case.year, sequence=case.sequence, queryset=case_detail_queryset()
        )
    )
    assert state.adopted == 0 and state.not_adopted == 1


def test_the_decision_form_lists_submitted_proposals_and_records_their_outcome(
    member, observer, committee, secretary
):
    treatment = make_treatment(committee=committee)
    first = proposal_submit(actor=member, treatment=treatment, text="Utsett saka.")
    second = proposal_submit(actor=observer, treatment=treatment, text="Ta med fastlegane.")
    client = _client(secretary)
    url = reverse("cases:decision_record", args=[treatment.pk])
    html = client.get(url).content.decode()
    assert "Utsett saka." in html and f'name="submitted-{second.pk}"' in html
    response = client.post(
        url,
        {
            "outcome": "adopted_with_changes",
            "text": "Vedteke med endringar.",
            "decided_on": "2022-03-15",
            "consensus": "on",
            f"submitted-{first.pk}": "rejected",
            f"submitted-{second.pk}": "adopted",
            "forslag-TOTAL_FORMS": "0",
            "forslag-INITIAL_FORMS": "0",
            "forslag-MIN_NUM_FORMS": "0",
            "forslag-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    outcomes = dict(Proposal.objects.filter(treatment=treatment).values_list("text", "outcome"))
    assert outcomes == {"Utsett saka.": "rejected", "Ta med fastlegane.": "adopted"}


def test_the_case_lists_state_filter_follows_a_corrected_outcome(secretary):
    from samhandling.cases.selectors import case_list

    corrected, kept = make_treatment(), make_treatment()
    for treatment in (corrected, kept):
        decision_record(actor=None, treatment=treatment, outcome="adopted", text="", decided_on=DAY)
    decision_correct(
        actor=secretary,
        decision=corrected.decision,
        reason="Utvalet vedtok ikkje saka.",
        outcome="not_adopted",
        text="",
    )
    assert list(case_list(state="adopted")) == [kept.case]
    assert list(case_list(state="not_adopted")) == [corrected.case]


def test_the_case_lists_state_filter_follows_the_latest_of_several_corrections(secretary):
    from samhandling.cases.selectors import case_list, case_state_summary, with_list_details

    treatment = make_treatment()
    decision_record(actor=None, treatment=treatment, outcome="adopted", text="", decided_on=DAY)

    def correct(outcome: str) -> None:
        decision_correct(
            actor=secretary, decision=treatment.decision, reason="Retta.", outcome=outcome, text=""
        )

    def listed(state: str) -> list:
        return list(case_list(state=state))

    correct("not_adopted")
    correct("deferred")
    assert listed("pending") == [treatment.case]
    assert listed("adopted") == listed("not_adopted") == []
    correct("adopted")
    assert listed("adopted") == [treatment.case]
    assert listed("pending") == listed("not_adopted") == []
    # The list's row says the same as the filter.
    (row,) = with_list_details(case_list(), user=secretary)
    assert row.state.key == case_state_summary(row).key == "adopted"
