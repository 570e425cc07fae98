from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from samhandling.core.audit import AuditedAdmin

from .models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["role", "organisation", "valid_from", "valid_to"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    # Not an AuditedAdmin: its change log would copy the typed passwords into the audit log.
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Person in the structure"), {"fields": ("person",)}),
    )
    autocomplete_fields = ["person"]
    inlines = [RoleGrantInline]
    list_display = ["username", "first_name", "last_name", "person", "is_staff"]

    def save_formset(self, request, form, formset, change: bool) -> None:
        # The role grants edited here are audited like every other change (old and new).
        AuditedAdmin.save_formset(self, request, form, formset, change)
