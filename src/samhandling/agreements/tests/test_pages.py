"""The pages: who sees what, the secretariat's forms, query counts pinned on the list pages."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from samhandling.agreements import services
from samhandling.agreements.models import Agreement, Allocation, Budget, CostElement, Point, Version
from samhandling.cases.services import recommendation_create
from samhandling.cases.tests.factories import make_case, make_decision
from samhandling.core.models import AuditEntry
from samhandling.structure.tests.factories import make_municipality, make_organisation

from .factories import (
    make_agreement,
    make_budget,
    make_element,
    make_key,
    make_point,
    make_project,
    make_version,
)

pytestmark = pytest.mark.django_db


def _agreement_with_two_versions():
    parties = [make_municipality(name="Alver"), make_organisation(name="Helse Bergen HF")]
    agreement = make_agreement(
        slug="overordna", title="Overordna samarbeidsavtale", parties=parties
    )
    recommendation = recommendation_create(
        actor=None,
        decision=make_decision(),
        text="Signer",
        parties=parties,
        requires_signature=True,
    )
    first = make_version(agreement=agreement, label="2022", recommendation=recommendation)
    make_point(version=first, number="1.2", title="SSU", text="Bergen kommune kan utpeike to.")
    make_point(version=first, number="1.3", text="Områdeutval med ein representant per kommune.")
    second = make_version(
        agreement=agreement, label="2026", status=Version.Status.IN_TREATMENT, in_force_from=None
    )
    make_point(version=second, number="1.2", title="SSU", text="Bergen kommune kan utpeike tre.")
    make_point(version=second, number="4", text="Årleg gjennomgang.")
    draft = make_version(agreement=agreement, label="Arbeidsutkast", status=Version.Status.DRAFT)
    return agreement, first, second, draft


def _decided_budget():
    municipalities = [
        make_municipality(name="Bergen", municipality_number="4601", population=290_000),
        make_municipality(name="Alver", municipality_number="4631", population=30_000),
    ]
    budget = make_budget(
        key=make_key(rule={"kind": "fixed_then_population", "fixed": {"4601": "50"}}),
        parties=municipalities,
        title="LKT pilot",
        illustration_note="Beløpa er fiktive.",
    )
    make_element(budget=budget, amount=725_501)
    recommendation = recommendation_create(
        actor=None, decision=make_decision(), text="Fordeling", parties=municipalities
    )
    services.allocation_decide(
        actor=None,
        budget=budget,
        recommendation=recommendation,
        decided_on=datetime.date(2018, 6, 14),
    )
    return budget


# --- who sees what ----------------------------------------------------------------------------


def test_visitors_see_the_agreement_its_public_versions_and_who_signed_but_no_draft(client):
    agreement, _first, _second, _draft = _agreement_with_two_versions()
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "I kraft: versjon 2022, fra 01.08.2022." in page
    assert "Arbeidsutkast" not in page
    assert "til behandling hos partene" in page
    assert "Hvem har sluttet seg til og signert hvilken versjon" in page
    assert page.count(">venter<") == 2  # Alver and Helse Bergen, both pending
    assert "Bergen kommune kan utpeike to." in page  # the points of the version in force
    assert "Ny versjon" not in page  # no secretariat actions


def test_the_secretariat_sees_drafts_and_its_actions(secretariat_client):
    agreement, *_ = _agreement_with_two_versions()
    page = secretariat_client.get(agreement.get_absolute_url()).content.decode()
    assert "Arbeidsutkast" in page
    assert "Ny versjon" in page and "Registrer gjennomgang" in page


def test_a_visitor_cannot_open_a_draft_version(client):
    agreement, _first, _second, draft = _agreement_with_two_versions()
    response = client.get(agreement.get_absolute_url(), {"versjon": draft.pk})
    assert response.status_code == 404


def test_two_versions_compare_point_by_point_with_changes_marked(client):
    agreement, first, second, _draft = _agreement_with_two_versions()
    url = reverse("agreements:compare", args=[agreement.slug])
    page = client.get(url, {"fra": first.pk, "til": second.pk}).content.decode()
    assert '<del><span class="visually-hidden">[fjernet: </span>to.' in page
    assert '<ins><span class="visually-hidden">[lagt til: </span>tre.' in page
    assert "(nytt punkt)" in page and "(punkt fjernet)" in page
    assert "3 punkter endret, lagt til eller fjernet." in page


def test_a_case_page_lists_the_agreement_points_the_case_concerns(client):
    _agreement, first, _second, _draft = _agreement_with_two_versions()
    case = make_case(subject="Samansetjing av SSU")
    services.point_link_add(actor=None, point=first.points.get(number="1.2"), case=case)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Avtalepunkter saken gjelder" in page
    assert "punkt 1.2 (versjon 2022)" in page


def test_a_draft_versions_points_are_not_listed_on_the_case_page(client):
    *_, draft = _agreement_with_two_versions()
    case = make_case()
    services.point_link_add(actor=None, point=make_point(version=draft, number="9"), case=case)
    assert "Avtalepunkter saken gjelder" not in client.get(case.get_absolute_url()).content.decode()


def test_visitors_see_decided_budgets_only(client):
    decided = _decided_budget()
    draft = make_budget(title="Berre utkast")
    listing = client.get(reverse("agreements:budgets")).content.decode()
    assert "LKT pilot" in listing and "Berre utkast" not in listing
    assert client.get(draft.get_absolute_url()).status_code == 404
    page = client.get(decided.get_absolute_url()).content.decode()
    assert "Utkast til fordeling" not in page
    assert "Vedtatte fordelinger" in page
    assert "Beløpa er fiktive." in page
    assert ">725\u00a0501<" in page  # whole kroner, grouped as Norwegian writes them


def test_the_decided_allocation_downloads_as_xlsx_for_anyone_but_the_draft_only_for_the_secretariat(
    client, secretariat_client
):
    budget = _decided_budget()
    allocation = Allocation.objects.get(budget=budget)
    response = client.get(reverse("agreements:allocation_xlsx", args=[budget.pk, allocation.pk]))
    assert response.status_code == 200
    assert "fordeling-lkt-pilot-2019.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Fordeling av kostnader: LKT pilot 2019"
    assert client.get(reverse("agreements:draft_xlsx", args=[budget.pk])).status_code == 404
    assert (
        secretariat_client.get(reverse("agreements:draft_csv", args=[budget.pk])).status_code == 200
    )


# --- the secretariat's forms ------------------------------------------------------------------


def test_visitors_are_sent_to_log_in_and_readers_are_refused(client, reader):
    url = reverse("agreements:create")
    assert client.get(url).status_code == 302
    client.force_login(reader)
    assert client.get(url).status_code == 403


def test_the_secretariat_registers_an_agreement_a_version_and_its_points(secretariat_client):
    party = make_municipality(name="Alver")
    response = secretariat_client.post(
        reverse("agreements:create"),
        {
            "title": "Delavtale om utskriving",
            "slug": "",
            "kind": "overall",
            "parties": [party.pk],
            "review_interval_months": 12,
        },
    )
    agreement = Agreement.objects.get(slug="delavtale-om-utskriving")
    assert response.url == agreement.get_absolute_url()
    assert list(agreement.parties.all()) == [party]
    response = secretariat_client.post(
        reverse("agreements:version_create", args=[agreement.slug]),
        {"label": "2022", "status": "in_force", "in_force_from": "2022-08-01", "case": ""},
    )
    version = agreement.versions.get()
    response = secretariat_client.post(
        reverse("agreements:point_create", args=[agreement.slug, version.pk]),
        {"number": "1.2", "title": "Varsling", "text": "Sjukehuset varslar kommunen."},
    )
    assert Point.objects.get(version=version).number == "1.2"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"agreement.create", "agreement_version.create", "agreement_point.create"} <= actions


def test_a_version_in_force_without_a_date_is_sent_back_with_the_reason(secretariat_client):
    agreement = make_agreement()
    response = secretariat_client.post(
        reverse("agreements:version_create", args=[agreement.slug]),
        {"label": "2022", "status": "in_force", "in_force_from": ""},
    )
    assert response.status_code == 200
    assert "En versjon i kraft trenger datoen den trådte i kraft." in response.content.decode()
    assert not agreement.versions.exists()


def test_a_point_is_linked_to_a_case_by_its_number_and_an_unknown_number_is_refused(
    secretariat_client,
):
    point = make_point()
    case = make_case(year=2021, sequence=58)
    url = reverse("agreements:point_link_add", args=[point.pk])
    response = secretariat_client.post(url, {"case": "99/21"})
    assert "Det finnes ingen sak 99/21." in response.content.decode()
    secretariat_client.post(url, {"case": "58/21", "note": "Gjeld SSU"})
    assert point.links.get().case == case


def test_the_secretariat_records_a_review(secretariat_client):
    agreement = make_agreement()
    secretariat_client.post(
        reverse("agreements:review_add", args=[agreement.slug]), {"reviewed_on": "2025-06-12"}
    )
    assert agreement.reviews.get().reviewed_on == datetime.date(2025, 6, 12)


def test_the_secretariat_builds_a_budget_enters_step_1_and_decides_the_allocation(
    secretariat_client,
):
    bergen = make_municipality(name="Bergen", municipality_number="4601", population=290_000)
    alver = make_municipality(name="Alver", municipality_number="4631", population=30_000)
    hospital = make_organisation(name="Helse Bergen HF")
    key = make_key(rule={"kind": "two_step", "fixed": {"4601": "50"}})
    project = make_project()
    secretariat_client.post(
        reverse("agreements:budget_create"),
        {
            "project": project.pk,
            "year": 2019,
            "title": "Pilot",
            "key": key.pk,
            "parties": [bergen.pk, alver.pk, hospital.pk],
        },
    )
    budget = Budget.objects.get(title="Pilot")
    secretariat_client.post(
        reverse("agreements:element_add", args=[budget.pk]),
        {"name": "Frikjøp", "kind": "staff_time", "amount": 100_001},
    )
    assert CostElement.objects.get(budget=budget).amount == 100_001
    page = secretariat_client.get(budget.get_absolute_url()).content.decode()
    assert "Legg inn steg 1 først" in page
    url = reverse("agreements:entered_shares", args=[budget.pk])
    response = secretariat_client.post(url, {"municipalities": "60", f"party_{hospital.pk}": "30"})
    assert "Delene blir til sammen 90 %, ikke 100 %." in response.content.decode()
    secretariat_client.post(url, {"municipalities": "60", f"party_{hospital.pk}": "40"})
    page = secretariat_client.get(budget.get_absolute_url()).content.decode()
    assert ">40\u00a0001<" in page and ">30\u00a0000<" in page  # the hospital's and Bergen's share
    recommendation = recommendation_create(
        actor=None, decision=make_decision(), text="Fordeling", parties=[bergen, alver, hospital]
    )
    secretariat_client.post(
        reverse("agreements:decide", args=[budget.pk]),
        {"recommendation": recommendation.pk, "decided_on": "2018-06-14"},
    )
    allocation = Allocation.objects.get(budget=budget)
    assert sum(allocation.lines.values_list("amount", flat=True)) == 100_001
    assert AuditEntry.objects.filter(action="allocation.decide").count() == 1


# --- query counts -----------------------------------------------------------------------------


def _grow_agreements(n: int) -> None:
    for _ in range(n):
        agreement = make_agreement(parties=[make_municipality()])
        make_version(agreement=agreement)
        make_version(agreement=agreement, status=Version.Status.IN_TREATMENT, in_force_from=None)
        services.review_record(
            actor=None, agreement=agreement, reviewed_on=datetime.date(2025, 1, 1)
        )


def test_the_agreement_list_runs_two_queries_however_many_agreements(
    client, django_assert_num_queries
):
    # 1: the agreements with parent, party count and last review; 2: their versions.
    _grow_agreements(2)
    with django_assert_num_queries(2):
        assert client.get(reverse("agreements:list")).status_code == 200
    _grow_agreements(4)
    with django_assert_num_queries(2):
        assert client.get(reverse("agreements:list")).status_code == 200


def test_the_budget_list_runs_one_query_however_many_budgets(client, django_assert_num_queries):
    # 1: the decided budgets with project, key and their number of decided allocations.
    _decided_budget()
    with django_assert_num_queries(1):
        assert client.get(reverse("agreements:budgets")).status_code == 200
    for _ in range(3):
        make_budget()
    with django_assert_num_queries(1):
        assert client.get(reverse("agreements:budgets")).status_code == 200


def test_the_key_list_runs_one_query(client, django_assert_num_queries):
    for _ in range(3):
        make_budget(key=make_key())
    with django_assert_num_queries(1):
        assert client.get(reverse("agreements:keys")).status_code == 200


def test_the_agreement_page_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    # agreement, parties, versions, adoptions, points, links, reviews, sub-agreements, and
    # which of the cases the page names (recommendations', linked) the visitor may read
    # through cases.access: one query for all of them
    agreement, first, *_ = _agreement_with_two_versions()
    with django_assert_num_queries(9):
        assert client.get(agreement.get_absolute_url()).status_code == 200
    for n in range(5):
        point = make_point(version=first, number=f"5.{n}")
        services.point_link_add(actor=None, point=point, case=make_case())
        agreement.parties.add(make_municipality())
    with django_assert_num_queries(9):
        assert client.get(agreement.get_absolute_url()).status_code == 200


def test_the_secretariat_removes_a_cost_element_and_a_point(secretariat_client):
    element = make_element()
    budget = element.budget
    secretariat_client.post(
        reverse("agreements:element_edit", args=[budget.pk, element.pk]), {"delete": "1"}
    )
    assert not budget.elements.exists()
    point = make_point()
    version = point.version
    secretariat_client.post(
        reverse("agreements:point_edit", args=[version.agreement.slug, version.pk, point.pk]),
        {"delete": "1"},
    )
    assert not version.points.exists()
    assert (
        AuditEntry.objects.filter(
            action__in=["cost_element.delete", "agreement_point.delete"]
        ).count()
        == 2
    )


def test_the_agreement_pages_speak_nynorsk_when_asked(client):
    from django.conf import settings

    agreement, *_ = _agreement_with_two_versions()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Kven har slutta seg til og signert kva versjon" in page
    assert "til handsaming hos partane" in page
    assert "Årleg gjennomgang" in client.get(reverse("agreements:list")).content.decode()
