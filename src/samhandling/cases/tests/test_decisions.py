import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import translation

from samhandling.cases.models import Case, Decision, Proposal, Treatment
from samhandling.cases.selectors import case_state_summary, treatments_queryset
from samhandling.cases.services import (
    ProposalInput,
    case_create,
    case_forward,
    decision_record,
    treatment_create,
)
from samhandling.cases.tests.factories import make_case, make_priority_group, make_treatment
from samhandling.core.models import AuditEntry
from samhandling.structure.models import Membership
from samhandling.structure.tests.factories import (
    make_committee,
    make_membership,
    make_person,
    make_seat,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2022, 3, 15)


def _record(treatment: Treatment, outcome: str, **kwargs) -> Decision:
    return decision_record(
        actor=None,
        treatment=treatment,
        outcome=outcome,
        text=kwargs.pop("text", "Vedtak."),
        decided_on=kwargs.pop("decided_on", DAY),
        **kwargs,
    )


def _state(case: Case):
    case = Case.objects.prefetch_related(
        Prefetch("treatments", queryset=treatments_queryset())
    ).get(pk=case.pk)
    return case_state_summary(case)


def test_case_create_sends_the_case_to_each_committee_and_logs_it():
    committees = [make_committee(), make_committee()]
    group = make_priority_group()
    case = case_create(
        actor=None,
        subject="  Etablering av helsefellesskap ",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2022, 2, 1),
        committees=committees,
        priority_groups=[group],
        proposed_resolution="Utvalet sluttar seg til.",
    )
    assert case.subject == "Etablering av helsefellesskap"
    assert case.proposed_resolution == "<p>Utvalet sluttar seg til.</p>"
    assert list(case.priority_groups.all()) == [group]
    assert {t.committee for t in case.treatments.all()} == set(committees)
    assert {t.role for t in case.treatments.all()} == {Treatment.Role.DECIDES}
    assert AuditEntry.objects.filter(action="case.create", object_id=str(case.pk)).exists()


def test_an_orientation_goes_to_the_committees_for_information():
    case = case_create(
        actor=None,
        subject="Orientering",
        kind=Case.Kind.ORIENTATION,
        paper_date=datetime.date(2021, 12, 9),
        committees=[make_committee()],
    )
    assert case.treatments.get().role == Treatment.Role.INFORMED


def test_an_exempt_case_needs_its_legal_basis():
    with pytest.raises(ValidationError) as error:
        case_create(
            actor=None,
            subject="Personalsak",
            kind=Case.Kind.DECISION,
            paper_date=DAY,
            access="exempt",
        )
    assert "exemption_basis" in error.value.message_dict


def test_a_committee_cannot_have_the_same_case_pending_twice():
    treatment = make_treatment()
    with pytest.raises(ValidationError):
        treatment_create(actor=None, case=treatment.case, committee=treatment.committee)


def test_a_deferred_case_can_come_back_to_the_same_committee():
    treatment = make_treatment()
    _record(treatment, Decision.Outcome.DEFERRED)
    again = treatment_create(actor=None, case=treatment.case, committee=treatment.committee)
    assert again.state == Treatment.State.PENDING


def test_recording_a_decision_marks_the_treatment_treated_and_sanitises_the_text():
    treatment = make_treatment()
    decision = _record(treatment, Decision.Outcome.ADOPTED, text="Vedteke <script>x</script>")
    treatment.refresh_from_db()
    assert treatment.state == Treatment.State.TREATED
    assert decision.text == "Vedteke"
    assert decision.is_adopted


def test_dissent_is_required_without_consensus_and_refused_with_it():
    treatment = make_treatment()
    with pytest.raises(ValidationError):
        _record(treatment, Decision.Outcome.ADOPTED, consensus=False)
    with pytest.raises(ValidationError):
        _record(treatment, Decision.Outcome.ADOPTED, consensus=True, dissent="Mot: Askøy")
    decision = _record(
        treatment, Decision.Outcome.ADOPTED, consensus=False, dissent="Askøy røysta mot."
    )
    assert not decision.consensus


def test_an_observers_proposal_is_marked_as_made_by_an_observer():
    committee = make_committee()
    observer_seat = make_seat(committee=committee, may_decide=False)
    member_seat = make_seat(committee=committee)
    start = datetime.date(2021, 1, 1)
    observer = make_membership(
        seat=observer_seat, role=Membership.Role.OBSERVER, start=start
    ).person
    member = make_membership(seat=member_seat, start=start).person
    treatment = make_treatment(committee=committee)
    _record(
        treatment,
        Decision.Outcome.ADOPTED_WITH_CHANGES,
        proposals=[
            ProposalInput(proposer=observer, text="Legg til fastlegane.", outcome="adopted"),
            {"proposer": member, "text": "Utsett saka.", "outcome": "rejected"},
        ],
    )
    proposals = list(Proposal.objects.filter(treatment=treatment))
    assert [(p.proposer, p.by_observer) for p in proposals] == [(observer, True), (member, False)]


def test_a_recorded_decision_cannot_be_recorded_again():
    treatment = make_treatment()
    person = make_person()
    _record(treatment, Decision.Outcome.DEFERRED, proposals=[{"proposer": person, "text": "A"}])
    with pytest.raises(ValidationError):
        _record(treatment, Decision.Outcome.ADOPTED)
    decision = Decision.objects.get(treatment=treatment)
    assert decision.outcome == Decision.Outcome.DEFERRED
    assert [p.text for p in treatment.proposals.all()] == ["A"]


def test_forwarding_keeps_the_history_on_the_same_case():
    area_treatment = make_treatment()
    _record(area_treatment, Decision.Outcome.ADOPTED)
    ssu = make_committee(name="Strategisk samarbeidsutval")
    forwarded = case_forward(actor=None, treatment=area_treatment, to_committee=ssu)
    assert forwarded.case == area_treatment.case
    assert forwarded.forwarded_from == area_treatment
    assert forwarded.state == Treatment.State.PENDING
    assert list(area_treatment.forwarded_to.all()) == [forwarded]


def test_a_case_cannot_be_forwarded_to_the_committee_it_comes_from():
    treatment = make_treatment()
    with pytest.raises(ValidationError):
        case_forward(actor=None, treatment=treatment, to_committee=treatment.committee)


def test_the_state_summary_counts_adoption_in_3_of_4_committees():
    case = make_case()
    treatments = [make_treatment(case=case) for _ in range(4)]
    for treatment in treatments[:3]:
        _record(treatment, Decision.Outcome.ADOPTED)
    _record(treatments[3], Decision.Outcome.DEFERRED)
    state = _state(case)
    assert (state.deciding, state.adopted, state.deferred) == (4, 3, 1)
    with translation.override("en"):
        assert state.label == "Adopted in 3 of 4 committees"
    assert state.key == "partly_adopted"


def test_the_latest_treatment_in_a_committee_counts():
    treatment = make_treatment()
    _record(treatment, Decision.Outcome.DEFERRED)
    again = treatment_create(actor=None, case=treatment.case, committee=treatment.committee)
    _record(again, Decision.Outcome.ADOPTED)
    state = _state(treatment.case)
    assert (state.deciding, state.adopted, state.deferred, state.key) == (1, 1, 0, "adopted")


def test_an_orientation_counts_committees_that_took_it_as_orientation():
    case = make_case(kind=Case.Kind.ORIENTATION)
    done = make_treatment(case=case, role=Treatment.Role.INFORMED)
    make_treatment(case=case, role=Treatment.Role.INFORMED)
    _record(done, Decision.Outcome.NOTED)
    state = _state(case)
    assert (state.informed, state.informed_treated, state.pending, state.key) == (
        2,
        1,
        1,
        "pending",
    )


def test_a_case_without_treatments_is_not_sent():
    assert _state(make_case()).key == "not_sent"


def test_changes_to_a_cases_text_tell_its_followers_after_commit(
    django_capture_on_commit_callbacks,
):
    from samhandling.cases.signals import case_changed

    indexed: list[int] = []

    def follow(sender, *, case_id, **kwargs):
        indexed.append(case_id)

    case_changed.connect(follow, weak=False, dispatch_uid="test-follow")
    try:
        _changes_tell_followers(indexed, django_capture_on_commit_callbacks)
    finally:
        case_changed.disconnect(dispatch_uid="test-follow")


def _changes_tell_followers(indexed, django_capture_on_commit_callbacks):
    treatment = make_treatment()
    with django_capture_on_commit_callbacks(execute=True):
        case = case_create(actor=None, subject="Ny sak", kind=Case.Kind.DECISION, paper_date=DAY)
    with django_capture_on_commit_callbacks(execute=True):
        _record(treatment, Decision.Outcome.ADOPTED)
    assert indexed == [case.pk, treatment.case_id]


def test_a_decision_on_an_agenda_is_dated_at_its_meeting():
    from django.utils import timezone

    from samhandling.meetings.tests.factories import at, make_agenda_item, make_meeting

    item = make_agenda_item(meeting=make_meeting(starts_at=at(2022, 3, 15, 23, 30)))
    with pytest.raises(ValidationError) as raised:
        _record(item.treatment, Decision.Outcome.ADOPTED, decided_on=datetime.date(2022, 3, 16))
    assert "15.03.2022" in raised.value.message_dict["decided_on"][0]
    assert not Decision.objects.exists()
    # Late in the evening in Oslo is still the meeting's day (UTC has passed midnight by then
    # in summer time, not here, but the rule reads the local day).
    assert _record(item.treatment, Decision.Outcome.ADOPTED).decided_on == DAY

    # Without a meeting the date is asked for, but a decision not yet made has no date.
    loose = make_treatment()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        _record(loose, Decision.Outcome.ADOPTED, decided_on=tomorrow)
    assert "fram i tid" in raised.value.message_dict["decided_on"][0]


def test_the_decision_form_takes_the_date_from_the_meeting(secretary_client):
    from django.urls import reverse

    from samhandling.meetings.tests.factories import make_agenda_item, make_meeting

    item = make_agenda_item(meeting=make_meeting())
    url = reverse("cases:decision_record", args=[item.treatment.pk])
    page = secretary_client.get(url).content.decode()
    assert 'name="decided_on"' not in page
    assert "15.03.2022, møtedagen" in page
    secretary_client.post(
        url,
        {
            "outcome": Decision.Outcome.ADOPTED,
            "text": "Vedteke.",
            "consensus": "on",
            "forslag-TOTAL_FORMS": "0",
            "forslag-INITIAL_FORMS": "0",
            # A date sent anyway (an old form) is not the meeting's and is not used.
            "decided_on": "2022-03-20",
        },
    )
    assert Decision.objects.get().decided_on == DAY


def test_no_decision_is_recorded_on_a_meeting_whose_minutes_are_approved():
    from samhandling.meetings.models import Meeting
    from samhandling.meetings.tests.factories import make_agenda_item, make_meeting

    item = make_agenda_item(meeting=make_meeting(state=Meeting.State.MINUTES_APPROVED))
    with pytest.raises(ValidationError) as raised:
        _record(item.treatment, Decision.Outcome.ADOPTED)
    assert "godkjent" in " ".join(raised.value.messages)
    assert not Decision.objects.exists()
