"""Logins. Each login may be tied to a ``Person`` of the structure, so that what the person
may see and do follows from data: their current memberships (member, deputy, observer of a
committee) and their role grants (secretariat, case officer or party administrator of an
organisation, analyst). Nothing about roles is hard-coded per login."""

import datetime
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samhandling.structure.models import Committee, Membership, Organisation, Person


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

    # Every answer below is read once per user object. ``request.user`` is a new object
    # for each request, so the caches last exactly one request.

    @cached_property
    def _group_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @cached_property
    def _grants(self) -> tuple["RoleGrant", ...]:
        if self.pk is None:
            return ()
        return tuple(RoleGrant.objects.current().filter(user=self))

    def _has_grant(self, role: str, organisation: Organisation | int | None = None) -> bool:
        org_id = getattr(organisation, "pk", organisation)
        return any(
            g.role == role and (organisation is None or g.organisation_id == org_id)
            for g in self._grants
        )

    @property
    def is_secretariat(self) -> bool:
        """The secretariat (and the back-office superuser) sees and writes everything."""
        from .services import SECRETARIAT_GROUP

        if self.is_superuser or SECRETARIAT_GROUP in self._group_names:
            return True
        return self._has_grant(RoleGrant.Role.SECRETARIAT)

    @property
    def is_analyst(self) -> bool:
        from .services import ANALYST_GROUP

        return ANALYST_GROUP in self._group_names or self._has_grant(RoleGrant.Role.ANALYST)

    @cached_property
    def _memberships(self) -> tuple[Membership, ...]:
        if self.person_id is None:
            return ()
        return tuple(
            Membership.objects.current()
            .filter(person_id=self.person_id)
            .select_related("seat__committee", "on_behalf_of")
        )

    def committee_roles(self) -> dict[int, frozenset[str]]:
        """The committees the person sits in today, by committee id, each with the roles of
        their current memberships there (``Membership.Role`` values; an observer seat counts
        as observer whatever its role says)."""
        roles: dict[int, set[str]] = {}
        for membership in self._memberships:
            role = membership.role if membership.seat.may_decide else Membership.Role.OBSERVER
            roles.setdefault(membership.seat.committee_id, set()).add(role)
        return {committee: frozenset(r) for committee, r in roles.items()}

    def committee_ids(self) -> frozenset[int]:
        """The committees the person is a member, deputy or observer of today."""
        return frozenset(self.committee_roles())

    def sits_in(self, committee: Committee | int) -> bool:
        """A current member, deputy or observer of the committee (not its secretary)."""
        roles = self.committee_roles().get(getattr(committee, "pk", committee), frozenset())
        return bool(roles - {Membership.Role.SECRETARY})

    def decides_in(self, committee: Committee | int) -> bool:
        """A current member with a vote (chair, deputy chair or member of a deciding seat)."""
        committee_id = getattr(committee, "pk", committee)
        return any(
            m.seat.committee_id == committee_id and m.is_deciding() for m in self._memberships
        )

    def observes_in(self, committee: Committee | int) -> bool:
        """Sits in the committee only as an observer: may speak and propose, not decide."""
        return self.sits_in(committee) and not self.decides_in(committee)

    def may_propose_in(self, committee: Committee | int) -> bool:
        """Members, deputies and observers put proposals to the committee's agenda items."""
        return self.sits_in(committee)

    def administered_parties(self) -> frozenset[int]:
        """Ids of the parties this login registers adoptions and signatures for."""
        return frozenset(
            g.organisation_id for g in self._grants if g.role == RoleGrant.Role.PARTY_ADMINISTRATOR
        )

    def administers_party(self, organisation: Organisation | int) -> bool:
        return self._has_grant(RoleGrant.Role.PARTY_ADMINISTRATOR, organisation)

    def case_officer_organisations(self) -> frozenset[int]:
        return frozenset(
            g.organisation_id for g in self._grants if g.role == RoleGrant.Role.CASE_OFFICER
        )

    def is_case_officer_for(self, organisation: Organisation | int | None = None) -> bool:
        """A case officer of the organisation (of any organisation when it is None)."""
        return self._has_grant(RoleGrant.Role.CASE_OFFICER, organisation)


class RoleGrantQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "RoleGrantQuerySet":
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))


class RoleGrant(models.Model):
    """A role a login holds besides its memberships, for a period. The case officer and the
    party administrator act for one organisation, so they name it."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("secretariat")
        CASE_OFFICER = "case_officer", _("case officer")
        PARTY_ADMINISTRATOR = "party_administrator", _("party administrator")
        ANALYST = "analyst", _("analyst")

    ROLES_FOR_AN_ORGANISATION = (Role.CASE_OFFICER, Role.PARTY_ADMINISTRATOR)

    user = models.ForeignKey(
        User, verbose_name=_("login"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_grants",
        help_text=_("The party or organisation the role acts for."),
    )
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_to = models.DateField(_("until"), null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role", "id"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["case_officer", "party_administrator"])
                | Q(organisation__isnull=False),
                name="role_grant_for_organisation_names_it",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="role_grant_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        if self.organisation_id:
            return f"{self.user}: {self.get_role_display()}, {self.organisation}"
        return f"{self.user}: {self.get_role_display()}"
