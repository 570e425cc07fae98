"""Form helpers every app shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .access import COMMON_EXEMPTION_BASES, EXEMPTION_BASIS_MAX_LENGTH


class SuggestionsInput(forms.TextInput):
    """A text input with suggestions (an HTML datalist): the user may pick one or write
    something else."""

    template_name = "core/widgets/suggestions_input.html"

    def __init__(self, suggestions: tuple[str, ...] = (), attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.suggestions = suggestions

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = f"{widget_attrs.get('id') or name}_suggestions"
        context["widget"]["suggestions"] = self.suggestions
        return context


def exemption_basis_field(**kwargs) -> forms.CharField:
    """The legal basis for exemption: free text with the common bases as suggestions."""
    kwargs.setdefault("label", _("Legal basis for exemption"))
    kwargs.setdefault("required", False)
    kwargs.setdefault(
        "help_text",
        _(
            "Choose a common basis or write your own, e.g. «Offl. § 13 jf. fvl. § 13 første ledd nr. 1»."
        ),
    )
    return forms.CharField(
        max_length=EXEMPTION_BASIS_MAX_LENGTH,
        widget=SuggestionsInput(COMMON_EXEMPTION_BASES),
        **kwargs,
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
