"""Who may download a signed adoption document, in a real browser with axe-core and the
375 px check on every page (issue 10, point 7; the rule is
``accounts.permissions.may_download_signed_document``): the party's administrator uploads
it while signing and may download it; the secretariat and the members of the recommending
committee may too; a visitor and another party's administrator see no link and are refused."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samhandling.accounts.models import RoleGrant
from samhandling.accounts.services import role_grant_create
from samhandling.cases.models import Adoption
from samhandling.cases.services import adoption_register
from samhandling.cases.tests.factories import recommend_agreement
from samhandling.cases.tests.test_attachments import pdf_bytes
from samhandling.structure.tests.factories import (
    make_committee,
    make_membership,
    make_municipality,
    make_person,
    make_seat,
)
from samhandling.testing.personas import PASSWORD, make_person_user, make_secretariat_user

pytestmark = pytest.mark.browser


def test_only_the_party_the_secretariat_and_the_committee_download_a_signed_document(
    browser, tmp_path
):
    users = get_user_model().objects
    make_secretariat_user("siri")
    ssu = make_committee(name="Strategisk samarbeidsutval", short_name="SSU")
    alver, bergen = make_municipality(name="Alver"), make_municipality(name="Bergen")
    member = make_membership(
        seat=make_seat(committee=ssu),
        person=make_person(given_name="Mona", family_name="Medlem"),
        start=datetime.date(2020, 1, 1),
        term_end=None,
    )
    make_person_user("mona", member.person)
    for username, party in (("partsadmin-alver", alver), ("partsadmin-bergen", bergen)):
        role_grant_create(
            actor=None,
            user=users.create_user(username, password=PASSWORD),
            role=RoleGrant.Role.PARTY_ADMINISTRATOR,
            organisation=party,
        )
    recommendation = recommend_agreement(ssu, [alver, bergen])
    case = recommendation.decision.treatment.case
    adoption = recommendation.adoptions.get(party=alver)
    adoption_register(
        actor=None,
        adoption=adoption,
        status=Adoption.Status.ADOPTED,
        deciding_body="Kommunestyret",
        decided_on=datetime.date(2022, 5, 20),
    )
    signed = tmp_path / "avtale-signert.pdf"
    signed.write_bytes(pdf_bytes("Signert avtale"))
    url = reverse("cases:signed_document", args=[adoption.pk])

    # Alver's administrator signs, uploads the document and keeps it closed to the public.
    browser.log_in("partsadmin-alver", PASSWORD)
    page = browser.open(case.get_absolute_url())
    page.get_by_role("link", name="Registrer signering – Alver").click()
    browser.check()
    page.get_by_label("Signert dato").fill("2022-05-30")
    page.get_by_label("Signert av").fill("Kommunedirektøren")
    page.get_by_label("Signert dokument").set_input_files(str(signed))
    assert not page.get_by_label("Det signerte dokumentet er åpent for offentligheten").is_checked()
    page.get_by_role("button", name="Lagre").click()
    browser.check()
    adoption.refresh_from_db()
    assert adoption.signed_document and not adoption.signed_document_public
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^dokument\s*Alver$")).click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    # The members of the recommending committee may read it too.
    browser.page.context.clear_cookies()
    browser.log_in("mona", PASSWORD)
    page = browser.open(case.get_absolute_url())
    assert page.get_by_role("link", name=re.compile(r"^dokument\s*Alver$")).is_visible()

    # Another party's administrator sees no link and is refused.
    browser.page.context.clear_cookies()
    browser.log_in("partsadmin-bergen", PASSWORD)
    page = browser.open(case.get_absolute_url())
    assert page.get_by_role("link", name=re.compile("^dokument")).count() == 0
    assert page.goto(browser.base_url + url).status == 403

    # The secretariat keeps the archive and may read it.
    browser.page.context.clear_cookies()
    browser.log_in("siri", PASSWORD)
    page = browser.open(case.get_absolute_url())
    assert page.get_by_role("link", name=re.compile(r"^dokument\s*Alver$")).is_visible()

    # A visitor sees no link, and the address asks for a login.
    browser.page.context.clear_cookies()
    page = browser.open(case.get_absolute_url())
    assert page.get_by_role("link", name=re.compile("^dokument")).count() == 0
    page = browser.open(url)
    assert "/konto/logg-inn/" in page.url
