"""Named personas for the case register's permission tests."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from samhandling.accounts.services import SECRETARIAT_GROUP, role_group


@pytest.fixture
def secretary(db):
    user = get_user_model().objects.create_user("siri", password="hemmeleg-passord-1")
    user.groups.add(role_group(SECRETARIAT_GROUP))
    return user


@pytest.fixture
def reader(db):
    """Logged in, but not in the secretariat: may read what visitors read, no more."""
    return get_user_model().objects.create_user("lesar", password="hemmeleg-passord-2")


@pytest.fixture
def secretariat_client(secretary):
    """A client of its own, so a test can compare it with the visitor's ``client``."""
    client = Client()
    client.force_login(secretary)
    return client
