"""The case register: case papers, their treatment in each committee, decisions, and the
parties' own adoption of what a committee recommends.

One case paper goes to one or more committees (a ``Treatment`` each, OParl's Consultation);
each treatment gets its own ``Decision``. A decision may carry ``Recommendation``s to the
parties, each followed up by one ``Adoption`` per party, because formal authority stays
with each party."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samhandling.core.access import PublicAccessMixin
from samhandling.core.numbers import case_number_label
from samhandling.structure.models import Committee, Organisation, Person

ATTACHMENT_TYPE_LABELS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}


class PriorityGroup(models.Model):
    """The national priority groups of the helsefellesskap (the 2019 agreement, 2024 white paper)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("priority group")
        verbose_name_plural = _("priority groups")

    def __str__(self) -> str:
        return self.name


class CaseNumberSequence(models.Model):
    """The last case number handed out in a year; numbers are never reused."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case number sequence")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_sequence}"


# The free sections of a case paper, in the paper's order.
SECTIONS = (
    ("introduction", _("Introduction")),
    ("background", _("Background")),
    ("assessment", _("Assessment")),
    ("further_work", _("Further work")),
    ("proposed_resolution", _("Proposed resolution")),
)


class Case(PublicAccessMixin):
    class Kind(models.TextChoices):
        ORIENTATION = "orientation", _("orientation")
        DISCUSSION = "discussion", _("discussion")
        DECISION = "decision", _("decision")

    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    subject = models.CharField(_("subject"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    paper_date = models.DateField(_("date"))
    case_officer = models.ForeignKey(
        Person,
        verbose_name=_("case officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    case_officer_unit = models.CharField(_("case officer's unit"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    background = models.TextField(_("background"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    further_work = models.TextField(_("further work"), blank=True)
    proposed_resolution = models.TextField(_("proposed resolution"), blank=True)
    public_title = models.CharField(
        _("public title"),
        max_length=300,
        blank=True,
        help_text=_("What those who may not read an exempt case see instead of its subject."),
    )
    # Partial exemption: an open paper may hold exempt sections (names from SECTIONS,
    # comma-separated), exempt on the paper's basis; what is exempt in an attachment is the
    # attachment's own access.
    exempt_sections = models.CharField(_("exempt sections"), max_length=200, blank=True)
    priority_groups = models.ManyToManyField(
        PriorityGroup, verbose_name=_("priority groups"), blank=True, related_name="cases"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # A withdrawn case (trukke) stays in the register with its number; it leaves the
    # agendas it was waiting on.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    is_illustration = models.BooleanField(
        _("illustration"),
        default=False,
        help_text=_(
            "Set on demo content that no source gives (a decision, an adoption, a figure "
            "about a real body): pages label it as an illustration."
        ),
    )

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # Counting a filtered list (type, public access, and the cases of a committee by
        # id) reads this narrow index instead of the wide rows with the case paper's texts.
        indexes = [models.Index(fields=["kind", "access", "id"], name="case_kind_access_id")]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="unique_case_number"),
            # An open paper carries a basis only for its exempt sections.
            models.CheckConstraint(
                condition=Q(access="open", exemption_basis="", exempt_sections="")
                | (Q(access="open") & ~Q(exemption_basis="") & ~Q(exempt_sections=""))
                | (Q(access="exempt") & ~Q(exemption_basis="")),
                name="case_exemption_needs_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.year, self.sequence])

    @property
    def number(self) -> str:
        """The case number as the papers write it: sequence/two-digit year, like 58/21."""
        return f"{self.sequence}/{self.year % 100:02d}"

    @property
    def label(self) -> str:
        """The case number with its label, «Sak 58/21», never to be taken for an agenda
        number."""
        return case_number_label(self.number)

    @property
    def exempt_section_names(self) -> list[str]:
        return [name for name in self.exempt_sections.split(",") if name]


class Attachment(PublicAccessMixin):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="attachments/%Y/")
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    extracted_text = models.TextField(_("text"), blank=True, help_text=_("Used for search."))
    order = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(access="open", exemption_basis="")
                | (Q(access="exempt") & ~Q(exemption_basis="")),
                name="attachment_exemption_needs_basis",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def type_label(self) -> str:
        """PDF, Word, Excel, PNG or JPEG."""
        return ATTACHMENT_TYPE_LABELS.get(self.content_type, self.content_type)


class Treatment(models.Model):
    """A case on one committee's table (handsaming). The same case can have treatments in
    several committees, and again in a committee at a higher level when forwarded."""

    class Role(models.TextChoices):
        DECIDES = "decides", _("for decision")
        DISCUSSES = "discusses", _("for discussion")
        INFORMED = "informed", _("for information")

    class State(models.TextChoices):
        PENDING = "pending", _("not yet treated")
        TREATED = "treated", _("treated")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="treatments"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="treatments"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.DECIDES)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    forwarded_from = models.ForeignKey(
        "self",
        verbose_name=_("forwarded from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forwarded_to",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "committee__level__order", "committee__order", "id"]
        verbose_name = _("treatment")
        verbose_name_plural = _("treatments")
        # The case list filtered by committee reads the committee's cases from this index
        # alone (a covering index for ``case IN (treatments of the committee)``).
        indexes = [models.Index(fields=["committee", "case"], name="treatment_committee_case")]

    def __str__(self) -> str:
        return f"{self.case.number} – {self.committee}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adopted as proposed")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("adopted with changes")
        NOT_ADOPTED = "not_adopted", _("not adopted")
        DEFERRED = "deferred", _("deferred")
        NOTED = "noted", _("taken as orientation")

    treatment = models.OneToOneField(
        Treatment, verbose_name=_("treatment"), on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices)
    text = models.TextField(_("decision text"), blank=True)
    consensus = models.BooleanField(_("consensus"), default=True)
    dissent = models.TextField(_("recorded dissent"), blank=True)
    decided_on = models.DateField(_("decided on"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    is_illustration = models.BooleanField(
        _("illustration"),
        default=False,
        help_text=_(
            "Set on demo content that no source gives (a decision, an adoption, a figure "
            "about a real body): pages label it as an illustration."
        ),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(consensus=True, dissent="") | Q(consensus=False) & ~Q(dissent=""),
                name="decision_dissent_iff_no_consensus",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.treatment}: {self.get_outcome_display()}"

    def save(self, *args, **kwargs) -> None:
        # A recorded decision is a record of what the committee decided: it is never
        # rewritten. A mistake is put right by a DecisionCorrection, shown beside it.
        if not self._state.adding:
            raise DecisionFinalError(
                _("A recorded decision cannot be changed; record a correction.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DecisionFinalError(_("A recorded decision cannot be deleted; record a correction."))

    @property
    def is_adopted(self) -> bool:
        return self.outcome in {self.Outcome.ADOPTED, self.Outcome.ADOPTED_WITH_CHANGES}

    @property
    def in_force(self) -> "Decision | DecisionCorrection":
        """What stands now: the latest correction, or the decision as recorded."""
        corrections = list(self.corrections.all())
        return corrections[-1] if corrections else self


class DecisionFinalError(Exception):
    """A recorded decision (or approved minutes) is changed instead of corrected."""


class DecisionCorrection(models.Model):
    """A correction of a recorded decision: the decision as it should read, why, who and
    when. The original stays as recorded and the case page shows both."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=Decision.Outcome.choices)
    text = models.TextField(_("decision text"), blank=True)
    consensus = models.BooleanField(_("consensus"), default=True)
    dissent = models.TextField(_("recorded dissent"), blank=True)
    reason = models.TextField(_("reason for the correction"))
    corrected_at = models.DateTimeField(_("corrected"), auto_now_add=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["decision", "corrected_at", "id"]
        verbose_name = _("correction of a decision")
        verbose_name_plural = _("corrections of decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(consensus=True, dissent="") | Q(consensus=False) & ~Q(dissent=""),
                name="correction_dissent_iff_no_consensus",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.decision}: {self.get_outcome_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise DecisionFinalError(_("A correction cannot be changed; record another one."))
        super().save(*args, **kwargs)

    @property
    def is_adopted(self) -> bool:
        return self.outcome in {Decision.Outcome.ADOPTED, Decision.Outcome.ADOPTED_WITH_CHANGES}


class Proposal(models.Model):
    """A proposal made in the meeting by a member or an observer (observers may propose, not decide)."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("not adopted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    treatment = models.ForeignKey(
        Treatment, verbose_name=_("treatment"), on_delete=models.CASCADE, related_name="proposals"
    )
    proposer = models.ForeignKey(
        Person, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by_observer = models.BooleanField(_("by an observer"), default=False)
    text = models.TextField(_("proposal"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Set when a member or observer put the proposal forward themselves (before or at the
    # meeting); empty when the secretariat wrote it down with the decision.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["treatment", "order", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.proposer}: {self.text[:60]}"


class Recommendation(models.Model):
    """What a committee recommends its parties to adopt ("vil tilrå kommunane … å slutta seg til")."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    text = models.TextField(_("recommendation"))
    requires_signature = models.BooleanField(
        _("agreement to be signed"), default=False, help_text=_("Each party must also sign.")
    )
    respond_by = models.DateField(_("respond by"), null=True, blank=True)

    class Meta:
        ordering = ["decision", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]


class Adoption(models.Model):
    """One party's own decision on a recommendation (tilslutning), and its signature."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ADOPTED = "adopted", _("adopted")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("adopted with changes")
        REJECTED = "rejected", _("rejected")

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    party = models.ForeignKey(
        Organisation, verbose_name=_("party"), on_delete=models.PROTECT, related_name="adoptions"
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.PENDING
    )
    deciding_body = models.CharField(_("deciding body"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=200,
        blank=True,
        help_text=_("The party's own case or decision number."),
    )
    changes = models.TextField(_("changes"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=200, blank=True)
    signed_document = models.FileField(_("signed document"), upload_to="signatures/%Y/", blank=True)
    signed_document_public = models.BooleanField(
        _("signed document open to the public"),
        default=False,
        help_text=_("Only when the case is open, too."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    is_illustration = models.BooleanField(
        _("illustration"),
        default=False,
        help_text=_(
            "Set on demo content that no source gives (a decision, an adoption, a figure "
            "about a real body): pages label it as an illustration."
        ),
    )

    class Meta:
        ordering = ["recommendation", "party__name"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        # The follow-up page lists what is still pending (a small part of a large register).
        indexes = [models.Index(fields=["status", "party"], name="adoption_status_party")]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "party"], name="one_adoption_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_status_display()}"


class ProgressPlanEntry(models.Model):
    """A line of a progress plan (fremdriftsplan: when, what, about, responsible), attached to
    a case or a committee."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress_plan",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress_plan",
    )
    when = models.CharField(
        _("when"), max_length=60, help_text=_("As written, e.g. «des 21» or «mars–juni 22».")
    )
    sort_date = models.DateField(
        _("sort date"), help_text=_("First day of the period, for ordering.")
    )
    what = models.CharField(_("what"), max_length=300)
    about = models.TextField(_("about"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)

    class Meta:
        ordering = ["sort_date", "id"]
        verbose_name = _("progress plan entry")
        verbose_name_plural = _("progress plan")
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(committee__isnull=False),
                name="progress_plan_entry_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.when}: {self.what}"
