"""The case register's panels on a logged-in person's home page (see core.home)."""

from django.db.models import Q
from django.utils import timezone

from samhandling.core.actor import is_secretariat

from .models import Adoption, Case

LIMIT = 20


def cases_to_draft(user) -> dict | None:
    """The case officer's papers that no committee has decided on yet."""
    person = getattr(user, "person", None)
    if person is None:
        return None
    cases = list(
        Case.objects.filter(case_officer=person)
        .exclude(treatments__decision__isnull=False)
        .order_by("-year", "-sequence")[:LIMIT]
    )
    return {"cases": cases} if cases else None


def adoptions_overdue(user) -> dict | None:
    """Pending answers past the recommendation's respond-by date: the party
    administrator's own parties', or every party's for the secretariat."""
    overdue = Adoption.objects.filter(
        status=Adoption.Status.PENDING, recommendation__respond_by__lt=timezone.localdate()
    )
    if not is_secretariat(user):
        parties = getattr(user, "administered_parties", frozenset)()
        if not parties:
            return None
        overdue = overdue.filter(Q(party_id__in=parties))
    adoptions = list(
        overdue.select_related("party", "recommendation__decision__treatment__case").order_by(
            "recommendation__respond_by", "party__name"
        )[:LIMIT]
    )
    return {"adoptions": adoptions} if adoptions else None
