"""The secretariat's forms on a committee page. They only parse input; the rules live in
``Membership.clean()`` and the services, whose errors the views put back on these forms."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samhandling.core.forms import add_service_errors  # noqa: F401 (used by this app's views)

from .models import Committee, Membership, Organisation, Person, Seat
from .services import membership_problems


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MembershipLabelField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.person.full_name} – {obj.get_role_display()}, {obj.seat.label}"


class MembershipAddForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.select_related("organisation")
    )
    seat = forms.ModelChoiceField(label=_("Seat"), queryset=Seat.objects.none())
    on_behalf_of = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.all(),
        help_text=_("The organisation the person represents in this seat."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )
    start = forms.DateField(label=_("From"), widget=DateInput())
    term_end = forms.DateField(
        label=_("Term ends"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to use the term length of the committee's rules."),
    )
    deputy_for = MembershipLabelField(
        label=_("Deputy for"),
        required=False,
        queryset=Membership.objects.none(),
        help_text=_("Only for deputies: the member they stand in for."),
    )

    def __init__(self, *args, committee: Committee, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields["seat"].queryset = committee.seats.all()
        self.fields["deputy_for"].queryset = (
            Membership.objects.current()
            .filter(seat__committee=committee)
            .exclude(role=Membership.Role.DEPUTY)
            .select_related("person", "seat")
        )
        self.fields["person"].label_from_instance = _person_label

    def clean(self) -> dict:
        # The membership's rules are checked here too, with whatever fields are valid, so
        # the form reports every problem in one go instead of one round trip per rule.
        data = super().clean()
        problems = membership_problems(
            person=data.get("person"),
            seat=data.get("seat"),
            on_behalf_of=data.get("on_behalf_of"),
            role=data.get("role", ""),
            start=data.get("start"),
            term_end=data.get("term_end"),
            deputy_for=data.get("deputy_for"),
        )
        for field, messages in problems.items():
            target = field if field in self.fields else None
            if target is not None and target in self.errors:
                continue  # the field's own error already says what is wrong with it
            for message in messages:
                self.add_error(target, message)
        return data


def _person_label(person: Person) -> str:
    if person.organisation is not None:
        return f"{person.full_name} ({person.organisation.name})"
    return person.full_name


class MembershipEndForm(forms.Form):
    membership = MembershipLabelField(label=_("Membership"), queryset=Membership.objects.none())
    ended_on = forms.DateField(label=_("Left on"), widget=DateInput())

    def __init__(self, *args, committee: Committee, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields["membership"].queryset = (
            Membership.objects.filter(seat__committee=committee, ended_on__isnull=True)
            .select_related("person", "seat")
            .order_by("seat__order", "person__family_name")
        )
        self.fields["ended_on"].initial = timezone.localdate()

    def clean(self) -> dict:
        data = super().clean()
        membership, ended_on = data.get("membership"), data.get("ended_on")
        if membership and ended_on and ended_on < membership.start:
            self.add_error(
                "ended_on",
                _("The membership cannot end before it starts (%(start)s).")
                % {"start": membership.start.strftime("%d.%m.%Y")},
            )
        return data


class MembershipEditForm(forms.Form):
    """Renew or change a membership: a new term end, another role, the member a deputy
    stands in for."""

    term_end = forms.DateField(label=_("Term ends"), required=False, widget=DateInput())
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    deputy_for = MembershipLabelField(
        label=_("Deputy for"),
        required=False,
        queryset=Membership.objects.none(),
        help_text=_("Only for deputies: the member they stand in for."),
    )

    def __init__(self, *args, membership: Membership, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "term_end": membership.term_end,
                "role": membership.role,
                "deputy_for": membership.deputy_for_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["deputy_for"].queryset = (
            Membership.objects.current()
            .filter(seat__committee_id=membership.seat.committee_id)
            .exclude(role=Membership.Role.DEPUTY)
            .exclude(pk=membership.pk)
            .select_related("person", "seat")
        )
