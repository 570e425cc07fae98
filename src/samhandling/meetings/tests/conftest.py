import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from samhandling.accounts.services import SECRETARIAT_GROUP, role_group


@pytest.fixture
def secretary(db):
    user = get_user_model().objects.create_user(
        username="siri", password="hemmeleg-passord-1", first_name="Siri"
    )
    user.groups.add(role_group(SECRETARIAT_GROUP))
    return user


@pytest.fixture
def reader(db):
    """Logged in, but not in the secretariat: reads only what visitors read, may not write."""
    return get_user_model().objects.create_user(username="lesar", password="hemmeleg-passord-2")


@pytest.fixture
def secretary_client(secretary):
    """A client of its own, so a test can compare it with the visitor's ``client``."""
    client = Client()
    client.force_login(secretary)
    return client
