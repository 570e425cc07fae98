from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Person in the structure"), {"fields": ("person",)}),
    )
    autocomplete_fields = ["person"]
    list_display = ["username", "first_name", "last_name", "person", "is_staff"]
