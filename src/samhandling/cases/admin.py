"""Back-office views of the case register, read-only: changes go through the case pages,
whose services sanitise rich text, check attachments and log every change. Priority groups,
plain reference data, are edited here."""

from django.contrib import admin

from samhandling.core.concurrency import VersionedAdminMixin

from .models import (
    Adoption,
    Attachment,
    Case,
    CaseNumberSequence,
    Decision,
    PriorityGroup,
    ProgressPlanEntry,
    Proposal,
    Recommendation,
    Treatment,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class TreatmentInline(ReadOnlyInline):
    model = Treatment
    fields = ["committee", "role", "state", "forwarded_from"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["title", "content_type", "size", "access", "exemption_basis"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "subject", "kind", "paper_date", "access"]
    list_filter = ["year", "kind", "access", "priority_groups"]
    search_fields = ["subject"]
    readonly_fields = ["year", "sequence", "created_at", "updated_at", "created_by"]
    inlines = [TreatmentInline, AttachmentInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["treatment", "outcome", "decided_on", "consensus"]
    list_filter = ["outcome", "consensus"]
    list_select_related = ["treatment__case", "treatment__committee"]


class AdoptionInline(ReadOnlyInline):
    model = Adoption
    fields = ["party", "status", "deciding_body", "decided_on", "reference", "signed_on"]
    readonly_fields = fields


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "decision", "requires_signature", "respond_by"]
    inlines = [AdoptionInline]


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin):
    list_display = ["party", "recommendation", "status", "decided_on", "signed_on"]
    list_filter = ["status"]
    list_select_related = ["party", "recommendation"]


@admin.register(PriorityGroup)
class PriorityGroupAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(CaseNumberSequence, ReadOnlyAdmin)
admin.site.register(Treatment, ReadOnlyAdmin)
admin.site.register(Proposal, ReadOnlyAdmin)
admin.site.register(ProgressPlanEntry, ReadOnlyAdmin)
