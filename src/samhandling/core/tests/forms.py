"""Posting a form back as a browser would: its fields as rendered, with the user's edits."""

from django import forms
from django.db import models


def form_data(form: forms.BaseForm) -> dict:
    """The values a browser would send for ``form`` as it is shown (bound or not)."""
    data: dict = {}
    for bound in form:
        widget = bound.field.widget
        value = bound.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
            continue
        if value is None:
            data[bound.html_name] = ""
            continue
        if isinstance(value, models.Model):
            value = value.pk
        if isinstance(widget, forms.DateInput | forms.DateTimeInput):
            value = widget.format_value(value)
        data[bound.html_name] = str(value)
    return data


def page_data(response, **changes) -> dict:
    """What the page's form (and formset, if any) would post, with ``changes`` applied."""
    data = form_data(response.context["form"])
    formset = response.context.get("formset")
    if formset is not None:
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    data.update(changes)
    return data
