"""The notice of a meeting with its agenda as a file: PDF (WeasyPrint, from an HTML print
template) and DOCX (python-docx). The case papers are printed by the case register
(``cases.documents``).

Items the reader may not read show their legal basis instead of their subject; callers
hand over the agenda with each item's ``readable`` set (``meetings.access``)."""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samhandling.core.documents import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    add_facts_table,
    add_title,
    new_document,
    pdf_from_template,
    save_document,
)

from .models import Meeting
from .services import item_exemption_label

__all__ = ["DOCX_CONTENT_TYPE", "PDF_CONTENT_TYPE", "notice_docx", "notice_pdf"]


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
            rows.append(NoticeItem(item.number, subject, "", "", item.supplementary))
            continue
        if not public:
            # Not even the case number: it leads to the case.
            rows.append(
                NoticeItem(item.number, item_exemption_label(item), "", "", item.supplementary)
            )
            continue
        rows.append(
            NoticeItem(
                item.number,
                treatment.case.subject,
                treatment.case.number,
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


def notice_pdf(meeting: Meeting, *, title: str | None = None) -> bytes:
    """``title`` replaces the usual one, as in «Retta innkalling» (a corrected notice)."""
    return pdf_from_template(
        "meetings/documents/notice.html",
        {
            "meeting": meeting,
            "title": title or notice_title(meeting),
            "facts": notice_facts(meeting),
            "items": notice_items(meeting),
        },
    )


def notice_docx(meeting: Meeting) -> bytes:
    document = new_document()
    add_title(document, notice_title(meeting))
    add_facts_table(document, notice_facts(meeting))
    if meeting.title:
        document.add_paragraph(meeting.title)
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
    return save_document(document)
