import pytest
from django.utils import translation

from samhandling.cases.tests.factories import make_case
from samhandling.meetings.forms import AgendaAddForm, MeetingForm, MinutesApproveForm
from samhandling.structure.tests.factories import make_committee

pytestmark = pytest.mark.django_db


def _meeting_form(**data) -> MeetingForm:
    committee = make_committee()
    values = {
        "committee": committee.pk,
        "starts_at": "2030-03-15T10:00",
        "ends_at": "2030-03-15T12:00",
        "place": "Haukeland",
        "video_link": "",
    }
    values.update(data)
    return MeetingForm(values)


def test_a_meeting_with_a_place_and_an_end_after_its_start_is_valid():
    assert _meeting_form().is_valid()
    assert _meeting_form(place="", video_link="https://video.example/m").is_valid()


def test_the_meeting_form_rejects_an_end_before_the_start_in_norwegian():
    form = _meeting_form(ends_at="2030-03-15T09:00")
    with translation.override("nn"):
        assert not form.is_valid()
        assert form.errors["ends_at"] == ["Møtet må slutte etter at det byrjar."]


def test_the_meeting_form_needs_a_place_or_a_video_link():
    form = _meeting_form(place="")
    with translation.override("nb"):
        assert not form.is_valid()
        assert form.errors["place"] == ["Oppgi et møtested eller en videolenke."]


def test_an_invalid_video_link_is_reported_once_without_asking_for_a_place():
    form = _meeting_form(place="", video_link="ikkje ei lenkje")
    assert not form.is_valid()
    assert list(form.errors) == ["video_link"]


def test_the_meeting_form_accepts_norwegian_date_formats_and_names_bad_ones():
    assert _meeting_form(starts_at="15.03.2030 10:00", ends_at="15.03.2030 11:00").is_valid()
    form = _meeting_form(starts_at="i morgon")
    with translation.override("nb"):
        assert not form.is_valid()
        assert form.errors["starts_at"] == ["Skriv tidspunktet som dd.mm.åååå tt:mm."]


def test_the_meeting_form_needs_a_committee():
    form = _meeting_form(committee="")
    with translation.override("nb"):
        assert not form.is_valid()
        assert form.errors["committee"] == ["Velg utvalget som møtes."]


def test_the_agenda_form_finds_a_case_by_number_and_needs_a_basis_for_closed_items():
    case = make_case(subject="Legevakt")
    form = AgendaAddForm({"case": case.number, "role": "decides"})
    assert form.is_valid() and form.cleaned_data["case"] == case
    closed = AgendaAddForm({"case": case.number, "role": "decides", "closed": "on"})
    assert not closed.is_valid() and "exemption_basis" in closed.errors
    basis_only = AgendaAddForm(
        {"case": case.number, "role": "decides", "exemption_basis": "offl-13"}
    )
    assert not basis_only.is_valid() and "closed" in basis_only.errors


def test_the_agenda_form_says_when_no_case_matches():
    form = AgendaAddForm({"case": "99/99", "role": "decides"})
    with translation.override("nb"):
        assert not form.is_valid()
        assert form.errors["case"] == ["Ingen saker passer med «99/99»."]


def test_approving_minutes_needs_who_and_when():
    form = MinutesApproveForm({"approved_on": "", "approved_by": ""})
    assert not form.is_valid()
    assert set(form.errors) == {"approved_on", "approved_by"}
