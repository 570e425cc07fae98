import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samhandling.accounts import demo, permissions
from samhandling.accounts.models import RoleGrant, User
from samhandling.accounts.services import role_grant_create, role_grant_end
from samhandling.core.models import AuditEntry
from samhandling.structure.models import Membership
from samhandling.structure.tests.factories import (
    make_committee,
    make_membership,
    make_municipality,
    make_seat,
)

pytestmark = pytest.mark.django_db


def test_a_party_administrator_administers_their_own_party_only():
    alver, bergen = make_municipality(name="Alver"), make_municipality(name="Bergen")
    user = User.objects.create_user("kari")
    role_grant_create(
        actor=None, user=user, role=RoleGrant.Role.PARTY_ADMINISTRATOR, organisation=alver
    )
    user = User.objects.get(pk=user.pk)
    assert user.administers_party(alver) and not user.administers_party(bergen)
    assert permissions.may_register_adoption(user, party=alver)
    assert not permissions.may_register_adoption(user, party=bergen.pk)
    assert user.administered_parties() == {alver.pk}


def test_a_case_officer_and_a_party_administrator_must_name_their_organisation():
    user = User.objects.create_user("utan-organisasjon")
    with pytest.raises(ValidationError):
        role_grant_create(actor=None, user=user, role=RoleGrant.Role.CASE_OFFICER)
    # The database refuses it too, whoever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=user, role=RoleGrant.Role.PARTY_ADMINISTRATOR)


def test_an_ended_role_no_longer_counts_and_the_change_is_audited():
    alver = make_municipality(name="Alver")
    user = User.objects.create_user("tidlegare")
    grant = role_grant_create(
        actor=None,
        user=user,
        role=RoleGrant.Role.CASE_OFFICER,
        organisation=alver,
        valid_from=datetime.date(2020, 1, 1),
    )
    role_grant_end(actor=None, grant=grant, on=datetime.date(2021, 1, 1))
    assert not User.objects.get(pk=user.pk).is_case_officer_for(alver)
    entry = AuditEntry.objects.get(action="role_grant.end")
    assert entry.changes == {"valid_to": [None, "2021-01-01"]}


def test_committee_roles_come_from_current_memberships():
    committee = make_committee()
    member = make_membership(seat=make_seat(committee=committee), start=datetime.date(2020, 1, 1))
    observer = make_membership(
        seat=make_seat(committee=committee, may_decide=False),
        role=Membership.Role.OBSERVER,
        start=datetime.date(2020, 1, 1),
    )
    left = make_membership(
        seat=make_seat(committee=committee),
        start=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2021, 1, 1),
    )
    member_user = User.objects.create_user("medlem", person=member.person)
    observer_user = User.objects.create_user("observator", person=observer.person)
    former_user = User.objects.create_user("tidlegare", person=left.person)
    assert member_user.decides_in(committee) and member_user.may_propose_in(committee)
    assert observer_user.observes_in(committee) and observer_user.may_propose_in(committee)
    assert not observer_user.decides_in(committee)
    assert observer_user.committee_roles() == {committee.pk: {Membership.Role.OBSERVER}}
    assert not former_user.sits_in(committee) and not former_user.may_propose_in(committee)
    # Only the secretariat records decisions, whatever seat one has.
    assert not permissions.may_record_decision(member_user)


def test_role_answers_are_read_once_per_user_object(django_assert_num_queries):
    alver = make_municipality(name="Alver")
    user = User.objects.create_user("kari")
    role_grant_create(
        actor=None, user=user, role=RoleGrant.Role.PARTY_ADMINISTRATOR, organisation=alver
    )
    user = User.objects.get(pk=user.pk)
    with django_assert_num_queries(2):  # the groups and the role grants
        for _ in range(3):
            assert user.administers_party(alver)
            assert not user.is_secretariat
            assert not user.is_case_officer_for(alver)


def test_only_the_administrator_and_the_secretariat_are_staff_in_the_demo(client):
    from samhandling.structure import demo as structure_demo

    structure_demo.load()
    logins = {u: p for u, p, _who in demo.load()}
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"admin", "sekretariat"}
    # The analyst cannot log in to the back office.
    assert client.login(username="analytikar", password=logins["analytikar"])
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_each_demo_persona_is_tied_to_a_person_with_the_right_role():
    from samhandling.structure import demo as structure_demo

    structure_demo.load()
    demo.load()
    users = {u.username: u for u in User.objects.select_related("person")}
    member = users["medlem-ou-bergen"]
    assert member.person and member.decides_in(
        Membership.objects.filter(seat__committee__slug="ou-bergen").first().seat.committee
    )
    observer = users["observator-ssu"]
    ssu = Membership.objects.filter(seat__committee__slug="ssu").first().seat.committee
    assert observer.observes_in(ssu)
    officer = users["saksbehandlar-helse-bergen"]
    assert officer.person.slug == "torunn-havrevoll"
    assert officer.is_case_officer_for(officer.person.organisation)
    admin = users["partsadmin-alver"]
    assert admin.administered_parties() and admin.person.organisation.slug == "alver"
    # Loading again changes nothing.
    demo.load()
    assert RoleGrant.objects.count() == 2


def test_a_role_given_in_the_back_office_is_audited(admin_client):
    alver = make_municipality(name="Alver")
    user = User.objects.create_user("kari")
    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "username": "kari",
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "10:00:00",
            "role_grants-TOTAL_FORMS": "1",
            "role_grants-INITIAL_FORMS": "0",
            "role_grants-MIN_NUM_FORMS": "0",
            "role_grants-MAX_NUM_FORMS": "1000",
            "role_grants-0-role": "party_administrator",
            "role_grants-0-organisation": alver.pk,
            "role_grants-0-valid_from": "2024-01-01",
            "role_grants-0-valid_to": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(pk=user.pk).administers_party(alver)
    entry = AuditEntry.objects.get(action="accounts.rolegrant.create")
    assert entry.changes["role"] == [None, "party_administrator"]
    assert not AuditEntry.objects.filter(changes__icontains="password").exists()
