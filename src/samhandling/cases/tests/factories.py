"""Small factories for case-register test data; other contexts' tests import them too.
They write rows directly (with the next free number) so tests of other features need not go
through the services."""

import datetime

from django.db.models import Max

from samhandling.cases.models import Case, Decision, PriorityGroup, Recommendation, Treatment
from samhandling.structure.tests.factories import make_committee


def make_priority_group(**fields) -> PriorityGroup:
    count = PriorityGroup.objects.count() + 1
    fields.setdefault("slug", f"gruppe-{count}")
    fields.setdefault("name", f"Prioritert gruppe {count}")
    return PriorityGroup.objects.create(**fields)


def make_case(**fields) -> Case:
    fields.setdefault("paper_date", datetime.date(2021, 12, 9))
    fields.setdefault("year", fields["paper_date"].year)
    if "sequence" not in fields:
        last = Case.objects.filter(year=fields["year"]).aggregate(m=Max("sequence"))["m"] or 0
        fields["sequence"] = last + 1
    fields.setdefault("subject", f"Testsak {fields['sequence']}")
    fields.setdefault("proposed_resolution", "<p>Utvalet tek saka til orientering.</p>")
    return Case.objects.create(**fields)


def make_treatment(**fields) -> Treatment:
    if "case" not in fields:
        fields["case"] = make_case()
    if "committee" not in fields:
        fields["committee"] = make_committee()
    return Treatment.objects.create(**fields)


def make_decision(**fields) -> Decision:
    if "treatment" not in fields:
        fields["treatment"] = make_treatment()
    fields.setdefault("outcome", Decision.Outcome.ADOPTED)
    fields.setdefault("text", "Vedteke som foreslått.")
    fields.setdefault("decided_on", datetime.date(2022, 3, 15))
    treatment = fields["treatment"]
    treatment.state = Treatment.State.TREATED
    treatment.save(update_fields=["state"])
    return Decision.objects.create(**fields)


def recommend_agreement(committee, parties) -> Recommendation:
    """The usual follow-up world through the services: the committee adopts the agreement
    on a case of its own and recommends it to ``parties``, who must sign."""
    from samhandling.cases.services import case_create, decision_record, recommendation_create

    case = case_create(
        actor=None,
        subject="Samarbeidsavtale om helsefellesskap",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2022, 4, 1),
        committees=[committee],
    )
    decision = decision_record(
        actor=None,
        treatment=case.treatments.get(),
        outcome="adopted",
        text="SSU tilrår avtalen.",
        decided_on=datetime.date(2022, 4, 20),
    )
    return recommendation_create(
        actor=None,
        decision=decision,
        text="Partane sluttar seg til avtalen.",
        parties=parties,
        requires_signature=True,
    )
