"""The project pages name linked cases; an exempt case's subject is read through
``cases.access`` like on the case register's own pages."""

import datetime

from django.urls import reverse

from samhandling.cases.tests.factories import make_case, make_treatment
from samhandling.core.access import Access, ExemptionBasis
from samhandling.projects.models import StatusReport

from .factories import make_project

SECRET = "Forhandlingsposisjon om prosjektmidlar"


def _project_with_exempt_case(personas):
    case = make_case(
        subject=SECRET,
        access=Access.EXEMPT,
        exemption_basis=ExemptionBasis.OFFL_23,
        public_title="Prosjektmidlar",
    )
    make_treatment(case=case, committee=personas.ssu)
    project = make_project()
    project.cases.add(case)
    report = StatusReport.objects.create(
        project=project,
        title="Løypemelding",
        written_on=datetime.date(2026, 3, 1),
        progress="Går etter planen.",
        case=case,
    )
    return project, report


def test_an_exempt_linked_case_shows_its_subject_only_to_those_who_may_read_it(personas):
    project, report = _project_with_exempt_case(personas)
    pages = [
        project.get_absolute_url(),
        reverse("projects:status_report", args=[project.slug, report.pk]),
    ]
    # The case goes to SSU: its observer and the secretariat read it; the public and a
    # member of another committee see its public title.
    for name, sees in [
        ("public", False),
        ("member", False),
        ("observer", True),
        ("secretariat", True),
    ]:
        client = personas.client(name)
        for url in pages:
            html = client.get(url).content.decode()
            assert (SECRET in html) is sees, (name, url)
            assert sees or "Prosjektmidlar" in html, (name, url)
