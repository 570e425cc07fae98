"""The helsefellesskap's structure: organisations, areas, levels, committees, seats, people and
their memberships. Composition rules live in data files (``rules/*.toml``) and expand into
``Seat`` rows when the structure is loaded; the checker compares memberships with them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    MUNICIPAL = "municipal", _("municipal side")
    SPECIALIST = "specialist", _("specialist health service")
    NEITHER = "neither", _("neither side")


class Area(models.Model):
    """An utvalsområde: a group of municipalities with its own area committee."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    """One of the four levels: partnership meeting, SSU, area committees, professional committees."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    purpose = models.TextField(_("purpose"), blank=True)
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings per year"),
        null=True,
        blank=True,
        help_text=_("Set when the sources fix it, e.g. the partnership meeting: «Årlig møte»."),
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def existing_on(self, on: datetime.date) -> "OrganisationQuerySet":
        """The organisations that existed on ``on``: a municipality merged away before it, or
        one formed after it, is left out."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        HEALTH_TRUST = "health_trust", _("health trust")
        PRIVATE_NON_PROFIT = "private_non_profit", _("private non-profit institution")
        DPS = "dps", _("district psychiatric centre")
        KS = "ks", _("KS")
        UNION_CONFEDERATION = "union_confederation", _("union confederations")
        USER_COMMITTEE = "user_committee", _("user committee")
        GP_BODY = "gp_body", _("GP body")
        SECRETARIAT = "secretariat", _("secretariat")
        OTHER = "other", _("other")

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    is_party = models.BooleanField(
        _("party to the agreement"),
        default=False,
        help_text=_("Parties make their own formal decisions and sign agreements."),
    )
    side = models.CharField(_("side"), max_length=12, choices=Side.choices, default=Side.NEITHER)
    municipality_number = models.CharField(
        _("municipality number"), max_length=4, blank=True, null=True, unique=True
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=200, blank=True)
    local_hospital = models.CharField(_("local hospital"), max_length=200, blank=True)
    hospitals = models.CharField(
        _("hospitals it runs"),
        max_length=200,
        blank=True,
        help_text=_(
            "Comma-separated names of the local hospitals the organisation runs, as the "
            "municipalities' local hospital names them; they give its sector responsibility."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    valid_from = models.DateField(
        _("exists from"), null=True, blank=True, help_text=_("Empty: from before our records.")
    )
    valid_to = models.DateField(
        _("exists until"), null=True, blank=True, help_text=_("The last day, e.g. before a merger.")
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    previous_number = models.CharField(_("previous municipality number"), max_length=4, blank=True)
    previous_number_until = models.DateField(_("previous number used until"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality_number__isnull=True) | Q(kind="municipality"),
                name="municipality_number_only_for_municipalities",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("structure:organisation", args=[self.slug])

    def exists_on(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )

    def number_on(self, on: datetime.date) -> str:
        """The municipality number in use on ``on`` (numbers changed with the county reform
        of 1 January 2020)."""
        if self.previous_number and self.previous_number_until and on <= self.previous_number_until:
            return self.previous_number
        return self.municipality_number or ""

    def hospital_names(self) -> list[str]:
        return [name.strip() for name in self.hospitals.split(",") if name.strip()]


class CommitteeQuerySet(models.QuerySet):
    def existing_on(self, on: datetime.date) -> "CommitteeQuerySet":
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class Committee(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="committees"
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committees",
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_committees",
    )
    mandate = models.TextField(_("mandate"), blank=True)
    rule_file = models.CharField(
        _("composition rule file"),
        max_length=100,
        blank=True,
        help_text=_("Name of the file in the rules folder that sets this committee's composition."),
    )
    standing = models.BooleanField(
        _("part of the standing structure"),
        default=True,
        help_text=_(
            "Off for bodies set up for a task outside the standing structure, such as a "
            "project's steering group: they meet and decide like any committee, but the "
            "structure's overview and composition rules leave them out."
        ),
    )
    valid_from = models.DateField(
        _("from"), null=True, blank=True, help_text=_("Empty: from before our records.")
    )
    valid_to = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("The last day the committee existed; empty while it exists."),
    )
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("succeeded by"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text=_("The committees that took over its tasks."),
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the committee is described.")
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["level__order", "order", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("structure:committee", args=[self.slug])

    def exists_on(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )

    @property
    def is_former(self) -> bool:
        return self.valid_to is not None and self.valid_to < timezone.localdate()


class RepresentativeKind(models.TextChoices):
    PARTY_LEADERSHIP = "party_leadership", _("political or administrative top leadership")
    MUNICIPAL = "municipal", _("municipal representative")
    SPECIALIST = "specialist", _("specialist health service representative")
    USER = "user", _("user representative")
    GP = "gp", _("GP")
    CHIEF_MEDICAL_OFFICER = "chief_medical_officer", _("municipal chief medical officer")
    KS = "ks", _("KS representative")
    UNION = "union", _("union confederations' representative")
    SECRETARIAT = "secretariat", _("secretariat")
    PRACTICE_CONSULTANT = "practice_consultant", _("practice consultant (PKO)")
    COMMITTEE_LEADER = "committee_leader", _("committee leader")


# Which kinds of organisation a representative of each kind may speak for. A chief medical
# officer is a municipal post; a practice consultant (PKO) is a GP appointed to the hospital.
_SPECIALIST_KINDS = ("health_trust", "private_non_profit", "dps")
_PARTY_KINDS = ("municipality", *_SPECIALIST_KINDS)
ORGANISATION_KINDS_FOR: dict[str, tuple[str, ...]] = {
    RepresentativeKind.PARTY_LEADERSHIP: _PARTY_KINDS,
    RepresentativeKind.MUNICIPAL: ("municipality",),
    RepresentativeKind.SPECIALIST: _SPECIALIST_KINDS,
    RepresentativeKind.USER: ("user_committee",),
    RepresentativeKind.GP: ("gp_body",),
    RepresentativeKind.CHIEF_MEDICAL_OFFICER: ("municipality",),
    RepresentativeKind.KS: ("ks",),
    RepresentativeKind.UNION: ("union_confederation",),
    RepresentativeKind.SECRETARIAT: ("secretariat",),
    RepresentativeKind.PRACTICE_CONSULTANT: ("gp_body", *_SPECIALIST_KINDS),
    RepresentativeKind.COMMITTEE_LEADER: _PARTY_KINDS,
}


class Seat(models.Model):
    """A place in a committee, expanded from a rule in the committee's rule file."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="seats"
    )
    key = models.SlugField(_("key"), max_length=100)
    rule_key = models.SlugField(_("rule"), max_length=100)
    label = models.CharField(_("label"), max_length=200)
    representative_kind = models.CharField(
        _("kind of representative"), max_length=30, choices=RepresentativeKind.choices
    )
    side = models.CharField(_("side"), max_length=12, choices=Side.choices, default=Side.NEITHER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats",
        help_text=_("Set when the seat belongs to one organisation."),
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats",
        help_text=_("Set when the seat is appointed from one area."),
    )
    eligible_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("eligible organisations"),
        blank=True,
        related_name="eligible_seats",
        help_text=_("When set, only these organisations may fill the seat."),
    )
    may_decide = models.BooleanField(
        _("takes part in decisions"),
        default=True,
        help_text=_("Observers may speak and propose, but do not decide."),
    )
    min_members = models.PositiveSmallIntegerField(_("at least"), default=1)
    max_members = models.PositiveSmallIntegerField(_("at most"), default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["committee", "order", "key"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(fields=["committee", "key"], name="unique_seat_key"),
            models.CheckConstraint(
                condition=Q(min_members__lte=models.F("max_members")), name="seat_min_le_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.short_name or self.committee.name}: {self.label}"

    def accepts(self, organisation: Organisation) -> bool:
        """Whether a representative on behalf of ``organisation`` fits this seat: the seat's
        own organisation, one of its eligible organisations, the right kind of organisation
        for the kind of representative, and the seat's side."""
        if self.organisation_id is not None:
            return organisation.pk == self.organisation_id
        # Reads the prefetched list when the caller prefetched it (the checker does).
        eligible = [o.pk for o in self.eligible_organisations.all()]
        if eligible:
            return organisation.pk in eligible
        if organisation.kind not in ORGANISATION_KINDS_FOR.get(self.representative_kind, ()):
            return False
        if self.area_id is not None and organisation.area_id != self.area_id:
            return False
        return self.side == Side.NEITHER or organisation.side in (self.side, Side.NEITHER)

    def accepts_role(self, role: str) -> bool:
        """Observer seats take observers (and their deputies and the secretary); seats that
        decide take chairs, members and deputies."""
        if self.may_decide:
            return role != Membership.Role.OBSERVER
        return role in {
            Membership.Role.OBSERVER,
            Membership.Role.DEPUTY,
            Membership.Role.SECRETARY,
        }


class Person(models.Model):
    """A person who holds or has held a membership. Demo and test people are fictional."""

    slug = models.SlugField(unique=True, max_length=120)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("works at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("structure:person", args=[self.slug])

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        on = on or timezone.localdate()
        return self.filter(start__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))

    def past(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        on = on or timezone.localdate()
        return self.filter(ended_on__lte=on)

    def upcoming(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        on = on or timezone.localdate()
        return self.filter(start__gt=on)


class Membership(models.Model):
    """A person's verv in a seat: the term runs from ``start`` to ``term_end``; ``ended_on``
    records when the person actually left, so history stays visible as past."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        DEPUTY_CHAIR = "deputy_chair", _("deputy chair")
        MEMBER = "member", _("member")
        DEPUTY = "deputy", _("deputy")
        OBSERVER = "observer", _("observer (may speak and propose)")
        SECRETARY = "secretary", _("secretary")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="memberships"
    )
    on_behalf_of = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start = models.DateField(_("from"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    ended_on = models.DateField(
        _("left on"), null=True, blank=True, help_text=_("Set when the person leaves the seat.")
    )
    deputy_for = models.ForeignKey(
        "self",
        verbose_name=_("deputy for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputies",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["seat__order", "start"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gt=models.F("start")),
                name="membership_term_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("start")),
                name="membership_ended_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.seat}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        seat = self.seat if self.seat_id else None
        on_behalf_of = self.on_behalf_of if self.on_behalf_of_id else None
        if seat is not None and on_behalf_of is not None and not seat.accepts(on_behalf_of):
            errors["on_behalf_of"] = _(
                "The seat “%(seat)s” cannot be filled on behalf of %(organisation)s."
            ) % {"seat": seat.label, "organisation": on_behalf_of.name}
        if seat is not None and self.role and not seat.accepts_role(self.role):
            if seat.may_decide:
                errors["role"] = _(
                    "The seat “%(seat)s” is a seat that decides; an observer needs an observer seat."
                ) % {"seat": seat.label}
            else:
                errors["role"] = _(
                    "The seat “%(seat)s” is an observer seat: the role must be observer."
                ) % {"seat": seat.label}
        if self.start and self.term_end and self.term_end <= self.start:
            errors["term_end"] = _("The term must end after it starts.")
        if self.start and self.ended_on and self.ended_on < self.start:
            errors["ended_on"] = _("The membership cannot end before it starts.")
        if self.deputy_for_id is not None:
            if self.role != self.Role.DEPUTY:
                errors["deputy_for"] = _("Only a deputy can stand in for another member.")
            elif seat is not None and self.deputy_for.seat.committee_id != seat.committee_id:
                errors["deputy_for"] = _("A deputy stands in for a member of the same committee.")
        if errors:
            raise ValidationError(errors)

    @property
    def committee(self) -> Committee:
        return self.seat.committee

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start <= on and (self.ended_on is None or self.ended_on > on)

    def is_deciding(self) -> bool:
        return self.seat.may_decide and self.role not in {
            self.Role.DEPUTY,
            self.Role.OBSERVER,
            self.Role.SECRETARY,
        }
