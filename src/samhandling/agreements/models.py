"""What the parties bind themselves to: agreements with versions and points, and the costs
they share by a key.

An ``Agreement`` (the overall agreement, or a sub-agreement under it) has ``Version``s; each
version has its numbered ``Point``s as structured text, the case in which it was treated and
the ``cases.Recommendation`` whose adoptions are the parties' decisions and signatures, so
the signatures are kept once, in cases. A ``Budget`` of a project and year has its
``CostElement``s; its unfunded part is shared by a ``CostKey``. A draft allocation is always
computed from the budget and the structure's population as they are now; deciding it stores
an ``Allocation`` with its lines and population snapshot, which never changes again."""

import datetime
import re

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models import Case, Recommendation
from samhandling.projects.models import Project
from samhandling.structure.models import Organisation

from .allocation import Rule


def point_sort_key(number: str) -> tuple:
    """«1.10» after «1.9»: numbers compare as numbers, anything else as text."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"[.\s]+", number.strip())
        if part
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    # The 31st of a short month falls back to the month's last day.
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class Agreement(models.Model):
    class Kind(models.TextChoices):
        OVERALL = "overall", _("overall agreement")
        SUB = "sub", _("sub-agreement")

    slug = models.SlugField(unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OVERALL)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_agreements",
        help_text=_("The overall agreement a sub-agreement belongs to."),
    )
    description = models.TextField(_("description"), blank=True)
    parties = models.ManyToManyField(
        Organisation,
        verbose_name=_("parties"),
        related_name="agreements",
        limit_choices_to={"is_party": True},
        blank=True,
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=12,
        help_text=_("The partnership meeting reviews the agreements in its annual cycle."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="overall", parent__isnull=True) | Q(kind="sub"),
                name="agreement_overall_has_no_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.slug])

    def review_due_on(self, last_reviewed: datetime.date | None) -> datetime.date | None:
        """When the next review falls due; None when never reviewed (due at once)."""
        if last_reviewed is None:
            return None
        return add_months(last_reviewed, self.review_interval_months)

    def is_due_for_review(self, last_reviewed: datetime.date | None, today: datetime.date) -> bool:
        due = self.review_due_on(last_reviewed)
        return due is None or due <= today


class Version(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_TREATMENT = "in_treatment", _("under treatment by the parties")
        IN_FORCE = "in_force", _("in force")
        REPLACED = "replaced", _("replaced")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="versions"
    )
    label = models.CharField(_("version"), max_length=60, help_text=_("E.g. «2022» or «1.1»."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    revision_note = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("The revision history: what this version changed."),
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("treated in case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreement_versions",
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation to the parties"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreement_versions",
        help_text=_("Its adoptions are the parties' decisions and signatures of this version."),
    )
    illustration_note = models.CharField(
        _("note on illustrative data"),
        max_length=300,
        blank=True,
        help_text=_("Shown prominently, e.g. when statuses are made up for the demo."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", models.F("in_force_from").asc(nulls_last=True), "id"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "label"], name="unique_version_label"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:version", args=[self.agreement.slug, self.pk])

    @property
    def is_public(self) -> bool:
        """A draft is the secretariat's working copy; every other version is public."""
        return self.status != self.Status.DRAFT


class Point(models.Model):
    """A numbered article of a version (pkt. 1.2), as structured text."""

    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="points"
    )
    number = models.CharField(_("number"), max_length=20, help_text=_("E.g. «1.2»."))
    title = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    sort_key = models.CharField(max_length=120, editable=False, default="")

    class Meta:
        ordering = ["version", "sort_key", "id"]
        verbose_name = _("point")
        verbose_name_plural = _("points")
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="unique_point_number"),
        ]

    def __str__(self) -> str:
        return f"pkt. {self.number}" + (f" {self.title}" if self.title else "")

    @staticmethod
    def sort_key_for(number: str) -> str:
        """A text that sorts like ``point_sort_key`` in the database."""
        return ".".join(
            f"{part[1]:06d}" if part[0] == 0 else f"~{part[2]}" for part in point_sort_key(number)
        )


class PointLink(models.Model):
    """ "This case (or project) concerns point 1.2"."""

    point = models.ForeignKey(
        Point, verbose_name=_("point"), on_delete=models.CASCADE, related_name="links"
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agreement_point_links",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agreement_point_links",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["point", "id"]
        verbose_name = _("link to a point")
        verbose_name_plural = _("links to points")
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, project__isnull=True)
                | Q(case__isnull=True, project__isnull=False),
                name="point_link_to_case_or_project",
            ),
            models.UniqueConstraint(fields=["point", "case"], name="unique_point_case_link"),
            models.UniqueConstraint(fields=["point", "project"], name="unique_point_project_link"),
        ]

    def __str__(self) -> str:
        return f"{self.point} ← {self.case or self.project}"


class Review(models.Model):
    """One yearly review of an agreement (the partnership meeting's annual cycle)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField(_("reviewed on"))
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreement_reviews",
    )
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["agreement", "-reviewed_on", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.reviewed_on}"


# --- cost keys, budgets and allocations -----------------------------------------------------


class CostKey(models.Model):
    """A named, versioned cost-sharing rule, loaded from ``keys/*.toml``."""

    slug = models.SlugField()
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    rule = models.JSONField(_("rule"))
    file = models.CharField(_("file"), max_length=100, blank=True)

    class Meta:
        ordering = ["name", "slug", "-version"]
        verbose_name = _("cost-sharing key")
        verbose_name_plural = _("cost-sharing keys")
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="unique_cost_key_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("agreements:key", args=[self.slug, self.version])

    def as_rule(self) -> Rule:
        return Rule.from_data(self.rule)


class Budget(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    key = models.ForeignKey(
        CostKey,
        verbose_name=_("cost-sharing key"),
        on_delete=models.PROTECT,
        related_name="budgets",
    )
    parties = models.ManyToManyField(
        Organisation,
        verbose_name=_("parties sharing the costs"),
        related_name="budgets",
        limit_choices_to={"is_party": True},
        help_text=_("For a population key: the municipalities the population is counted over."),
    )
    notes = models.TextField(_("notes"), blank=True)
    illustration_note = models.CharField(
        _("note on illustrative figures"),
        max_length=300,
        blank=True,
        help_text=_("Shown prominently, e.g. «The amounts are fictional»."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "title"], name="unique_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:budget", args=[self.pk])


class CostElement(models.Model):
    class Kind(models.TextChoices):
        STAFF_TIME = "staff_time", _("bought-out staff time")
        OPERATING = "operating", _("operating costs")
        OTHER = "other", _("other")

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="elements"
    )
    name = models.CharField(_("cost element"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    amount = models.PositiveBigIntegerField(_("amount (NOK)"))
    funded = models.BooleanField(
        _("funded"), default=False, help_text=_("Funded costs are not shared by the key.")
    )
    funded_by = models.CharField(_("funded by"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["budget", "order", "id"]
        verbose_name = _("cost element")
        verbose_name_plural = _("cost elements")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


class EnteredShare(models.Model):
    """A share entered on the budget: per party for a ``fixed`` key, or step 1 of a two-step
    key (each hospital, and the municipalities as one group with ``party`` empty)."""

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="entered_shares"
    )
    party = models.ForeignKey(
        Organisation,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the municipalities as one group (step 1)."),
    )
    percent = models.DecimalField(_("share (%)"), max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["budget", "party__name"]
        verbose_name = _("entered share")
        verbose_name_plural = _("entered shares")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "party"], name="unique_entered_share_per_party"
            ),
            models.UniqueConstraint(
                fields=["budget"],
                condition=Q(party__isnull=True),
                name="unique_entered_municipal_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party or _('the municipalities')}: {self.percent} %"


class Allocation(models.Model):
    """A decided allocation: the budget's unfunded costs shared by the key, with the rule and
    population it used, linked to the recommendation the parties adopt. Never changed."""

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="allocations"
    )
    key = models.ForeignKey(
        CostKey, verbose_name=_("cost-sharing key"), on_delete=models.PROTECT, related_name="+"
    )
    rule = models.JSONField(_("rule used"))
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.PositiveBigIntegerField(_("total shared (NOK)"))
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation to the parties"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    decided_on = models.DateField(_("decided on"))
    population_source = models.CharField(_("population source"), max_length=500, blank=True)
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    entered = models.JSONField(_("entered shares used"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["budget", "-decided_on", "-id"]
        verbose_name = _("decided allocation")
        verbose_name_plural = _("decided allocations")

    def __str__(self) -> str:
        return f"{self.budget}: {self.decided_on}"


class AllocationLine(models.Model):
    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.CASCADE, related_name="lines"
    )
    party = models.ForeignKey(
        Organisation, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    party_name = models.CharField(_("party"), max_length=200)
    municipality_number = models.CharField(_("municipality number"), max_length=4, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    share = models.CharField(_("exact share"), max_length=80, help_text=_("As a fraction."))
    percent = models.DecimalField(_("share (%)"), max_digits=12, decimal_places=6)
    amount = models.PositiveBigIntegerField(_("amount (NOK)"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["allocation", "order", "id"]
        verbose_name = _("allocation line")
        verbose_name_plural = _("allocation lines")
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "party"], name="one_allocation_line_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_name}: {self.amount}"
