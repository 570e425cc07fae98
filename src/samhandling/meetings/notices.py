"""Notices that reach people: the notice of a meeting sent by e-mail to the committee, with
the notice and the case papers as one PDF and links to each paper; absences («forfall»)
reported from a link in the mail or on the meeting page, with the member's deputy called in;
and the corrected notice («Retta innkalling») after the date or the agenda changed.

Recipients are the people of the committee's current memberships (members, deputies,
observers, the secretary) and anyone an app registers as attending single items
(``register_item_guests``). Each gets what they themselves may read (``meetings.access``,
``cases.access``): a paper exempt from public access reaches only those close to its case.

Every sending is recorded (``NoticeDispatch`` with one ``NoticeRecipient`` per person:
address, the items whose papers went along, and whether the mail server took it)."""

import io
import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from samhandling.cases import documents as case_documents
from samhandling.cases.models import Case
from samhandling.cases.selectors import case_paper_queryset
from samhandling.core.actor import Actor
from samhandling.core.audit import audit_record
from samhandling.structure.models import Membership, Person

from . import access, documents, selectors, services
from .models import Absence, AgendaItem, Meeting, NoticeDispatch, NoticeRecipient

logger = logging.getLogger(__name__)

ABSENCE_SALT = "samhandling.meetings.absence"
# Roles that hold a seat in the meeting and so report absence and have a deputy called in.
ABSENT_ROLES = {Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR, Membership.Role.MEMBER}

# Sources of people who attend single items only («på sak»): each returns (person, item)
# pairs for a meeting. The app that records such attendance registers its source.
_item_guest_sources: list[Callable[[Meeting], Iterable[tuple[Person, AgendaItem]]]] = []


def register_item_guests(
    source: Callable[[Meeting], Iterable[tuple[Person, AgendaItem]]],
) -> None:
    if source not in _item_guest_sources:
        _item_guest_sources.append(source)


def unregister_item_guests(
    source: Callable[[Meeting], Iterable[tuple[Person, AgendaItem]]],
) -> None:
    if source in _item_guest_sources:
        _item_guest_sources.remove(source)


@dataclass(frozen=True)
class PersonReader:
    """A person as a reader, for asking the access rules what a recipient may see. Mail is
    read outside the site, so this stands in for the person's login."""

    person_id: int
    is_authenticated: bool = True
    is_superuser: bool = False
    is_secretariat: bool = False


@dataclass
class Recipient:
    person: Person
    roles: list[str] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    # None: the whole agenda; else only these items (a guest attending single items).
    item_ids: set[int] | None = None
    # The secretariat's copy: reads every paper, exempt ones included.
    secretariat: bool = False

    def absence_memberships(self) -> list[Membership]:
        return [m for m in self.memberships if m.role in ABSENT_ROLES]


def notice_recipients(meeting: Meeting) -> list[Recipient]:
    """Who gets the notice, one entry per person, sorted by name."""
    memberships = (
        Membership.objects.current()
        .filter(seat__committee_id=meeting.committee_id)
        .select_related("person", "seat", "deputy_for__person")
    )
    by_person: dict[int, Recipient] = {}
    for membership in memberships:
        recipient = by_person.setdefault(membership.person_id, Recipient(membership.person))
        recipient.memberships.append(membership)
        role = membership.get_role_display()
        if membership.deputy_for_id:
            role = _("%(role)s for %(person)s") % {
                "role": role,
                "person": membership.deputy_for.person.full_name,
            }
        recipient.roles.append(role)
    for source in _item_guest_sources:
        for person, item in source(meeting):
            if item.meeting_id != meeting.pk:
                continue
            recipient = by_person.get(person.pk)
            if recipient is None:
                recipient = by_person[person.pk] = Recipient(person, item_ids=set())
            if recipient.item_ids is not None:
                recipient.item_ids.add(item.pk)
                label = _("attends item %(number)s") % {"number": item.number}
                recipient.roles.append(label)
    return sorted(by_person.values(), key=lambda r: (r.person.family_name, r.person.given_name))


def absence_token(meeting: Meeting, membership: Membership) -> str:
    return signing.dumps({"meeting": meeting.pk, "membership": membership.pk}, salt=ABSENCE_SALT)


def absence_token_read(token: str) -> tuple[int, int]:
    """The (meeting, membership) a token was made for; ``signing.BadSignature`` if forged."""
    data = signing.loads(token, salt=ABSENCE_SALT)
    return int(data["meeting"]), int(data["membership"])


def site_url(path: str) -> str:
    return settings.SITE_URL + path


@dataclass
class Bundle:
    pdf: bytes
    items: list[AgendaItem]  # the items the recipient may read, in order
    papers: list[tuple[AgendaItem, Case]]  # the items whose case paper is in the bundle


class BundleMaker:
    """Builds each recipient's PDF bundle; papers and notices that come out the same for
    several recipients are printed once."""

    def __init__(self, meeting: Meeting, *, title: str | None = None) -> None:
        self.meeting_pk = meeting.pk
        self.title = title
        self._papers: dict[tuple[int, bool], bytes] = {}
        self._notices: dict[tuple, bytes] = {}
        self._cases: dict[int, Case] = {}

    def _case(self, case_id: int) -> Case:
        if case_id not in self._cases:
            self._cases[case_id] = case_paper_queryset().get(pk=case_id)
        return self._cases[case_id]

    def bundle(
        self, person: Person, item_ids: set[int] | None, *, secretariat: bool = False
    ) -> Bundle:
        reader = PersonReader(person.pk, is_secretariat=secretariat)
        meeting = access.meeting_for_user(reader, self.meeting_pk, selectors.meetings_with_agenda())
        items = list(meeting.agenda_items.all())
        if item_ids is not None:
            items = [item for item in items if item.pk in item_ids]
            meeting._prefetched_objects_cache["agenda_items"] = items
        key = tuple((item.pk, item.readable) for item in items)
        if key not in self._notices:
            self._notices[key] = documents.notice_pdf(meeting, title=self.title)
        writer = PdfWriter()
        writer.append(PdfReader(io.BytesIO(self._notices[key])))
        papers = []
        for item in items:
            if item.treatment_id is None or not item.readable:
                continue
            case = self._case(item.treatment.case_id)
            paper_key = (case.pk, bool(item.close))
            if paper_key not in self._papers:
                self._papers[paper_key] = case_documents.case_paper_pdf(
                    case, show_exempt=bool(item.close)
                )
            writer.append(PdfReader(io.BytesIO(self._papers[paper_key])))
            papers.append((item, case))
        info = documents.meeting_info(
            meeting,
            kind=_("Notice of meeting"),
            title=self.title or documents.notice_title(meeting),
        )
        writer.add_metadata(
            {
                "/Title": info.title,
                "/Author": info.author,
                "/Subject": info.subject,
                "/Keywords": ", ".join(info.keywords),
                "/Creator": "Samhandling",
            }
        )
        # Merging keeps the pages, not the catalogue: the language is set again.
        writer.root_object[NameObject("/Lang")] = TextStringObject(info.language)
        out = io.BytesIO()
        writer.write(out)
        return Bundle(out.getvalue(), [i for i in items if i.readable], papers)


def _subject(meeting: Meeting, kind: str) -> str:
    when = timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y")
    name = meeting.committee.short_name or meeting.committee.name
    if kind == NoticeDispatch.Kind.CORRECTED:
        return _("Corrected notice: %(committee)s %(date)s") % {"committee": name, "date": when}
    if kind == NoticeDispatch.Kind.DEPUTY_CALL_IN:
        return _("You are called in as deputy: %(committee)s %(date)s") % {
            "committee": name,
            "date": when,
        }
    return _("Notice of meeting: %(committee)s %(date)s") % {"committee": name, "date": when}


def _message(
    *,
    meeting: Meeting,
    kind: str,
    subject: str,
    recipient: Recipient,
    bundle: Bundle,
    absent_member: Membership | None = None,
) -> EmailMessage:
    absence_links = [
        (m, site_url(reverse("meetings:absence_link", args=[absence_token(meeting, m)])))
        for m in recipient.absence_memberships()
    ]
    body = render_to_string(
        "meetings/email/notice.txt",
        {
            "meeting": meeting,
            "kind": kind,
            "recipient": recipient,
            "facts": documents.notice_facts(meeting),
            "items": bundle.items,
            "papers": [
                (item, case, site_url(reverse("cases:paper_pdf", args=[case.year, case.sequence])))
                for item, case in bundle.papers
            ],
            "meeting_url": site_url(meeting.get_absolute_url()),
            "absence_links": absence_links,
            "absent_member": absent_member,
        },
    )
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.person.email],
    )
    name = "retta-innkalling" if kind == NoticeDispatch.Kind.CORRECTED else "innkalling"
    message.attach(
        f"{name}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf",
        bundle.pdf,
        documents.PDF_CONTENT_TYPE,
    )
    return message


@dataclass
class _Outcome:
    recipient: Recipient
    address: str
    items: str
    status: str
    error: str = ""


def _deliver(
    meeting: Meeting,
    kind: str,
    recipients: list[Recipient],
    *,
    absent_member: Membership | None = None,
) -> tuple[str, list[_Outcome]]:
    """Build and send one mail per recipient; a failed mail does not stop the others."""
    subject = _subject(meeting, kind)
    title = None
    if kind == NoticeDispatch.Kind.CORRECTED:
        title = _("Corrected notice of meeting in %(committee)s") % {
            "committee": meeting.committee.name
        }
    maker = BundleMaker(meeting, title=title)
    outcomes = []
    connection = None
    for recipient in recipients:
        address = recipient.person.email.strip()
        if not address:
            outcomes.append(_Outcome(recipient, "", "", NoticeRecipient.Status.NO_ADDRESS))
            continue
        bundle = maker.bundle(
            recipient.person, recipient.item_ids, secretariat=recipient.secretariat
        )
        numbers = ", ".join(item.number for item, _case in bundle.papers)
        message = _message(
            meeting=meeting,
            kind=kind,
            subject=subject,
            recipient=recipient,
            bundle=bundle,
            absent_member=absent_member,
        )
        try:
            if connection is None:
                connection = get_connection()
                connection.open()
            message.connection = connection
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            logger.warning(
                "Notice of meeting %s to person %s failed: %s",
                meeting.pk,
                recipient.person.pk,
                error,
            )
            outcomes.append(
                _Outcome(
                    recipient, address, numbers, NoticeRecipient.Status.FAILED, str(error)[:500]
                )
            )
            connection = None
        else:
            outcomes.append(_Outcome(recipient, address, numbers, NoticeRecipient.Status.SENT))
    if connection is not None:
        connection.close()
    return subject, outcomes


def _record(
    *, actor: Actor, meeting: Meeting, kind: str, subject: str, outcomes: list[_Outcome]
) -> NoticeDispatch:
    dispatch = NoticeDispatch.objects.create(
        meeting=meeting,
        kind=kind,
        sent_at=timezone.now(),
        sent_by=actor if actor is not None and actor.is_authenticated else None,
        subject=subject,
        starts_at=meeting.starts_at,
        place=meeting.place,
        agenda=list(meeting.agenda_items.order_by("order").values_list("pk", flat=True)),
    )
    NoticeRecipient.objects.bulk_create(
        NoticeRecipient(
            dispatch=dispatch,
            person=o.recipient.person,
            role=", ".join(o.recipient.roles)[:200],
            address=o.address,
            items=o.items[:1000],
            status=o.status,
            error=o.error,
        )
        for o in outcomes
    )
    audit_record(
        actor=actor,
        action=f"meeting.{kind}",
        obj=meeting,
        summary=f"{subject}: {sum(o.status == 'sent' for o in outcomes)} av {len(outcomes)} sendt",
        changes={
            str(o.recipient.person): f"{o.status} {o.address} [{o.items}]".strip() for o in outcomes
        },
    )
    return dispatch


def _with_sender(recipients: list[Recipient], actor: Actor) -> list[Recipient]:
    """The secretariat member who sends the notice gets a copy, if their login is tied to a
    person with an address and they are not on the committee already."""
    person = (
        getattr(actor, "person", None) if actor is not None and actor.is_authenticated else None
    )
    if person is None or any(r.person.pk == person.pk for r in recipients):
        return recipients
    return [*recipients, Recipient(person, roles=[_("secretariat")], secretariat=True)]


def notice_send(*, actor: Actor, meeting: Meeting) -> NoticeDispatch:
    """Send the notice to everyone on the committee and mark it as sent."""
    if meeting.state != Meeting.State.PLANNED:
        raise services.MeetingStateError(_("The notice of this meeting has already been sent."))
    # The state changes first (under a row lock), so a second click cannot send it twice.
    services.meeting_notice_send(actor=actor, meeting=meeting)
    recipients = _with_sender(notice_recipients(meeting), actor)
    subject, outcomes = _deliver(meeting, NoticeDispatch.Kind.NOTICE, recipients)
    with transaction.atomic():
        return _record(
            actor=actor,
            meeting=meeting,
            kind=NoticeDispatch.Kind.NOTICE,
            subject=subject,
            outcomes=outcomes,
        )


def notice_correct(*, actor: Actor, meeting: Meeting) -> NoticeDispatch:
    """Send the corrected notice («Retta innkalling») to the same people as the notice, and
    to the deputies called in since."""
    if meeting.state != Meeting.State.NOTICE_SENT or not meeting.dispatches.exists():
        raise services.MeetingStateError(
            _("A corrected notice follows a notice sent before the meeting is held.")
        )
    recipients = _with_sender(notice_recipients(meeting), actor)
    known = {r.person.pk for r in recipients}
    sent_to = (
        NoticeRecipient.objects.filter(dispatch__meeting=meeting)
        .exclude(person_id__in=known)
        .select_related("person")
    )
    for row in sent_to:
        if row.person_id not in known:
            known.add(row.person_id)
            recipients.append(Recipient(row.person, roles=[row.role]))
    subject, outcomes = _deliver(meeting, NoticeDispatch.Kind.CORRECTED, recipients)
    with transaction.atomic():
        return _record(
            actor=actor,
            meeting=meeting,
            kind=NoticeDispatch.Kind.CORRECTED,
            subject=subject,
            outcomes=outcomes,
        )


def notice_changes(meeting: Meeting) -> list[str]:
    """What changed since the last notice went out (time, place, agenda); empty when the
    notice still holds or none was sent."""
    if meeting.state != Meeting.State.NOTICE_SENT:
        return []
    last = (
        meeting.dispatches.exclude(kind=NoticeDispatch.Kind.DEPUTY_CALL_IN)
        .order_by("-sent_at", "-pk")
        .first()
    )
    if last is None:
        return []
    changes = []
    if last.starts_at != meeting.starts_at:
        changes.append(_("the time"))
    if last.place != meeting.place:
        changes.append(_("the place"))
    agenda = [item.pk for item in sorted(meeting.agenda_items.all(), key=lambda i: i.order)]
    if agenda != list(last.agenda):
        changes.append(_("the agenda"))
    return changes


# --- absence («forfall») ------------------------------------------------------------------


class AbsenceError(ValidationError):
    pass


def absence_report(*, actor: Actor, meeting: Meeting, membership: Membership) -> Absence:
    """Record that the member cannot come and call in their registered deputy (a current
    deputy of the same membership who has not reported absence), who gets the notice by
    e-mail and appears among the invited. A second report of the same absence is refused."""
    if membership.seat.committee_id != meeting.committee_id or membership.role not in ABSENT_ROLES:
        raise AbsenceError(_("Only a member of the committee reports absence from its meetings."))
    if meeting.state not in {Meeting.State.PLANNED, Meeting.State.NOTICE_SENT}:
        raise AbsenceError(_("The meeting has been held; absence can no longer be reported."))
    absent = set(Absence.objects.filter(meeting=meeting).values_list("membership_id", flat=True))
    deputy = (
        membership.deputies.current()
        .exclude(pk__in=absent)
        .select_related("person")
        .order_by("start", "pk")
        .first()
    )
    try:
        with transaction.atomic():
            absence = Absence.objects.create(
                meeting=meeting,
                membership=membership,
                reported_at=timezone.now(),
                reported_by=actor if actor is not None and actor.is_authenticated else None,
                deputy=deputy.person if deputy else None,
            )
            audit_record(
                actor=actor,
                action="meeting.absence",
                obj=meeting,
                summary=f"Forfall frå {membership.person} til {meeting}"
                + (f"; vara {deputy.person} kalla inn" if deputy else "; ingen vara registrert"),
            )
    except IntegrityError:
        raise AbsenceError(_("The absence has already been reported.")) from None
    if deputy is not None:
        recipient = Recipient(
            deputy.person,
            roles=[_("deputy for %(person)s") % {"person": membership.person.full_name}],
            memberships=[],
        )
        subject, outcomes = _deliver(
            meeting, NoticeDispatch.Kind.DEPUTY_CALL_IN, [recipient], absent_member=membership
        )
        with transaction.atomic():
            _record(
                actor=actor,
                meeting=meeting,
                kind=NoticeDispatch.Kind.DEPUTY_CALL_IN,
                subject=subject,
                outcomes=outcomes,
            )
    return absence


def absence_memberships_for(user: Actor | None, meeting: Meeting) -> list[Membership]:
    """The logged-in person's seats in the meeting's committee that may report absence."""
    person_id = getattr(user, "person_id", None) if user and user.is_authenticated else None
    if person_id is None:
        return []
    return list(
        Membership.objects.current()
        .filter(person_id=person_id, seat__committee_id=meeting.committee_id, role__in=ABSENT_ROLES)
        .select_related("person", "seat")
    )


@dataclass(frozen=True)
class Invitee:
    person: Person
    role: str
    address: str
    status: str
    status_label: str
    sent_at: object
    kind_label: str
    items: str


def invitees(meeting: Meeting) -> list[Invitee]:
    """Who was sent what and when: each person's latest mail about the meeting."""
    latest: dict[int, Invitee] = {}
    rows = (
        NoticeRecipient.objects.filter(dispatch__meeting=meeting)
        .select_related("person", "dispatch")
        .order_by("dispatch__sent_at", "dispatch__pk")
    )
    for row in rows:
        latest[row.person_id] = Invitee(
            person=row.person,
            role=row.role,
            address=row.address,
            status=row.status,
            status_label=row.get_status_display(),
            sent_at=row.dispatch.sent_at,
            kind_label=row.dispatch.get_kind_display(),
            items=row.items,
        )
    return sorted(latest.values(), key=lambda i: (i.person.family_name, i.person.given_name))
