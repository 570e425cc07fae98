"""Back-office editing of the structure. Every save and delete is written to the audit log;
``Membership.clean()`` runs in the admin's forms, so the admin validates like the services."""

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samhandling.core.audit import AuditedAdmin

from .models import Area, Committee, Level, Membership, Organisation, Person, Seat


@admin.register(Level)
class LevelAdmin(AuditedAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "is_party", "side", "municipality_number", "area", "population"]
    list_filter = ["kind", "is_party", "side", "area"]
    search_fields = ["name", "short_name", "municipality_number"]
    prepopulated_fields = {"slug": ["name"]}
    # Organisations' websites are https; saying so also silences Django 6's change of default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    fields = [
        "key",
        "rule_key",
        "label",
        "representative_kind",
        "side",
        "organisation",
        "area",
        "may_decide",
        "min_members",
        "max_members",
        "order",
    ]
    autocomplete_fields = ["organisation"]


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "level", "area", "reports_to"]
    list_filter = ["level", "area"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SeatInline]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["family_name", "given_name", "title", "organisation"]
    search_fields = ["given_name", "family_name", "title", "email"]
    list_filter = ["organisation__kind"]
    autocomplete_fields = ["organisation"]


class CurrentFilter(admin.SimpleListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", _("Current")), ("past", _("Past")), ("upcoming", _("Starting later"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.current(today)
        if self.value() == "past":
            return queryset.past(today)
        if self.value() == "upcoming":
            return queryset.upcoming(today)
        return queryset


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = [
        "person",
        "committee_name",
        "seat_label",
        "role",
        "on_behalf_of",
        "start",
        "term_end",
        "ended_on",
    ]
    list_filter = [CurrentFilter, "seat__committee", "role"]
    search_fields = ["person__given_name", "person__family_name", "seat__label"]
    autocomplete_fields = ["person", "on_behalf_of", "deputy_for"]
    list_select_related = ["person", "seat__committee", "on_behalf_of"]
    date_hierarchy = "start"

    @admin.display(description=_("committee"), ordering="seat__committee__name")
    def committee_name(self, obj: Membership) -> str:
        return obj.seat.committee.name

    @admin.display(description=_("seat"), ordering="seat__label")
    def seat_label(self, obj: Membership) -> str:
        return obj.seat.label

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        # The deputy_for autocomplete lists current memberships only.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "deputy_for":
            today = timezone.localdate()
            queryset = queryset.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        return queryset, may_have_duplicates
