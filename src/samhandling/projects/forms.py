"""Forms of the project register. They parse input; the rules live in the services, whose
ValidationErrors the views put back on the forms with ``add_service_errors``."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samhandling.cases.forms import DateInput, add_service_errors  # noqa: F401 (re-exported)
from samhandling.cases.models import Decision, PriorityGroup
from samhandling.meetings.models import Meeting
from samhandling.structure.models import Area, Committee, Organisation
from samhandling.structure.services import norwegian_slug

from . import directive
from .models import AgeBand, DirectiveVersion, LktBand, Project


class CheckboxMultiple(forms.CheckboxSelectMultiple):
    use_fieldset = True


def _lines(text: str) -> list[str]:
    return [line.strip(" \t-•") for line in text.splitlines() if line.strip(" \t-•")]


class ProjectFilterForm(forms.Form):
    priority_group = forms.ModelChoiceField(
        label=_("Priority group"),
        queryset=PriorityGroup.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All"),
    )
    party = forms.ModelChoiceField(
        label=_("Party"),
        queryset=Organisation.objects.filter(is_party=True),
        required=False,
        to_field_name="slug",
        empty_label=_("All"),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *Project.Status.choices], required=False
    )
    year = forms.IntegerField(
        label=_("Running in year"), required=False, min_value=2000, max_value=2100
    )


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    slug = forms.SlugField(
        label=_("Short name in the address"),
        required=False,
        help_text=_("Letters, digits and hyphens; made from the name when left empty."),
    )
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    goals = forms.CharField(
        label=_("Goals"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One goal per line."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends"), required=False, widget=DateInput())
    owner_committees = forms.ModelMultipleChoiceField(
        label=_("Owner committees"),
        queryset=Committee.objects.filter(standing=True),
        required=False,
        widget=CheckboxMultiple,
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner party"), queryset=Organisation.objects.filter(is_party=True), required=False
    )
    owner_unit = forms.CharField(
        label=_("Unit inside the party"),
        max_length=200,
        required=False,
        help_text=_("E.g. «Seksjon for samhandling»."),
    )
    owner_as_written = forms.CharField(label=_("Owner as written"), max_length=300, required=False)
    steering_group = forms.ModelChoiceField(
        label=_("Steering group"),
        queryset=Committee.objects.filter(standing=False),
        required=False,
        help_text=_("A committee outside the standing structure (set up in the structure)."),
    )
    priority_groups = forms.ModelMultipleChoiceField(
        label=_("Priority groups"),
        queryset=PriorityGroup.objects.all(),
        required=False,
        widget=CheckboxMultiple,
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Involved parties"),
        queryset=Organisation.objects.filter(is_party=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"), queryset=Area.objects.all(), required=False, widget=CheckboxMultiple
    )
    age_bands = forms.MultipleChoiceField(
        label=_("Target group: age bands"),
        choices=AgeBand.choices,
        required=False,
        widget=CheckboxMultiple,
    )
    target_municipalities = forms.ModelMultipleChoiceField(
        label=_("Target group: municipalities"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    target_as_written = forms.CharField(
        label=_("Target group as written"), max_length=500, required=False
    )
    lkt_complexity = forms.MultipleChoiceField(
        label=_("Target group: complexity of coordination (LKT)"),
        choices=LktBand.choices,
        required=False,
        widget=CheckboxMultiple,
    )
    lkt_capacity = forms.MultipleChoiceField(
        label=_("Target group: capacity to take part in one's own care (LKT)"),
        choices=LktBand.choices,
        required=False,
        widget=CheckboxMultiple,
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]

    def clean(self) -> dict:
        data = super().clean()
        if "slug" in self.fields and not data.get("slug") and data.get("name"):
            data["slug"] = norwegian_slug(data["name"])[:50]
        return data


class MilestoneForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=10, help_text=_("E.g. M1."))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    bodies_as_written = forms.CharField(
        label=_("Participating bodies"),
        max_length=300,
        required=False,
        help_text=_(
            "As written, also bodies outside today's structure: «AK», «Alle SU / SR», «Partane»."
        ),
    )
    due_as_written = forms.CharField(
        label=_("Due"),
        max_length=60,
        required=False,
        help_text=_("As written: 29.04.20, Veke 38, Veke 2 eller 3, mars–juni 22, or empty."),
    )
    body_dues = forms.CharField(
        label=_("Due per body"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Where the bodies' dates differ: one per line, «body: due», e.g. «SR Voss: 14.05.20»."
        ),
    )
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean_body_dues(self) -> list[tuple[str, str]]:
        pairs = []
        for line in _lines(self.cleaned_data["body_dues"]):
            body, colon, due = line.rpartition(":")
            if not colon or not body.strip():
                raise forms.ValidationError(
                    _("Write each line as «body: due», e.g. «SR Voss: 14.05.20».")
                )
            pairs.append((body.strip(), due.strip()))
        return pairs


class MilestoneProgressForm(forms.Form):
    """What the project leader keeps up to date."""

    due_as_written = MilestoneForm.base_fields["due_as_written"]
    done_on = MilestoneForm.base_fields["done_on"]
    note = MilestoneForm.base_fields["note"]


class StatusReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    written_on = forms.DateField(label=_("Date"), widget=DateInput())
    progress = forms.CharField(
        label=_("Progress and status"), widget=forms.Textarea(attrs={"rows": 6})
    )
    deviations = forms.CharField(
        label=_("Deviations and risks"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    next_steps = forms.CharField(
        label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.committee.name} {timezone.localtime(obj.starts_at):%d.%m.%Y}"


class StatusReportSendForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.all())
    meeting = MeetingChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_(
            "An upcoming meeting of that committee whose agenda gets the case; leave empty to decide later."
        ),
    )
    paper_date = forms.DateField(label=_("Date of the case paper"), widget=DateInput())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(
                ends_at__gte=timezone.now(),
                state__in=[Meeting.State.PLANNED, Meeting.State.NOTICE_SENT],
            )
            .select_related("committee")
            .order_by("starts_at")
        )

    def clean(self) -> dict:
        data = super().clean()
        meeting, committee = data.get("meeting"), data.get("committee")
        if meeting is not None and committee is not None and meeting.committee_id != committee.pk:
            self.add_error("meeting", _("Choose a meeting of the same committee."))
        return data


class DirectiveForm(forms.Form):
    """One field per section of seed 000 (lists one item per line), and «not defined yet»."""

    def __init__(self, *args, sections: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sections = directive.normalise(sections)
        for spec in directive.SECTIONS:
            if spec.shape == directive.ROWS:
                continue
            section = sections[spec.key]
            title = f"{spec.number} {spec.title}"
            if spec.shape in {directive.TEXT, directive.TEXT_AND_LIST}:
                self.fields[f"{spec.key}__text"] = forms.CharField(
                    label=title,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    required=False,
                    initial=section["text"],
                )
            if spec.shape in {directive.LIST, directive.TEXT_AND_LIST}:
                self.fields[f"{spec.key}__items"] = forms.CharField(
                    label=f"{title}: {_('points')}"
                    if spec.shape == directive.TEXT_AND_LIST
                    else title,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    required=False,
                    help_text=_("One per line."),
                    initial="\n".join(section["items"]),
                )
            if spec.shape == directive.BENEFITS:
                for key, label in directive.BENEFICIARIES:
                    self.fields[f"benefits__{key}"] = forms.CharField(
                        label=label,
                        widget=forms.Textarea(attrs={"rows": 4}),
                        required=False,
                        help_text=_("One per line."),
                        initial="\n".join(section[key]),
                    )
                self.fields["benefits__all_levels"] = forms.CharField(
                    label=_("Benefit for all levels"),
                    widget=forms.Textarea(attrs={"rows": 2}),
                    required=False,
                    initial=section["all_levels"],
                )
            self.fields[f"{spec.key}__not_defined"] = forms.BooleanField(
                label=_("«%(title)s» is not defined yet") % {"title": spec.title},
                required=False,
                initial=section["not_defined"],
            )

    def sections(self) -> dict:
        data = self.cleaned_data
        result = {}
        for spec in directive.SECTIONS:
            if spec.shape == directive.ROWS:
                continue
            section = directive.empty_section(spec)
            section["text"] = data.get(f"{spec.key}__text", "").strip()
            section["items"] = _lines(data.get(f"{spec.key}__items", ""))
            section["not_defined"] = bool(data.get(f"{spec.key}__not_defined"))
            if spec.shape == directive.BENEFITS:
                for key, _label in directive.BENEFICIARIES:
                    section[key] = _lines(data.get(f"benefits__{key}", ""))
                section["all_levels"] = data.get("benefits__all_levels", "").strip()
            result[spec.key] = section
        return result


class DirectiveNewForm(forms.Form):
    version = forms.CharField(
        label=_("New version number"), max_length=10, help_text=_("E.g. 1.2.")
    )
    based_on = forms.ModelChoiceField(
        label=_("Based on"),
        queryset=DirectiveVersion.objects.none(),
        required=False,
        empty_label=_("An empty directive"),
    )

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = project.directive_versions.all()
        self.fields["based_on"].label_from_instance = lambda v: v.version


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Decision) -> str:
        return f"{obj.treatment.committee.name} {obj.decided_on:%d.%m.%Y}: {obj.treatment.case}"


class DirectiveApproveForm(forms.Form):
    approved_on = forms.DateField(label=_("Approved on"), widget=DateInput())
    approved_by = forms.CharField(label=_("Approved by (body)"), max_length=200, required=False)
    decision = DecisionChoiceField(
        label=_("The decision"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("The steering group's or owner's decision, when it is recorded here."),
    )

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        committees = [c.pk for c in project.owner_committees.all()]
        if project.steering_group_id:
            committees.append(project.steering_group_id)
        self.fields["decision"].queryset = (
            Decision.objects.filter(treatment__committee__in=committees)
            .select_related("treatment__committee", "treatment__case")
            .order_by("-decided_on")
        )

    def clean_approved_on(self) -> datetime.date:
        approved_on = self.cleaned_data["approved_on"]
        if approved_on > timezone.localdate():
            raise forms.ValidationError(_("A directive cannot be approved in the future."))
        return approved_on

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("approved_by") and not data.get("decision"):
            self.add_error("approved_by", _("Say which body approved the directive."))
        return data


class CompareForm(forms.Form):
    a = forms.ChoiceField(label=_("Older version"))
    b = forms.ChoiceField(label=_("Newer version"))

    def __init__(self, *args, versions: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(v, v) for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
