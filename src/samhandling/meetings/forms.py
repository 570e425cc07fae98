"""Forms of the meeting pages; each validates with messages the secretariat can act on."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models import Case, Treatment
from samhandling.core.forms import exemption_basis_field
from samhandling.structure.models import Committee, Membership, Organisation, Person

from . import selectors, services
from .models import Attendance


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.all(),
        error_messages={"required": _("Choose the committee that meets.")},
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        error_messages={
            "required": _("Give the time the meeting starts."),
            "invalid": _("Write the time as dd.mm.yyyy hh:mm."),
        },
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        error_messages={
            "required": _("Give the time the meeting ends."),
            "invalid": _("Write the time as dd.mm.yyyy hh:mm."),
        },
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Give a full web address, like https://…")},
    )

    def clean(self) -> dict:
        data = super().clean()
        try:
            services.meeting_clean(
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
                place=data.get("place", ""),
                video_link=data.get("video_link", "")
                if "video_link" not in self.errors
                else "invalid",
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return data


class AgendaAddForm(forms.Form):
    case = forms.CharField(
        label=_("Case number or subject"),
        max_length=300,
        help_text=_("For example 58/21, or words from the subject."),
        error_messages={"required": _("Give a case number or words from the subject.")},
    )
    role = forms.ChoiceField(
        label=_("The committee's role"), choices=Treatment.Role.choices, initial="decides"
    )
    closed = forms.BooleanField(label=_("Closed to the public"), required=False)
    exemption_basis = exemption_basis_field(label=_("Legal basis for closing"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.matches: list[Case] = []

    def clean_case(self) -> Case:
        text = self.cleaned_data["case"]
        matches = selectors.cases_matching(text)
        if not matches:
            raise ValidationError(_("No case matches “%(text)s”.") % {"text": text})
        if len(matches) > 1:
            self.matches = matches
            raise ValidationError(
                _("%(count)s cases match “%(text)s”; choose one below or give its number.")
                % {"count": len(matches), "text": text}
            )
        return matches[0]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("closed") and not data.get("exemption_basis"):
            self.add_error(
                "exemption_basis", _("A closed item needs the legal basis for closing it.")
            )
        if not data.get("closed") and data.get("exemption_basis"):
            self.add_error("closed", _("Tick “closed to the public” or leave the basis empty."))
        return data


class AttendanceForm(forms.Form):
    """One status and an optional deputy per member; fields named by membership id."""

    def __init__(
        self,
        *args,
        meeting,
        memberships: list[Membership],
        existing: dict,
        absences: dict | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = memberships
        absences = absences or {}
        # Each member is offered only their own registered deputies (and the committee's
        # deputies registered for no one in particular), not everyone in the register.
        own, shared = selectors.deputies_by_member(meeting)
        self._people = {}
        for membership in memberships:
            found = existing.get(membership.pk)
            absence = absences.get(membership.pk)
            people = own.get(membership.pk, []) + shared
            if found and found.deputy_id and found.deputy not in people:
                people.append(found.deputy)  # keep what was recorded before
            if absence and absence.deputy_id and absence.deputy not in people:
                people.append(absence.deputy)
            self._people.update({str(p.pk): p for p in people})
            if found:
                status, deputy_id = found.status, found.deputy_id
            elif absence:
                # Nothing recorded yet: start from the absence reported before the meeting
                # and the deputy called in for it, so the secretariat confirms, not retypes.
                status = (
                    Attendance.Status.DEPUTY_PRESENT
                    if absence.deputy_id
                    else Attendance.Status.ABSENT
                )
                deputy_id = absence.deputy_id
            else:
                status, deputy_id = Attendance.Status.PRESENT, None
            self.fields[f"status_{membership.pk}"] = forms.ChoiceField(
                label=_("Attendance of %(person)s") % {"person": membership.person.full_name},
                choices=Attendance.Status.choices,
                initial=status,
            )
            self.fields[f"deputy_{membership.pk}"] = forms.ChoiceField(
                label=_("Deputy for %(person)s") % {"person": membership.person.full_name},
                choices=[("", _("(no deputy)"))] + [(str(p.pk), p.full_name) for p in people],
                required=False,
                initial=str(deputy_id) if deputy_id else "",
            )

    def rows(self) -> list[tuple[Membership, forms.BoundField, forms.BoundField]]:
        return [(m, self[f"status_{m.pk}"], self[f"deputy_{m.pk}"]) for m in self.memberships]

    def clean(self) -> dict:
        data = super().clean()
        for membership in self.memberships:
            status = data.get(f"status_{membership.pk}")
            deputy = data.get(f"deputy_{membership.pk}")
            if status == Attendance.Status.DEPUTY_PRESENT and not deputy:
                self.add_error(
                    f"deputy_{membership.pk}",
                    _("Name the deputy who met for %(person)s.")
                    % {"person": membership.person.full_name},
                )
            elif deputy and status != Attendance.Status.DEPUTY_PRESENT:
                self.add_error(
                    f"deputy_{membership.pk}",
                    _(
                        "%(person)s is marked “%(status)s”: choose “deputy present” or remove "
                        "the deputy."
                    )
                    % {
                        "person": membership.person.full_name,
                        "status": Attendance.Status(status).label,
                    },
                )
        # Tie each inline error to its select, so a screen reader reads it with the field.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_error"
        return data

    def entries(self) -> list[services.AttendanceEntry]:
        return [
            services.AttendanceEntry(
                membership=m,
                status=self.cleaned_data[f"status_{m.pk}"],
                deputy=self._people.get(self.cleaned_data.get(f"deputy_{m.pk}") or ""),
            )
            for m in self.memberships
        ]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 20}),
        error_messages={"required": _("The minutes cannot be empty.")},
    )


class PublicMinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Public version of the minutes"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Remove what has become exempt; the approved minutes stay as they are and the "
            "public reads this version."
        ),
        error_messages={"required": _("Write the public version of the minutes.")},
    )
    reason = forms.CharField(
        label=_("Reason for redaction"),
        max_length=300,
        help_text=_("For example «Sak 12/22 unnateken etter offl. § 13 frå 1.3.2023»."),
        error_messages={"required": _("Say why the minutes are redacted.")},
    )


class ItemAttendanceForm(forms.Form):
    """Someone without a standing seat who attended for one agenda item ("på sak")."""

    item = forms.ChoiceField(label=_("Agenda item"))
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.select_related("organisation").order_by(
            "family_name", "given_name"
        ),
        error_messages={"required": _("Choose who attended.")},
    )
    on_behalf_of = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("Optional: the organisation the person spoke for."),
    )

    def __init__(self, *args, meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = {str(i.pk): i for i in meeting.agenda_items.order_by("order")}
        self.fields["item"].choices = [
            (pk, f"{i.number} {i.title or (i.treatment.case.subject if i.treatment else '')}")
            for pk, i in self.items.items()
        ]

    def clean_item(self):
        return self.items[self.cleaned_data["item"]]


class MinutesAddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Addendum"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the addendum.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the approved minutes need it, e.g. a name spelt wrong."),
        error_messages={"required": _("Say why the approved minutes need an addendum.")},
    )


class MinutesApproveForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=datetime.date.today,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "required": _("Give the date the minutes were approved."),
            "invalid": _("Write the date as dd.mm.yyyy."),
        },
    )
    approved_by = forms.CharField(
        label=_("Approved by"),
        max_length=300,
        help_text=_("For example the next meeting, or the chair."),
        error_messages={"required": _("Say who approved the minutes.")},
    )
