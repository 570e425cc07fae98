"""A project kept up to date in a real browser: the project leader updates a milestone and
writes a status report; the secretariat sends it to a committee's agenda. Every page opened
is checked with axe-core."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samhandling.accounts.services import SECRETARIAT_GROUP, role_group
from samhandling.cases.models import Case
from samhandling.meetings.models import AgendaItem
from samhandling.meetings.tests.factories import at, make_meeting
from samhandling.projects import services
from samhandling.projects.models import Milestone, Project
from samhandling.structure.tests.factories import make_committee

from .factories import make_leader, make_project

pytestmark = pytest.mark.browser
PASSWORD = "hemmeleg-passord-1"


@pytest.fixture
def project(transactional_db):
    project = make_project(
        name="Felles utviklingsplan for samarbeid og samhandling",
        slug="felles-utviklingsplan",
        purpose="Utarbeide ein felles utviklingsplan.",
        starts_on=datetime.date(2020, 4, 1),
    )
    leader = make_leader(project)
    get_user_model().objects.create_user("oddny", password=PASSWORD, person=leader.person)
    secretary = get_user_model().objects.create_user("siri", password=PASSWORD)
    secretary.groups.add(role_group(SECRETARIAT_GROUP))
    for code, due in [("M1", "29.04.20"), ("M4", "Veke 38"), ("M12", "")]:
        services.milestone_save(
            actor=None,
            project=project,
            code=code,
            description=f"Milepæl {code}",
            bodies_as_written="Alle SU / SR",
            due_as_written=due,
        )
    services.directive_version_create(actor=None, project=project, version="1.1")
    committee = make_committee(name="Samarbeidsutvalet for Nordhordland")
    make_meeting(committee=committee, starts_at=at(2031, 3, 12))
    return project


def test_the_project_leader_updates_a_milestone_and_the_secretariat_sends_the_report(
    browser, project
):
    browser.log_in("oddny", PASSWORD)
    page = browser.open(project.get_absolute_url())
    assert page.get_by_text("forsinket").first.is_visible()  # M1 and M4 are overdue
    page.get_by_role("link", name="Oppdater M4").click()
    page = browser.check()
    page.get_by_label("Ferdig dato").fill("Veke 39")
    page.get_by_label("Ferdig den").fill("2020-09-24")
    page.get_by_label("Merknad").fill("Drøfta i alle SU / SR.")
    page.get_by_role("button", name="Lagre").click()
    page = browser.check()
    milestone = Milestone.objects.get(project=project, code="M4")
    assert milestone.due_as_written == "Veke 39"
    assert milestone.done_on == datetime.date(2020, 9, 24)
    assert page.get_by_text("ferdig 24.09.2020").is_visible()

    page.get_by_role("link", name="Skriv en løypemelding").click()
    page = browser.check()
    page.get_by_label("Tittel").fill("Løypemelding til SU")
    page.get_by_label("Framdrift og status").fill("Dialogmøta er gjennomførte.")
    page.get_by_role("button", name="Lagre løypemeldingen").click()
    page = browser.check()
    assert page.get_by_role("heading", name="Løypemelding: Løypemelding til SU").is_visible()
    # The project leader may not send it to a committee; the secretariat does.
    assert page.get_by_role("link", name="Sett på sakslisten til et utvalg").count() == 0
    page.get_by_role("button", name="Logg ut").click()

    browser.log_in("siri", PASSWORD)
    report = project.status_reports.get()
    page = browser.open(reverse("projects:status_report", args=[project.slug, report.pk]))
    page.get_by_role("link", name="Sett på sakslisten til et utvalg").click()
    page = browser.check()
    page.get_by_label("Utvalg").select_option(label="Samarbeidsutvalet for Nordhordland")
    page.get_by_label("Møte").select_option(index=1)
    page.get_by_role("button", name="Send til utvalget").click()
    page = browser.check()
    case = Case.objects.get()
    assert case.kind == Case.Kind.ORIENTATION
    assert AgendaItem.objects.get(treatment__case=case).meeting.committee.name == (
        "Samarbeidsutvalet for Nordhordland"
    )
    assert page.url.endswith(case.get_absolute_url())


def test_the_public_pages_of_a_project_pass_the_accessibility_check(browser, project):
    services.directive_version_create(
        actor=None, project=project, version="1.2", based_on=project.directive_versions.get()
    )
    for path in [
        reverse("projects:list"),
        reverse("projects:participation"),
        project.get_absolute_url(),
        reverse("projects:follow_up", args=[project.slug]),
        reverse("projects:directives", args=[project.slug]),
        reverse("projects:directive", args=[project.slug, "1.1"]),
        reverse("projects:directive_compare", args=[project.slug]) + "?a=1.1&b=1.2",
    ]:
        browser.open(path)


def test_the_secretariats_forms_pass_the_accessibility_check(browser, project):
    browser.log_in("siri", PASSWORD)
    page = browser.open(reverse("projects:create"))
    page.locator("#id_name").fill("Saman for barn og unge")
    page.get_by_role("button", name="Sjekk lignende prosjekter").click()
    page = browser.check()
    assert page.get_by_role("heading", name="Lignende prosjekter").is_visible()
    for path in [
        reverse("projects:edit", args=[project.slug]),
        reverse("projects:milestone_add", args=[project.slug]),
        reverse("projects:directive_edit", args=[project.slug, "1.1"]),
        reverse("projects:directive_approve", args=[project.slug, "1.1"]),
    ]:
        browser.open(path)
    assert Project.objects.count() == 1
