"""The structure's panel on a logged-in person's home page (see core.home)."""

import datetime

from django.db.models import Q
from django.utils import timezone

from samhandling.core.actor import is_secretariat

from .models import Membership

EXPIRING_WITHIN = datetime.timedelta(days=90)


def memberships_expiring(user) -> dict | None:
    """Current memberships whose term ends within 90 days: the person's own, and for the
    secretariat everyone's."""
    person = getattr(user, "person", None)
    today = timezone.localdate()
    memberships = Membership.objects.current(today).filter(
        term_end__gte=today, term_end__lte=today + EXPIRING_WITHIN
    )
    if not is_secretariat(user):
        if person is None:
            return None
        memberships = memberships.filter(Q(person=person))
    rows = list(memberships.select_related("person", "seat__committee").order_by("term_end")[:50])
    return {"memberships": rows} if rows else None
