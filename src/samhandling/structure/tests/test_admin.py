"""Back-office editing in Django's admin: every page opens, saves are audited, and the
membership form applies ``Membership.clean()``."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samhandling.core.models import AuditEntry
from samhandling.structure.models import Membership, Organisation, RepresentativeKind, Side

from .factories import (
    make_area,
    make_committee,
    make_membership,
    make_municipality,
    make_organisation,
    make_person,
    make_seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("ada", password="pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model", ["area", "level", "organisation", "committee", "person", "membership"]
)
def test_admin_list_and_add_pages_open(admin_client, model):
    make_membership()
    assert admin_client.get(reverse(f"admin:structure_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:structure_{model}_add")).status_code == 200


def test_committee_change_page_shows_its_seats_inline(admin_client):
    seat = make_seat(label="Representant frå Alver")
    url = reverse("admin:structure_committee_change", args=[seat.committee.pk])
    assert "Representant frå Alver" in admin_client.get(url).content.decode()


@pytest.mark.parametrize("current", ["yes", "past", "upcoming"])
def test_membership_list_filters_by_current_committee_and_role(admin_client, current):
    today = datetime.date.today()
    now = make_membership(person=make_person(family_name="Noverande"), start=today)
    make_membership(
        person=make_person(family_name="Tidlegare"),
        start=datetime.date(2019, 1, 1),
        ended_on=datetime.date(2020, 1, 1),
    )
    make_membership(
        person=make_person(family_name="Komande"), start=today + datetime.timedelta(days=30)
    )
    url = reverse("admin:structure_membership_changelist")
    html = admin_client.get(url, {"current": current}).content.decode()
    expected = {"yes": "Noverande", "past": "Tidlegare", "upcoming": "Komande"}[current]
    assert expected in html
    assert all(name not in html for name in {"Noverande", "Tidlegare", "Komande"} - {expected})
    by_committee = admin_client.get(url, {"seat__committee__id__exact": now.seat.committee_id})
    assert "Noverande" in by_committee.content.decode()


def test_saving_an_organisation_in_the_admin_writes_an_audit_entry(admin_client):
    area = make_area()
    response = admin_client.post(
        reverse("admin:structure_organisation_add"),
        {
            "slug": "fjellkommune",
            "name": "Fjellkommune",
            "short_name": "",
            "kind": "municipality",
            "is_party": "on",
            "side": "municipal",
            "municipality_number": "4699",
            "area": area.pk,
            "population": "1200",
            "population_date": "2024-01-01",
            "population_source": "SSB",
            "local_hospital": "",
            "website": "",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="fjellkommune")
    entry = AuditEntry.objects.get(object_id=str(organisation.pk))
    assert entry.action == "structure.organisation.create"
    assert entry.actor.username == "ada"
    assert entry.changes["name"] == [None, "Fjellkommune"]


def test_changing_a_person_in_the_admin_records_what_changed(admin_client):
    person = make_person(given_name="Kari", family_name="Li")
    url = reverse("admin:structure_person_change", args=[person.pk])
    response = admin_client.post(
        url,
        {"slug": person.slug, "given_name": "Kari", "family_name": "Lid", "title": "", "email": ""},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="structure.person.update")
    assert entry.changes == {"family_name": ["Li", "Lid"]}


def test_deleting_a_person_in_the_admin_is_audited(admin_client):
    person = make_person()
    url = reverse("admin:structure_person_delete", args=[person.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert AuditEntry.objects.filter(action="structure.person.delete").count() == 1


def test_admin_membership_form_refuses_an_organisation_the_seat_does_not_accept(admin_client):
    hospital = make_organisation(name="Helse Bergen HF")
    seat = make_seat(
        organisation=hospital,
        representative_kind=RepresentativeKind.SPECIALIST,
        side=Side.SPECIALIST,
    )
    municipality = make_municipality()
    response = admin_client.post(
        reverse("admin:structure_membership_add"),
        {
            "person": make_person().pk,
            "seat": seat.pk,
            "on_behalf_of": municipality.pk,
            "role": "member",
            "start": "2025-01-01",
            "term_end": "2029-01-01",
        },
    )
    assert response.status_code == 200
    assert "kan ikke fylles på vegne av" in response.content.decode()
    assert not Membership.objects.exists()
    assert not AuditEntry.objects.exists()


def test_committee_seats_saved_inline_are_audited(admin_client):
    committee = make_committee()
    url = reverse("admin:structure_committee_change", args=[committee.pk])
    data = {
        "slug": committee.slug,
        "name": committee.name,
        "short_name": committee.short_name,
        "level": committee.level_id,
        "order": 0,
        "seats-TOTAL_FORMS": "1",
        "seats-INITIAL_FORMS": "0",
        "seats-MIN_NUM_FORMS": "0",
        "seats-MAX_NUM_FORMS": "1000",
        "seats-0-key": "fastlege",
        "seats-0-rule_key": "fastlege",
        "seats-0-label": "Fastlege",
        "seats-0-representative_kind": "gp",
        "seats-0-side": "neither",
        "seats-0-may_decide": "on",
        "seats-0-min_members": "1",
        "seats-0-max_members": "1",
        "seats-0-order": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert committee.seats.get().label == "Fastlege"
    assert AuditEntry.objects.filter(action="structure.seat.create").count() == 1
    assert AuditEntry.objects.filter(action="structure.committee.update").count() == 1
