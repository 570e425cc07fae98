"""The case register in a real browser: every page opened is also checked with axe-core."""

import datetime

import pytest
from django.urls import reverse

from samhandling.cases.models import Case, Decision
from samhandling.cases.services import (
    attachment_add,
    case_create,
    decision_record,
    progress_plan_entry_save,
    recommendation_create,
)
from samhandling.cases.tests.factories import make_priority_group
from samhandling.cases.tests.test_attachments import pdf_bytes
from samhandling.core.access import Access
from samhandling.structure.tests.factories import (
    make_area,
    make_committee,
    make_level,
    make_municipality,
)
from samhandling.testing.personas import PASSWORD, make_secretariat_user

pytestmark = pytest.mark.browser


@pytest.fixture
def register(transactional_db):
    make_secretariat_user("siri")
    area = make_area(name="Nordhordland")
    level = make_level(name="Områdeutval")
    committees = [
        make_committee(name="Samarbeidsutvalet for Nordhordland", level=level, area=area),
        make_committee(name="Samarbeidsutvalet for Voss", level=level, area=make_area()),
    ]
    municipalities = [make_municipality(area=area, name=n) for n in ("Alver", "Gulen")]
    case = case_create(
        actor=None,
        subject="LKT-prosjektet – pilot og kostnader",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2018, 6, 1),
        committees=committees,
        introduction="<h3>Om saka</h3><p>Innleiing.</p>",
        proposed_resolution="Utvalet sluttar seg til.",
        priority_groups=[make_priority_group(name="Barn og unge")],
    )
    attachment_add(actor=None, case=case, title="Saksnotat", data=pdf_bytes())
    first = case.treatments.order_by("id").first()
    decision = decision_record(
        actor=None,
        treatment=first,
        outcome=Decision.Outcome.ADOPTED,
        text="Vedteke.",
        decided_on=datetime.date(2018, 6, 14),
    )
    recommendation_create(
        actor=None,
        decision=decision,
        text="Kommunane sluttar seg til.",
        parties=municipalities,
        requires_signature=True,
    )
    progress_plan_entry_save(
        actor=None,
        case=case,
        when="des 21",
        sort_date=datetime.date(2021, 12, 1),
        what="Møte",
    )
    exempt = case_create(
        actor=None,
        subject="Personalsak",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2018, 7, 1),
        access=Access.EXEMPT,
        exemption_basis="offl-25",
    )
    return {"case": case, "exempt": exempt, "treatment": first, "committees": committees}


def test_a_visitor_reads_the_list_the_case_page_and_the_adoptions(browser, register):
    page = browser.open(reverse("cases:list"))
    assert page.get_by_role("heading", name="Saker", exact=True).is_visible()
    assert page.get_by_role("link", name="1/18").is_visible()
    assert "Personalsak" not in page.content()
    page.get_by_label("Status").select_option("partly_adopted")
    page.get_by_role("button", name="Vis").click()
    browser.check()
    page.get_by_role("link", name="1/18").click()
    browser.check()
    assert page.get_by_text("Vedtatt i 1 av 2 utvalg").is_visible()
    assert page.get_by_role("link", name="Saksnotat").is_visible()
    browser.open(register["exempt"].get_absolute_url())
    assert page.get_by_text("Offl. § 25").is_visible()
    browser.open(reverse("cases:adoptions"))
    assert page.get_by_role("heading", name="Alver").is_visible()


def test_the_secretariat_records_a_decision_and_a_partys_adoption(browser, register):
    browser.log_in("siri", PASSWORD)
    page = browser.open(register["case"].get_absolute_url())
    page.get_by_role("link", name="Registrer vedtaket – Samarbeidsutvalet for Voss").click()
    browser.check()
    page.get_by_label("Utfall (må fylles ut)").select_option("not_adopted")
    page.get_by_role("textbox", name="Vedtakstekst").fill("Utvalet sluttar seg ikkje til.")
    page.get_by_role("button", name="Lagre vedtaket").click()
    browser.check()
    assert page.get_by_text("Vedtatt i 1 av 2 utvalg").is_visible()
    assert page.get_by_text("ikke vedtatt").first.is_visible()
    page.get_by_role("link", name="Registrer vedtak – Alver").click()
    browser.check()
    page.get_by_label("Status").select_option("adopted")
    page.get_by_label("Vedtaksorgan").fill("Kommunestyret")
    page.get_by_label("Vedtatt dato").fill("2018-09-20")
    page.get_by_role("button", name="Lagre").click()
    browser.check()
    assert page.get_by_role("cell", name="Kommunestyret").is_visible()


def test_the_secretariat_creates_a_case_with_the_form(browser, register):
    browser.log_in("siri", PASSWORD)
    page = browser.open(reverse("cases:create"))
    page.get_by_label("Saken gjelder").fill("Ny sak frå nettlesaren")
    page.get_by_label("Dato").fill("2018-08-01")
    page.get_by_label("Samarbeidsutvalet for Nordhordland").check()
    page.get_by_role("textbox", name="Innledning/om saken", exact=True).fill(
        "Første avsnitt.\n\nAndre avsnitt."
    )
    page.get_by_role("button", name="Lagre").click()
    browser.check()
    assert page.get_by_role("heading", name="Ny sak frå nettlesaren").is_visible()
    assert page.get_by_text("Sak 3/18 er registrert.").is_visible()


def test_every_secretariat_page_passes_the_accessibility_check(browser, register):
    browser.log_in("siri", PASSWORD)
    case, treatment = register["case"], register["treatment"]
    adoption = treatment.decision.recommendations.get().adoptions.first()
    entry = case.progress_plan.get()
    committee = register["committees"][0]
    for url in [
        reverse("cases:list"),
        reverse("cases:adoptions") + "?status=&group=case",
        reverse("cases:edit", args=[case.year, case.sequence]),
        reverse("cases:attachment_add", args=[case.year, case.sequence]),
        reverse("cases:attachment_delete", args=[case.attachments.get().pk]),
        reverse("cases:treatment_add", args=[case.year, case.sequence]),
        reverse("cases:progress_plan_add", args=[case.year, case.sequence]),
        reverse("cases:progress_plan_edit", args=[entry.pk]),
        reverse("cases:forward", args=[treatment.pk]),
        reverse("cases:recommendation_add", args=[treatment.decision.pk]),
        reverse("cases:adoption_register", args=[adoption.pk]),
        reverse("cases:adoption_sign", args=[adoption.pk]),
        reverse("cases:committee_progress_plan", args=[committee.slug]),
        reverse("cases:committee_progress_plan_add", args=[committee.slug]),
        register["exempt"].get_absolute_url(),
    ]:
        browser.open(url)


def test_the_demo_labels_what_no_source_gives_as_illustration(browser, transactional_db):
    from samhandling.cases import demo
    from samhandling.structure import demo as structure_demo

    structure_demo.load()
    demo.load()
    lkt = Case.objects.get(subject__startswith="LKT-prosjektet")
    page = browser.open(lkt.get_absolute_url())
    labels = page.get_by_text("Illustrasjon – ikkje frå kjeldene")
    # The committee's decision and every registered answer of a municipality of 2018.
    assert labels.count() >= 2
    assert page.get_by_role("row", name="Lindås").count() == 1
    page = browser.open(reverse("cases:adoptions"))
    assert page.get_by_text("Illustrasjon – ikkje frå kjeldene").count() >= 1
