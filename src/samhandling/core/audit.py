"""The audit log: every change to structure, cases, decisions, meetings and imports is
written as data in the transaction that makes it (who, when, which object, what changed)."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from .actor import Actor
from .concurrency import VersionedAdminMixin
from .models import AuditEntry


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model,
    summary: str,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Log one change as data; call it inside the transaction that makes the change."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:500],
        changes=changes or {},
    )


def _form_changes(form: ModelForm | None) -> dict[str, Any]:
    """The changed fields with their new values, as text the audit log can keep."""
    if form is None:
        return {}
    return {name: str(form.cleaned_data.get(name)) for name in form.changed_data}


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


class AuditedAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """A model admin that writes an audit entry for each add, change and delete, and does not
    save over changes made after its form was opened (``core.concurrency``)."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=_action(obj, "update" if change else "create"),
            obj=obj,
            summary=f"{obj._meta.verbose_name}: {obj}",
            changes=_form_changes(form),
        )

    def delete_model(self, request: HttpRequest, obj) -> None:
        audit_record(
            actor=request.user,
            action=_action(obj, "delete"),
            obj=obj,
            summary=f"{obj._meta.verbose_name}: {obj}",
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            audit_record(
                actor=request.user,
                action=_action(obj, "delete"),
                obj=obj,
                summary=f"{obj._meta.verbose_name}: {obj}",
            )
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action=_action(obj, "delete"),
                obj=obj,
                summary=f"{obj._meta.verbose_name}: {obj}",
            )
            obj.delete()
        changed = {id(f.instance): f for f in formset.forms if f.has_changed()}
        for obj in instances:
            created = obj.pk is None
            obj.save()
            audit_record(
                actor=request.user,
                action=_action(obj, "create" if created else "update"),
                obj=obj,
                summary=f"{obj._meta.verbose_name}: {obj}",
                changes=_form_changes(changed.get(id(obj))),
            )
        formset.save_m2m()
