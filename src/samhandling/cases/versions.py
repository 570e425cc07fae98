"""What each edit form of the case register shows of its object, read from the database:
the snapshots ``core.concurrency`` compares to tell a second editor that the object changed
after they opened the form. Keys are the form's field names."""

from samhandling.core.concurrency import Snapshot

from .models import Adoption, Case, Decision, ProgressPlanEntry, Treatment

CASE_EDIT_FIELDS = (
    "subject",
    "kind",
    "paper_date",
    "case_officer",
    "case_officer_unit",
    "introduction",
    "background",
    "assessment",
    "further_work",
    "proposed_resolution",
    "access",
    "exemption_basis",
)


def case_snapshot(case: Case) -> Snapshot:
    values: dict = {name: getattr(case, name) for name in CASE_EDIT_FIELDS}
    values["priority_groups"] = sorted(case.priority_groups.all(), key=lambda pg: pg.pk)
    return values


def decision_snapshot(treatment: Treatment) -> Snapshot:
    """The decision of a treatment with its proposals; all empty before it is recorded, so
    two people recording the same decision at once are told too."""
    decision = Decision.objects.filter(treatment=treatment).first()
    values: dict = {
        name: getattr(decision, name) if decision is not None else None
        for name in ("outcome", "text", "decided_on", "consensus", "dissent")
    }
    values["proposals"] = [
        f"{p.proposer}: {p.text} ({p.get_outcome_display() or '–'})"
        for p in treatment.proposals.select_related("proposer").order_by("order", "id")
    ]
    return values


def adoption_snapshot(adoption: Adoption) -> Snapshot:
    return {
        name: getattr(adoption, name)
        for name in ("status", "deciding_body", "decided_on", "reference", "changes")
    }


def signature_snapshot(adoption: Adoption) -> Snapshot:
    return {
        "signed_on": adoption.signed_on,
        "signed_by": adoption.signed_by,
        "signed_document": adoption.signed_document.name.rsplit("/", 1)[-1]
        if adoption.signed_document
        else "",
    }


def progress_plan_entry_snapshot(entry: ProgressPlanEntry) -> Snapshot:
    return {
        name: getattr(entry, name) for name in ("when", "sort_date", "what", "about", "responsible")
    }
