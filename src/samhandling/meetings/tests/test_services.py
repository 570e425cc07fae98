import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samhandling.cases.models import Decision, Treatment
from samhandling.cases.tests.factories import make_case, make_decision, make_treatment
from samhandling.core.access import Access, ExemptionBasis
from samhandling.core.models import AuditEntry
from samhandling.meetings import services
from samhandling.meetings.models import AgendaItem, Attendance, Meeting
from samhandling.structure.models import Membership
from samhandling.structure.tests.factories import (
    make_committee,
    make_membership,
    make_person,
    make_seat,
)

from .factories import at, make_agenda_item, make_meeting

pytestmark = pytest.mark.django_db


def test_a_meeting_goes_planned_notice_sent_held_minutes_approved(secretary):
    meeting = make_meeting()
    assert meeting.state == Meeting.State.PLANNED
    services.meeting_notice_send(actor=secretary, meeting=meeting)
    assert meeting.state == Meeting.State.NOTICE_SENT
    assert meeting.notice_sent_at is not None
    services.meeting_hold(actor=secretary, meeting=meeting)
    services.minutes_draft(actor=secretary, meeting=meeting)
    services.minutes_approve(
        actor=secretary,
        meeting=meeting,
        approved_on=datetime.date(2022, 4, 20),
        approved_by="Møtet 20. april",
    )
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.MINUTES_APPROVED
    assert meeting.minutes_approved_by == "Møtet 20. april"
    actions = list(
        AuditEntry.objects.filter(object_id=str(meeting.pk), object_type="meetings.meeting")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "meeting.notice_send",
        "meeting.hold",
        "meeting.minutes_draft",
        "meeting.minutes_approve",
    ]


def test_a_state_cannot_be_skipped_or_repeated(secretary):
    meeting = make_meeting()
    with pytest.raises(services.MeetingStateError):
        services.minutes_approve(
            actor=secretary, meeting=meeting, approved_on=datetime.date.today(), approved_by="x"
        )
    services.meeting_hold(actor=secretary, meeting=meeting)
    with pytest.raises(services.MeetingStateError):
        services.meeting_notice_send(actor=secretary, meeting=meeting)
    with pytest.raises(services.MeetingStateError):
        services.meeting_hold(actor=secretary, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD


def test_a_meeting_whose_day_has_not_come_cannot_be_marked_as_held(secretary):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = make_meeting(
        starts_at=timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(10)))
    )
    with pytest.raises(services.MeetingStateError) as error:
        services.meeting_hold(actor=secretary, meeting=future)
    assert "har ikke funnet sted ennå" in " ".join(error.value.messages)
    future.refresh_from_db()
    assert future.state == Meeting.State.PLANNED
    later_today = make_meeting(
        starts_at=timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(), datetime.time(23, 30))
        )
    )
    services.meeting_hold(actor=secretary, meeting=later_today)
    assert later_today.state == Meeting.State.HELD


def test_minutes_cannot_be_approved_before_they_are_drafted(secretary):
    meeting = make_meeting(state=Meeting.State.HELD)
    with pytest.raises(services.MeetingStateError):
        services.minutes_approve(
            actor=secretary, meeting=meeting, approved_on=datetime.date.today(), approved_by="x"
        )


def test_a_meeting_must_end_after_it_starts_and_have_a_place_or_video_link(secretary):
    committee = make_committee()
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            actor=secretary,
            committee=committee,
            starts_at=at(2022, 3, 1, 12),
            ends_at=at(2022, 3, 1, 11),
        )
    assert set(error.value.message_dict) == {"ends_at", "place"}
    meeting = services.meeting_create(
        actor=secretary,
        committee=committee,
        starts_at=at(2022, 3, 1, 12),
        ends_at=at(2022, 3, 1, 14),
        video_link="https://teams.example/møte",
    )
    assert meeting.video_link and not meeting.place


def test_adding_a_case_creates_its_treatment_and_numbers_items_per_committee_and_year(secretary):
    committee = make_committee()
    first = make_meeting(committee=committee, starts_at=at(2022, 2, 1))
    second = make_meeting(committee=committee, starts_at=at(2022, 3, 1))
    next_year = make_meeting(committee=committee, starts_at=at(2023, 1, 10))
    other_committee_meeting = make_meeting(starts_at=at(2022, 2, 1))
    cases = [make_case() for _ in range(4)]

    a = services.agenda_item_add(actor=secretary, meeting=first, case=cases[0])
    b = services.agenda_item_add(actor=secretary, meeting=first, case=cases[1])
    c = services.agenda_item_add(actor=secretary, meeting=second, case=cases[2])
    d = services.agenda_item_add(actor=secretary, meeting=next_year, case=cases[3])
    e = services.agenda_item_add(actor=secretary, meeting=other_committee_meeting, case=cases[0])

    assert [a.number, b.number, c.number, d.number, e.number] == [
        "1/22",
        "2/22",
        "3/22",
        "1/23",
        "1/22",
    ]
    assert [a.order, b.order, c.order] == [1, 2, 1]
    assert a.treatment.committee == committee
    assert a.treatment.state == Treatment.State.PENDING
    assert cases[0].treatments.count() == 2


def test_an_item_number_is_never_reused_after_an_item_is_removed(secretary):
    meeting = make_meeting(starts_at=at(2022, 5, 1))
    first = services.agenda_item_add(actor=secretary, meeting=meeting, case=make_case())
    first.delete()
    again = services.agenda_item_add(actor=secretary, meeting=meeting, case=make_case())
    assert again.number == "2/22"


def test_adding_uses_the_pending_treatment_the_case_already_has_in_the_committee(secretary):
    meeting = make_meeting()
    treatment = make_treatment(committee=meeting.committee)
    item = services.agenda_item_add(actor=secretary, meeting=meeting, case=treatment.case)
    assert item.treatment == treatment
    assert Treatment.objects.filter(case=treatment.case).count() == 1


def test_a_case_waiting_on_another_agenda_is_not_added_twice(secretary):
    committee = make_committee()
    case = make_case()
    services.agenda_item_add(actor=secretary, meeting=make_meeting(committee=committee), case=case)
    later = make_meeting(committee=committee, starts_at=at(2022, 6, 1))
    with pytest.raises(ValidationError, match=case.number):
        services.agenda_item_add(actor=secretary, meeting=later, case=case)


def test_a_deferred_case_gets_a_new_treatment_on_the_next_meeting(secretary):
    committee = make_committee()
    first = make_meeting(committee=committee)
    item = services.agenda_item_add(actor=secretary, meeting=first, case=make_case())
    make_decision(treatment=item.treatment, outcome=Decision.Outcome.DEFERRED)
    later = make_meeting(committee=committee, starts_at=at(2022, 6, 1))
    again = services.agenda_item_add(actor=secretary, meeting=later, case=item.treatment.case)
    assert again.treatment != item.treatment


def test_a_closed_item_needs_a_legal_basis(secretary):
    with pytest.raises(ValidationError):
        services.agenda_item_add(
            actor=secretary, meeting=make_meeting(), case=make_case(), closed=True
        )


def test_the_agenda_of_a_held_meeting_cannot_change(secretary):
    meeting = make_meeting(state=Meeting.State.HELD)
    with pytest.raises(services.MeetingStateError):
        services.agenda_item_add(actor=secretary, meeting=meeting, case=make_case())


def test_moving_an_item_swaps_it_with_its_neighbour_and_stops_at_the_ends(secretary):
    meeting = make_meeting()
    a, b, c = (make_agenda_item(meeting=meeting) for _ in range(3))
    services.agenda_item_move(actor=secretary, item=c, direction="up")
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == [a.pk, c.pk, b.pk]
    services.agenda_item_move(actor=secretary, item=a, direction="up")
    services.agenda_item_move(actor=secretary, item=a, direction="down")
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    services.agenda_item_move(
        actor=secretary, item=AgendaItem.objects.get(pk=b.pk), direction="down"
    )
    assert list(meeting.agenda_items.values_list("order", flat=True)) == [1, 2, 3]


def test_attendance_records_present_absent_and_the_deputy_who_met(secretary):
    meeting = make_meeting()
    seat = make_seat(committee=meeting.committee)
    member = make_membership(seat=seat, start=datetime.date(2020, 1, 1))
    other = make_membership(
        seat=make_seat(committee=meeting.committee), start=datetime.date(2020, 1, 1)
    )
    deputy = make_person(given_name="Vara", family_name="Varasen")
    services.attendance_record(
        actor=secretary,
        meeting=meeting,
        entries=[
            services.AttendanceEntry(member, Attendance.Status.DEPUTY_PRESENT, deputy),
            services.AttendanceEntry(other, Attendance.Status.ABSENT),
        ],
    )
    services.attendance_record(
        actor=secretary,
        meeting=meeting,
        entries=[services.AttendanceEntry(other, Attendance.Status.PRESENT, deputy)],
    )
    by_member = {a.membership: a for a in meeting.attendances.all()}
    assert by_member[member].deputy == deputy
    assert by_member[other].status == Attendance.Status.PRESENT
    assert by_member[other].deputy is None


def test_a_deputy_present_must_be_named(secretary):
    meeting = make_meeting()
    member = make_membership(seat=make_seat(committee=meeting.committee))
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=secretary,
            meeting=meeting,
            entries=[services.AttendanceEntry(member, Attendance.Status.DEPUTY_PRESENT)],
        )
    assert not Attendance.objects.exists()


def test_attendance_is_recorded_only_for_members_of_the_committee(secretary):
    meeting = make_meeting()
    stranger = make_membership()
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=secretary,
            meeting=meeting,
            entries=[services.AttendanceEntry(stranger, Attendance.Status.PRESENT)],
        )


def test_minutes_are_drafted_from_each_items_decision():
    meeting = make_meeting(starts_at=at(2022, 3, 15))
    adopted = make_agenda_item(
        meeting=meeting,
        number="12/22",
        treatment=make_treatment(
            committee=meeting.committee, case=make_case(subject="Samhandlingsforløp barn og unge")
        ),
    )
    make_decision(treatment=adopted.treatment, text="<p>Utvalet <b>sluttar seg</b> til.</p>")
    dissent = make_agenda_item(meeting=meeting, number="13/22")
    make_decision(
        treatment=dissent.treatment,
        outcome=Decision.Outcome.NOT_ADOPTED,
        text="Forslaget fall.",
        consensus=False,
        dissent="Bergen kommune røysta for.",
    )
    make_agenda_item(meeting=meeting, number="14/22")
    text = services.minutes_text(meeting)
    case = adopted.treatment.case
    assert (
        f"PS 12/22 Samhandlingsforløp barn og unge (sak {case.number})\n"
        "Vedtak: Utvalet sluttar seg til. (samrøystes)"
    ) in text
    assert "Vedtak: Forslaget fall. (dissens: Bergen kommune røysta for.)" in text
    assert "PS 14/22" in text and "Vedtak: ikkje registrert" in text
    assert text.index("12/22") < text.index("13/22") < text.index("14/22")


def test_drafted_minutes_never_name_an_exempt_case_or_closed_item():
    meeting = make_meeting()
    secret = make_case(
        subject="Personalsak ved legevakta",
        access=Access.EXEMPT,
        exemption_basis=ExemptionBasis.OFFL_25,
    )
    make_agenda_item(
        meeting=meeting, treatment=make_treatment(committee=meeting.committee, case=secret)
    )
    make_agenda_item(
        meeting=meeting,
        closed=True,
        exemption_basis=ExemptionBasis.OFFL_23,
        treatment=make_treatment(
            committee=meeting.committee, case=make_case(subject="Forhandling")
        ),
    )
    text = services.minutes_text(meeting)
    assert "Personalsak" not in text and "Forhandling" not in text
    assert "Sak unnateke offentlegheit, Offl. § 25" in text
    assert "Lukka sak, Offl. § 23" in text


def test_minutes_can_only_be_edited_while_the_meeting_is_held(secretary):
    meeting = make_meeting()
    with pytest.raises(services.MeetingStateError):
        services.minutes_update(actor=secretary, meeting=meeting, minutes="Referat")
    meeting.state = Meeting.State.HELD
    services.minutes_update(actor=secretary, meeting=meeting, minutes="Referat")
    meeting.refresh_from_db()
    assert meeting.minutes == "Referat"


def test_attendance_lists_the_current_members_but_not_deputies():
    from samhandling.meetings.selectors import attendance_memberships

    meeting = make_meeting(starts_at=at(2024, 6, 1))
    seat = make_seat(committee=meeting.committee)
    member = make_membership(seat=seat, start=datetime.date(2024, 1, 1))
    make_membership(seat=seat, role=Membership.Role.DEPUTY, start=datetime.date(2024, 1, 1))
    make_membership(
        seat=seat, start=datetime.date(2020, 1, 1), ended_on=datetime.date(2023, 12, 31)
    )
    assert attendance_memberships(meeting) == [member]


def test_decisions_keep_their_meetings_day(secretary):
    """A decision is dated at its meeting, so neither side may drift from the other."""
    meeting = make_meeting(starts_at=at(2022, 3, 15))
    item = make_agenda_item(meeting=meeting)
    make_decision(treatment=item.treatment, decided_on=datetime.date(2022, 3, 15))
    with pytest.raises(ValidationError) as raised:
        services.meeting_update(
            actor=secretary,
            meeting=meeting,
            committee=meeting.committee,
            starts_at=at(2022, 3, 16),
            ends_at=at(2022, 3, 16, 12),
            place=meeting.place,
        )
    assert "15.03.2022" in raised.value.message_dict["starts_at"][0]
    # Another hour on the same day is no other date.
    services.meeting_update(
        actor=secretary,
        meeting=meeting,
        committee=meeting.committee,
        starts_at=at(2022, 3, 15, 13),
        ends_at=at(2022, 3, 15, 15),
        place=meeting.place,
    )

    decided = make_decision(
        treatment=make_treatment(committee=meeting.committee),
        decided_on=datetime.date(2022, 3, 1),
    )
    with pytest.raises(ValidationError) as raised:
        services.agenda_item_record(actor=secretary, meeting=meeting, treatment=decided.treatment)
    assert "01.03.2022" in " ".join(raised.value.messages)
    assert not AgendaItem.objects.filter(treatment=decided.treatment).exists()
