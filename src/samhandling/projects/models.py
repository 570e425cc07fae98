"""Projects of the helsefellesskap: from directive to status report (seeds 000, 002–004).

A project has an owner (committees, a party or a unit inside a party), roles held by people,
organisations or bodies, a steering group that is a committee outside the standing structure
(so it meets and decides like any committee), directive versions frozen once approved,
phases and milestones with due values kept as written, and the follow-up: status reports,
stakeholders, risks, communication, engagement and benefits."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models import Case, Decision, PriorityGroup, Recommendation, Treatment
from samhandling.core.due import Due, DueKind
from samhandling.structure.models import Area, Committee, Organisation, Person


class AgeBand(models.TextChoices):
    CHILDREN = "0-18", _("children and youth (0–18)")
    ADULTS = "19-66", _("adults (19–66)")
    ELDERLY = "67+", _("elderly (67 and over)")


class LktBand(models.TextChoices):
    """The bands of LKT's two axes (seed 003), the same as the pathway engine's ``LktRules``."""

    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class Project(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", _("under planning")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        STOPPED = "stopped", _("stopped")

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=300)
    purpose = models.TextField(_("purpose"), blank=True)
    goals = models.TextField(_("goals"), blank=True, help_text=_("One goal per line."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    # The owner: one or several committees, or a party, or a unit inside a party.
    owner_committees = models.ManyToManyField(
        Committee,
        verbose_name=_("owner committees"),
        blank=True,
        related_name="owned_projects",
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_projects",
    )
    owner_unit = models.CharField(
        _("unit inside the party"),
        max_length=200,
        blank=True,
        help_text=_("E.g. «Seksjon for samhandling»."),
    )
    owner_as_written = models.CharField(
        _("owner as written"),
        max_length=300,
        blank=True,
        help_text=_("E.g. «Samarbeidsutvala i Helse Bergen sitt føretaksområde»."),
    )
    steering_group = models.ForeignKey(
        Committee,
        verbose_name=_("steering group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steered_projects",
        help_text=_("A committee outside the standing structure: it meets and decides."),
    )
    priority_groups = models.ManyToManyField(
        PriorityGroup, verbose_name=_("priority groups"), blank=True, related_name="projects"
    )
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("involved parties"), blank=True, related_name="projects"
    )
    areas = models.ManyToManyField(
        Area, verbose_name=_("areas"), blank=True, related_name="projects"
    )
    age_bands = models.JSONField(_("age bands"), default=list, blank=True)
    target_municipalities = models.ManyToManyField(
        Organisation,
        verbose_name=_("municipalities in the target group"),
        blank=True,
        related_name="target_of_projects",
    )
    target_as_written = models.CharField(
        _("target group as written"),
        max_length=500,
        blank=True,
        help_text=_("E.g. «barn (0–18) og eldre (over 67) i Bergen, Os og Lindås»."),
    )
    lkt_complexity = models.JSONField(
        _("complexity of coordination (LKT)"), default=list, blank=True
    )
    lkt_capacity = models.JSONField(
        _("capacity to take part in one's own care (LKT)"), default=list, blank=True
    )
    cases = models.ManyToManyField(
        Case, verbose_name=_("cases"), blank=True, related_name="projects"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.slug])

    @property
    def goal_list(self) -> list[str]:
        return [line.strip(" -•") for line in self.goals.splitlines() if line.strip(" -•")]

    def leader_people_ids(self) -> set[int]:
        return {
            role.person_id
            for role in self.roles.all()
            if role.kind == Role.Kind.PROJECT_LEADER and role.person_id
        }

    def is_led_by(self, user) -> bool:
        """Whether the user is the project leader (their ``person`` holds that role)."""
        person_id = getattr(user, "person_id", None)
        return bool(user.is_authenticated and person_id and person_id in self.leader_people_ids())


class ProjectLink(models.Model):
    """How one project stands to another: depends on, builds on, or is related to it."""

    class Kind(models.TextChoices):
        DEPENDS_ON = "depends_on", _("depends on")
        BUILDS_ON = "builds_on", _("builds on")
        RELATED_TO = "related_to", _("related to")

    from_project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="links_out"
    )
    to_project = models.ForeignKey(
        Project,
        verbose_name=_("other project"),
        on_delete=models.CASCADE,
        related_name="links_in",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("link between projects")
        verbose_name_plural = _("links between projects")
        constraints = [
            models.UniqueConstraint(
                fields=["from_project", "to_project", "kind"], name="one_project_link_per_kind"
            ),
            models.CheckConstraint(
                condition=~Q(from_project=models.F("to_project")), name="project_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_project} {self.get_kind_display()} {self.to_project}"


class Role(models.Model):
    """A role in the project organisation and who holds it: a person, an organisation or a
    body (a committee, or a body written out, e.g. «Administrativt kontaktmøte supplert med
    brukarrepresentant»), or nobody yet ("appointed later")."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("project owner")
        STEERING_GROUP_LEADER = "steering_group_leader", _("steering group leader")
        STEERING_GROUP = "steering_group", _("steering group members")
        PROJECT_LEADER = "project_leader", _("project leader")
        CORE_TEAM = "core_team", _("core team")
        REFERENCE_GROUP = "reference_group", _("reference and dialogue group")
        WORK_GROUP = "work_group", _("work group")
        OTHER = "other", _("other role")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=30, choices=Kind.choices)
    topic = models.CharField(
        _("topic"), max_length=300, blank=True, help_text=_("What a work group works on.")
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_roles",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_roles",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_roles",
    )
    holder_as_written = models.CharField(_("holder as written"), max_length=300, blank=True)
    appointed_later = models.BooleanField(_("appointed later"), default=False)
    competence_and_resources = models.TextField(_("necessary competence and resources"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order", "id"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.holder}"

    def clean(self) -> None:
        if not (
            self.person_id
            or self.organisation_id
            or self.committee_id
            or self.holder_as_written.strip()
            or self.appointed_later
        ):
            raise ValidationError(
                _(
                    "Name who holds the role (a person, an organisation or a body), or mark it "
                    "as appointed later."
                )
            )

    @property
    def holder(self) -> str:
        if self.holder_as_written:
            return self.holder_as_written
        if self.person_id:
            return str(self.person)
        if self.committee_id:
            return str(self.committee)
        if self.organisation_id:
            return str(self.organisation)
        if self.appointed_later:
            return str(_("appointed later"))
        return ""

    @property
    def holder_url(self) -> str:
        for holder in (self.person, self.committee, self.organisation):
            if holder is not None:
                return holder.get_absolute_url()
        return ""


class Phase(models.Model):
    """A phase of the project (LKT's five), with its activities."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="phases"
    )
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    name = models.CharField(_("name"), max_length=200)
    activities = models.TextField(_("activities"), blank=True, help_text=_("One per line."))
    period_as_written = models.CharField(
        _("period as written"), max_length=60, blank=True, help_text=_("E.g. «2016–2017».")
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        ordering = ["project", "order"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def activity_list(self) -> list[str]:
        return [line.strip(" -•") for line in self.activities.splitlines() if line.strip(" -•")]


class DueFieldsMixin(models.Model):
    """A due value kept as written, with the period read from it for sorting and overdue
    checks (``core.due``)."""

    due_as_written = models.CharField(
        _("due"),
        max_length=60,
        blank=True,
        help_text=_("As written: a date, «Veke 38», «Veke 2 eller 3», «mars–juni 22» or empty."),
    )
    due_kind = models.CharField(
        _("kind of due value"),
        max_length=10,
        choices=[(kind.value, kind.value) for kind in DueKind],
        default=DueKind.OPEN.value,
    )
    due_start = models.DateField(_("sort date"), null=True, blank=True)
    due_end = models.DateField(_("last day"), null=True, blank=True)

    class Meta:
        abstract = True

    def set_due(self, due: Due) -> None:
        self.due_kind = due.kind.value
        self.due_start = due.start
        self.due_end = due.end

    @property
    def due(self) -> Due:
        return Due(DueKind(self.due_kind), self.due_start, self.due_end)


class Milestone(DueFieldsMixin):
    """A milestone (M1…): what, which bodies take part (also bodies outside today's
    structure, written as they were: «AK», «Alle SU / SR», «Partane»), when, and what
    completes it: a date, a treatment, or every party's signature on a recommendation."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    code = models.CharField(_("code"), max_length=10)
    description = models.TextField(_("description"))
    bodies_as_written = models.CharField(_("participating bodies"), max_length=300, blank=True)
    committees = models.ManyToManyField(
        Committee, verbose_name=_("committees taking part"), blank=True, related_name="+"
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    completed_by_treatment = models.ForeignKey(
        Treatment,
        verbose_name=_("completed by the treatment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_by_recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("completed when every party has signed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="unique_milestone_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:60]}"

    def completion(self) -> datetime.date | None:
        """The day the milestone was done: recorded, or the decision on its treatment, or the
        last party's signature when every party has signed."""
        if self.done_on:
            return self.done_on
        treatment = self.completed_by_treatment
        if treatment is not None:
            decision = getattr(treatment, "decision", None)
            if decision is not None:
                return decision.decided_on
        recommendation = self.completed_by_recommendation
        if recommendation is not None:
            adoptions = list(recommendation.adoptions.all())
            if adoptions and all(a.signed_on for a in adoptions):
                return max(a.signed_on for a in adoptions)
        return None

    def is_overdue(self, today: datetime.date) -> bool:
        return self.completion() is None and self.due.is_overdue(today)


class MilestoneBodyDue(DueFieldsMixin):
    """A participating body's own due value where they differ (seed 000's M2: «SR Voss
    14.05.20», «SU Nordh. 15.05.20» …)."""

    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        on_delete=models.CASCADE,
        related_name="body_dues",
    )
    body = models.CharField(_("body"), max_length=200)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["milestone", "order", "id"]
        verbose_name = _("due per body")
        verbose_name_plural = _("due per body")

    def __str__(self) -> str:
        return f"{self.body}: {self.due_as_written}"


class DirectiveVersion(models.Model):
    """One version of the project directive (1.0, 1.1, 1.7 …). Every section of seed 000 is
    structured data in ``sections`` (see ``directive.SECTIONS``); once approved the version
    is frozen, and changes go into a new version."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="directive_versions",
    )
    version = models.CharField(_("version"), max_length=10)
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)
    approval_decision = models.ForeignKey(
        Decision,
        verbose_name=_("approval decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    frozen = models.BooleanField(_("frozen"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project", "created_at", "id"]
        verbose_name = _("directive version")
        verbose_name_plural = _("directive versions")
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="unique_directive_version"),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(frozen=True),
                name="approved_directive_is_frozen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("projects:directive", args=[self.project.slug, self.version])


class StatusReport(models.Model):
    """A løypemelding: the project leader's status report, which the secretariat can put
    before a committee as an orientation case."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="status_reports",
    )
    title = models.CharField(_("title"), max_length=300)
    written_on = models.DateField(_("date"))
    progress = models.TextField(_("progress and status"))
    deviations = models.TextField(_("deviations and risks"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_reports",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "-written_on", "-id"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self) -> str:
        return self.title


class Level3(models.IntegerChoices):
    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")


class Stakeholder(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="stakeholders"
    )
    name = models.CharField(_("stakeholder"), max_length=200)
    group = models.CharField(_("group"), max_length=200, blank=True)
    interest = models.PositiveSmallIntegerField(_("interest"), choices=Level3.choices, default=2)
    influence = models.PositiveSmallIntegerField(_("influence"), choices=Level3.choices, default=2)
    information_need = models.TextField(_("information need"), blank=True)
    measures = models.TextField(_("measures"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order", "id"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholder analysis")

    def __str__(self) -> str:
        return self.name


class Risk(models.Model):
    SCALE = range(1, 6)

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="risks"
    )
    code = models.CharField(_("code"), max_length=10)
    description = models.TextField(_("risk"))
    probability = models.PositiveSmallIntegerField(
        _("probability (1–5)"), choices=[(i, str(i)) for i in SCALE]
    )
    consequence = models.PositiveSmallIntegerField(
        _("consequence (1–5)"), choices=[(i, str(i)) for i in SCALE]
    )
    measures = models.TextField(_("measures"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["project", "code"]
        verbose_name = _("risk")
        verbose_name_plural = _("risk register")
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1, probability__lte=5)
                & Q(consequence__gte=1, consequence__lte=5),
                name="risk_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:60]}"

    @property
    def score(self) -> int:
        return self.probability * self.consequence

    @property
    def severity(self) -> str:
        """High from 15, medium from 6: the usual traffic-light cut of a 5 × 5 matrix."""
        if self.score >= 15:
            return "high"
        if self.score >= 6:
            return "medium"
        return "low"


class CommunicationItem(models.Model):
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="communication_plan",
    )
    audience = models.CharField(_("audience"), max_length=200)
    message = models.TextField(_("message"))
    channel = models.CharField(_("channel"), max_length=200, blank=True)
    when = models.CharField(_("when"), max_length=60, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order", "id"]
        verbose_name = _("communication plan entry")
        verbose_name_plural = _("communication plan")

    def __str__(self) -> str:
        return f"{self.audience}: {self.message[:60]}"


class Engagement(models.Model):
    """A dialogue or input meeting, a survey, a reference-group meeting … (seeds 002, 004)."""

    class Kind(models.TextChoices):
        DIALOGUE = "dialogue", _("dialogue and input meeting")
        SURVEY = "survey", _("survey")
        REFERENCE_GROUP = "reference_group", _("reference-group meeting")
        WORK_GROUP = "work_group", _("work-group meeting")
        FIELD_WORK = "field_work", _("field work")
        OTHER = "other", _("other")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="engagements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    with_whom = models.CharField(_("with"), max_length=300)
    held_on = models.DateField(_("date"), null=True, blank=True)
    when_as_written = models.CharField(_("when"), max_length=60, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["project", "held_on", "id"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagement log")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.with_whom}"


class Benefit(models.Model):
    class Beneficiary(models.TextChoices):
        PATIENTS = "patients", _("patients and relatives")
        EMPLOYEES = "employees", _("employees")
        ORGANISATIONS = "organisations", _("organisations and society")
        ALL = "all", _("all levels")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="benefits"
    )
    beneficiary = models.CharField(_("for whom"), max_length=20, choices=Beneficiary.choices)
    description = models.TextField(_("benefit"))
    measured_by = models.CharField(
        _("measured by"),
        max_length=300,
        blank=True,
        help_text=_("E.g. «erfaringsundersøkelser, feltobservasjoner, intervju»."),
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    measured = models.DecimalField(
        _("measured"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    figures_invented = models.BooleanField(
        _("invented figures"),
        default=False,
        help_text=_("Demo figures that do not come from the sources."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order", "id"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")

    def __str__(self) -> str:
        return self.description[:80]
