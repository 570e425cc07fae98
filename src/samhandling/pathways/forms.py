"""The import form (upload and column mapping) and the filters of the analysis page."""

import calendar
from datetime import date

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .engine import ColumnMapping, Filters

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
        if upload.size > settings.PATHWAYS_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(settings.PATHWAYS_MAX_UPLOAD_BYTES)}
            )
        return upload

    def mapping(self) -> ColumnMapping:
        data = self.cleaned_data
        names = ["case_id", "activity", "timestamp", "timestamp_format", *dict(OPTIONAL_COLUMNS)]
        return ColumnMapping(**{name: (data.get(name) or "").strip() for name in names})


class MonthField(forms.Field):
    """A month as YYYY-MM (what `<input type="month">` sends); cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "ÅÅÅÅ-MM"})

    def to_python(self, value):
        text = str(value).strip() if value not in self.empty_values else ""
        if not text:
            return None
        year, dash, month = text.partition("-")
        if not (
            dash
            and len(year) == 4
            and len(month) == 2
            and year.isascii()
            and year.isdigit()
            and month.isascii()
            and month.isdigit()
            and 1900 <= int(year) <= 2200
            and 1 <= int(month) <= 12
        ):
            raise forms.ValidationError(
                _("Give a whole month as year and month, such as 2024-03."), code="month"
            )
        return date(int(year), int(month), 1)


def _month_end(first: date) -> date:
    return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])


class FilterForm(forms.Form):
    age_band = forms.ChoiceField(label=_("Age band"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    priority_group = forms.ChoiceField(label=_("Priority group"), required=False)
    # Whole months only (YYYY-MM): see engine/privacy.py on differencing.
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)

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
            end=_month_end(data["end"]) if data.get("end") else None,
        )
