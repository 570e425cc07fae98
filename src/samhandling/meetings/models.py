"""Meetings of a committee: time and place, an ordered agenda whose items put treatments of
cases on the table, attendance, minutes and their approval."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models import Treatment
from samhandling.core.access import EXEMPTION_BASIS_MAX_LENGTH
from samhandling.core.numbers import agenda_number_label
from samhandling.structure.models import Committee, Membership, Organisation, Person


class Meeting(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        NOTICE_SENT = "notice_sent", _("notice sent")
        HELD = "held", _("held")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    notice_sent_at = models.DateTimeField(_("notice sent"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    minutes_approved_by = models.CharField(_("minutes approved by"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        # Upcoming meetings are a range of ``ends_at``; past and all meetings are read newest
        # first, and a committee's meetings by date (calendar, feed).
        indexes = [
            models.Index(fields=["ends_at"], name="meeting_ends_at"),
            models.Index(fields=["starts_at"], name="meeting_starts_at"),
            models.Index(fields=["committee", "starts_at"], name="meeting_committee_starts_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_link=""), name="meeting_has_place_or_video_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.short_name or self.committee.name} {self.starts_at:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    number = models.CharField(
        _("item number"), max_length=20, help_text=_("The committee's own item number, e.g. 12/22.")
    )
    treatment = models.OneToOneField(
        Treatment,
        verbose_name=_("treatment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_item",
    )
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("For items without a case.")
    )
    closed = models.BooleanField(_("closed to the public"), default=False)
    exemption_basis = models.CharField(
        _("legal basis for closing"), max_length=EXEMPTION_BASIS_MAX_LENGTH, blank=True
    )
    supplementary = models.BooleanField(
        _("supplementary item"),
        default=False,
        help_text=_("Added to the agenda after the notice went out."),
    )

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        # "Which cases are on an agenda as closed items" is asked for every list of cases a
        # visitor reads; the few closed items are found without reading the agendas.
        indexes = [
            models.Index(
                fields=["treatment"], condition=Q(closed=True), name="agendaitem_closed_treatment"
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="unique_agenda_order"),
            models.CheckConstraint(
                condition=Q(treatment__isnull=False) | ~Q(title=""),
                name="agenda_item_has_case_or_title",
            ),
            models.CheckConstraint(
                condition=Q(closed=False, exemption_basis="")
                | Q(closed=True) & ~Q(exemption_basis=""),
                name="closed_item_needs_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title or self.treatment}"

    @property
    def label(self) -> str:
        """The agenda number with its label, «PS 12/26», never to be taken for a case
        number."""
        return agenda_number_label(self.number)


class Attendance(models.Model):
    """Who came: a seat's holder for the whole meeting (``membership``), or a person without
    a standing seat who attended for one agenda item only ("på sak": ``agenda_item`` and
    ``person``)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        DEPUTY_PRESENT = "deputy_present", _("deputy present")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("for agenda item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="item_attendances",
        help_text=_("Someone without a seat who attended for this item only."),
    )
    on_behalf_of = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices)
    deputy = models.ForeignKey(
        Person,
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "membership__seat__order"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="one_attendance_per_membership"
            ),
            models.UniqueConstraint(
                fields=["agenda_item", "person"],
                condition=Q(membership__isnull=True),
                name="one_item_attendance_per_person",
            ),
            models.CheckConstraint(
                condition=Q(membership__isnull=False, person__isnull=True)
                | Q(membership__isnull=True, agenda_item__isnull=False, person__isnull=False),
                name="attendance_by_seat_or_for_an_item",
            ),
            models.CheckConstraint(
                condition=Q(status="deputy_present", deputy__isnull=False)
                | ~Q(status="deputy_present"),
                name="deputy_present_names_deputy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attendee}: {self.get_status_display()}"

    @property
    def attendee(self) -> Person:
        return self.membership.person if self.membership_id else self.person


class MinutesAddendum(models.Model):
    """Approved minutes are frozen; what must be put right afterwards is added here, with
    its reason, who and when, and shown below the minutes."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="addenda"
    )
    text = models.TextField(_("addendum"))
    reason = models.TextField(_("reason"))
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "added_at", "id"]
        verbose_name = _("addendum to the minutes")
        verbose_name_plural = _("addenda to the minutes")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="addendum_has_text"),
            models.CheckConstraint(condition=~Q(reason=""), name="addendum_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.text[:60]}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("An addendum to approved minutes is never changed.")
        super().save(*args, **kwargs)


class AgendaNumberSequence(models.Model):
    """The last agenda item number a committee handed out in a year (12/22 is the 12th item
    of 2022); numbers are never reused, even when an item is removed."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("agenda number sequence")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"], name="unique_agenda_number_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee_id} {self.year}: {self.last_sequence}"


class PublicMinutes(models.Model):
    """The public version of approved minutes, redacted by the secretariat when something
    in them became exempt after approval (a case made exempt later). The approved minutes
    stay as they were; the public reads this version instead."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="public_minutes"
    )
    text = models.TextField(_("public version of the minutes"))
    reason = models.CharField(_("reason for redaction"), max_length=300)
    redacted_at = models.DateTimeField(_("redacted"), auto_now=True)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("public version of minutes")
        verbose_name_plural = _("public versions of minutes")

    def __str__(self) -> str:
        return f"{self.meeting}"


class NoticeDispatch(models.Model):
    """One sending of a meeting's notice by e-mail: the first notice, a corrected notice
    after the date or agenda changed, or the call-in of a deputy. It keeps what the notice
    said (time, place, agenda), so the page can tell when the meeting has changed since."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("notice")
        CORRECTED = "corrected", _("corrected notice")
        DEPUTY_CALL_IN = "deputy_call_in", _("deputy called in")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="dispatches"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=300)
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = models.JSONField(_("agenda"), default=list, help_text=_("Agenda item ids."))

    class Meta:
        ordering = ["meeting", "sent_at", "pk"]
        verbose_name = _("notice dispatch")
        verbose_name_plural = _("notice dispatches")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.meeting} {self.sent_at:%d.%m.%Y %H:%M}"


class NoticeRecipient(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        NO_ADDRESS = "no_address", _("no e-mail address")

    dispatch = models.ForeignKey(
        NoticeDispatch,
        verbose_name=_("notice dispatch"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    address = models.EmailField(_("e-mail address"), blank=True)
    items = models.CharField(
        _("items with papers"), max_length=1000, blank=True, help_text=_("Item numbers sent.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["dispatch", "person__family_name", "person__given_name"]
        verbose_name = _("notice recipient")
        verbose_name_plural = _("notice recipients")

    def __str__(self) -> str:
        return f"{self.person} <{self.address}>: {self.get_status_display()}"


class Absence(models.Model):
    """A member's report that they cannot come («forfall»), from the link in the notice or
    the button on the meeting page; ``deputy`` is the deputy called in, if any."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="absences"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deputy = models.ForeignKey(
        Person,
        verbose_name=_("deputy called in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "reported_at"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="one_absence_per_membership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.person}: forfall {self.meeting}"
