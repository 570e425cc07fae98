"""The roles people log in with, and what each may do in the back office."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from samhandling.core.actor import Actor
from samhandling.core.audit import audit_record
from samhandling.structure.models import Organisation

from .models import RoleGrant, User

SECRETARIAT_GROUP = "secretariat"
ANALYST_GROUP = "analyst"

# What each role may do in the back office (Django's admin), by app and action; our own
# pages check the role itself (see permissions.py). Only the secretariat and the superuser
# are staff: the analyst works in the pathway pages, never in the back office.
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
    group, _created = Group.objects.get_or_create(name=name)
    wanted = Q(pk__in=[])
    for app_label, actions in ROLE_PERMISSIONS.get(name, {}).items():
        for action in actions:
            wanted |= Q(content_type__app_label=app_label, codename__startswith=f"{action}_")
    group.permissions.set(Permission.objects.filter(wanted))
    return group


@transaction.atomic
def role_grant_create(
    *,
    actor: Actor | None,
    user: User,
    role: str,
    organisation: Organisation | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> RoleGrant:
    """Give a login a role (for an organisation, when the role acts for one)."""
    if role not in RoleGrant.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if role in RoleGrant.ROLES_FOR_AN_ORGANISATION and organisation is None:
        raise ValidationError(
            {"organisation": _("A case officer or party administrator acts for an organisation.")}
        )
    grant = RoleGrant(user=user, role=role, organisation=organisation, valid_to=valid_to)
    if valid_from is not None:
        grant.valid_from = valid_from
    if grant.valid_to is not None and grant.valid_to <= grant.valid_from:
        raise ValidationError({"valid_to": _("The role must end after it starts.")})
    grant.save()
    audit_record(
        actor=actor,
        action="role_grant.create",
        obj=grant,
        summary=str(grant),
        changes={
            "user": [None, user.username],
            "role": [None, role],
            "organisation": [None, organisation.slug if organisation else None],
            "valid_from": [None, grant.valid_from.isoformat()],
            "valid_to": [None, valid_to.isoformat() if valid_to else None],
        },
    )
    return grant


@transaction.atomic
def role_grant_end(*, actor: Actor | None, grant: RoleGrant, on: datetime.date) -> RoleGrant:
    """End a role on a day (kept as history, never deleted)."""
    if on <= grant.valid_from:
        raise ValidationError({"valid_to": _("The role must end after it starts.")})
    before = grant.valid_to.isoformat() if grant.valid_to else None
    grant.valid_to = on
    grant.save(update_fields=["valid_to"])
    audit_record(
        actor=actor,
        action="role_grant.end",
        obj=grant,
        summary=str(grant),
        changes={"valid_to": [before, on.isoformat()]},
    )
    return grant
