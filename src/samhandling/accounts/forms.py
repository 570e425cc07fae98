from django import forms
from django.utils.translation import gettext_lazy as _

from samhandling.core.models import AuditEntry

from .audit_log import action_label, object_type_label
from .models import User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.ModelChoiceField(
        label=_("Who"), required=False, queryset=User.objects.none(), empty_label=_("Everyone")
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        types = AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct()
        self.fields["object_type"].choices = [
            ("", _("All")),
            *sorted(((t, object_type_label(t)) for t in types), key=lambda c: c[1].lower()),
        ]
        actions = AuditEntry.objects.order_by().values_list("action", "object_type").distinct()
        labels = {a: action_label(a, t) for a, t in actions}
        self.fields["action"].choices = [
            ("", _("All")),
            *sorted(labels.items(), key=lambda c: c[1].lower()),
        ]
        self.fields["actor"].queryset = User.objects.filter(
            pk__in=AuditEntry.objects.exclude(actor=None).values("actor")
        ).order_by("username")

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("“To” cannot be before “From”."))
        return data
