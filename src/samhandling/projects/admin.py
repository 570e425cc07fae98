from django.contrib import admin

from samhandling.core.audit import AuditedAdmin

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


class BodyDueInline(admin.TabularInline):
    model = MilestoneBodyDue
    extra = 0


@admin.register(Milestone)
class MilestoneAdmin(AuditedAdmin):
    list_display = ["project", "code", "due_as_written", "done_on"]
    list_filter = ["project"]
    raw_id_fields = ["completed_by_treatment", "completed_by_recommendation"]
    inlines = [BodyDueInline]

    def save_model(self, request, obj, form, change: bool) -> None:
        # The due value is read the same way as on the project's own pages.
        obj.set_due(read_due(obj.due_as_written, after=obj.project.starts_on))
        super().save_model(request, obj, form, change)


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
