"""The demo's agreements and LKT budgets: what the seeds give, labelled where they give no
figure, and loading twice changes nothing."""

import pytest

from samhandling.agreements import demo
from samhandling.agreements.calculation import allocation_compute
from samhandling.agreements.models import Agreement, Allocation, Budget, Version
from samhandling.cases import demo as cases_demo
from samhandling.core.models import AuditEntry
from samhandling.projects.models import Project
from samhandling.structure import demo as structure_demo
from samhandling.structure.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    structure_demo.load()
    cases_demo.load()
    demo.load()


def test_the_overall_agreement_is_in_force_from_1_august_2022_with_every_party(loaded):
    agreement = Agreement.objects.get(slug=demo.OVERALL_SLUG)
    first = agreement.versions.get(label="2022")
    assert first.status == Version.Status.IN_FORCE
    assert str(first.in_force_from) == "2022-08-01"
    # Every party of that day; the municipalities merged away in 2020 are not among them.
    parties_then = Organisation.objects.filter(is_party=True).existing_on(first.in_force_from)
    assert agreement.parties.count() == parties_then.count() == 24
    assert first.case.number == "9/22" and first.recommendation.requires_signature
    assert first.points.filter(number__in=["1.2", "1.3"]).count() == 2


def test_the_revision_is_under_treatment_with_some_parties_signed_and_some_pending(loaded):
    revised = Version.objects.get(status=Version.Status.IN_TREATMENT, agreement__kind="overall")
    assert "Illustrasjon" in revised.illustration_note
    adoptions = list(revised.recommendation.adoptions.all())
    signed = [a for a in adoptions if a.signed_on]
    pending = [a for a in adoptions if a.status == "pending"]
    assert signed and pending and len(signed) + len(pending) < len(adoptions)


def test_the_lkt_budget_is_shared_by_seed_003s_key_and_labelled_fictional(loaded):
    project = Project.objects.get(slug="lkt")
    budget = Budget.objects.get(project=project, title="LKT pilot – kommunal del")
    assert "fiktive" in budget.illustration_note
    allocation = Allocation.objects.get(budget=budget)
    assert allocation.recommendation.decision.treatment.case.number == "14/18"
    lines = {line.party_name: line.amount for line in allocation.lines.all()}
    assert len(lines) == 18
    assert sum(lines.values()) == allocation.total == 725_500
    assert lines["Bergen"] == 362_750  # 50 %


def test_the_two_step_budget_stays_a_draft_because_the_seed_gives_no_ratio(loaded):
    budget = Budget.objects.get(title__startswith="LKT pilot 2018–2019")
    assert not budget.entered_shares.exists()
    assert "steg 1" in allocation_compute(budget).error
    assert not budget.allocations.exists()


def test_loading_the_demo_twice_changes_nothing(loaded):
    before = AuditEntry.objects.count()
    demo.load()
    assert AuditEntry.objects.count() == before
    assert Agreement.objects.count() == 2
