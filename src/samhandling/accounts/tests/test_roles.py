import pytest

from samhandling.accounts import demo
from samhandling.accounts.models import User
from samhandling.accounts.services import SECRETARIAT_GROUP, role_group
from samhandling.core.actor import is_secretariat


@pytest.mark.django_db
def test_the_secretariat_may_edit_the_structure_in_the_back_office():
    user = User.objects.create_user("siri", is_staff=True)
    user.groups.add(role_group(SECRETARIAT_GROUP))
    assert user.has_perm("structure.change_membership")
    assert user.has_perm("structure.add_person")
    assert user.has_perm("core.view_auditentry")
    assert not user.has_perm("core.change_auditentry")
    assert not user.has_perm("accounts.change_user")


@pytest.mark.django_db
def test_only_secretariat_members_and_superusers_count_as_secretariat():
    assert not is_secretariat(User.objects.create_user("outsider"))
    member = User.objects.create_user("member")
    member.groups.add(role_group(SECRETARIAT_GROUP))
    assert is_secretariat(member)
    assert is_secretariat(User.objects.create_superuser("root", password="x" * 12))


@pytest.mark.django_db
def test_demo_logins_can_be_loaded_twice_and_log_in(client):
    demo.load()
    logins = demo.load()
    assert User.objects.filter(username__in=[u for u, _, _ in logins]).count() == len(logins)
    username, password, _ = logins[0]
    assert client.login(username=username, password=password)
