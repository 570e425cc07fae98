"""Forms of the secretariat. They check the input's shape; the services check the rules and
their ValidationErrors are put back on the form (``add_service_errors``)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models import Case, Recommendation
from samhandling.core.forms import add_service_errors  # noqa: F401 (used by this app's views)
from samhandling.projects.models import Project
from samhandling.structure.models import Organisation

from .models import Agreement, Budget, CostElement, CostKey, Version


def _parties():
    # Parties merged away (the municipalities of before 2020) sign nothing new.
    return Organisation.objects.filter(is_party=True, valid_to__isnull=True).order_by(
        "side", "name"
    )


class CaseNumberField(forms.CharField):
    """A case given by its number as the papers write it (58/21 or 58/2021)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d{2}|\d{4})\s*", value)
        if not match:
            raise ValidationError(_("Write the case number like 58/21."))
        sequence, year = int(match[1]), int(match[2])
        if year < 100:
            year += 2000
        case = Case.objects.filter(year=year, sequence=sequence).first()
        if case is None:
            raise ValidationError(_("There is no case %(number)s.") % {"number": value.strip()})
        return case


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    slug = forms.SlugField(
        label=_("Short name in the address"), help_text=_("Letters, digits and hyphens.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Agreement.Kind.choices)
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=Agreement.objects.filter(kind=Agreement.Kind.OVERALL),
        required=False,
        help_text=_("For a sub-agreement: the overall agreement it belongs to."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=_parties(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    review_interval_months = forms.IntegerField(
        label=_("Review every (months)"), min_value=1, max_value=120, initial=12
    )

    def __init__(self, *args, agreement: Agreement | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = _parties()
        if agreement is not None:
            self.fields["parent"].queryset = Agreement.objects.filter(
                kind=Agreement.Kind.OVERALL
            ).exclude(pk=agreement.pk)
        clash = Agreement.objects.all()
        if agreement is not None:
            clash = clash.exclude(pk=agreement.pk)
        self._clash = clash

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self._clash.filter(slug=slug).exists():
            raise ValidationError(_("Another agreement already has this short name."))
        return slug


class VersionForm(forms.Form):
    label = forms.CharField(label=_("Version"), max_length=60, help_text=_("E.g. «2022»."))
    status = forms.ChoiceField(label=_("Status"), choices=Version.Status.choices)
    in_force_from = forms.DateField(
        label=_("In force from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    revision_note = forms.CharField(
        label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    case = CaseNumberField(
        label=_("Treated in case"), required=False, help_text=_("The case number, e.g. 9/22.")
    )
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation to the parties"),
        queryset=Recommendation.objects.none(),
        required=False,
        help_text=_("Its adoptions are the parties' decisions and signatures of this version."),
    )
    illustration_note = forms.CharField(
        label=_("Note on illustrative data"), max_length=300, required=False
    )
    copy_points_from = forms.ModelChoiceField(
        label=_("Copy the points of"),
        queryset=Version.objects.none(),
        required=False,
        help_text=_("Start a revision from an earlier version's text."),
    )

    def __init__(self, *args, agreement: Agreement, version: Version | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = Recommendation.objects.filter(
            requires_signature=True
        ).select_related("decision__treatment__case", "decision__treatment__committee")
        self.fields["recommendation"].label_from_instance = _recommendation_label
        others = agreement.versions.all()
        if version is not None:
            others = others.exclude(pk=version.pk)
        self.fields["copy_points_from"].queryset = others
        self.fields["copy_points_from"].label_from_instance = lambda v: v.label


def _recommendation_label(recommendation: Recommendation) -> str:
    treatment = recommendation.decision.treatment
    return f"{treatment.case.number} {treatment.committee.name}: {recommendation.text[:80]}"


class PointForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20, help_text=_("E.g. «1.2»."))
    title = forms.CharField(label=_("Heading"), max_length=300, required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))


class PointLinkForm(forms.Form):
    case = CaseNumberField(label=_("Case"), required=False, help_text=_("E.g. 58/21."))
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.all(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("case")) == bool(data.get("project")):
            raise ValidationError(_("Choose a case or a project (one of them)."))
        return data


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Reviewed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    case = CaseNumberField(label=_("Case"), required=False, help_text=_("E.g. 12/24."))
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class BudgetForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)
    key = forms.ModelChoiceField(label=_("Cost-sharing key"), queryset=CostKey.objects.all())
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties sharing the costs"),
        queryset=_parties(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a population key: the municipalities the population is counted over."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    illustration_note = forms.CharField(
        label=_("Note on illustrative figures"), max_length=300, required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = _parties()
        self.fields["project"].queryset = Project.objects.all()
        self.fields["key"].queryset = CostKey.objects.all()


class CostElementForm(forms.Form):
    name = forms.CharField(label=_("Cost element"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=CostElement.Kind.choices)
    amount = forms.IntegerField(label=_("Amount (NOK)"), min_value=0)
    funded = forms.BooleanField(label=_("Funded (not shared by the key)"), required=False)
    funded_by = forms.CharField(label=_("Funded by"), max_length=300, required=False)


class EnteredSharesForm(forms.Form):
    """One percentage per party (and, for a two-step key, the municipalities as a group)."""

    def __init__(self, *args, budget: Budget, two_step: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.targets: dict[str, Organisation | None] = {}
        current = {s.party_id: s.percent for s in budget.entered_shares.all()}
        parties = list(budget.parties.order_by("side", "name"))
        if two_step:
            self._add("municipalities", None, _("The municipalities together"), current)
            parties = [p for p in parties if p.kind != Organisation.Kind.MUNICIPALITY]
        for party in parties:
            self._add(f"party_{party.pk}", party, party.name, current)

    def _add(self, name, party, label, current) -> None:
        self.targets[name] = party
        self.fields[name] = forms.DecimalField(
            label=_("%(party)s (%%)") % {"party": label},
            min_value=0,
            max_value=100,
            decimal_places=6,
            required=False,
            initial=current.get(party.pk if party else None),
        )

    def shares(self) -> dict:
        return {self.targets[name]: self.cleaned_data.get(name) for name in self.targets}


class AllocationDecideForm(forms.Form):
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation to the parties"),
        queryset=Recommendation.objects.none(),
        help_text=_("The parties' adoptions of it are shown beside their shares."),
    )
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, recommendations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = recommendations
        self.fields["recommendation"].label_from_instance = _recommendation_label
