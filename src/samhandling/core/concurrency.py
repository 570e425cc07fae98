"""Two people editing the same thing: the second is told, never silently overwrites the first.

An edit form carries a version token in a hidden field: one short hash per editable field of
the object as it was when the form was opened (its *snapshot*, a plain mapping a per-app
function reads from the database). Saving locks the object's row (``SELECT … FOR UPDATE``
on PostgreSQL; SQLite takes its write lock at BEGIN), reads the snapshot again and compares.
When a field changed in between, nothing is saved: the form comes back with the user's input
kept, a message, and field by field what is saved now next to what they wrote. The form then
carries the new token, so saving again is a deliberate choice.

Hashing per field, rather than a counter on the model, needs no migrations, covers related
rows (priority groups, proposals, attendance) and does not flag changes to fields the form
does not show. A form posted without a token (a script, an old page) is not checked; a
token that cannot be read counts as a conflict.

Usage in a view::

    form = CaseForm(request.POST or None, initial=...)
    version_field_add(form, case_snapshot(case))
    if request.method == "POST" and form.is_valid():
        try:
            save_unless_changed(
                form=form, obj=case, snapshot=case_snapshot,
                save=lambda locked: services.case_update(case=locked, **form.cleaned_data),
            )
        except EditConflictError as conflict:
            conflict_show(form, conflict)
"""

import base64
import binascii
import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

VERSION_FIELD = "version"
_HASH_LENGTH = 12
_SHOWN_CHARACTERS = 2000

Snapshot = Mapping[str, Any]
M = TypeVar("M", bound=models.Model)
T = TypeVar("T")


def _canonical(value: Any) -> Any:
    """A JSON-able form of a snapshot value that is equal exactly when the values are."""
    if isinstance(value, models.Model):
        return [value._meta.label_lower, value.pk]
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset) or (
        isinstance(value, Iterable) and not isinstance(value, str | bytes)
    ):
        items = [_canonical(v) for v in value]
        return items if isinstance(value, list | tuple) else sorted(items, key=repr)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _field_hash(value: Any) -> str:
    text = json.dumps(_canonical(value), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:_HASH_LENGTH]


def version_token(snapshot: Snapshot) -> str:
    """The token a form carries for the object as ``snapshot`` describes it."""
    hashes = {name: _field_hash(value) for name, value in snapshot.items()}
    text = json.dumps(hashes, sort_keys=True, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _read_token(token: str) -> dict[str, str] | None:
    try:
        padded = token + "=" * (-len(token) % 4)
        hashes = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(hashes, dict) or not all(isinstance(v, str) for v in hashes.values()):
        return None
    return hashes


class EditConflictError(Exception):
    """The object changed after the form was opened; ``changed`` names the fields."""

    def __init__(self, *, changed: list[str], current: Snapshot) -> None:
        super().__init__(", ".join(changed))
        self.changed = changed
        self.current = dict(current)
        self.token = version_token(current)


def changed_fields(token: str, current: Snapshot) -> list[str]:
    """The fields of ``current`` that differ from the snapshot ``token`` was made from; every
    field when the token cannot be read."""
    hashes = _read_token(token)
    if hashes is None:
        return list(current)
    return [name for name, value in current.items() if hashes.get(name) != _field_hash(value)]


def version_check(*, token: str | None, current: Snapshot) -> None:
    """Raise EditConflictError if the object changed since ``token`` was made. Call it inside the
    transaction that saves, after locking the object."""
    if not token:
        return
    changed = changed_fields(token, current)
    if changed:
        raise EditConflictError(changed=changed, current=current)


class VersionField(forms.CharField):
    """The hidden field carrying the token; never counted as a change the user made."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return False


def version_field_add(form: forms.BaseForm, snapshot: Snapshot) -> None:
    """Give ``form`` the hidden version field, set to the object as it is now. A bound form
    keeps the token it was posted with."""
    form.fields[VERSION_FIELD] = VersionField(initial=version_token(snapshot))


def save_unless_changed(
    *,
    form: forms.BaseForm,
    obj: M,
    snapshot: Callable[[M], Snapshot],
    save: Callable[[M], T],
) -> T:
    """Lock ``obj``'s row, check the form's version token against the row as it is now and
    call ``save`` with the locked, freshly read object, all in one transaction. The token is
    taken out of ``form.cleaned_data`` so the rest can go straight to a service."""
    token = form.cleaned_data.pop(VERSION_FIELD, None)
    return change_unless_changed(token=token, obj=obj, snapshot=snapshot, change=save)


def change_unless_changed(
    *,
    token: str | None,
    obj: M,
    snapshot: Callable[[M], Snapshot],
    change: Callable[[M], T],
) -> T:
    """``save_unless_changed`` for a token read some other way (a delete button)."""
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        version_check(token=token, current=snapshot(locked))
        return change(locked)


@dataclass(frozen=True)
class ConflictRow:
    label: str
    saved: str
    yours: str | None


def _display(value: Any, field: forms.Field | None) -> str:
    """A value as a person reads it: choice labels, dates the Norwegian way, text of HTML."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset) or (
        isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping)
    ):
        shown = [_display(v, field) for v in value]
        return "; ".join(shown) if shown else "–"
    if (
        field is not None
        and getattr(field, "choices", None)
        and not isinstance(field, forms.ModelChoiceField)
    ):
        labels = {str(k): v for k, v in _flat_choices(field.choices)}
        if str(value) in labels:
            return str(labels[str(value)])
    if field is not None and isinstance(field, forms.ModelChoiceField) and value != "":
        found = field.queryset.filter(pk=value).first() if str(value).isdigit() else None
        if found is not None:
            return field.label_from_instance(found)
    text = strip_tags(str(value)).strip()
    return Truncator(text).chars(_SHOWN_CHARACTERS) or "–"


def _flat_choices(choices: Iterable) -> Iterable[tuple[Any, Any]]:
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield key, label


def conflict_show(
    form: forms.BaseForm, conflict: EditConflictError, *, labels: Mapping[str, str] | None = None
) -> None:
    """Put the conflict on the form: a message, the changed fields (saved now and what the
    user wrote) for the template, and the new token so that saving again is deliberate."""
    labels = labels or {}
    rows = []
    for name in conflict.changed:
        field = form.fields.get(name)
        label = labels.get(name) or (
            str(field.label) if field is not None and field.label else name
        )
        yours = None
        if field is not None and hasattr(form, "cleaned_data") and name in form.cleaned_data:
            yours = _display(form.cleaned_data[name], field)
        rows.append(
            ConflictRow(label=label, saved=_display(conflict.current[name], field), yours=yours)
        )
    form.edit_conflict = rows
    data = form.data.copy()
    data[form.add_prefix(VERSION_FIELD)] = conflict.token
    form.data = data
    form.add_error(
        None,
        _(
            "Someone else saved changes here after you opened the form, so your changes are "
            "not saved. What you wrote is kept below; compare it with what is saved now, "
            "adjust, and save again to replace the saved version."
        ),
    )
    if any(form.files.values()) if form.files else False:
        form.add_error(None, _("Choose the file again: a browser cannot keep it in the form."))


def model_snapshot(instance: models.Model, names: Iterable[str]) -> Snapshot:
    """The values of ``instance``'s model fields among ``names`` (a model form's fields)."""
    fields = {f.name: f for f in instance._meta.get_fields() if getattr(f, "concrete", False)}
    return {name: fields[name].value_from_object(instance) for name in names if name in fields}


class VersionedModelForm(forms.ModelForm):
    """A model form (the admin's) that refuses to save over changes made after it was opened.
    The check runs in ``clean``, inside the admin's transaction, on the locked row."""

    version = VersionField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = version_token(self._snapshot(self.instance))

    def _snapshot(self, instance: models.Model) -> Snapshot:
        return model_snapshot(instance, [n for n in self.fields if n != VERSION_FIELD])

    def clean(self) -> dict:
        data = super().clean()
        token = data.pop(VERSION_FIELD, None)
        if self.instance.pk is None or not token:
            return data
        manager = type(self.instance)._default_manager
        fresh = manager.select_for_update().filter(pk=self.instance.pk).first()
        if fresh is None:
            return data
        try:
            version_check(token=token, current=self._snapshot(fresh))
        except EditConflictError as conflict:
            conflict_show(self, conflict)
            lines = [
                _("%(field)s is now “%(saved)s”.") % {"field": row.label, "saved": row.saved}
                for row in self.edit_conflict
            ]
            raise forms.ValidationError(lines) from None
        return data


class VersionedAdminMixin:
    """Gives a ModelAdmin's change form the version check of ``VersionedModelForm``."""

    form = VersionedModelForm
