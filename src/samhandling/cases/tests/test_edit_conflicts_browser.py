"""The conflict page in a real browser: the table of what changed passes axe-core."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samhandling.accounts.services import SECRETARIAT_GROUP, role_group
from samhandling.cases.models import Case
from samhandling.cases.services import case_update
from samhandling.cases.tests.factories import make_case

pytestmark = pytest.mark.browser
PASSWORD = "hemmeleg-passord-1"


def test_a_second_editor_sees_what_changed_and_keeps_their_text(browser):
    user = get_user_model().objects.create_user("siri", password=PASSWORD)
    user.groups.add(role_group(SECRETARIAT_GROUP))
    case = make_case(subject="Samarbeid om barn", assessment="<p>Første vurdering.</p>")
    browser.log_in("siri", PASSWORD)
    page = browser.open(reverse("cases:edit", args=[case.year, case.sequence]))
    # Someone else saves while the form is open.
    case_update(actor=None, case=case, subject="Samarbeid om barn og unge " + "lang " * 40)
    page.get_by_role("textbox", name="Vurdering", exact=True).fill("Mi vurdering.")
    page.get_by_role("button", name="Lagre").click()
    browser.check()
    assert page.get_by_role("heading", name="Endret siden du åpnet skjemaet").is_visible()
    # The editor shows what was written, not what was saved in between.
    assert page.get_by_role("textbox", name="Vurdering", exact=True).inner_text() == "Mi vurdering."
    assert Case.objects.get(pk=case.pk).subject.startswith("Samarbeid om barn og unge")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert "Mi vurdering." in Case.objects.get(pk=case.pk).assessment
