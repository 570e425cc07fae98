import datetime

from django import forms

from samhandling.core.concurrency import (
    VERSION_FIELD,
    EditConflictError,
    changed_fields,
    conflict_show,
    version_check,
    version_field_add,
    version_token,
)

SNAPSHOT = {"subject": "Samarbeid om barn", "paper_date": datetime.date(2021, 12, 9)}


def test_an_unchanged_object_is_no_conflict():
    version_check(token=version_token(SNAPSHOT), current=dict(SNAPSHOT))


def test_a_changed_field_is_named():
    token = version_token(SNAPSHOT)
    assert changed_fields(token, {**SNAPSHOT, "subject": "Nytt emne"}) == ["subject"]


def test_a_field_added_since_counts_as_changed():
    token = version_token({})
    assert changed_fields(token, {"status_4": "present"}) == ["status_4"]


def test_a_token_that_cannot_be_read_counts_every_field_as_changed():
    for token in ("tull", "%%%", version_token(SNAPSHOT)[:-3] + "!!!"):
        assert changed_fields(token, SNAPSHOT) == list(SNAPSHOT)


def test_a_form_without_a_token_is_not_checked():
    version_check(token=None, current=SNAPSHOT)
    version_check(token="", current=SNAPSHOT)


def test_sets_compare_without_regard_to_order():
    assert changed_fields(version_token({"groups": [1, 2]}), {"groups": [1, 2]}) == []
    assert changed_fields(version_token({"groups": {2, 1}}), {"groups": {1, 2}}) == []


class SubjectForm(forms.Form):
    subject = forms.CharField(label="Emne")


def test_a_conflict_keeps_the_input_and_carries_the_new_token():
    old = version_token(SNAPSHOT)
    form = SubjectForm({"subject": "Mitt emne", VERSION_FIELD: old})
    version_field_add(form, SNAPSHOT)
    assert form.is_valid()
    current = {**SNAPSHOT, "subject": "Deira emne"}
    try:
        version_check(token=form.cleaned_data[VERSION_FIELD], current=current)
    except EditConflictError as conflict:
        conflict_show(form, conflict)
    else:
        raise AssertionError("no conflict")
    [row] = [r for r in form.edit_conflict if r.label == "Emne"]
    assert (row.saved, row.yours) == ("Deira emne", "Mitt emne")
    assert form.data["subject"] == "Mitt emne"
    assert form.data[VERSION_FIELD] == version_token(current)
    assert form.non_field_errors()
