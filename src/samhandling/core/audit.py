"""The audit log: every change to structure, cases, decisions, meetings and imports is
written as data in the transaction that makes it (who, when, which object, what changed)."""

import datetime
from collections.abc import Iterable
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


def audit_value(value: Any) -> Any:
    """A value as the audit log keeps it: JSON types as they are, dates as ISO text, objects
    by their name, collections element by element."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): audit_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [audit_value(v) for v in value]
    return str(value)


def audit_snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of an object, as the audit log keeps them (foreign keys by name)."""
    return {name: audit_value(getattr(obj, name)) for name in fields}


def audit_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list]:
    """``{field: [old, new]}`` for each field whose value differs; a create has no
    ``before`` (old values None), a delete no ``after`` (new values None)."""
    before = {k: audit_value(v) for k, v in (before or {}).items()}
    after = {k: audit_value(v) for k, v in (after or {}).items()}
    return {
        name: [before.get(name), after.get(name)]
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    }


def _old_value(old: models.Model | None, name: str) -> Any:
    if old is None:
        return None
    try:
        field = old._meta.get_field(name)
    except Exception:  # a form field that is no model field (e.g. a password)
        return None
    if field.many_to_many:
        return sorted(str(o) for o in getattr(old, name).all())
    return audit_value(getattr(old, name))


def _form_changes(form: ModelForm | None, old: models.Model | None = None) -> dict[str, Any]:
    """The changed fields with their old and new values, as the audit log keeps them."""
    if form is None:
        return {}
    changes = {}
    for name in form.changed_data:
        new = form.cleaned_data.get(name)
        if hasattr(new, "all") and not isinstance(new, models.Model):  # a queryset (m2m)
            new = sorted(str(o) for o in new)
        changes[name] = [_old_value(old, name), audit_value(new)]
    return changes


def _all_fields(obj: models.Model) -> dict[str, Any]:
    """Every stored field of the object, for the record of a deletion."""
    return {
        f.name: audit_value(getattr(obj, f.name))
        for f in obj._meta.concrete_fields
        if not f.primary_key
    }


def _saved(obj: models.Model) -> models.Model | None:
    """The object as stored, before this change (None for a new one)."""
    if obj.pk is None:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


class AuditedAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """A model admin that writes an audit entry for each add, change and delete, and does not
    save over changes made after its form was opened (``core.concurrency``)."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        old = _saved(obj) if change else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=_action(obj, "update" if change else "create"),
            obj=obj,
            summary=str(obj),
            changes=_form_changes(form, old),
        )

    def delete_model(self, request: HttpRequest, obj) -> None:
        audit_record(
            actor=request.user,
            action=_action(obj, "delete"),
            obj=obj,
            summary=str(obj),
            changes=audit_changes(_all_fields(obj), None),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            audit_record(
                actor=request.user,
                action=_action(obj, "delete"),
                obj=obj,
                summary=str(obj),
                changes=audit_changes(_all_fields(obj), None),
            )
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action=_action(obj, "delete"),
                obj=obj,
                summary=str(obj),
                changes=audit_changes(_all_fields(obj), None),
            )
            obj.delete()
        changed = {id(f.instance): f for f in formset.forms if f.has_changed()}
        for obj in instances:
            created = obj.pk is None
            old = _saved(obj)
            obj.save()
            audit_record(
                actor=request.user,
                action=_action(obj, "create" if created else "update"),
                obj=obj,
                summary=str(obj),
                changes=_form_changes(changed.get(id(obj)), old),
            )
        formset.save_m2m()
