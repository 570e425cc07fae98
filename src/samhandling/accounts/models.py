"""Logins. Each login may be tied to a ``Person`` of the structure, so that what the person
may see and do follows from their memberships and roles, kept as data."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.structure.models import Person


class User(AbstractUser):
    # The table and its integer key are Django's own ``auth_user``: databases made before
    # this model existed keep their logins (see migration 0001).
    id = models.AutoField(primary_key=True)
    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="login",
        help_text=_("The person in the structure who logs in with this account."),
    )

    class Meta(AbstractUser.Meta):
        db_table = "auth_user"
        swappable = "AUTH_USER_MODEL"

    @property
    def is_secretariat(self) -> bool:
        from .services import SECRETARIAT_GROUP

        if self.is_superuser:
            return True
        cache = getattr(self, "_group_names", None)
        if cache is None:
            cache = self._group_names = frozenset(self.groups.values_list("name", flat=True))
        return SECRETARIAT_GROUP in cache
