"""The notice in a real browser: the secretariat sends it and sees who got it; a member
reports absence from the link in her mail; the secretariat sees the absence and the deputy
called in, moves the meeting and sends a corrected notice. Every page is checked with
axe-core."""

import datetime
import re

import pytest

from samhandling.meetings import services
from samhandling.testing.personas import PASSWORD, make_secretariat_user

from .test_notices import _body

pytestmark = pytest.mark.browser

# Sending prints PDFs; the first print in a process loads WeasyPrint and its fonts.
SENDING = 90_000


def test_the_secretariat_sends_the_notice_and_a_member_reports_absence(
    browser, smtp, committee_meeting
):
    make_secretariat_user("siri")
    meeting = committee_meeting["meeting"]
    browser.log_in("siri", PASSWORD)

    page = browser.open(meeting.get_absolute_url())
    page.get_by_role("button", name="Send innkalling på e-post").click(timeout=SENDING)
    browser.check()
    assert page.get_by_text("sendt på e-post til 4 av 5 mottakere").is_visible()
    invited = page.get_by_role("table", name="Innkalt")
    for name in ("Mona Medlem", "Vera Vara", "Olav Observatør", "Siri Sekretær"):
        assert invited.get_by_role("rowheader", name=re.compile("^" + name)).is_visible()
    assert invited.get_by_text("Ingen e-postadresse").is_visible()

    (mail,) = smtp.to("mona@example.org")
    link = re.search(r"http://samhandling\.test(/\S*/forfall/\S+/)", _body(mail)).group(1)
    browser.page.context.clear_cookies()
    page = browser.open(link)
    page.get_by_role("button", name="Meld forfall").click(timeout=SENDING)
    browser.check()
    assert page.get_by_text("Vera Vara er kalt inn som vara.").is_visible()

    browser.log_in("siri", PASSWORD)
    page = browser.open(meeting.get_absolute_url())
    assert page.get_by_text(re.compile("Mona Medlem .*vara Vera Vara kalt inn")).is_visible()

    smtp.messages.clear()
    meeting.refresh_from_db()
    services.meeting_update(
        actor=None,
        meeting=meeting,
        committee=meeting.committee,
        starts_at=meeting.starts_at + datetime.timedelta(days=1),
        ends_at=meeting.ends_at + datetime.timedelta(days=1),
        place=meeting.place,
    )
    page = browser.open(meeting.get_absolute_url())
    assert page.get_by_text("Innkallingen er sendt, og tidspunktet er endret siden.").is_visible()
    page.get_by_role("button", name="Send rettet innkalling").click(timeout=SENDING)
    browser.check()
    assert page.get_by_text("Rettet innkalling sendt på e-post til 4 av 5").is_visible()
    assert sorted(m["To"] for m in smtp.messages)[:2] == ["mona@example.org", "olav@example.org"]
