import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samhandling.cases.models import Treatment
from samhandling.cases.tests.factories import make_case, make_decision, make_treatment
from samhandling.core.access import Access, ExemptionBasis
from samhandling.meetings.models import AgendaItem, Attendance, Meeting
from samhandling.structure.tests.factories import (
    make_committee,
    make_membership,
    make_person,
    make_seat,
)

from .factories import at, make_agenda_item, make_meeting

pytestmark = pytest.mark.django_db


def _full_meeting(items: int, members: int) -> Meeting:
    meeting = make_meeting(starts_at=at(2024, 3, 15))
    for n in range(items):
        item = make_agenda_item(meeting=meeting)
        if n % 2:
            make_decision(treatment=item.treatment)
    for _ in range(members):
        membership = make_membership(
            seat=make_seat(committee=meeting.committee), start=datetime.date(2024, 1, 1)
        )
        Attendance.objects.create(
            meeting=meeting,
            membership=membership,
            status=Attendance.Status.DEPUTY_PRESENT,
            deputy=make_person(),
        )
    return meeting


def test_the_meeting_list_shows_upcoming_meetings_and_filters_by_committee(client):
    soon = make_meeting(starts_at=at(2099, 1, 5), title="Neste møte")
    make_meeting(starts_at=at(2099, 1, 6), title="Møte i anna utval")
    make_meeting(committee=soon.committee, starts_at=at(2020, 1, 5), title="Gamalt møte")
    page = client.get(reverse("meetings:list"), {"utval": soon.committee.slug}).content.decode()
    assert "Neste møte" in page
    assert "Møte i anna utval" not in page
    assert "Gamalt møte" not in page
    past = client.get(reverse("meetings:list"), {"tid": "past"}).content.decode()
    assert "Gamalt møte" in past and "Neste møte" not in past


def test_the_meeting_list_is_paginated(client):
    committee = make_committee()
    for day in range(1, 28):
        make_meeting(committee=committee, starts_at=at(2099, 2, day))
    response = client.get(reverse("meetings:list"))
    assert len(response.context["page"].object_list) == 25
    assert "side=2" in response.content.decode()
    assert len(client.get(reverse("meetings:list"), {"side": 2}).context["page"].object_list) == 2


def test_the_committee_calendar_shows_the_month_as_a_table_and_links_the_feed(client):
    meeting = make_meeting(starts_at=at(2022, 3, 15, 9, 30))
    url = reverse("meetings:committee_calendar", args=[meeting.committee.slug])
    page = client.get(url, {"maned": "2022-03"}).content.decode()
    assert '<th scope="col">' in page
    assert meeting.get_absolute_url() in page
    assert "09:30" in page
    assert reverse("meetings:committee_ical", args=[meeting.committee.slug]) in page
    assert meeting.get_absolute_url() not in client.get(url, {"maned": "2022-04"}).content.decode()


def test_the_meeting_page_shows_agenda_with_case_numbers_links_and_attendance(client):
    meeting = make_meeting()
    case = make_case(subject="Samhandlingsforløp barn og unge")
    item = make_agenda_item(
        meeting=meeting,
        number="12/22",
        treatment=make_treatment(case=case, committee=meeting.committee),
    )
    member = make_membership(
        seat=make_seat(committee=meeting.committee), start=datetime.date(2020, 1, 1)
    )
    Attendance.objects.create(meeting=meeting, membership=member, status=Attendance.Status.ABSENT)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "12/22" in page and "Samhandlingsforløp barn og unge" in page
    assert case.number in page
    assert reverse("cases:paper_pdf", args=[case.year, case.sequence]) in page
    assert reverse("cases:paper_docx", args=[case.year, case.sequence]) in page
    assert member.person.full_name in page
    assert reverse("meetings:agenda_move", args=[meeting.pk, item.pk]) not in page


def test_visitors_see_exempt_items_only_as_exempt_with_their_basis(client, reader, secretary):
    meeting = make_meeting()
    secret = make_case(
        subject="Personalsak ved legevakta",
        access=Access.EXEMPT,
        exemption_basis=ExemptionBasis.OFFL_25,
    )
    make_agenda_item(
        meeting=meeting, treatment=make_treatment(case=secret, committee=meeting.committee)
    )
    make_agenda_item(
        meeting=meeting,
        closed=True,
        exemption_basis=ExemptionBasis.OFFL_23,
        treatment=make_treatment(
            committee=meeting.committee, case=make_case(subject="Forhandlingar")
        ),
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Personalsak" not in page and "Forhandlingar" not in page
    assert "Offl. § 25" in page and "Offl. § 23" in page
    assert reverse("cases:paper_pdf", args=[secret.year, secret.sequence]) not in page
    # Logged in with another role than the secretariat's: still only the basis.
    client.force_login(reader)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Personalsak" not in page and "Forhandlingar" not in page
    client.force_login(secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Personalsak ved legevakta" in page and "Forhandlingar" in page


def test_the_secretariat_sees_the_actions_visitors_do_not(client, secretary_client):
    meeting = make_meeting()
    item = make_agenda_item(meeting=meeting)
    make_agenda_item(meeting=meeting)
    visitor_page = client.get(meeting.get_absolute_url()).content.decode()
    page = secretary_client.get(meeting.get_absolute_url()).content.decode()
    for url in (
        reverse("meetings:agenda_add", args=[meeting.pk]),
        reverse("meetings:agenda_move", args=[meeting.pk, item.pk]),
        reverse("meetings:notice_send", args=[meeting.pk]),
        reverse("meetings:attendance", args=[meeting.pk]),
        reverse("meetings:edit", args=[meeting.pk]),
    ):
        assert url in page
        assert url not in visitor_page


def test_visitors_and_readers_cannot_write(client, reader):
    meeting = make_meeting()
    response = client.post(reverse("meetings:notice_send", args=[meeting.pk]))
    assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]
    client.force_login(reader)
    assert client.post(reverse("meetings:notice_send", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("meetings:create")).status_code == 403
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED


def test_draft_minutes_are_shown_only_to_the_secretariat(client, secretary_client):
    meeting = make_meeting(state=Meeting.State.HELD, minutes="Sak 1/22 Utkast til referat")
    assert "Utkast til referat" not in client.get(meeting.get_absolute_url()).content.decode()
    assert "Utkast til referat" in secretary_client.get(meeting.get_absolute_url()).content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.MINUTES_APPROVED)
    assert "Utkast til referat" in client.get(meeting.get_absolute_url()).content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_the_meeting_page_runs_a_fixed_number_of_queries(
    client, secretary, django_assert_max_num_queries, size
):
    meeting = _full_meeting(items=size, members=size)
    client.force_login(secretary)
    # session, user, secretariat group, meeting, agenda with cases and decisions, attendance,
    # addenda to the minutes; the notice panel: who was sent the notice, absences, the last
    # notice (once it is out)
    with django_assert_max_num_queries(10):
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('id="item-') == size


def test_the_secretariat_creates_a_meeting_through_the_form(secretary_client):
    committee = make_committee()
    response = secretary_client.post(
        reverse("meetings:create"),
        {
            "committee": committee.pk,
            "starts_at": "2030-03-15T10:00",
            "ends_at": "2030-03-15T12:00",
            "place": "Haukeland",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.place == "Haukeland"


def test_the_meeting_form_explains_what_is_wrong_in_norwegian(secretary_client):
    response = secretary_client.post(
        reverse("meetings:create"),
        {"committee": "", "starts_at": "2030-03-15T12:00", "ends_at": "2030-03-15T10:00"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert "Velg utvalget som møtes." in page
    assert "Møtet må slutte etter at det begynner." in page
    assert "Oppgi et møtested eller en videolenke." in page


def test_the_secretariat_adds_a_case_by_its_number_and_moves_it(secretary_client):
    meeting = make_meeting()
    first = make_agenda_item(meeting=meeting)
    case = make_case(subject="Helsefellesskapet")
    response = secretary_client.post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {"case": case.number, "role": Treatment.Role.DECIDES},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(treatment__case=case)
    assert item.order == 2
    secretary_client.post(
        reverse("meetings:agenda_move", args=[meeting.pk, item.pk]), {"direction": "up"}
    )
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == [item.pk, first.pk]


def test_adding_by_subject_lists_the_cases_to_choose_from_when_several_match(secretary_client):
    meeting = make_meeting()
    make_case(subject="Barn og unge i Bergen")
    make_case(subject="Barn og unge på Voss")
    response = secretary_client.post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {"case": "barn og unge", "role": "decides"},
    )
    page = response.content.decode()
    assert "Barn og unge i Bergen" in page and "Barn og unge på Voss" in page
    assert not AgendaItem.objects.exists()


def test_the_secretariat_records_attendance_with_a_deputy(secretary_client):
    meeting = make_meeting(starts_at=at(2024, 5, 1))
    member = make_membership(
        seat=make_seat(committee=meeting.committee), start=datetime.date(2024, 1, 1)
    )
    deputy = make_membership(
        seat=member.seat,
        role="deputy",
        deputy_for=member,
        person=make_person(given_name="Vara", family_name="Vikarsen"),
        start=datetime.date(2024, 1, 1),
    ).person
    url = reverse("meetings:attendance", args=[meeting.pk])
    missing = secretary_client.post(url, {f"status_{member.pk}": "deputy_present"})
    assert missing.status_code == 200 and not Attendance.objects.exists()
    secretary_client.post(
        url, {f"status_{member.pk}": "deputy_present", f"deputy_{member.pk}": deputy.pk}
    )
    attendance = Attendance.objects.get()
    assert attendance.deputy == deputy
    assert "Vara Vikarsen" in secretary_client.get(meeting.get_absolute_url()).content.decode()


def test_the_secretariat_holds_the_meeting_drafts_edits_and_approves_the_minutes(secretary_client):
    meeting = make_meeting()
    item = make_agenda_item(meeting=meeting, number="7/22")
    make_decision(treatment=item.treatment, text="Vedteke.")
    secretary_client.post(reverse("meetings:hold", args=[meeting.pk]))
    secretary_client.post(reverse("meetings:minutes_draft", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert "PS 7/22" in meeting.minutes and "Vedtak: Vedteke. (samrøystes)" in meeting.minutes
    secretary_client.post(
        reverse("meetings:minutes_edit", args=[meeting.pk]),
        {"minutes": meeting.minutes + "Møtet slutt."},
    )
    secretary_client.post(
        reverse("meetings:minutes_approve", args=[meeting.pk]),
        {"approved_on": "2022-04-01", "approved_by": "Leiar"},
    )
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.MINUTES_APPROVED
    assert meeting.minutes.endswith("Møtet slutt.")
    assert meeting.minutes_approved_on == datetime.date(2022, 4, 1)


def test_the_secretariat_edits_a_meeting_and_the_change_is_logged(secretary_client):
    from samhandling.core.models import AuditEntry

    meeting = make_meeting(place="Gamalt rom")
    url = reverse("meetings:edit", args=[meeting.pk])
    form = secretary_client.get(url).content.decode()
    assert "Gamalt rom" in form
    secretary_client.post(
        url,
        {
            "committee": meeting.committee.pk,
            "starts_at": "2022-03-15T10:00",
            "ends_at": "2022-03-15T13:00",
            "place": "Nytt rom",
        },
    )
    meeting.refresh_from_db()
    assert meeting.place == "Nytt rom"
    entry = AuditEntry.objects.get(action="meeting.update")
    assert entry.changes["place"] == ["Gamalt rom", "Nytt rom"]


def test_a_meeting_with_an_agenda_cannot_move_to_another_committee(secretary_client):
    meeting = make_meeting()
    make_agenda_item(meeting=meeting)
    response = secretary_client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        {
            "committee": make_committee().pk,
            "starts_at": "2022-03-15T10:00",
            "ends_at": "2022-03-15T13:00",
            "place": "Rom",
        },
    )
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.place != "Rom"


def test_approving_minutes_without_a_date_keeps_what_was_typed_and_names_the_field(
    secretary_client,
):
    meeting = make_meeting()
    make_decision(treatment=make_agenda_item(meeting=meeting).treatment, text="Vedteke.")
    secretary_client.post(reverse("meetings:hold", args=[meeting.pk]))
    secretary_client.post(reverse("meetings:minutes_draft", args=[meeting.pk]))
    response = secretary_client.post(
        reverse("meetings:minutes_approve", args=[meeting.pk]),
        {"approved_on": "", "approved_by": "Leiaren i utvalet"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Oppgi datoen referatet ble godkjent." in html
    assert 'value="Leiaren i utvalet"' in html
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD


def forms_with_browser_validation(html: str) -> list[str]:
    """Opening tags of forms that would let the browser check ``required`` fields in its own
    language before the server's Norwegian messages could be seen."""
    import re

    return [
        opening
        for opening, body in re.findall(r"(<form\b[^>]*>)(.*?)</form>", html, re.S)
        if re.search(r"\srequired\b", body) and "novalidate" not in opening
    ]


def test_the_meeting_pages_forms_leave_validation_to_the_server(secretary_client):
    meeting = make_meeting()
    planned = secretary_client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="add-case"' in planned
    assert forms_with_browser_validation(planned) == []
    item = make_agenda_item(meeting=meeting, number="7/22")
    make_decision(treatment=item.treatment, text="Vedteke.")
    secretary_client.post(reverse("meetings:hold", args=[meeting.pk]))
    secretary_client.post(reverse("meetings:minutes_draft", args=[meeting.pk]))
    held = secretary_client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="approve-minutes"' in held
    assert forms_with_browser_validation(held) == []
    for url in (
        reverse("meetings:create"),
        reverse("meetings:edit", args=[meeting.pk]),
        reverse("meetings:agenda_add", args=[meeting.pk]),
        reverse("meetings:attendance", args=[meeting.pk]),
        reverse("meetings:minutes_edit", args=[meeting.pk]),
    ):
        html = secretary_client.get(url).content.decode()
        assert forms_with_browser_validation(html) == [], url


def test_mark_as_held_is_offered_only_when_the_meeting_can_be_held(secretary_client):
    """A future meeting, or one already held, shows no button the service would refuse."""
    hold = 'action="{}"'
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = make_meeting(
        starts_at=timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(10)))
    )
    past = make_meeting()
    held = make_meeting(state=Meeting.State.HELD)
    for meeting, offered in ((future, False), (past, True), (held, False)):
        page = secretary_client.get(meeting.get_absolute_url()).content.decode()
        url = reverse("meetings:hold", args=[meeting.pk])
        assert (hold.format(url) in page) is offered, meeting


def test_the_attendance_form_starts_from_the_absence_and_the_deputy_called_in(
    secretary_client, committee_meeting
):
    from samhandling.meetings import notices

    meeting, member, deputy = (committee_meeting[k] for k in ("meeting", "member", "deputy"))
    meeting.starts_at = at(2026, 4, 3, 12)  # within the members' terms
    meeting.ends_at = at(2026, 4, 3, 14)
    meeting.save()
    notices.absence_report(actor=None, meeting=meeting, membership=member)
    form = secretary_client.get(reverse("meetings:attendance", args=[meeting.pk])).context["form"]
    assert form[f"status_{member.pk}"].initial == Attendance.Status.DEPUTY_PRESENT
    assert form[f"deputy_{member.pk}"].initial == str(deputy.person_id)


def test_a_new_draft_shows_both_texts_and_asks_before_it_replaces_edited_minutes(
    secretary_client,
):
    meeting = make_meeting(state=Meeting.State.HELD)
    item = make_agenda_item(meeting=meeting, number="7/22")
    make_decision(treatment=item.treatment, text="Vedteke.")
    draft = reverse("meetings:minutes_draft", args=[meeting.pk])

    def version() -> str:
        return secretary_client.get(meeting.get_absolute_url()).context["minutes_version"]

    secretary_client.post(draft, {"version": version()})
    # Drafting again over an untouched draft asks nothing.
    assert secretary_client.post(draft, {"version": version()}).status_code == 302
    meeting.refresh_from_db()
    drafted = meeting.minutes
    secretary_client.post(
        reverse("meetings:minutes_edit", args=[meeting.pk]),
        {"minutes": drafted + "Leiaren takka for møtet.", "version": version()},
    )
    asked = secretary_client.post(draft, {"version": version()})
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Leiaren takka for møtet." in page and "Erstatt med det nye utkastet" in page
    meeting.refresh_from_db()
    assert meeting.minutes.endswith("Leiaren takka for møtet.")
    secretary_client.post(draft, {"version": asked.context["minutes_version"], "replace": "1"})
    meeting.refresh_from_db()
    assert meeting.minutes == drafted


def test_the_attendance_of_a_meeting_with_approved_minutes_cannot_be_recorded(secretary_client):
    meeting = make_meeting(state=Meeting.State.MINUTES_APPROVED, minutes="Godkjent.")
    membership = make_membership(seat=make_seat(committee=meeting.committee))
    url = reverse("meetings:attendance", args=[meeting.pk])
    for response in (
        secretary_client.get(url, follow=True),
        secretary_client.post(url, {f"status_{membership.pk}": "absent"}, follow=True),
    ):
        assert response.redirect_chain[-1][0].startswith(meeting.get_absolute_url())
        assert "Protokollen er godkjent" in response.content.decode()
    assert not Attendance.objects.exists()
    page = secretary_client.get(meeting.get_absolute_url()).content.decode()
    assert url not in page and reverse("meetings:edit", args=[meeting.pk]) not in page
