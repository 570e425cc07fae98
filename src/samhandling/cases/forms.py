"""Forms of the case register. They parse input; the rules live in the services, whose
ValidationErrors the views put back on the forms with ``add_service_errors``."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_prose_editor.fields import ProseEditorFormField

from samhandling.core.access import Access
from samhandling.core.due import parse_due
from samhandling.core.forms import (
    add_service_errors,  # noqa: F401 (used by this app's views)
    exemption_basis_field,
)
from samhandling.structure.models import Area, Committee, Membership, Organisation, Person

from .models import SECTIONS, Adoption, Case, Decision, PriorityGroup, Proposal
from .models import Treatment as TreatmentModel
from .services import PartyScope, adoption_problems, signature_problems

RICH_TEXT_HELP = _(
    "Use the toolbar for headings, bold, italic, lists, links, quotes and tables; "
    "Esc leaves the editor. Other formatting (pasted from elsewhere, say) is removed when saved."
)

# The editor offers exactly what richtext.sanitise_html keeps (a test holds them together);
# the server sanitises anyway, since the editor runs in the browser and is not trusted.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # Let the browser check the Norwegian spelling.
    "NoSpellCheck": False,
}


# The editor names its buttons in English; cases/editor.js gives them these names, in the
# page's language, by the name of the menu item (in a context of their own: «Link» here is
# not the «Link» of other pages).
EDITOR_LABELS = {
    "paragraph": pgettext_lazy("editor button", "Paragraph"),
    "heading3": pgettext_lazy("editor button", "Heading"),
    "heading4": pgettext_lazy("editor button", "Subheading"),
    "bold": pgettext_lazy("editor button", "Bold"),
    "italic": pgettext_lazy("editor button", "Italic"),
    "bulletList": pgettext_lazy("editor button", "Bulleted list"),
    "orderedList": pgettext_lazy("editor button", "Numbered list"),
    "orderedListProperties": pgettext_lazy("editor button", "List settings"),
    "blockquote": pgettext_lazy("editor button", "Quote"),
    "link": pgettext_lazy("editor button", "Link"),
    "unlink": pgettext_lazy("editor button", "Remove the link"),
    "table": pgettext_lazy("editor button", "Insert a table"),
    "history:undo": pgettext_lazy("editor button", "Undo"),
    "history:redo": pgettext_lazy("editor button", "Redo"),
}


def rich_text_field(label: str, **kwargs) -> ProseEditorFormField:
    """A section of sanitised HTML, written in the rich-text editor."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("help_text", RICH_TEXT_HELP)
    return ProseEditorFormField(
        label=label,
        config={"extensions": dict(EDITOR_EXTENSIONS), "labels": EDITOR_LABELS},
        **kwargs,
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Committee) -> str:
        return f"{obj.name} ({obj.level.name})"


class CommitteesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Committee) -> str:
        return obj.name


def committees() -> QuerySet[Committee]:
    return Committee.objects.select_related("level")


class AccessFormMixin:
    """Open or exempt with a legal basis, checked together."""

    def clean(self) -> dict:
        data = super().clean()
        access, basis = data.get("access"), (data.get("exemption_basis") or "").strip()
        partly = bool(data.get("exempt_sections"))
        if access == Access.EXEMPT and not basis:
            self.add_error(
                "exemption_basis", _("An exempt document needs its legal basis in offentleglova.")
            )
        if access == Access.OPEN and partly and not basis:
            self.add_error(
                "exemption_basis", _("Exempt sections need their legal basis in offentleglova.")
            )
        if access == Access.OPEN and basis and not partly:
            self.add_error(
                "exemption_basis", _("An open document cannot have a basis for exemption.")
            )
        return data


def _access_fields() -> tuple[forms.Field, forms.Field]:
    return (
        forms.ChoiceField(
            label=_("Public access"),
            choices=Access.choices,
            initial=Access.OPEN,
            widget=forms.RadioSelect,
        ),
        exemption_basis_field(),
    )


class CaseForm(AccessFormMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=Case.Kind.choices, initial=Case.Kind.DECISION)
    paper_date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        help_text=_("The case number is taken from this year's series."),
    )
    committees = CommitteesField(
        label=_("Goes to"),
        queryset=Committee.objects.none(),
        required=False,
        help_text=_("Each committee gets its own treatment of the case."),
    )
    case_officer = forms.ModelChoiceField(
        label=_("Case officer"), queryset=Person.objects.all(), required=False
    )
    case_officer_unit = forms.CharField(
        label=_("Case officer's unit"),
        max_length=200,
        required=False,
        help_text=_("For example «Seksjon for samhandling, Helse Bergen»."),
    )
    introduction = rich_text_field(_("Introduction"))
    background = rich_text_field(_("Background"))
    assessment = rich_text_field(_("Assessment"))
    further_work = rich_text_field(_("Further work"))
    proposed_resolution = rich_text_field(_("Proposed resolution"))
    priority_groups = forms.ModelMultipleChoiceField(
        label=_("Priority groups"),
        queryset=PriorityGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access, exemption_basis = _access_fields()
    public_title = forms.CharField(
        label=_("Public title"),
        max_length=300,
        required=False,
        help_text=_("Shown instead of the subject to those who may not read an exempt case."),
    )
    exempt_sections = forms.MultipleChoiceField(
        label=_("Exempt sections of an open paper"),
        # Named apart from the sections' own fields, so each label names one field.
        choices=[
            (name, format_lazy(_("{section} is exempt"), section=label)) for name, label in SECTIONS
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only these sections are exempt, on the legal basis above."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["committees"]
            self.fields["paper_date"].help_text = _(
                "The case keeps its number even if the date moves to another year."
            )
        else:
            self.fields["committees"].queryset = committees()


IMPORT_BUTTON = "import"


class PaperImportForm(forms.Form):
    """A Word document whose text fills the paper's sections in the form, for review."""

    file = forms.FileField(
        label=_("Word document (DOCX)"),
        help_text=_(
            "Headings named like the sections (Innleiing/Innledning, Bakgrunn, Vurdering, "
            "Vidare/Videre arbeid, Forslag til vedtak) split the text; the sections they name "
            "are replaced. Nothing is saved until you press Save."
        ),
        error_messages={"required": _("Choose the Word document to import.")},
    )
    section = forms.ChoiceField(
        label=_("Section for a document without those headings"),
        choices=SECTIONS,
        initial="introduction",
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "import")
        super().__init__(*args, **kwargs)


class AttachmentForm(AccessFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, Word (DOCX), Excel (XLSX), PNG or JPEG. The type is read from the content."
        ),
    )
    access, exemption_basis = _access_fields()


class TreatmentAddForm(forms.Form):
    committee = CommitteeChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=TreatmentModel.Role.choices)

    def __init__(self, *args, case: Case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees()


class ForwardForm(forms.Form):
    to_committee = CommitteeChoiceField(
        label=_("Forward to"),
        queryset=Committee.objects.none(),
        help_text=_("Usually the committee this one reports to: SSU or the partnership meeting."),
    )

    def __init__(self, *args, treatment: TreatmentModel, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_committee"].queryset = committees().exclude(pk=treatment.committee_id)
        if treatment.committee.reports_to_id:
            self.fields["to_committee"].initial = treatment.committee.reports_to_id


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Decision.Outcome.choices)
    text = rich_text_field(_("Decision text"))
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    consensus = forms.BooleanField(label=_("Decided by consensus"), required=False, initial=True)
    dissent = forms.CharField(
        label=_("Recorded dissent"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Who disagreed and why; only when the decision was not unanimous."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("consensus") and data.get("dissent", "").strip():
            self.add_error(
                "dissent", _("A decision by consensus has no dissent; untick consensus first.")
            )
        if not data.get("consensus") and not data.get("dissent", "").strip():
            self.add_error(
                "dissent", _("Without consensus, write down the dissent that was recorded.")
            )
        return data


class DecisionCorrectionForm(DecisionForm):
    """The decision as it should read, and why; the decision as recorded stays."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. a wrong outcome or a missing sentence, and who noticed it."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The day of the decision does not change with a correction.
        del self.fields["decided_on"]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the decision is corrected."))
        return reason


class ProposalSubmitForm(forms.Form):
    text = forms.CharField(
        label=_("Your proposal"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Write it as the decision should read. It is registered in your name."),
    )


class ProposerField(forms.ModelChoiceField):
    def __init__(self, *args, observers: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.observers = observers

    def label_from_instance(self, obj: Person) -> str:
        if obj.pk in self.observers:
            return f"{obj.full_name} ({_('observer')})"
        return obj.full_name


class ProposalForm(forms.Form):
    """One row of proposals; the rows are optional, but a row begun must name both who
    proposed and what."""

    proposer = forms.ModelChoiceField(label=_("Proposed by"), queryset=Person.objects.none())
    text = forms.CharField(
        label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome of the proposal"),
        choices=[("", _("– not voted on –")), *Proposal.Outcome.choices],
        required=False,
    )

    def __init__(self, *args, people: QuerySet[Person], observers: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposer"] = ProposerField(
            label=_("Proposed by"), queryset=people, observers=observers, required=False
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("proposer") and not data.get("text", "").strip():
            self.add_error("text", _("Write the proposal."))
        if data.get("text", "").strip() and not data.get("proposer"):
            self.add_error("proposer", _("Choose who made the proposal."))
        return data


class BaseProposalFormSet(forms.BaseFormSet):
    def __init__(self, *args, people: QuerySet[Person], observers: set[int], **kwargs) -> None:
        self.people = people
        self.observers = observers
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"people": self.people, "observers": self.observers}


ProposalFormSet = forms.formset_factory(ProposalForm, formset=BaseProposalFormSet, extra=2)


def committee_people(committee: Committee, on: datetime.date) -> tuple[QuerySet[Person], set[int]]:
    """People who may propose in a committee (its current members and observers, falling back
    to everyone when nobody is registered), and which of them are only observers."""
    memberships = list(
        Membership.objects.current(on)
        .filter(seat__committee=committee)
        .select_related("seat")
        .only("person_id", "role", "seat__may_decide")
    )
    if not memberships:
        return Person.objects.all(), set()
    deciding = {m.person_id for m in memberships if m.seat.may_decide and m.role != "observer"}
    everyone = {m.person_id for m in memberships}
    return Person.objects.filter(pk__in=everyone), everyone - deciding


class RecommendationForm(forms.Form):
    same_as = forms.TypedChoiceField(
        label=_("Same text as"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "When several committees recommend the same, choose the recommendation already "
            "made in this case; its text is used."
        ),
    )
    text = forms.CharField(
        label=_("Recommendation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What the parties are recommended to adopt. Prefilled from the decision."),
    )
    scope = forms.ChoiceField(
        label=_("Goes to"),
        widget=forms.RadioSelect,
        choices=[
            (PartyScope.AREA_MUNICIPALITIES, _("the municipalities of the committee's area")),
            (PartyScope.ALL_MUNICIPALITIES, _("all municipalities")),
            (PartyScope.ALL_PARTIES, _("all parties (municipalities and hospitals)")),
            (PartyScope.CHOSEN, _("the parties chosen below")),
        ],
        initial=PartyScope.AREA_MUNICIPALITIES,
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Organisation.objects.filter(is_party=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    requires_signature = forms.BooleanField(
        label=_("An agreement each party must also sign"), required=False
    )
    respond_by = forms.DateField(label=_("Respond by"), widget=DateInput(), required=False)

    def clean_respond_by(self) -> datetime.date | None:
        respond_by = self.cleaned_data.get("respond_by")
        if respond_by is not None and respond_by < timezone.localdate():
            raise ValidationError(_("“Respond by” cannot be in the past."))
        return respond_by

    def __init__(self, *args, siblings=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.siblings = {r.pk: r for r in siblings}
        if self.siblings:
            self.fields["same_as"].choices = [("", _("(write the text below)"))] + [
                (
                    r.pk,
                    _("the recommendation from %(committee)s: «%(text)s»")
                    % {"committee": r.decision.treatment.committee.name, "text": r.text[:80]},
                )
                for r in self.siblings.values()
            ]
        else:
            del self.fields["same_as"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("scope") == PartyScope.CHOSEN and not data.get("parties"):
            self.add_error("parties", _("Choose at least one party."))
        sibling = self.siblings.get(data.get("same_as"))
        if sibling is not None:
            data["text"] = sibling.text
        elif not (data.get("text") or "").strip() and "text" not in self.errors:
            self.add_error("text", _("Write what the parties are recommended to adopt."))
        return data


class AdoptionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Adoption.Status.choices)
    deciding_body = forms.CharField(
        label=_("Deciding body"),
        max_length=200,
        required=False,
        help_text=_("For example «Kommunestyret» or «Administrerande direktør»."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(), required=False)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=200,
        required=False,
        help_text=_("The party's own case or decision number."),
    )
    changes = forms.CharField(
        label=_("Changes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Only when the party adopted with changes."),
    )

    def __init__(self, *args, recommended_on: datetime.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.recommended_on = recommended_on

    def clean(self) -> dict:
        data = super().clean()
        # The service's rules too, so every problem shows at once, including those of
        # fields that failed their own checks.
        problems = adoption_problems(
            status=data.get("status", ""),
            deciding_body=data.get("deciding_body", ""),
            decided_on=data.get("decided_on"),
            changes=data.get("changes", ""),
            recommended_on=self.recommended_on,
        )
        for field, message in problems.items():
            if field in data or field not in self.errors:
                self.add_error(field if field in self.fields else None, message)
        return data


class AdoptionRowForm(AdoptionForm):
    """One party's row of the secretariat's table form: the same fields and rules as the
    party's own form, the party named in every label so each input is understood alone."""

    adoption = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, party_name: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.party_name = party_name
        self.fields["changes"].widget = forms.TextInput()
        for name in ("status", "deciding_body", "decided_on", "reference", "changes"):
            self.fields[name].help_text = ""
            self.fields[name].widget.attrs["aria-label"] = (
                f"{self.fields[name].label} – {party_name}"
            )


class BaseAdoptionFormSet(forms.BaseFormSet):
    def __init__(self, *args, adoptions=(), recommended_on=None, **kwargs) -> None:
        self.adoptions = list(adoptions)
        self.recommended_on = recommended_on
        kwargs.setdefault(
            "initial",
            [
                {
                    "adoption": a.pk,
                    "status": a.status,
                    "deciding_body": a.deciding_body,
                    "decided_on": a.decided_on,
                    "reference": a.reference,
                    "changes": a.changes,
                }
                for a in self.adoptions
            ],
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["recommended_on"] = self.recommended_on
        if index is not None and index < len(self.adoptions):
            kwargs["party_name"] = self.adoptions[index].party.name
        return kwargs

    def clean(self) -> None:
        ids = {a.pk for a in self.adoptions}
        seen = [f.cleaned_data.get("adoption") for f in self.forms if f.cleaned_data]
        if any(pk not in ids for pk in seen) or len(set(seen)) != len(seen):
            raise ValidationError(_("The table does not match the recommendation; reload it."))


AdoptionFormSet = forms.formset_factory(
    AdoptionRowForm, formset=BaseAdoptionFormSet, extra=0, max_num=1000, validate_max=True
)


class CaseWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example «Saka er trekt; ho vert lagd fram på nytt etter høyringa»."),
    )
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())


class SignatureForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    signed_by = forms.CharField(label=_("Signed by"), max_length=200)
    signed_document = forms.FileField(
        label=_("Signed document"),
        required=False,
        help_text=_("PDF, Word (DOCX) or an image; the type is read from the content."),
    )
    signed_document_public = forms.BooleanField(
        label=_("The signed document is open to the public"),
        required=False,
        help_text=_(
            "Otherwise only the secretariat, the party's administrators and the members of "
            "the recommending committee may download it. An exempt case keeps it closed."
        ),
    )

    def __init__(self, *args, adoption: Adoption, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.adoption = adoption

    def clean(self) -> dict:
        data = super().clean()
        problems = signature_problems(
            adoption=self.adoption,
            signed_on=data.get("signed_on"),
            signed_by=data.get("signed_by", ""),
        )
        for field, message in problems.items():
            if field in data or field not in self.errors:
                self.add_error(field if field in self.fields else None, message)
        return data


class ProgressPlanEntryForm(forms.Form):
    when = forms.CharField(
        label=_("When"), max_length=60, help_text=_("As written, e.g. «des 21» or «mars–juni 22».")
    )
    sort_date = forms.DateField(
        label=_("Sort date"),
        widget=DateInput(),
        required=False,
        help_text=_("First day of the period, for ordering. Left empty, it is read from «When»."),
    )
    what = forms.CharField(label=_("What"), max_length=300)
    about = forms.CharField(
        label=_("About"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    responsible = forms.CharField(label=_("Responsible"), max_length=300, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("sort_date") is None and data.get("when"):
            # A value without a year («Veke 38», «des») belongs to the coming twelve months.
            today = timezone.localdate()
            due = parse_due(data["when"], after=today - datetime.timedelta(days=31))
            if due is None or due.start is None:
                self.add_error(
                    "sort_date",
                    _("«%(when)s» cannot be read as a date; give the sort date.")
                    % {"when": data["when"]},
                )
            else:
                data["sort_date"] = due.start
        return data


class CaseFilterForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All"),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All")), *Case.Kind.choices], required=False
    )
    priority_group = forms.ModelChoiceField(
        label=_("Priority group"),
        queryset=PriorityGroup.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All"),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All")),
            ("pending", _("awaiting treatment")),
            ("adopted", _("adopted everywhere")),
            ("partly_adopted", _("adopted in some committees")),
            ("not_adopted", _("not adopted")),
            ("noted", _("taken as orientation")),
            ("not_sent", _("not sent to a committee")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("number", _("number, newest first")),
            ("number_asc", _("number, oldest first")),
            ("date", _("date, newest first")),
            ("date_asc", _("date, oldest first")),
            ("subject", _("subject")),
        ],
    )

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All")), *((y, str(y)) for y in years)]


class AdoptionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("waiting", _("waiting for a decision or a signature")),
            ("unsigned", _("adopted, waiting for the signature")),
            *Adoption.Status.choices,
            ("", _("All")),
        ],
        initial="waiting",
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.all(),
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
    group = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[("party", _("party")), ("case", _("case"))],
    )
