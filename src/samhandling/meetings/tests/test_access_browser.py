"""The pages of issue 7 in a real browser with axe-core: a closed item and the minutes'
public version, as a visitor, a member and the secretariat."""

import datetime

import pytest
from django.utils import timezone

from samhandling.cases.models import Case
from samhandling.cases.tests.factories import make_case, make_decision, make_treatment
from samhandling.core.access import Access, ExemptionBasis
from samhandling.meetings.models import Meeting
from samhandling.meetings.services import minutes_text
from samhandling.testing.personas import PASSWORD

from .factories import make_agenda_item, make_meeting

pytestmark = pytest.mark.browser


def test_closed_items_exempt_sections_and_the_public_minutes_pass_axe(browser, personas):
    day = timezone.localdate() - datetime.timedelta(days=3)
    meeting = make_meeting(
        committee=personas.ou_bergen,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
    )
    closed = make_case(subject="Lukka pasientsak", kind=Case.Kind.DECISION)
    treatment = make_treatment(case=closed, committee=personas.ou_bergen)
    make_agenda_item(
        meeting=meeting, treatment=treatment, closed=True, exemption_basis=ExemptionBasis.OFFL_13
    )
    make_decision(treatment=treatment, text="Vedtak i lukka sak.")
    later = make_case(subject="Sak som vart unnateken", public_title="Personalsak")
    later_treatment = make_treatment(case=later, committee=personas.ou_bergen)
    make_agenda_item(meeting=meeting, treatment=later_treatment)
    make_decision(treatment=later_treatment, text="Vedtak som vart unnateke.")
    partly = make_case(
        subject="Open sak med unnateken vurdering",
        assessment="<p>Løyndvurdering.</p>",
        exemption_basis=ExemptionBasis.OFFL_13_FVL,
        exempt_sections="assessment",
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        state=Meeting.State.MINUTES_APPROVED,
        minutes=minutes_text(meeting),
        minutes_approved_on=day,
        minutes_approved_by="Leiaren",
    )
    Case.objects.filter(pk=later.pk).update(
        access=Access.EXEMPT, exemption_basis=ExemptionBasis.OFFL_25
    )

    page = browser.open(meeting.get_absolute_url())
    assert "Lukka pasientsak" not in page.content()
    assert page.get_by_text("den offentlige versjonen er under arbeid").count() == 1
    browser.open(later.get_absolute_url())
    page = browser.open(partly.get_absolute_url())
    assert "Løyndvurdering" not in page.content()

    browser.log_in(personas.member.username, PASSWORD)
    page = browser.open(meeting.get_absolute_url())
    assert "Lukka pasientsak" in page.content()

    browser.page.context.clear_cookies()
    browser.log_in(personas.secretariat.username, PASSWORD)
    page = browser.open(meeting.get_absolute_url())
    page.get_by_role("link", name="Sladd den offentlige versjonen av referatet").click()
    browser.check()
    page.get_by_label("Grunn til sladding").fill("Sak unnateken etter offl. § 25")
    page.get_by_role("button", name="Lagre den offentlige versjonen").click()
    browser.check()
    assert page.get_by_text("Den offentlige versjonen av referatet er lagret.").count() == 1
    page = browser.open("/saker/ny/")
    assert page.locator("datalist option").count() >= 5
