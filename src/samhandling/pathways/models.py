"""Metadata only: which logs were imported, how, by whom, and how an import is going.

Patient-level rows never enter the database; the events live in Parquet files under
``settings.DATA_DIR / "pathways"``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class EventLog(models.Model):
    """An imported event log: its name, where its Parquet file is and how it was read."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    file_name = models.CharField(_("stored file"), max_length=200)
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    source_format = models.CharField(_("format"), max_length=20, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    events = models.PositiveBigIntegerField(_("events"), default=0)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Everyone may see the published (suppressed) analyses of a public log."),
    )
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "name"]
        verbose_name = _("event log")
        verbose_name_plural = _("event logs")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pathways:log", args=[self.slug])


class ImportJob(models.Model):
    """The status row of one import running in the background, which the page polls."""

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    name = models.CharField(_("name"), max_length=200)
    source_name = models.CharField(_("source file"), max_length=255)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    progress = models.FloatField(default=0.0)
    step = models.CharField(max_length=100, blank=True)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    log = models.ForeignKey(
        EventLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What a retry needs, and what to clean up after a crash: how the file was to be read,
    # the upload and the Parquet file being written, the server process that watches the
    # worker and when it last said it was alive.
    mapping = models.JSONField(default=dict, blank=True)
    kind = models.CharField(max_length=20, blank=True)
    separator = models.CharField(max_length=5, blank=True)
    upload_name = models.CharField(max_length=200, blank=True)
    target_name = models.CharField(max_length=200, blank=True)
    server_pid = models.PositiveIntegerField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
