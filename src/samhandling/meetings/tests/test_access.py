"""Who reads what of meetings (meetings.access): closed items, notices, feeds and minutes."""

import pytest
from django.urls import reverse

from samhandling.cases.models import Case
from samhandling.cases.tests.factories import make_case, make_decision, make_treatment
from samhandling.core.access import Access, ExemptionBasis
from samhandling.core.models import AuditEntry
from samhandling.meetings import services
from samhandling.meetings.models import Meeting, PublicMinutes

from .factories import make_agenda_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_meeting(personas):
    """OU Bergen's meeting with an OPEN case put on the agenda as a closed item (offl. § 13),
    decided, and an open item."""
    meeting = make_meeting(committee=personas.ou_bergen)
    case = make_case(subject="Lukka pasientsak", kind=Case.Kind.DECISION, sequence=77)
    treatment = make_treatment(case=case, committee=personas.ou_bergen)
    make_agenda_item(
        meeting=meeting, treatment=treatment, closed=True, exemption_basis=ExemptionBasis.OFFL_13
    )
    make_decision(treatment=treatment, text="Vedtak om pasienten i lukka sak.")
    make_agenda_item(
        meeting=meeting,
        treatment=make_treatment(
            case=make_case(subject="Open sak om legevakt"), committee=personas.ou_bergen
        ),
    )
    return meeting


def _docx_text(content: bytes) -> str:
    import io

    import docx

    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_closed_item_protects_its_open_case_on_the_meeting_page_notice_and_feed(
    personas, closed_meeting
):
    case = Case.objects.get(subject="Lukka pasientsak")
    for name in ("public", "analyst", "observer", "party_admin"):
        client = personas.client(name)
        page = client.get(closed_meeting.get_absolute_url()).content.decode()
        notice = _docx_text(
            client.get(reverse("meetings:notice_docx", args=[closed_meeting.pk])).content
        )
        feed = client.get(
            reverse("meetings:committee_ical", args=[personas.ou_bergen.slug])
        ).content.decode()
        for text in (page, notice, feed):
            assert "Lukka pasientsak" not in text, name
            assert case.number not in text, name
            assert "Vedtak om pasienten" not in text, name
        assert "Open sak om legevakt" in page and "Offl. § 13" in page
    page = personas.client("member").get(closed_meeting.get_absolute_url()).content.decode()
    assert "Lukka pasientsak" in page


def test_a_closed_item_without_a_case_is_read_by_the_committee_only(personas):
    meeting = make_meeting(committee=personas.ou_bergen)
    make_agenda_item(
        meeting=meeting, title="Lukka drøfting", closed=True, exemption_basis="Offl. § 23"
    )
    assert (
        "Lukka drøfting"
        not in personas.client("public").get(meeting.get_absolute_url()).content.decode()
    )
    assert (
        "Lukka drøfting"
        not in personas.client("observer").get(meeting.get_absolute_url()).content.decode()
    )
    assert (
        "Lukka drøfting"
        in personas.client("member").get(meeting.get_absolute_url()).content.decode()
    )


def test_the_minutes_say_which_items_were_closed_and_on_what_basis(personas, closed_meeting):
    text = services.minutes_text(closed_meeting)
    assert "Lukka sak, Offl. § 13" in text
    assert "Lukka pasientsak" not in text and "Open sak om legevakt" in text


def _approve(meeting: Meeting, minutes: str) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(
        state=Meeting.State.MINUTES_APPROVED,
        minutes=minutes,
        minutes_approved_by="Leiar",
        minutes_approved_on=meeting.starts_at.date(),
    )
    return Meeting.objects.get(pk=meeting.pk)


def test_a_case_made_exempt_after_approval_is_withheld_until_redacted_then_the_public_reads_the_redacted_minutes(
    personas,
):
    meeting = make_meeting(committee=personas.ou_bergen)
    case = make_case(subject="Sak som vart unnateken seinare")
    treatment = make_treatment(case=case, committee=personas.ou_bergen)
    make_agenda_item(meeting=meeting, treatment=treatment)
    make_decision(treatment=treatment, text="Vedtak som no er unnateke.")
    meeting = _approve(meeting, services.minutes_text(meeting))
    original = meeting.minutes
    public = personas.client("public")
    assert "Sak som vart unnateken" in public.get(meeting.get_absolute_url()).content.decode()

    Case.objects.filter(pk=case.pk).update(
        access=Access.EXEMPT, exemption_basis=ExemptionBasis.OFFL_13
    )
    page = public.get(meeting.get_absolute_url()).content.decode()
    assert "Sak som vart unnateken" not in page and "Vedtak som no er" not in page
    # The committee still reads what it approved; the secretariat is told to redact.
    assert (
        "Vedtak som no er"
        in personas.client("member").get(meeting.get_absolute_url()).content.decode()
    )
    secretariat = personas.client("secretariat")
    assert secretariat.get(meeting.get_absolute_url()).context["needs_redaction"]

    response = secretariat.post(
        reverse("meetings:minutes_redact", args=[meeting.pk]),
        {"text": "PS 1/22 Sak unnateke offentlegheit, Offl. § 13", "reason": "Unnateken 2024"},
    )
    assert response.status_code == 302
    page = public.get(meeting.get_absolute_url()).content.decode()
    assert "PS 1/22 Sak unnateke offentlegheit" in page
    assert "Vedtak som no er" not in page
    meeting.refresh_from_db()
    assert meeting.minutes == original
    assert PublicMinutes.objects.get(meeting=meeting).reason == "Unnateken 2024"
    assert AuditEntry.objects.filter(action="meeting.minutes_redact").count() == 1


def test_only_the_secretariat_redacts_minutes(personas, closed_meeting):
    meeting = _approve(closed_meeting, "Referat")
    url = reverse("meetings:minutes_redact", args=[meeting.pk])
    assert personas.client("member").post(url, {"text": "x", "reason": "y"}).status_code == 403
    assert not PublicMinutes.objects.exists()


def test_a_redaction_needs_its_text_and_reason_and_loses_nothing(personas, closed_meeting):
    meeting = _approve(closed_meeting, "Referat")
    response = personas.client("secretariat").post(
        reverse("meetings:minutes_redact", args=[meeting.pk]), {"text": "Ny tekst", "reason": ""}
    )
    assert response.status_code == 200
    assert "Ny tekst" in response.content.decode()
    assert not PublicMinutes.objects.exists()
