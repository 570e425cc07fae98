"""The project pages: who may do what, what they show, and how many queries they take (the
count does not grow with the number of milestones, roles or projects)."""

import datetime

import pytest
from django.urls import reverse

from samhandling.cases.tests.factories import make_priority_group
from samhandling.core.models import AuditEntry
from samhandling.projects import services
from samhandling.projects.models import Milestone, Project, Role
from samhandling.structure.tests.factories import make_committee, make_organisation, make_person

from .conftest import client_for
from .factories import make_milestone, make_project

pytestmark = pytest.mark.django_db


def _full_project(milestones: int, roles: int, other_projects: int) -> Project:
    project = make_project(name="Samhandlingsforløp barn og unge", purpose="Barn og unge")
    group = make_priority_group(name="Barn og unge")
    party = make_organisation(is_party=True)
    project.priority_groups.add(group)
    project.parties.add(party)
    for n in range(milestones):
        make_milestone(
            project,
            code=f"M{n + 1}",
            due_as_written="29.04.20",
            due_kind="date",
            due_start=datetime.date(2020, 4, 29),
            due_end=datetime.date(2020, 4, 29),
        )
    for _ in range(roles):
        Role.objects.create(project=project, kind=Role.Kind.WORK_GROUP, person=make_person())
    for n in range(other_projects):
        other = make_project(name=f"Saman for barn og unge {n}", purpose="Barn og unge i Bergen")
        other.priority_groups.add(group)
        other.parties.add(party)
    services.directive_version_create(actor=None, project=project, version="1.0")
    return project


@pytest.mark.parametrize("size", [1, 5])
def test_the_project_page_takes_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    project = _full_project(milestones=size, roles=size, other_projects=size)
    # The project (1); owner committees, priority groups, parties, areas, municipalities (5);
    # roles, phases, milestones, per-body dues (4); status reports, links out, links in,
    # cases, directive versions (5); related projects: every project with its phases,
    # priority groups, parties and municipalities (5). (Adoptions add one when a milestone
    # waits for signatures.)
    with django_assert_num_queries(20):
        response = client.get(project.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 5])
def test_the_portfolio_takes_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    for _ in range(size):
        _full_project(milestones=1, roles=1, other_projects=0)
    # The filter form's choices (3), the projects, and three prefetches.
    with django_assert_num_queries(7):
        response = client.get(reverse("projects:list"))
    assert response.status_code == 200


def test_the_public_reads_the_portfolio_the_project_the_directive_and_the_follow_up(
    client, project
):
    services.directive_version_create(actor=None, project=project, version="1.0")
    for url in [
        reverse("projects:list"),
        reverse("projects:participation"),
        project.get_absolute_url(),
        reverse("projects:directives", args=[project.slug]),
        reverse("projects:directive", args=[project.slug, "1.0"]),
        reverse("projects:follow_up", args=[project.slug]),
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("projects:create")).status_code == 302
    assert client.get(reverse("projects:status_report_add", args=[project.slug])).status_code == 302


def test_the_portfolio_filters_by_priority_group_and_status(client):
    group = make_priority_group(name="Skrøpelege eldre", slug="eldre")
    wanted = make_project(name="Trygg utskriving", status=Project.Status.IN_PROGRESS)
    wanted.priority_groups.add(group)
    make_project(name="Anna prosjekt", status=Project.Status.IN_PROGRESS)
    response = client.get(
        reverse("projects:list"), {"priority_group": "eldre", "status": "in_progress"}
    )
    assert [p.name for p in response.context["projects"]] == ["Trygg utskriving"]


def test_the_project_leader_updates_a_milestone_but_not_the_project(project, leader):
    milestone = make_milestone(project, code="M4", due_as_written="Veke 38")
    client = client_for(leader)
    url = reverse("projects:milestone_edit", args=[project.slug, milestone.pk])
    response = client.post(
        url, {"due_as_written": "Veke 39", "done_on": "2020-09-25", "note": "Gjort"}
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.due_as_written, milestone.done_on) == ("Veke 39", datetime.date(2020, 9, 25))
    assert AuditEntry.objects.filter(action="milestone.update", actor=leader).exists()
    assert client.get(reverse("projects:edit", args=[project.slug])).status_code == 403
    assert client.get(reverse("projects:milestone_add", args=[project.slug])).status_code == 404


def test_someone_else_may_not_update_the_milestones(project, reader):
    milestone = make_milestone(project)
    url = reverse("projects:milestone_edit", args=[project.slug, milestone.pk])
    assert client_for(reader).post(url, {"due_as_written": "x"}).status_code == 403


def test_a_bad_due_value_comes_back_with_a_norwegian_error_and_keeps_the_input(project, leader):
    milestone = make_milestone(project, code="M4", due_as_written="Veke 38")
    url = reverse("projects:milestone_edit", args=[project.slug, milestone.pk])
    response = client_for(leader).post(url, {"due_as_written": "etter ferien", "note": "Merknad"})
    assert response.status_code == 200
    assert (
        "kan ikke leses" in response.content.decode() or "etter ferien" in response.content.decode()
    )
    assert "Merknad" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.due_as_written == "Veke 38"


def test_the_secretariat_registers_a_project_after_checking_for_similar_ones(secretary):
    make_project(name="Saman for Barn og Unge", purpose="Koordinerte tenester for barn og unge")
    client = client_for(secretary)
    data = {
        "name": "Samhandlingsforløp barn og unge",
        "purpose": "Betre koordinerte tenester for barn og unge",
        "status": "planning",
    }
    response = client.post(reverse("projects:create"), {**data, "check": "1"})
    assert response.status_code == 200
    assert [r.project.name for r in response.context["related"]] == ["Saman for Barn og Unge"]
    assert not Project.objects.filter(name=data["name"]).exists()
    response = client.post(reverse("projects:create"), data)
    project = Project.objects.get(name=data["name"])
    assert response.url == project.get_absolute_url()
    assert project.slug == "samhandlingsforlop-barn-og-unge"
    assert AuditEntry.objects.filter(action="project.create").exists()


def test_the_secretariat_sends_a_status_report_to_a_committee(project, secretary):
    committee = make_committee(name="Samarbeidsutvalet for Voss")
    report = services.status_report_create(
        actor=None,
        project=project,
        title="Løypemelding",
        written_on=datetime.date(2030, 1, 5),
        progress="Bra.",
    )
    url = reverse("projects:status_report_send", args=[project.slug, report.pk])
    response = client_for(secretary).post(
        url, {"committee": committee.pk, "paper_date": "2030-01-06"}
    )
    report.refresh_from_db()
    assert response.url == report.case.get_absolute_url()


def test_the_directive_compares_and_exports(client, project, secretary):
    v1 = services.directive_version_create(actor=None, project=project, version="1.0")
    services.directive_version_update(
        actor=None, version=v1, sections={"main_goal": {"text": "Ein plan."}}
    )
    v2 = services.directive_version_create(actor=None, project=project, version="1.1", based_on=v1)
    services.directive_version_update(
        actor=None, version=v2, sections={"main_goal": {"text": "Ein felles plan."}}
    )
    response = client.get(
        reverse("projects:directive_compare", args=[project.slug]), {"a": "1.0", "b": "1.1"}
    )
    assert "<ins>felles </ins>" in response.content.decode()
    pdf = client.get(reverse("projects:directive_pdf", args=[project.slug, "1.1"]))
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("projects:directive_docx", args=[project.slug, "1.1"]))
    assert docx.content.startswith(b"PK")
    approve = reverse("projects:directive_approve", args=[project.slug, "1.1"])
    client_for(secretary).post(
        approve, {"approved_on": "2020-08-19", "approved_by": "Styringsgruppa"}
    )
    v2.refresh_from_db()
    assert v2.frozen
    edit = client_for(secretary).get(reverse("projects:directive_edit", args=[project.slug, "1.1"]))
    assert edit.status_code == 302  # frozen: back to the version


def test_the_directive_docx_has_seed_000s_sections(project):
    from io import BytesIO

    import docx

    from samhandling.projects import documents

    version = services.directive_version_create(actor=None, project=project, version="1.1")
    services.directive_version_update(
        actor=None,
        version=version,
        sections={
            "benefits": {"patients": ["Meir heilskapleg behandling."], "all_levels": "Saman."}
        },
    )
    document = docx.Document(BytesIO(documents.directive_docx(version)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2.2" in text and project.name in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Meir heilskapleg behandling." in cells
    assert any("Saman." in c for c in cells)
    assert Milestone.objects.count() == 0


def test_the_back_office_edits_a_project_and_reads_a_milestones_due_value(admin_client, project):
    assert (
        admin_client.get(reverse("admin:projects_project_change", args=[project.pk])).status_code
        == 200
    )
    milestone = make_milestone(project, code="M4")
    url = reverse("admin:projects_milestone_change", args=[milestone.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "project": project.pk,
            "code": "M4",
            "description": "Drøfting",
            "due_as_written": "Veke 38 2020",
            "order": 4,
            "body_dues-TOTAL_FORMS": 0,
            "body_dues-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    milestone.refresh_from_db()
    assert milestone.due_start == datetime.date(2020, 9, 14)
    assert AuditEntry.objects.filter(action="projects.milestone.update").exists()


def test_the_back_office_refuses_an_unreadable_due_value(admin_client, project):
    milestone = make_milestone(project, code="M4")
    url = reverse("admin:projects_milestone_change", args=[milestone.pk])
    response = admin_client.post(
        url,
        {
            "project": project.pk,
            "code": "M4",
            "description": "Drøfting",
            "due_as_written": "etter ferien",
            "order": 4,
            "body_dues-TOTAL_FORMS": 0,
            "body_dues-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "kan ikke leses som en frist" in response.content.decode()
