"""The meetings' panel on a logged-in person's home page (see core.home)."""

from django.utils import timezone

from samhandling.core.actor import is_secretariat

from .models import Meeting


def meetings_to_prepare(user) -> dict | None:
    """For the secretariat: upcoming meetings whose notice has not gone out."""
    if not is_secretariat(user):
        return None
    meetings = list(
        Meeting.objects.filter(starts_at__gte=timezone.now(), state=Meeting.State.PLANNED)
        .select_related("committee")
        .order_by("starts_at")[:20]
    )
    return {"meetings": meetings} if meetings else None
