import datetime

from django import forms
from django.test import Client
from django.urls import reverse

from samhandling.core.concurrency import (
    VERSION_FIELD,
    EditConflictError,
    changed_fields,
    conflict_show,
    version_check,
    version_field_add,
    version_token,
)
from samhandling.core.tests.forms import form_data
from samhandling.structure.tests.factories import make_person

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


def test_a_stale_admin_change_form_does_not_overwrite(admin_client, admin_user):
    """The back office too: a second editor is told and, saving again, chooses to replace."""
    other = Client()
    other.force_login(admin_user)
    person = make_person(given_name="Kari", family_name="Li")
    url = reverse("admin:structure_person_change", args=[person.pk])
    page_a, page_b = admin_client.get(url), other.get(url)
    data_a = {**form_data(page_a.context["adminform"].form), "family_name": "Lid"}
    assert admin_client.post(url, data_a).status_code == 302
    stale = other.post(url, {**form_data(page_b.context["adminform"].form), "title": "Rådgjevar"})
    assert stale.status_code == 200
    html = stale.content.decode()
    assert "Noen andre lagret endringer" in html and "Lid" in html
    person.refresh_from_db()
    assert (person.family_name, person.title) == ("Lid", "")
    again = other.post(url, form_data(stale.context["adminform"].form))
    assert again.status_code == 302
    person.refresh_from_db()
    assert (person.family_name, person.title) == ("Li", "Rådgjevar")
