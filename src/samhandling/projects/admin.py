from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone

from samhandling.core.audit import AuditedAdmin
from samhandling.core.due import OPEN, parse_due

from .models import (
    Benefit,
    CommunicationItem,
    DirectiveVersion,
    Engagement,
    Milestone,
    MilestoneBodyDue,
    Phase,
    Project,
    ProjectLink,
    Risk,
    Role,
    Stakeholder,
    StatusReport,
)
from .services import read_due


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["person"]


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class LinkInline(admin.TabularInline):
    model = ProjectLink
    fk_name = "from_project"
    extra = 0


class StakeholderInline(admin.TabularInline):
    model = Stakeholder
    extra = 0


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0


class CommunicationInline(admin.TabularInline):
    model = CommunicationItem
    extra = 0


class EngagementInline(admin.TabularInline):
    model = Engagement
    extra = 0


class BenefitInline(admin.TabularInline):
    model = Benefit
    extra = 0


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ["name", "status", "starts_on", "ends_on"]
    list_filter = ["status", "priority_groups"]
    search_fields = ["name", "purpose"]
    filter_horizontal = [
        "owner_committees",
        "priority_groups",
        "parties",
        "areas",
        "target_municipalities",
        "cases",
    ]
    raw_id_fields = ["cases"]
    inlines = [
        RoleInline,
        PhaseInline,
        LinkInline,
        StakeholderInline,
        RiskInline,
        CommunicationInline,
        EngagementInline,
        BenefitInline,
    ]


DUE_READ = ["due_kind", "due_start", "due_end"]


def _context(project):
    """The day a year-less due value is read after: the project's start, or today."""
    return (project.starts_on if project else None) or timezone.localdate()


class BodyDueInline(admin.TabularInline):
    model = MilestoneBodyDue
    extra = 0
    readonly_fields = DUE_READ


@admin.register(Milestone)
class MilestoneAdmin(AuditedAdmin):
    list_display = ["project", "code", "due_as_written", "done_on"]
    list_filter = ["project"]
    raw_id_fields = ["completed_by_treatment", "completed_by_recommendation"]
    readonly_fields = DUE_READ
    inlines = [BodyDueInline]

    def save_model(self, request, obj, form, change: bool) -> None:
        # The due value is read the same way as on the project's own pages.
        obj.set_due(read_due(obj.due_as_written, after=_context(obj.project)))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        for body_due in form.instance.body_dues.all():
            due = parse_due(body_due.due_as_written, after=form.instance.due_start)
            body_due.set_due(due or OPEN)
            body_due.save(update_fields=DUE_READ)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        def clean_due_as_written(self):
            # Refuse what the parser cannot read, with the same Norwegian message as the
            # project's own pages, instead of failing on save.
            value = self.cleaned_data["due_as_written"]
            project = self.cleaned_data.get("project") or getattr(self.instance, "project", None)
            try:
                read_due(value, after=_context(project))
            except ValidationError as error:
                raise ValidationError(error.messages) from error
            return value

        form.clean_due_as_written = clean_due_as_written
        return form


@admin.register(DirectiveVersion)
class DirectiveVersionAdmin(AuditedAdmin):
    list_display = ["project", "version", "approved_on", "frozen"]
    readonly_fields = ["frozen"]
    raw_id_fields = ["approval_decision"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.frozen:
            return [
                "project",
                "version",
                "sections",
                "approved_on",
                "approved_by",
                "approval_decision",
                "frozen",
            ]
        return self.readonly_fields


@admin.register(StatusReport)
class StatusReportAdmin(AuditedAdmin):
    list_display = ["project", "title", "written_on", "case"]
    raw_id_fields = ["case"]
