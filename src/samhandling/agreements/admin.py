"""Back-office views of agreements and costs, read-only: changes go through the pages, whose
services check the rules and log every change; a decided allocation never changes at all."""

from django.contrib import admin

from .models import (
    Agreement,
    Allocation,
    AllocationLine,
    Budget,
    CostElement,
    CostKey,
    Point,
    PointLink,
    Review,
    Version,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "parent", "review_interval_months"]


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "label", "status", "in_force_from", "case"]
    list_filter = ["status"]


@admin.register(CostKey)
class CostKeyAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "version", "file"]


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["title", "project", "year", "key"]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["budget", "decided_on", "total", "key"]


for model in (Point, PointLink, Review, CostElement, AllocationLine):
    admin.site.register(model, ReadOnlyAdmin)
