"""Writing the audit log and managing the roles people log in with."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.db import models
from django.db.models import Q

from .models import AuditEntry

SECRETARIAT_GROUP = "secretariat"
ANALYST_GROUP = "analyst"

# What each role may do in the back office (Django's admin), by app and action; our own
# pages check the role itself (see permissions.py).
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    SECRETARIAT_GROUP: {
        "structure": ("add", "change", "delete", "view"),
        "cases": ("add", "change", "delete", "view"),
        "meetings": ("add", "change", "delete", "view"),
        "accounts": ("view",),
    },
    ANALYST_GROUP: {"pathways": ("view",)},
}


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model,
    summary: str,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Log one change as data; call it inside the transaction that makes the change."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:500],
        changes=changes or {},
    )


def is_secretariat(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=SECRETARIAT_GROUP).exists()


def may_see_exempt(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Content exempt from public access (offentleglova) is for the secretariat alone:
    visitors and logged-in users with other roles (such as analysts) never see it. Every
    page, document, feed and search asks this one function."""
    return user is not None and is_secretariat(user)


def role_group(name: str) -> Group:
    """The group for a role, with exactly the back-office permissions the role has."""
    group, _ = Group.objects.get_or_create(name=name)
    wanted = Q(pk__in=[])
    for app_label, actions in ROLE_PERMISSIONS.get(name, {}).items():
        for action in actions:
            wanted |= Q(content_type__app_label=app_label, codename__startswith=f"{action}_")
    group.permissions.set(Permission.objects.filter(wanted))
    return group
