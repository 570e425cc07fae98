"""The notice of a meeting with its agenda as a file, PDF (WeasyPrint, from an HTML print
template) and DOCX (python-docx), and the minutes (møteprotokoll) as PDF for publication and
archiving. The case papers are printed by the case register (``cases.documents``).

Items the reader may not read show their legal basis instead of their subject; callers
hand over the agenda with each item's ``readable`` set (``meetings.access``). The minutes
print the text the reader may read (``access.minutes_for_user``: the redacted public
version for those who may not see what was made exempt after approval)."""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samhandling.core.documents import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    DocumentInfo,
    add_facts_table,
    add_title,
    new_document,
    pdf_from_template,
    rich_text,
    save_document,
)
from samhandling.structure.models import Membership

from .models import Attendance, Meeting
from .services import item_exemption_label

__all__ = [
    "DOCX_CONTENT_TYPE",
    "PDF_CONTENT_TYPE",
    "minutes_pdf",
    "notice_docx",
    "notice_pdf",
]


@dataclass(frozen=True)
class NoticeItem:
    number: str
    subject: str
    case_number: str
    role: str
    supplementary: bool = False


def notice_items(meeting: Meeting) -> list[NoticeItem]:
    """The agenda as the notice prints it; ``meeting`` comes from ``access.meeting_for_user``
    (each item's ``readable`` set)."""
    rows = []
    for item in meeting.agenda_items.all():
        treatment = item.treatment
        public = item.readable
        if treatment is None:
            subject = item.title if public else item_exemption_label(item)
            rows.append(NoticeItem(item.label, subject, "", "", item.supplementary))
            continue
        if not public:
            # Not even the case number: it leads to the case.
            rows.append(
                NoticeItem(item.label, item_exemption_label(item), "", "", item.supplementary)
            )
            continue
        rows.append(
            NoticeItem(
                item.label,
                treatment.case.subject,
                treatment.case.label,
                treatment.get_role_display(),
                item.supplementary,
            )
        )
    return rows


def notice_facts(meeting: Meeting) -> list[tuple[str, str]]:
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at)
    facts = [
        (_("Committee"), meeting.committee.name),
        (_("Time"), f"{formats.date_format(starts, 'j.n.Y')} {starts:%H:%M}–{ends:%H:%M}"),
    ]
    if meeting.place:
        facts.append((_("Place"), meeting.place))
    if meeting.video_link:
        facts.append((_("Video link"), meeting.video_link))
    return facts


def notice_title(meeting: Meeting) -> str:
    return _("Notice of meeting in %(committee)s") % {"committee": meeting.committee.name}


def _meeting_date(meeting: Meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "j.n.Y")


def meeting_info(meeting: Meeting, *, kind: str, title: str, draft: bool = False) -> DocumentInfo:
    committee = meeting.committee
    return DocumentInfo(
        kind=kind,
        title=title,
        reference=f"{committee.short_name or committee.name} {_meeting_date(meeting)}",
        author=committee.name,
        sender=committee.name,
        subject=meeting.title or title,
        keywords=(kind, committee.name, _meeting_date(meeting)),
        draft=draft,
    )


@dataclass(frozen=True)
class InviteeGroup:
    heading: str
    people: list[tuple[str, str]]  # (name, role and whom they represent)


_INVITEE_GROUPS = (
    ({Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR, Membership.Role.MEMBER}, "members"),
    ({Membership.Role.DEPUTY}, "deputies"),
    ({Membership.Role.OBSERVER}, "observers"),
    ({Membership.Role.SECRETARY}, "secretariat"),
)


def _recipients(meeting: Meeting) -> list:
    # notices imports this module to print the notice, so its recipients are read late.
    from .notices import notice_recipients

    return notice_recipients(meeting)


def invitee_groups(recipients: list) -> list[InviteeGroup]:
    """Who the notice is for, from the same recipients the notice is mailed to (members,
    deputies, observers, the secretariat, guests on single items), grouped as a notice
    lists them."""
    headings = {
        "members": _("Members"),
        "deputies": _("Deputies"),
        "observers": _("Observers (may speak and propose)"),
        "secretariat": _("Secretariat"),
        "guests": _("Attending single items"),
    }
    grouped: dict[str, list[tuple[str, str]]] = {key: [] for key in headings}
    for recipient in recipients:
        roles = {m.role for m in recipient.memberships}
        key = next((key for group, key in _INVITEE_GROUPS if roles & group), "guests")
        parties = dict.fromkeys(
            m.on_behalf_of.short_name or m.on_behalf_of.name
            for m in recipient.memberships
            if m.on_behalf_of_id
        )
        detail = ", ".join(recipient.roles)
        if parties:
            detail = f"{detail} ({', '.join(parties)})"
        grouped[key].append((recipient.person.full_name, detail))
    return [InviteeGroup(headings[key], people) for key, people in grouped.items() if people]


def absence_instructions(meeting: Meeting, recipients: list) -> str:
    """Where to report absence («forfall»): the secretariat, by the link in the notice's
    e-mail or on the meeting page, so that the deputy can be called in."""
    from .notices import site_url

    secretaries = [
        r.person
        for r in recipients
        if any(m.role == Membership.Role.SECRETARY for m in r.memberships)
    ]
    contact = ", ".join(
        f"{p.full_name} ({p.email})" if p.email else p.full_name for p in secretaries
    )
    text = _(
        "Members who cannot come report absence to the secretariat as soon as possible, with "
        "the link in the e-mail with this notice or on the meeting page %(url)s, so that the "
        "deputy can be called in."
    ) % {"url": site_url(meeting.get_absolute_url())}
    if contact:
        text += " " + _("Secretariat: %(contact)s.") % {"contact": contact}
    return text


def notice_pdf(meeting: Meeting, *, title: str | None = None) -> bytes:
    """``title`` replaces the usual one, as in «Retta innkalling» (a corrected notice)."""
    title = title or notice_title(meeting)
    recipients = _recipients(meeting)
    return pdf_from_template(
        "meetings/documents/notice.html",
        {
            "meeting": meeting,
            "title": title,
            "facts": notice_facts(meeting),
            "items": notice_items(meeting),
            "invitees": invitee_groups(recipients),
            "absence": absence_instructions(meeting, recipients),
        },
        meeting_info(meeting, kind=_("Notice of meeting"), title=title),
    )


def notice_docx(meeting: Meeting) -> bytes:
    title = notice_title(meeting)
    recipients = _recipients(meeting)
    document = new_document(meeting_info(meeting, kind=_("Notice of meeting"), title=title))
    add_title(document, title)
    add_facts_table(document, notice_facts(meeting))
    if meeting.title:
        document.add_paragraph(meeting.title)
    absence = document.add_paragraph()
    absence.add_run(f"{_('Absence')}: ").bold = True
    absence.add_run(absence_instructions(meeting, recipients))
    document.add_heading(_("Agenda"), level=2)
    items = notice_items(meeting)
    if not items:
        document.add_paragraph(_("No items on the agenda yet."))
    else:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            (
                _("Item"),
                _("Concerns"),
                _("Case number"),
                _("Treatment"),
            ),
            strict=True,
        ):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for item in items:
            cells = table.add_row().cells
            subject = item.subject
            if item.supplementary:
                subject = f"{subject} ({_('supplementary item')})"
            for cell, text in zip(
                cells, (item.number, subject, item.case_number, item.role), strict=True
            ):
                cell.text = text
    invitees = invitee_groups(recipients)
    if invitees:
        document.add_heading(_("Invited"), level=2)
        for group in invitees:
            document.add_heading(group.heading, level=3)
            for name, detail in group.people:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(name).bold = True
                paragraph.add_run(f" – {detail}")
    return save_document(document)


# The minutes


@dataclass(frozen=True)
class MinutesItem:
    number: str
    subject: str
    case_number: str
    decision: str


def _attendance_rows(meeting: Meeting) -> list[tuple[str, str, str]]:
    """(name, on behalf of, attendance) for each seat holder, then guests on single items."""
    rows = []
    for attendance in meeting.attendances.all():
        if attendance.membership_id:
            membership = attendance.membership
            status = attendance.get_status_display()
            if attendance.status == Attendance.Status.DEPUTY_PRESENT and attendance.deputy_id:
                status = _("absent, deputy %(name)s met") % {"name": attendance.deputy.full_name}
            party = membership.on_behalf_of
            rows.append(
                (
                    membership.person.full_name,
                    f"{membership.get_role_display()}, {party.short_name or party.name}",
                    status,
                )
            )
    for attendance in meeting.attendances.all():
        if not attendance.membership_id and attendance.person_id:
            rows.append(
                (
                    attendance.person.full_name,
                    (attendance.on_behalf_of.name if attendance.on_behalf_of_id else ""),
                    _("present for %(item)s") % {"item": attendance.agenda_item.label},
                )
            )
    return rows


def minutes_items(meeting: Meeting) -> list[MinutesItem]:
    """Each item with the decision in force; items the reader may not read show only their
    number and legal basis."""
    rows = []
    for item in meeting.agenda_items.all():
        treatment = item.treatment
        if not item.readable:
            rows.append(MinutesItem(item.label, item_exemption_label(item), "", ""))
            continue
        if treatment is None:
            rows.append(MinutesItem(item.label, item.title, "", ""))
            continue
        decision = getattr(treatment, "decision", None)
        outcome = decision.in_force.get_outcome_display() if decision else _("not recorded")
        outcome = f"{outcome[:1].upper()}{outcome[1:]}"
        rows.append(MinutesItem(item.label, treatment.case.subject, treatment.case.label, outcome))
    return rows


def minutes_title(meeting: Meeting) -> str:
    return _("Minutes of meeting – %(committee)s") % {"committee": meeting.committee.name}


def minutes_pdf(meeting: Meeting, *, text: str, redacted: bool) -> bytes:
    """The minutes as PDF; ``text`` and ``redacted`` come from ``access.minutes_for_user``.
    Minutes not yet approved (the secretariat's draft) carry a DRAFT watermark."""
    approved = meeting.state == Meeting.State.MINUTES_APPROVED
    title = minutes_title(meeting)
    return pdf_from_template(
        "meetings/documents/minutes.html",
        {
            "meeting": meeting,
            "title": title,
            "facts": notice_facts(meeting),
            "attendance": _attendance_rows(meeting),
            "items": minutes_items(meeting),
            "text": rich_text(text),
            "redacted": redacted,
            "addenda": list(meeting.addenda.all()) if approved else [],
            "approved": approved,
        },
        meeting_info(meeting, kind=_("Minutes of meeting"), title=title, draft=not approved),
    )
