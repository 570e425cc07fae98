"""Workflows of meetings: planning a meeting, building its agenda, recording attendance and
taking it through its states (planned → notice sent → held → minutes approved). Each
service is atomic and writes the audit log."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from samhandling.cases.access import readable_ids
from samhandling.cases.models import Case, Decision, Treatment
from samhandling.cases.signals import case_changed_notify
from samhandling.core.access import exemption_reference
from samhandling.core.actor import Actor
from samhandling.core.audit import audit_changes, audit_record, audit_snapshot
from samhandling.core.models import AuditEntry
from samhandling.structure.models import Committee, Membership, Organisation, Person

from .models import (
    AgendaItem,
    AgendaNumberSequence,
    Attendance,
    Meeting,
    MinutesAddendum,
    PublicMinutes,
)


class MeetingStateError(ValidationError):
    """A transition the meeting's state does not allow."""


MEETING_FIELDS = ("committee", "starts_at", "ends_at", "place", "video_link", "title")


def _check_not_approved(meeting: Meeting) -> None:
    """Approved minutes freeze the meeting: its time, attendance and minutes are a record.
    What must be put right afterwards is an addendum (``minutes_addendum_add``)."""
    if meeting.state == Meeting.State.MINUTES_APPROVED:
        raise MeetingStateError(
            _("The minutes are approved and cannot change; add a reasoned addendum instead.")
        )


def meeting_clean(*, starts_at, ends_at, place: str, video_link: str) -> None:
    """The rules every meeting keeps, with messages for the form."""
    errors: dict[str, str] = {}
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if not place.strip() and not video_link.strip():
        errors["place"] = _("Give a place or a video link.")
    if errors:
        raise ValidationError(errors)


def meeting_create(
    *,
    actor: Actor,
    committee: Committee,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    video_link: str = "",
    title: str = "",
) -> Meeting:
    meeting_clean(starts_at=starts_at, ends_at=ends_at, place=place, video_link=video_link)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            committee=committee,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            video_link=video_link.strip(),
            title=title.strip(),
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        audit_record(
            actor=actor,
            action="meeting.create",
            obj=meeting,
            summary=str(meeting),
            changes=audit_changes(None, audit_snapshot(meeting, MEETING_FIELDS)),
        )
    return meeting


def meeting_update(
    *,
    actor: Actor,
    meeting: Meeting,
    committee: Committee,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    video_link: str = "",
    title: str = "",
) -> Meeting:
    meeting_clean(starts_at=starts_at, ends_at=ends_at, place=place, video_link=video_link)
    new = {
        "committee": committee,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place.strip(),
        "video_link": video_link.strip(),
        "title": title.strip(),
    }
    _check_not_approved(meeting)
    day = timezone.localdate(meeting.starts_at)
    if (
        timezone.localdate(starts_at) != day
        and meeting.agenda_items.filter(treatment__decision__isnull=False).exists()
    ):
        # A decision is dated at its meeting: moving the day would leave the decisions
        # dated on a day the committee did not meet.
        raise ValidationError(
            {
                "starts_at": _(
                    "Decisions are recorded at this meeting, dated %(date)s; the meeting's day "
                    "cannot change."
                )
                % {"date": day.strftime("%d.%m.%Y")}
            }
        )
    if committee.pk != meeting.committee_id and meeting.agenda_items.exists():
        raise ValidationError(
            {"committee": _("A meeting with an agenda cannot move to another committee.")}
        )
    with transaction.atomic():
        changes = audit_changes(audit_snapshot(meeting, MEETING_FIELDS), new)
        for name, value in new.items():
            setattr(meeting, name, value)
        meeting.save()
        audit_record(
            actor=actor,
            action="meeting.update",
            obj=meeting,
            summary=str(meeting),
            changes=changes,
        )
    return meeting


def agenda_number_next(*, committee: Committee, year: int) -> str:
    """The committee's next item number for the year, like 12/22. The sequence row is
    locked for the rest of the transaction, so concurrent callers wait and never share
    a number; a number once handed out is never handed out again."""
    with transaction.atomic():
        AgendaNumberSequence.objects.get_or_create(committee=committee, year=year)
        sequence = AgendaNumberSequence.objects.select_for_update().get(
            committee=committee, year=year
        )
        sequence.last_sequence += 1
        sequence.save(update_fields=["last_sequence"])
    return f"{sequence.last_sequence}/{year % 100:02d}"


def _pending_treatment(case: Case, committee: Committee) -> Treatment | None:
    """The case's treatment in the committee that waits for a decision, if any (a committee
    has at most one)."""
    return (
        Treatment.objects.filter(case=case, committee=committee, state=Treatment.State.PENDING)
        .select_related("agenda_item__meeting")
        .order_by("id")
        .first()
    )


def agenda_item_add(
    *,
    actor: Actor,
    meeting: Meeting,
    case: Case,
    role: str = Treatment.Role.DECIDES,
    closed: bool = False,
    exemption_basis: str = "",
) -> AgendaItem:
    """Put a case on the meeting's agenda: its pending treatment in this committee, or a new
    one, gets the next item number and goes last on the agenda."""
    from samhandling.cases.services import treatment_create

    if meeting.state in {Meeting.State.HELD, Meeting.State.MINUTES_APPROVED}:
        raise MeetingStateError(_("The meeting has been held; its agenda can no longer change."))
    exemption_basis = exemption_basis.strip()
    if closed and not exemption_basis:
        raise ValidationError(
            {"exemption_basis": _("A closed item needs the legal basis for closing it.")}
        )
    if not closed:
        exemption_basis = ""
    if AgendaItem.objects.filter(meeting=meeting, treatment__case=case).exists():
        raise ValidationError(
            {"case": _("Case %(number)s is already on this agenda.") % {"number": case.number}}
        )
    with transaction.atomic():
        treatment = _pending_treatment(case, meeting.committee)
        other_item = getattr(treatment, "agenda_item", None) if treatment else None
        if other_item is not None:
            raise ValidationError(
                {
                    "case": _(
                        "Case %(number)s already waits for a decision on the agenda of the "
                        "meeting on %(date)s."
                    )
                    % {
                        "number": case.number,
                        "date": timezone.localtime(other_item.meeting.starts_at).strftime(
                            "%d.%m.%Y"
                        ),
                    }
                }
            )
        if treatment is None:
            treatment = treatment_create(
                actor=actor, case=case, committee=meeting.committee, role=role
            )
        item = _agenda_item_create(
            meeting=meeting,
            treatment=treatment,
            closed=closed,
            exemption_basis=exemption_basis,
            # After the notice is out, an added item is a supplementary item («tilleggssak»).
            supplementary=meeting.state == Meeting.State.NOTICE_SENT,
        )
        # A closed item protects its case everywhere, search included.
        case_changed_notify(case.pk)
        audit_record(
            actor=actor,
            action="agenda_item.add",
            obj=item,
            summary=f"{meeting}: {item.number} ({case.number})",
            changes=audit_changes(
                None,
                {
                    "meeting": str(meeting),
                    "number": item.number,
                    "case": case.number,
                    "order": item.order,
                    "closed": item.closed,
                    "exemption_basis": item.exemption_basis,
                },
            ),
        )
    return item


def _agenda_item_create(
    *,
    meeting: Meeting,
    treatment: Treatment,
    closed: bool = False,
    exemption_basis: str = "",
    supplementary: bool = False,
) -> AgendaItem:
    last_order = meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0
    return AgendaItem.objects.create(
        meeting=meeting,
        order=last_order + 1,
        number=agenda_number_next(
            committee=meeting.committee, year=timezone.localtime(meeting.starts_at).year
        ),
        treatment=treatment,
        closed=closed,
        exemption_basis=exemption_basis,
        supplementary=supplementary,
    )


def agenda_item_record(*, actor: Actor, meeting: Meeting, treatment: Treatment) -> AgendaItem:
    """Register afterwards that a treatment was on a meeting's agenda, for meetings held
    before the register was kept here (and for the demo's history). The treatment may
    already carry its decision; the meeting may already be held."""
    if treatment.committee_id != meeting.committee_id:
        raise ValidationError(_("The case was treated by another committee."))
    if hasattr(treatment, "agenda_item"):
        raise ValidationError(
            _("Case %(number)s is already on this agenda.") % {"number": treatment.case.number}
        )
    decision = getattr(treatment, "decision", None)
    day = timezone.localdate(meeting.starts_at)
    if decision is not None and decision.decided_on != day:
        raise ValidationError(
            _(
                "The decision on case %(number)s is dated %(decided)s, not at this meeting "
                "(%(date)s)."
            )
            % {
                "number": treatment.case.number,
                "decided": decision.decided_on.strftime("%d.%m.%Y"),
                "date": day.strftime("%d.%m.%Y"),
            }
        )
    with transaction.atomic():
        item = _agenda_item_create(meeting=meeting, treatment=treatment)
        audit_record(
            actor=actor,
            action="agenda_item.record",
            obj=item,
            summary=f"{meeting}: {item.number} ({treatment.case.number})",
            changes=audit_changes(
                None,
                {
                    "meeting": str(meeting),
                    "number": item.number,
                    "case": treatment.case.number,
                    "order": item.order,
                },
            ),
        )
    return item


def agenda_item_move(
    *, actor: Actor, item: AgendaItem, direction: Literal["up", "down"]
) -> AgendaItem:
    """Swap the item with its neighbour above or below; at either end nothing changes."""
    with transaction.atomic():
        siblings = AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id)
        if direction == "up":
            neighbour = siblings.filter(order__lt=item.order).order_by("-order").first()
        else:
            neighbour = siblings.filter(order__gt=item.order).order_by("order").first()
        if neighbour is None:
            return item
        mine, theirs = item.order, neighbour.order
        # The (meeting, order) pair is unique, so one of the two steps aside first; orders
        # start at 1, which leaves 0 free.
        AgendaItem.objects.filter(pk=item.pk).update(order=0)
        AgendaItem.objects.filter(pk=neighbour.pk).update(order=mine)
        AgendaItem.objects.filter(pk=item.pk).update(order=theirs)
        item.order = theirs
        audit_record(
            actor=actor,
            action="agenda_item.move",
            obj=item,
            summary=f"{item.meeting}: {item.number}",
            changes={"order": [mine, theirs]},
        )
    return item


def agenda_item_remove(*, actor: Actor, item: AgendaItem) -> None:
    """Take an item off the agenda. The case's treatment stays, waiting for another meeting;
    the item's number is not reused. Not once the minutes are approved (they are a record),
    nor for an item already decided (correct the decision instead)."""
    meeting = item.meeting
    _check_not_approved(meeting)
    treatment = item.treatment
    if treatment is not None and Decision.objects.filter(treatment=treatment).exists():
        raise ValidationError(
            _("Item %(number)s has a recorded decision; correct the decision instead.")
            % {"number": item.number}
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="agenda_item.remove",
            obj=item,
            summary=f"{meeting}: {item.number}"
            + (f" ({treatment.case.number})" if treatment else ""),
            changes=audit_changes(
                {
                    "meeting": str(meeting),
                    "number": item.number,
                    "case": treatment.case.number if treatment else "",
                    "order": item.order,
                },
                None,
            ),
        )
        item.delete()


def agenda_items_of_withdrawn_case(*, case: Case, actor: Actor = None, **_kwargs) -> None:
    """A withdrawn case leaves the agendas it is still pending on: items of meetings not yet
    held, without a decision (receiver of ``cases.signals.case_withdrawn``)."""
    items = AgendaItem.objects.filter(
        treatment__case=case,
        treatment__decision__isnull=True,
        meeting__state__in=[Meeting.State.PLANNED, Meeting.State.NOTICE_SENT],
    ).select_related("meeting__committee", "treatment__case")
    for item in items:
        agenda_item_remove(actor=actor, item=item)


@dataclass(frozen=True)
class AttendanceEntry:
    membership: Membership
    status: str
    deputy: Person | None = None


def attendance_record(
    *, actor: Actor, meeting: Meeting, entries: Iterable[AttendanceEntry]
) -> list[Attendance]:
    """Record who came: present, absent, or a deputy present in the member's place (then the
    deputy's name is required). Recording again replaces the earlier entry."""
    _check_not_approved(meeting)
    entries = list(entries)
    for entry in entries:
        if entry.membership.seat.committee_id != meeting.committee_id:
            raise ValidationError(
                _("%(person)s is not a member of this committee.")
                % {"person": entry.membership.person}
            )
        if entry.status == Attendance.Status.DEPUTY_PRESENT and entry.deputy is None:
            raise ValidationError(
                _("Name the deputy who met for %(person)s.") % {"person": entry.membership.person}
            )

    def described(a: Attendance | None) -> str | None:
        if a is None:
            return None
        return a.status + (f" ({a.deputy})" if a.deputy_id else "")

    with transaction.atomic():
        before = {
            a.membership_id: described(a)
            for a in meeting.attendances.filter(membership__isnull=False).select_related("deputy")
        }
        saved = []
        for entry in entries:
            attendance, _created = Attendance.objects.update_or_create(
                meeting=meeting,
                membership=entry.membership,
                defaults={
                    "status": entry.status,
                    "deputy": entry.deputy
                    if entry.status == Attendance.Status.DEPUTY_PRESENT
                    else None,
                },
            )
            saved.append(attendance)
        audit_record(
            actor=actor,
            action="meeting.attendance",
            obj=meeting,
            summary=str(meeting),
            changes={
                str(a.membership.person): [before.get(a.membership_id), described(a)]
                for a in saved
                if before.get(a.membership_id) != described(a)
            },
        )
    return saved


def item_attendance_record(
    *,
    actor: Actor,
    item: AgendaItem,
    person: Person,
    on_behalf_of: Organisation | None = None,
    status: str = Attendance.Status.PRESENT,
) -> Attendance:
    """Record that a person without a standing seat attended for one agenda item ("på
    sak", e.g. a case officer presenting the case or a party's representative)."""
    meeting = item.meeting
    _check_not_approved(meeting)
    if status not in (Attendance.Status.PRESENT, Attendance.Status.ABSENT):
        raise ValidationError({"status": _("Choose present or absent.")})
    if Attendance.objects.filter(agenda_item=item, person=person).exists():
        raise ValidationError(
            {"person": _("%(person)s is already recorded for this item.") % {"person": person}}
        )
    with transaction.atomic():
        attendance = Attendance.objects.create(
            meeting=meeting,
            agenda_item=item,
            person=person,
            on_behalf_of=on_behalf_of,
            status=status,
        )
        audit_record(
            actor=actor,
            action="meeting.item_attendance_add",
            obj=attendance,
            summary=f"{meeting}: {item.number}, {person}",
            changes=audit_changes(
                None,
                {
                    "agenda_item": item.number,
                    "person": str(person),
                    "on_behalf_of": str(on_behalf_of) if on_behalf_of else None,
                    "status": status,
                },
            ),
        )
    return attendance


def item_attendance_remove(*, actor: Actor, attendance: Attendance) -> None:
    """Remove a person recorded for one item by mistake (before the minutes are approved)."""
    _check_not_approved(attendance.meeting)
    if attendance.membership_id is not None:
        raise ValidationError(_("A member's attendance is recorded with the whole meeting."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="meeting.item_attendance_remove",
            obj=attendance,
            summary=f"{attendance.meeting}: {attendance.agenda_item.number}, {attendance.person}",
            changes=audit_changes(
                {
                    "agenda_item": attendance.agenda_item.number,
                    "person": str(attendance.person),
                    "on_behalf_of": str(attendance.on_behalf_of)
                    if attendance.on_behalf_of_id
                    else None,
                    "status": attendance.status,
                },
                None,
            ),
        )
        attendance.delete()


def minutes_addendum_add(
    *, actor: Actor, meeting: Meeting, text: str, reason: str
) -> MinutesAddendum:
    """Approved minutes are never edited: a correction is an addendum with its reason, who
    and when, shown below the minutes."""
    if meeting.state != Meeting.State.MINUTES_APPROVED:
        raise MeetingStateError(
            _("Minutes that are not yet approved are edited directly, without an addendum.")
        )
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the addendum.")
    if not reason.strip():
        errors["reason"] = _("Say why the approved minutes need an addendum.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        addendum = MinutesAddendum.objects.create(
            meeting=meeting,
            text=text.strip(),
            reason=reason.strip(),
            added_by=actor if actor is not None and actor.is_authenticated else None,
        )
        audit_record(
            actor=actor,
            action="meeting.minutes_addendum",
            obj=addendum,
            summary=str(meeting),
            changes=audit_changes(None, {"text": addendum.text, "reason": addendum.reason}),
        )
    return addendum


def _transition(
    *, actor: Actor, meeting: Meeting, allowed_from: set[str], to: str, action: str
) -> Meeting:
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.state not in allowed_from:
            raise MeetingStateError(
                _("A meeting that is “%(state)s” cannot become “%(to)s”.")
                % {"state": locked.get_state_display(), "to": Meeting.State(to).label}
            )
        before = locked.state
        meeting.state = to
        if to == Meeting.State.NOTICE_SENT:
            meeting.notice_sent_at = timezone.now()
        meeting.save()
        audit_record(
            actor=actor,
            action=action,
            obj=meeting,
            summary=str(meeting),
            changes=audit_changes(
                {
                    "state": before,
                    "minutes_approved_on": locked.minutes_approved_on,
                    "minutes_approved_by": locked.minutes_approved_by,
                },
                {
                    "state": to,
                    "minutes_approved_on": meeting.minutes_approved_on,
                    "minutes_approved_by": meeting.minutes_approved_by,
                },
            ),
        )
    return meeting


def meeting_notice_send(*, actor: Actor, meeting: Meeting) -> Meeting:
    """The notice with its agenda has gone out to the members."""
    return _transition(
        actor=actor,
        meeting=meeting,
        allowed_from={Meeting.State.PLANNED},
        to=Meeting.State.NOTICE_SENT,
        action="meeting.notice_send",
    )


HOLDABLE = (Meeting.State.PLANNED, Meeting.State.NOTICE_SENT)


def meeting_may_be_held(meeting: Meeting) -> bool:
    """Whether "mark as held" can be done now: the meeting's day has come and it is neither
    held nor approved yet. The page offers the button only then."""
    return (
        meeting.state in HOLDABLE and timezone.localdate(meeting.starts_at) <= timezone.localdate()
    )


def meeting_hold(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Mark the meeting as held; a meeting held without a formal notice is allowed, since
    committees sometimes meet at short notice. A meeting whose day has not come cannot be
    held: the step cannot be undone, so a slip on a future meeting would lock it."""
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        raise MeetingStateError(
            _("The meeting on %(date)s has not taken place yet and cannot be marked as held.")
            % {"date": date_format(timezone.localtime(meeting.starts_at), "d.m.Y")}
        )
    return _transition(
        actor=actor,
        meeting=meeting,
        allowed_from=set(HOLDABLE),
        to=Meeting.State.HELD,
        action="meeting.hold",
    )


def item_exemption_label(item: AgendaItem) -> str:
    """The words shown instead of a subject the reader may not read, naming the legal
    basis: the closed item's, else its case's."""
    basis = item.exemption_basis
    if not basis and item.treatment is not None:
        basis = item.treatment.case.exemption_basis
    reference = exemption_reference(basis) if basis else ""
    return (
        _("Exempt from public access, %(basis)s") % {"basis": reference}
        if reference
        else _("Exempt from public access")
    )


def minutes_text(meeting: Meeting) -> str:
    """Minutes drafted from each item's decision: item number, subject, decision text and
    whether it was unanimous or who dissented. The minutes are published, so an item the
    public may not read (a closed item, an exempt case) shows only its number, that it was
    closed and on what basis.

    The minutes are a document of the committee, written in nynorsk like its other papers,
    not in the language of whoever drafts them."""
    lines = []
    items = list(
        meeting.agenda_items.select_related("treatment__case", "treatment__decision").order_by(
            "order"
        )
    )
    public = readable_ids(None, [item.treatment.case_id for item in items if item.treatment_id])
    for item in items:
        treatment = item.treatment
        hidden = item.closed or (treatment is not None and treatment.case_id not in public)
        if hidden:
            basis = item.exemption_basis or (treatment.case.exemption_basis if treatment else "")
            what = "Lukka sak" if item.closed else "Sak unnateke offentlegheit"
            lines += [f"PS {item.number} {what}, {exemption_reference(basis)}", ""]
            continue
        if treatment is None:
            lines += [f"PS {item.number} {item.title}", ""]
            continue
        case = treatment.case
        # Agenda number and case number, labelled as everywhere (core/numbers.py).
        lines.append(f"PS {item.number} {case.subject} (sak {case.number})")
        decision = getattr(treatment, "decision", None)
        if decision is not None:
            decision = decision.in_force  # a corrected decision is minuted as corrected
        if decision is None:
            lines.append("Vedtak: ikkje registrert")
        else:
            text = " ".join(strip_tags(decision.text).split()) or decision.get_outcome_display()
            vote = (
                "samrøystes"
                if decision.consensus
                else "dissens: " + " ".join(strip_tags(decision.dissent).split())
            )
            lines.append(f"Vedtak: {text} ({vote})")
        lines.append("")
    if not lines:
        return "Ingen saker på sakslista.\n"
    return "\n".join(lines).strip() + "\n"


class MinutesEditedError(ValidationError):
    """A draft would replace minutes someone has written or changed by hand."""


def minutes_edited(meeting: Meeting, draft: str | None = None) -> bool:
    """Whether the minutes hold text a person wrote or changed since the last draft, which a
    new draft (``draft``, built when not given) would throw away. The audit log says who
    wrote the text last: a draft, or someone editing it."""
    if not meeting.minutes.strip():
        return False
    if draft is None:
        draft = minutes_text(meeting)
    if meeting.minutes.strip() == draft.strip():
        return False
    last = (
        AuditEntry.objects.filter(
            object_type=meeting._meta.label_lower,
            object_id=str(meeting.pk),
            action__in=["meeting.minutes_draft", "meeting.minutes_update"],
            changes__has_key="minutes",
        )
        .order_by("-at", "-id")
        .first()
    )
    # Minutes of unknown origin (loaded, or from before the log) count as written by hand.
    return last is None or last.action != "meeting.minutes_draft"


def minutes_draft(*, actor: Actor, meeting: Meeting, replace_edited: bool = False) -> Meeting:
    """Replace the minutes with a draft built from the decisions recorded so far. Minutes
    someone has edited are replaced only when asked to (``replace_edited``), after the
    page has shown both texts."""
    if meeting.state != Meeting.State.HELD:
        raise MeetingStateError(_("Minutes are drafted after the meeting is held."))
    if not replace_edited and minutes_edited(meeting):
        raise MinutesEditedError(
            _("The minutes have been edited since they were drafted; choose which text to keep.")
        )
    with transaction.atomic():
        before = meeting.minutes
        meeting.minutes = minutes_text(meeting)
        meeting.save(update_fields=["minutes"])
        audit_record(
            actor=actor,
            action="meeting.minutes_draft",
            obj=meeting,
            summary=str(meeting),
            changes=audit_changes({"minutes": before}, {"minutes": meeting.minutes}),
        )
    return meeting


def minutes_update(*, actor: Actor, meeting: Meeting, minutes: str) -> Meeting:
    if meeting.state != Meeting.State.HELD:
        raise MeetingStateError(_("Only the minutes of a held meeting can be edited."))
    with transaction.atomic():
        changes = audit_changes({"minutes": meeting.minutes}, {"minutes": minutes})
        meeting.minutes = minutes
        meeting.save(update_fields=["minutes"])
        audit_record(
            actor=actor,
            action="meeting.minutes_update",
            obj=meeting,
            summary=str(meeting),
            changes=changes,
        )
    return meeting


def minutes_approve(
    *, actor: Actor, meeting: Meeting, approved_on: datetime.date, approved_by: str
) -> Meeting:
    """The minutes are approved (usually by the next meeting, or by the chair); after this
    neither minutes nor state change."""
    if not meeting.minutes.strip():
        raise MeetingStateError(_("Draft the minutes before approving them."))
    if not approved_by.strip():
        raise ValidationError({"approved_by": _("Say who approved the minutes.")})
    with transaction.atomic():
        meeting.minutes_approved_on = approved_on
        meeting.minutes_approved_by = approved_by.strip()
        return _transition(
            actor=actor,
            meeting=meeting,
            allowed_from={Meeting.State.HELD},
            to=Meeting.State.MINUTES_APPROVED,
            action="meeting.minutes_approve",
        )


def minutes_public_version_save(
    *, actor: Actor, meeting: Meeting, text: str, reason: str
) -> PublicMinutes:
    """Publish a redacted version of approved minutes, for a case made exempt after they
    were approved. The approved minutes stay as they were; the public reads this version."""
    if meeting.state != Meeting.State.MINUTES_APPROVED:
        raise MeetingStateError(_("Only approved minutes get a redacted public version."))
    text, reason = text.strip(), reason.strip()
    errors = {}
    if not text:
        errors["text"] = _("Write the public version of the minutes.")
    if not reason:
        errors["reason"] = _("Say why the minutes are redacted.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = PublicMinutes.objects.filter(meeting=meeting).first()
        before = existing.text if existing else meeting.minutes
        public, _created = PublicMinutes.objects.update_or_create(
            meeting=meeting,
            defaults={
                "text": text,
                "reason": reason,
                "redacted_by": actor if actor is not None and actor.is_authenticated else None,
            },
        )
        audit_record(
            actor=actor,
            action="meeting.minutes_redact",
            obj=meeting,
            summary=f"Offentleg versjon av referatet {meeting}: {reason}",
            changes={"public_minutes": [before, text]},
        )
    return public
