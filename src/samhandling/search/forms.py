from django import forms
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models import Case, PriorityGroup
from samhandling.structure.models import Committee


class SearchForm(forms.Form):
    """The search page's query string: words and filters, all optional."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=200,
        help_text=_(
            "Words match their other forms too. Use quotes for a phrase, "
            "«or» for alternatives and a minus sign to leave a word out."
        ),
    )
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.select_related("level"),
        required=False,
        empty_label=_("All committees"),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    priority_group = forms.ModelChoiceField(
        label=_("Priority group"),
        queryset=PriorityGroup.objects.all(),
        required=False,
        empty_label=_("All priority groups"),
    )
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        self.fields["kind"].choices = [("", _("All types")), *Case.Kind.choices]
