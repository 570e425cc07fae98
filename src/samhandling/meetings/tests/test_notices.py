"""Notices that reach people: sent through a real SMTP server (the ``smtp`` fixture) and
read back as the recipients get them."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samhandling.cases.tests.factories import make_case
from samhandling.core.models import AuditEntry
from samhandling.meetings import notices, services
from samhandling.meetings.models import Absence, Meeting, NoticeDispatch, NoticeRecipient
from samhandling.structure.tests.factories import make_person

from .conftest import EXEMPT_SUBJECT, OPEN_SUBJECT

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    # Lines wrap where the layout wraps them; compare words, not lines.
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _attachment(message) -> bytes:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    return part.get_content()


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_the_notice_reaches_every_member_deputy_observer_and_the_secretary(
    smtp, secretary, committee_meeting
):
    meeting = committee_meeting["meeting"]

    dispatch = notices.notice_send(actor=secretary, meeting=meeting)

    assert sorted(address for m in smtp.messages for address in [m["To"]]) == [
        "mona@example.org",
        "olav@example.org",
        "siri@example.org",
        "vera@example.org",
    ]
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.NOTICE_SENT
    statuses = {r.person.family_name: r.status for r in dispatch.recipients.all()}
    assert statuses == {
        "Medlem": "sent",
        "Vara": "sent",
        "Observatør": "sent",
        "Sekretær": "sent",
        "Utanpost": "no_address",
    }
    assert AuditEntry.objects.filter(action="meeting.notice").exists()


def test_the_notice_carries_one_pdf_with_the_notice_and_every_paper_and_links_to_them(
    smtp, secretary, committee_meeting
):
    notices.notice_send(actor=secretary, meeting=committee_meeting["meeting"])

    (mail,) = smtp.to("mona@example.org")
    text = _pdf_text(_attachment(mail))
    assert "Innkalling til møte i Områdeutval Nordhordland" in text
    # The bundle keeps the documents' frame and properties across the merge.
    bundle = PdfReader(io.BytesIO(_attachment(mail)))
    assert bundle.metadata.author == "Områdeutval Nordhordland"
    assert bundle.trailer["/Root"]["/Lang"] in {"nb", "nn", "en"}
    assert "Side 1 av" in text and "PS " in text and "Sak " in text
    assert OPEN_SUBJECT in text
    # A member is close to the cases on her committee's agenda, exempt ones included.
    assert EXEMPT_SUBJECT in text
    body = _body(mail)
    for item in (committee_meeting["open_item"], committee_meeting["exempt_item"]):
        case = item.treatment.case
        assert (
            f"http://samhandling.test{reverse('cases:paper_pdf', args=[case.year, case.sequence])}"
            in body
        )
    assert "http://samhandling.test/" in body


def test_a_guest_on_one_item_gets_that_item_and_never_an_exempt_paper(
    smtp, secretary, committee_meeting
):
    guest = make_person(given_name="Gunn", family_name="Gjest", email="gunn@example.org")
    open_item, exempt_item = committee_meeting["open_item"], committee_meeting["exempt_item"]

    def guests(meeting):
        return [(guest, open_item), (guest, exempt_item)]

    notices.register_item_guests(guests)
    try:
        dispatch = notices.notice_send(actor=secretary, meeting=committee_meeting["meeting"])
    finally:
        notices.unregister_item_guests(guests)

    (mail,) = smtp.to("gunn@example.org")
    text = _pdf_text(_attachment(mail))
    assert OPEN_SUBJECT in text
    assert EXEMPT_SUBJECT not in text
    assert EXEMPT_SUBJECT not in _body(mail)
    assert "Unntatt offentlighet" in text
    row = dispatch.recipients.get(person=guest)
    assert row.items == open_item.number


def test_the_absence_link_works_once_without_logging_in_and_calls_in_the_deputy(
    smtp, client, secretary, committee_meeting
):
    meeting = committee_meeting["meeting"]
    notices.notice_send(actor=secretary, meeting=meeting)
    (mail,) = smtp.to("mona@example.org")
    link = re.search(r"http://samhandling\.test(/\S*/forfall/\S+/)", _body(mail)).group(1)
    smtp.messages.clear()

    assert client.get(link).status_code == 200
    assert not Absence.objects.exists()  # opening the link reports nothing
    response = client.post(link)
    assert response.status_code == 200
    assert "Vera Vara" in response.content.decode()

    absence = Absence.objects.get()
    assert absence.membership == committee_meeting["member"]
    assert absence.deputy == committee_meeting["deputy"].person
    (call_in,) = smtp.messages
    assert call_in["To"] == "vera@example.org"
    assert "Mona Medlem" in _body(call_in)
    assert EXEMPT_SUBJECT in _pdf_text(_attachment(call_in))
    assert NoticeRecipient.objects.filter(
        dispatch__kind=NoticeDispatch.Kind.DEPUTY_CALL_IN, person=absence.deputy, status="sent"
    ).exists()

    again = client.post(link)
    assert again.status_code == 400
    assert Absence.objects.count() == 1
    assert len(smtp.messages) == 1


def test_a_forged_absence_link_is_not_found(client, committee_meeting):
    assert client.get(reverse("meetings:absence_link", args=["forged:token"])).status_code == 404


def test_only_members_get_an_absence_link(smtp, secretary, committee_meeting):
    notices.notice_send(actor=secretary, meeting=committee_meeting["meeting"])
    assert "/forfall/" in _body(smtp.to("mona@example.org")[0])
    assert "/forfall/" not in _body(smtp.to("olav@example.org")[0])


def test_a_logged_in_member_reports_absence_from_the_meeting_page(smtp, client, committee_meeting):
    from samhandling.testing.personas import make_person_user

    meeting = committee_meeting["meeting"]
    client.force_login(make_person_user("mona", committee_meeting["member"].person))
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Meld forfall" in page

    client.post(
        reverse("meetings:absence_report", args=[meeting.pk]),
        {"membership": committee_meeting["member"].pk},
    )

    assert Absence.objects.get().deputy == committee_meeting["deputy"].person
    assert smtp.to("vera@example.org")


def test_an_item_added_after_the_notice_is_a_supplementary_item(smtp, secretary, committee_meeting):
    meeting = committee_meeting["meeting"]
    before = services.agenda_item_add(actor=secretary, meeting=meeting, case=make_case())
    notices.notice_send(actor=secretary, meeting=meeting)

    item = services.agenda_item_add(
        actor=secretary, meeting=meeting, case=make_case(subject="Ny sak etter innkallinga")
    )

    assert item.supplementary and not before.supplementary
    from samhandling.meetings import documents

    meeting = notices.access.meeting_for_user(
        secretary, meeting.pk, notices.selectors.meetings_with_agenda()
    )
    assert "tilleggssak" in _pdf_text(documents.notice_pdf(meeting))
    assert notices.notice_changes(meeting) == ["sakslisten"]


def test_a_corrected_notice_goes_to_the_same_people_after_the_date_moved(
    smtp, secretary, committee_meeting
):
    meeting = committee_meeting["meeting"]
    notices.notice_send(actor=secretary, meeting=meeting)
    first = sorted(m["To"] for m in smtp.messages)
    smtp.messages.clear()
    assert notices.notice_changes(meeting) == []

    services.meeting_update(
        actor=secretary,
        meeting=meeting,
        committee=meeting.committee,
        starts_at=meeting.starts_at + datetime.timedelta(days=7),
        ends_at=meeting.ends_at + datetime.timedelta(days=7),
        place=meeting.place,
    )
    assert notices.notice_changes(meeting) == ["tidspunktet"]

    dispatch = notices.notice_correct(actor=secretary, meeting=meeting)

    assert sorted(m["To"] for m in smtp.messages) == first
    mail = smtp.to("mona@example.org")[0]
    assert mail["Subject"].startswith("Rettet innkalling")
    text = _pdf_text(_attachment(mail))
    assert "Rettet innkalling til møte i Områdeutval Nordhordland" in text
    assert "10.4.2030" in text
    assert dispatch.kind == NoticeDispatch.Kind.CORRECTED
    assert dispatch.recipients.filter(status="sent").count() == 4
    assert notices.notice_changes(meeting) == []


def test_the_secretariat_sends_the_notice_from_the_meeting_page_and_sees_who_got_it(
    smtp, secretary_client, committee_meeting
):
    meeting = committee_meeting["meeting"]

    response = secretary_client.post(
        reverse("meetings:notice_send", args=[meeting.pk]), follow=True
    )

    page = response.content.decode()
    assert "sendt på e-post til 4 av 5" in page
    assert "mona@example.org" in page
    assert "Per Utanpost" in page


def test_a_failing_mail_server_is_recorded_and_the_others_still_get_theirs(
    smtp, settings, secretary, committee_meeting
):
    settings.EMAIL_PORT = 1  # nothing listens there
    dispatch = notices.notice_send(actor=secretary, meeting=committee_meeting["meeting"])
    assert set(dispatch.recipients.values_list("status", flat=True)) == {"failed", "no_address"}


def test_the_secretariat_member_who_sends_the_notice_gets_a_copy_with_every_paper(
    smtp, committee_meeting
):
    from samhandling.testing.personas import make_secretariat_user

    sender = make_secretariat_user(
        "sara", person=make_person(given_name="Sara", family_name="Sender", email="sara@x.org")
    )

    notices.notice_send(actor=sender, meeting=committee_meeting["meeting"])

    (copy,) = smtp.to("sara@x.org")
    assert EXEMPT_SUBJECT in _pdf_text(_attachment(copy))


def test_a_second_click_on_send_sends_nothing_more(smtp, secretary, committee_meeting):
    pk = committee_meeting["meeting"].pk
    # Two requests that both loaded the meeting while it was still planned.
    first, second = Meeting.objects.get(pk=pk), Meeting.objects.get(pk=pk)
    notices.notice_send(actor=secretary, meeting=first)
    with pytest.raises(services.MeetingStateError):
        notices.notice_send(actor=secretary, meeting=second)
    assert len(smtp.messages) == 4
    assert NoticeDispatch.objects.count() == 1
