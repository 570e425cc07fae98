import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from samhandling.accounts.audit_log import action_label, audit_entries
from samhandling.accounts.models import User
from samhandling.accounts.services import ANALYST_GROUP, SECRETARIAT_GROUP, role_group
from samhandling.cases.services import case_create, case_update
from samhandling.core.models import AuditEntry
from samhandling.structure.services import membership_create
from samhandling.structure.tests.factories import make_municipality, make_person, make_seat

pytestmark = pytest.mark.django_db
URL = reverse("audit_log")


@pytest.fixture
def secretary():
    user = User.objects.create_user("siri", first_name="Siri", last_name="Sekretær")
    user.groups.add(role_group(SECRETARIAT_GROUP))
    return user


@pytest.fixture
def changes(secretary):
    case = case_create(
        actor=secretary,
        subject="Felles rutine for utskriving",
        kind="decision",
        paper_date=datetime.date(2022, 3, 1),
    )
    case_update(actor=secretary, case=case, subject="Felles rutine for utskriving av pasientar")
    seat = make_seat(organisation=make_municipality())
    membership_create(
        actor=None,
        person=make_person(given_name="Olav", family_name="Tverrli"),
        seat=seat,
        on_behalf_of=seat.organisation,
        role="member",
        start=datetime.date(2022, 1, 1),
    )
    return case


def test_only_the_secretariat_reads_the_audit_log(client):
    assert client.get(URL).status_code == 302  # visitors log in first
    analyst = User.objects.create_user("arne")
    analyst.groups.add(role_group(ANALYST_GROUP))
    client.force_login(analyst)
    assert client.get(URL).status_code == 403


def test_the_log_shows_who_what_and_old_and_new_values(client, secretary, changes):
    client.force_login(secretary)
    html = client.get(URL).content.decode()
    assert "<del>Felles rutine for utskriving</del>" in html
    assert "<ins>Felles rutine for utskriving av pasientar</ins>" in html
    assert "Siri Sekretær" in html


def test_changes_keep_old_and_new_values_in_every_service(secretary, changes):
    entry = AuditEntry.objects.get(action="case.update")
    assert entry.changes == {
        "subject": ["Felles rutine for utskriving", "Felles rutine for utskriving av pasientar"]
    }
    created = AuditEntry.objects.get(action="case.create")
    assert created.changes["subject"] == [None, "Felles rutine for utskriving"]
    membership = AuditEntry.objects.get(action="structure.membership_create")
    assert membership.changes["role"] == [None, "member"]


def test_the_log_filters_by_type_action_actor_date_and_text(client, secretary, changes):
    client.force_login(secretary)

    def listed(**query) -> set[str]:
        response = client.get(URL, query)
        assert response.status_code == 200
        return {row["entry"].action for row in response.context["rows"]}

    assert listed(object_type="structure.membership") == {"structure.membership_create"}
    assert listed(action="case.update") == {"case.update"}
    assert listed(actor=secretary.pk) == {"case.create", "case.update"}
    today = timezone.localdate()
    assert listed(since=today.isoformat(), until=today.isoformat())
    assert listed(until=(today - datetime.timedelta(days=1)).isoformat()) == set()
    assert listed(q="Tverrli") == {"structure.membership_create"}
    assert listed(q="av pasientar") == {"case.update"}


def test_a_bad_date_range_is_explained_and_nothing_is_lost(client, secretary, changes):
    client.force_login(secretary)
    response = client.get(URL, {"since": "2024-02-01", "until": "2024-01-01", "q": "rutine"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "kan ikke være før" in html
    assert 'value="rutine"' in html


def test_the_log_pages_through_many_entries(client, secretary):
    for n in range(60):
        AuditEntry.objects.create(action="case.update", object_type="cases.case", summary=f"{n}")
    client.force_login(secretary)
    first = client.get(URL)
    assert len(first.context["rows"]) == 50
    second = client.get(URL, {"side": 2})
    assert len(second.context["rows"]) == 10


def test_the_summary_is_rendered_in_the_readers_language(changes):
    with translation.override("nb"):
        nb = action_label("structure.membership_create")
    with translation.override("en"):
        en = action_label("structure.membership_create")
    assert en == "Membership created" and nb != en
    assert audit_entries(text="Tverrli").count() == 1


def test_back_office_codes_read_as_object_and_verb():
    with translation.override("en"):
        assert action_label("structure.person.delete", "structure.person") == "Person deleted"


def test_the_audit_log_is_append_only(changes):
    from samhandling.core.models import AppendOnlyError

    entry = AuditEntry.objects.first()
    entry.summary = "omskrive"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(summary="omskrive")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_deleting_a_login_keeps_its_entries(secretary, changes):
    count = AuditEntry.objects.filter(actor=secretary).count()
    secretary.delete()
    assert AuditEntry.objects.filter(actor=None).count() >= count


def test_the_everyday_corrections_have_words_in_the_log():
    """Removing an item, withdrawing a case and renewing a membership are read in the log
    as what they are, not as action codes."""
    assert action_label("agenda_item.remove", "meetings.agendaitem") == (
        "Sak fjernet fra sakslisten"
    )
    assert action_label("case.withdraw", "cases.case") == "Sak trukket"
    assert action_label("structure.membership_update", "structure.membership") == (
        "Verv endret eller fornyet"
    )
