"""The roles people log in with, and what each may do in the back office."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

SECRETARIAT_GROUP = "secretariat"
ANALYST_GROUP = "analyst"

# What each role may do in the back office (Django's admin), by app and action; our own
# pages check the role itself (see permissions.py).
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    SECRETARIAT_GROUP: {
        "structure": ("add", "change", "delete", "view"),
        "cases": ("add", "change", "delete", "view"),
        "meetings": ("add", "change", "delete", "view"),
        "projects": ("add", "change", "delete", "view"),
        "core": ("view",),
    },
    ANALYST_GROUP: {"pathways": ("view",)},
}


def role_group(name: str) -> Group:
    """The group for a role, with exactly the back-office permissions the role has."""
    group, _ = Group.objects.get_or_create(name=name)
    wanted = Q(pk__in=[])
    for app_label, actions in ROLE_PERMISSIONS.get(name, {}).items():
        for action in actions:
            wanted |= Q(content_type__app_label=app_label, codename__startswith=f"{action}_")
    group.permissions.set(Permission.objects.filter(wanted))
    return group
