"""Follow-up in a real browser (axe-core on every page): the secretariat's home page lists
what is overdue, and the parties' decisions are registered in one table."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from samhandling.accounts.services import SECRETARIAT_GROUP, role_group
from samhandling.cases.models import Adoption, Case
from samhandling.cases.services import case_create, decision_record, recommendation_create
from samhandling.structure.tests.factories import make_committee, make_municipality

pytestmark = pytest.mark.browser
PASSWORD = "hemmeleg-passord-1"


@pytest.fixture
def overdue_case(transactional_db):
    secretary = get_user_model().objects.create_user("siri", password=PASSWORD)
    secretary.groups.add(role_group(SECRETARIAT_GROUP))
    ssu = make_committee(name="Strategisk samarbeidsutval", short_name="SSU")
    parties = [make_municipality(name=n) for n in ("Alver", "Fedje", "Vaksdal")]
    today = timezone.localdate()
    case = case_create(
        actor=None,
        subject="Samarbeidsavtale om helsefellesskap",
        kind=Case.Kind.DECISION,
        paper_date=today - datetime.timedelta(days=70),
        committees=[ssu],
    )
    decision = decision_record(
        actor=None,
        treatment=case.treatments.get(),
        outcome="adopted",
        text="SSU tilrår avtalen.",
        decided_on=today - datetime.timedelta(days=60),
    )
    recommendation = recommendation_create(
        actor=None,
        decision=decision,
        text="Partane sluttar seg til avtalen.",
        parties=parties,
    )
    # Due last week: every party is overdue.
    recommendation.respond_by = today - datetime.timedelta(days=7)
    recommendation.save(update_fields=["respond_by"])
    return case


def test_the_secretariat_follows_up_overdue_adoptions_from_the_home_page_in_one_table(
    browser, overdue_case
):
    browser.log_in("siri", PASSWORD)
    page = browser.open("/")
    tasks = page.get_by_role("region", name="Dine oppgaver og frister")
    assert tasks.get_by_text("Tilslutninger over frist").is_visible()
    assert tasks.get_by_text("Fedje", exact=False).is_visible()
    tasks.get_by_role("link", name=f"{overdue_case.number} {overdue_case.subject}").first.click()
    browser.check()
    assert page.get_by_text("tilslutning fra 0 av 3 parter, 3 over frist").is_visible()
    page.get_by_role("link", name="Registrer partenes vedtak i én tabell").click()
    browser.check()
    day = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    for party in ("Alver", "Vaksdal"):
        page.get_by_label(f"Status – {party}").select_option("adopted")
        page.get_by_label(f"Vedtaksorgan – {party}").fill("Kommunestyret")
        page.get_by_label(f"Vedtatt dato – {party}").fill(day)
    page.get_by_role("button", name="Lagre vedtakene").click()
    browser.check()
    assert page.get_by_text("Vedtakene til 2 parter er registrert.").is_visible()
    assert page.get_by_text("tilslutning fra 2 av 3 parter, 1 over frist").is_visible()
    assert Adoption.objects.filter(status="adopted").count() == 2
