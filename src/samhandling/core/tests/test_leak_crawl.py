"""The leak crawl (issue 7): a unique marker in every exempt field and attachment, then every
page, document (PDF and DOCX text), calendar feed, CSV export and search result reachable
as each persona, failing on any marker the persona may not see.

The dataset is built with the factories around the personas (``testing/personas.py``), so it
holds one of each way content is protected: an exempt case on each persona's committee, a
case only its case officer reads, an open paper with an exempt section and an exempt
attachment, an open case on an agenda as a closed item, a closed item without a case, and
a case made exempt after its minutes were approved. The crawl uses Django's test client."""

import datetime
import io
import re
from collections import deque
from urllib.parse import parse_qs, urldefrag, urlparse

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from samhandling.cases.models import Adoption, Attachment, Case, Proposal, Recommendation
from samhandling.cases.services import attachment_add, case_create
from samhandling.cases.tests.factories import make_decision, make_treatment
from samhandling.core.access import Access, ExemptionBasis
from samhandling.meetings.models import Meeting
from samhandling.meetings.services import minutes_text
from samhandling.meetings.tests.factories import make_agenda_item, make_meeting
from samhandling.search.services import search_reindex_all

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 3, 1)
ALL = {"public", "analyst", "member", "observer", "case_officer", "party_admin", "secretariat"}
# A PDF prints what the DOCX prints (the same helpers choose what goes in), and WeasyPrint
# takes a while; the public's PDFs are read, the other personas' DOCX only.
PDF_PERSONAS = {"public"}

# Addresses the crawl never follows: logging out, switching language, the back office.
# People and organisations show no case content (core/tests/test_view_access.py keeps it so).
SKIP = re.compile(
    r"^/(admin/|konto/|i18n/|static/|forlop/|struktur/personar/|struktur/organisasjonar/)"
)


class Markers:
    """Unique words, each with the personas that may see it."""

    def __init__(self) -> None:
        self.allowed: dict[str, set[str]] = {}

    def __call__(self, name: str, *readers: str) -> str:
        marker = f"qzx{name.lower()}qzx"
        self.allowed[marker] = {"secretariat", *readers}
        return marker


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _case(mark: Markers, key: str, readers: tuple[str, ...], **fields) -> Case:
    """A case with a marker in its subject and every section."""
    m = lambda field: mark(f"{key}{field}", *readers)  # noqa: E731
    return case_create(
        actor=None,
        subject=f"Sak {m('subject')}",
        kind=Case.Kind.DECISION,
        paper_date=DAY,
        introduction=f"<p>{m('introduction')}</p>",
        background=f"<p>{m('background')}</p>",
        assessment=f"<p>{m('assessment')}</p>",
        further_work=f"<p>{m('furtherwork')}</p>",
        proposed_resolution=f"<p>{m('proposed')}</p>",
        **fields,
    )


def _decide(mark: Markers, key: str, readers: tuple[str, ...], treatment, proposer) -> None:
    decision = make_decision(
        treatment=treatment,
        text=f"<p>{mark(key + 'decision', *readers)}</p>",
        consensus=False,
        dissent=mark(key + "dissent", *readers),
    )
    Proposal.objects.create(
        treatment=treatment, proposer=proposer, text=mark(key + "proposal", *readers)
    )
    return decision


@pytest.fixture
def world(personas):
    mark = Markers()
    exempt = {"access": Access.EXEMPT, "exemption_basis": ExemptionBasis.OFFL_13}
    ou, ssu, pm = personas.ou_bergen, personas.ssu, personas.partnership
    member, observer = personas.member.person, personas.observer.person

    # An exempt case on OU Bergen's table, decided, with a recommendation, an adoption and
    # an attachment (open in itself, exempt with its case).
    a = _case(mark, "a", ("member",), committees=[ou], **exempt)
    decision = _decide(mark, "a", ("member",), a.treatments.get(), member)
    recommendation = Recommendation.objects.create(
        decision=decision, text=mark("arecommendation", "member")
    )
    Adoption.objects.create(
        recommendation=recommendation,
        party=personas.alver,
        reference=mark("aadoption", "member"),
        changes=mark("aadoptionchanges", "member"),
    )
    attachment_add(
        actor=None,
        case=a,
        title=f"Vedlegg {mark('aattachmenttitle', 'member')}",
        data=_docx(f"Innhald {mark('aattachmenttext', 'member')}"),
    )
    meeting_ou = make_meeting(committee=ou, starts_at=_at(2022, 3, 10))
    make_agenda_item(meeting=meeting_ou, treatment=a.treatments.get())

    # Exempt cases on SSU's and the partnership meeting's tables, and one only its case
    # officer reads.
    b = _case(mark, "b", ("observer",), committees=[ssu], **exempt)
    _decide(mark, "b", ("observer",), b.treatments.get(), observer)
    _case(mark, "g", ("party_admin",), committees=[pm], **exempt)
    _case(mark, "c", ("case_officer",), case_officer=personas.case_officer.person, **exempt)

    # An open paper on OU Bergen's table with an exempt section and an exempt attachment.
    d = case_create(
        actor=None,
        subject="Open sak med unnateke vurdering",
        kind=Case.Kind.DECISION,
        paper_date=DAY,
        committees=[ou],
        background="<p>Open bakgrunn.</p>",
        assessment=f"<p>{mark('dassessment', 'member')}</p>",
        exemption_basis=ExemptionBasis.OFFL_13_FVL,
        exempt_sections=["assessment"],
    )
    attachment_add(
        actor=None,
        case=d,
        title=f"Namneliste {mark('dattachmenttitle', 'member')}",
        data=_docx(f"Namn {mark('dattachmenttext', 'member')}"),
        access=Access.EXEMPT,
        exemption_basis=ExemptionBasis.OFFL_13,
    )
    make_agenda_item(meeting=meeting_ou, treatment=d.treatments.get())

    # An open case on OU Bergen's agenda as a closed item, and a closed item with no case.
    e = _case(mark, "e", ("member",))
    closed_treatment = make_treatment(case=e, committee=ou)
    make_agenda_item(
        meeting=meeting_ou,
        treatment=closed_treatment,
        closed=True,
        exemption_basis=ExemptionBasis.OFFL_13,
    )
    _decide(mark, "e", ("member",), closed_treatment, member)
    make_agenda_item(
        meeting=meeting_ou,
        title=f"Drøfting {mark('ftitle', 'member')}",
        closed=True,
        exemption_basis=ExemptionBasis.OFFL_23,
    )

    # A case made exempt after SSU approved its minutes.
    h = case_create(
        actor=None,
        subject=f"Sak {mark('hsubject', 'observer')}",
        kind=Case.Kind.DECISION,
        paper_date=DAY,
        committees=[ssu],
    )
    meeting_ssu = make_meeting(committee=ssu, starts_at=_at(2022, 2, 10))
    make_agenda_item(meeting=meeting_ssu, treatment=h.treatments.get())
    make_decision(treatment=h.treatments.get(), text=mark("hdecision", "observer"))
    Meeting.objects.filter(pk=meeting_ssu.pk).update(
        state=Meeting.State.MINUTES_APPROVED,
        minutes=minutes_text(meeting_ssu),
        minutes_approved_on=DAY,
        minutes_approved_by="Leiar",
    )
    Case.objects.filter(pk=h.pk).update(**exempt)

    # Something open, so the crawl can tell it reaches what it should.
    case_create(
        actor=None,
        subject="Open sak qzxopenqzx",
        kind=Case.Kind.DECISION,
        paper_date=DAY,
        committees=[ou, ssu],
    )
    search_reindex_all()
    return mark


def _at(year: int, month: int, day: int):
    from samhandling.meetings.tests.factories import at

    return at(year, month, day)


def _text(response) -> str:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in content_type:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if "wordprocessingml" in content_type:
        document = docx.Document(io.BytesIO(body))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    text = body.decode("utf-8", errors="replace")
    if "calendar" in content_type:
        text = text.replace("\r\n ", "")  # unfold iCalendar lines
    return text


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def _start_urls(mark: Markers) -> list[str]:
    urls = [
        "/",
        reverse("cases:list"),
        reverse("cases:list") + "?sort=subject",
        reverse("cases:list") + "?kind=decision",
        reverse("cases:list_csv"),
        reverse("cases:list_csv") + "?kind=decision",
        reverse("cases:adoptions") + "?status=",
        reverse("meetings:list") + "?tid=all",
        reverse("structure:overview"),
    ]
    for case in Case.objects.all():
        urls += [
            case.get_absolute_url(),
            reverse("cases:paper_docx", args=[case.year, case.sequence]),
            reverse("cases:paper_pdf", args=[case.year, case.sequence]),
        ]
    for attachment in Attachment.objects.all():
        urls.append(reverse("cases:attachment", args=[attachment.pk]))
    for meeting in Meeting.objects.select_related("committee"):
        urls += [
            meeting.get_absolute_url(),
            reverse("meetings:notice_docx", args=[meeting.pk]),
            reverse("meetings:notice_pdf", args=[meeting.pk]),
            reverse("meetings:minutes_pdf", args=[meeting.pk]),
            reverse("meetings:committee_ical", args=[meeting.committee.slug]),
        ]
    # The search page for a few words; every marker is searched through the selector below.
    urls += [reverse("search:search") + f"?q={q}" for q in ("sak", "qzxadecisionqzx")]
    return urls


def _search_texts(user, mark: Markers) -> dict[str, str]:
    """What a search for each marker shows the user: the subject and snippet of each hit."""
    from samhandling.search.selectors import search_cases

    texts = {}
    for marker in mark.allowed:
        page = search_cases(query=marker, user=user)
        texts[f"search:{marker}"] = "\n".join(
            f"{r.number} {r.subject_html} {r.snippet}" for r in page.results
        ) + ("\n" + marker if page.total else "")
    return texts


def _crawl(client, start: list[str], *, pdf: bool) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue:
        url = urldefrag(queue.popleft())[0]
        parsed = urlparse(url)
        if parsed.netloc or url in seen or SKIP.match(parsed.path) or not url.startswith("/"):
            continue
        if parsed.path.endswith(".pdf") and not pdf:
            continue
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            seen[url] = ""
            continue
        if response.status_code != 200:
            seen[url] = ""
            continue
        text = _text(response)
        if parsed.path == reverse("search:search"):
            # The page repeats the words searched for (title, search box, the language
            # switch's return address); only what it found counts.
            query = parse_qs(parsed.query).get("q", [""])[0]
            text = re.sub(r"<title>.*?</title>", "", text, flags=re.S)
            text = text.replace(f'value="{query}"', "").replace(f"q={query}", "")
        seen[url] = text
        if "text/html" in response.get("Content-Type", ""):
            for link in _links(text):
                queue.append(link.replace("&amp;", "&"))
    return seen


def test_no_persona_sees_a_marker_it_may_not_see(personas, world):
    mark = world
    start = _start_urls(mark)
    leaks = []
    seen_by: dict[str, set[str]] = {marker: set() for marker in mark.allowed}
    for name in sorted(ALL):
        pages = _crawl(personas.client(name), start, pdf=name in PDF_PERSONAS)
        # A hit is a leak even when the snippet shows other text, hence the marker added
        # to any search that found something.
        pages.update(_search_texts(personas.all()[name], mark))
        for url, text in pages.items():
            for marker, allowed in mark.allowed.items():
                if marker in text:
                    seen_by[marker].add(name)
                    if name not in allowed:
                        leaks.append(f"{name} sees {marker} at {url}")
        if name == "public":
            assert any("qzxopenqzx" in text for text in pages.values())
    assert not leaks, "\n".join(leaks)
    # The crawl reaches every marker: each is seen by everyone who may see it.
    unreached = {
        m: allowed - seen_by[m] for m, allowed in mark.allowed.items() if allowed - seen_by[m]
    }
    assert not unreached, unreached
