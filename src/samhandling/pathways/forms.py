"""The import form (upload and column mapping) and the filters of the analysis page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .engine import ColumnMapping, Filters

MAX_UPLOAD = 2 * 1024**3

FORMATS = [
    ("", _("Detect from the file name")),
    ("csv", "CSV"),
    ("parquet", "Parquet"),
    ("xes", "XES (IEEE 1849)"),
]

OPTIONAL_COLUMNS = [
    ("organisation", _("organisation or service")),
    ("level", _("service level")),
    ("age", _("age")),
    ("age_band", _("age band")),
    ("municipality", _("municipality number")),
    ("priority_group", _("priority group")),
    ("lkt_complexity", _("LKT: complexity of coordination (score)")),
    ("lkt_capacity", _("LKT: capacity to take part in own care (score)")),
]


class ImportForm(forms.Form):
    name = forms.CharField(label=_("Name of the log"), max_length=200)
    file = forms.FileField(
        label=_("Event log file"),
        help_text=_("CSV, Parquet or XES, optionally gzipped (.gz)."),
    )
    kind = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)
    separator = forms.ChoiceField(
        label=_("CSV separator"),
        choices=[("", _("Detect")), (",", _("comma")), (";", _("semicolon")), ("\t", _("tab"))],
        required=False,
    )
    case_id = forms.CharField(label=_("Column: case id"), initial="case_id", max_length=200)
    activity = forms.CharField(label=_("Column: activity"), initial="activity", max_length=200)
    timestamp = forms.CharField(label=_("Column: time"), initial="timestamp", max_length=200)
    timestamp_format = forms.CharField(
        label=_("Time format"),
        required=False,
        max_length=50,
        help_text=_("Leave empty to detect, or give e.g. %d.%m.%Y %H:%M."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, text in OPTIONAL_COLUMNS:
            self.fields[name] = forms.CharField(
                label=_("Column: %(what)s") % {"what": text},
                required=False,
                max_length=200,
                help_text=_("Leave empty if the log has no such column."),
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 GB."))
        return upload

    def mapping(self) -> ColumnMapping:
        data = self.cleaned_data
        names = ["case_id", "activity", "timestamp", "timestamp_format", *dict(OPTIONAL_COLUMNS)]
        return ColumnMapping(**{name: (data.get(name) or "").strip() for name in names})


class FilterForm(forms.Form):
    age_band = forms.ChoiceField(label=_("Age band"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    priority_group = forms.ChoiceField(label=_("Priority group"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args, values: dict[str, list[str]], areas: list[str], names: dict[str, str], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        everyone = [("", _("All"))]
        self.fields["age_band"].choices = everyone + [(v, v) for v in values["age_band"]]
        self.fields["area"].choices = everyone + [(a, a) for a in areas]
        self.fields["municipality"].choices = everyone + [
            (n, names.get(n, n)) for n in values["municipality"]
        ]
        self.fields["priority_group"].choices = everyone + [
            (v, v) for v in values["priority_group"]
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period must start before it ends."))
        return data

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data

        def one(name: str) -> tuple[str, ...]:
            return (data[name],) if data.get(name) else ()

        return Filters(
            age_bands=one("age_band"),
            areas=one("area"),
            municipalities=one("municipality"),
            priority_groups=one("priority_group"),
            start=data.get("start"),
            end=data.get("end"),
        )
