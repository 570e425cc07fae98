"""Login throttling: guessing passwords is refused after a few failures, for a while."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from samhandling.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ola(db):
    return User.objects.create_user("ola", password="riktig-passord-123")


def _login(client, password, username="ola", address="10.0.0.1", url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, ola):
    for _ in range(5):
        assert _login(client, "feil").status_code == 200
    response = _login(client, "riktig-passord-123")
    assert response.status_code == 200
    assert "For mange mislykkede forsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_name_is_throttled_from_every_address(client, ola):
    for n in range(5):
        _login(client, "feil", address=f"10.0.0.{n}")
    assert _login(client, "riktig-passord-123", address="10.9.9.9").status_code == 200
    assert "_auth_user_id" not in client.session


def test_one_address_guessing_many_names_is_throttled(client, ola):
    for n in range(20):
        _login(client, "feil", username=f"navn{n}")
    _login(client, "riktig-passord-123")
    assert "_auth_user_id" not in client.session


def test_the_block_ends_with_the_window(client, ola, settings):
    for _ in range(5):
        _login(client, "feil")
    cache.clear()  # what the window's expiry does
    assert _login(client, "riktig-passord-123").status_code == 302


def test_a_few_mistakes_do_not_block(client, ola):
    for _ in range(4):
        _login(client, "feil")
    assert _login(client, "riktig-passord-123").status_code == 302


def test_the_back_office_login_is_throttled_too(client, ola):
    ola.is_staff = True
    ola.save()
    url = reverse("admin:login")
    for _ in range(5):
        _login(client, "feil", url=url)
    _login(client, "riktig-passord-123", url=url)
    assert "_auth_user_id" not in client.session
