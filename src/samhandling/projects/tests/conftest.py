"""Named personas for the project register's permission tests."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from samhandling.accounts.services import SECRETARIAT_GROUP, role_group
from samhandling.structure.tests.factories import make_person

from .factories import make_leader, make_project


@pytest.fixture
def secretary(db):
    """The secretariat: edits every project."""
    user = get_user_model().objects.create_user("siri", password="hemmeleg-passord-1")
    user.groups.add(role_group(SECRETARIAT_GROUP))
    return user


@pytest.fixture
def project(db):
    return make_project(name="Felles utviklingsplan for samarbeid og samhandling")


@pytest.fixture
def leader(project):
    """The project leader: a login whose person leads ``project``; keeps its milestones and
    writes its status reports, nothing else."""
    role = make_leader(project)
    return get_user_model().objects.create_user(
        "oddny", password="hemmeleg-passord-3", person=role.person
    )


@pytest.fixture
def reader(db):
    """Logged in, with a person who leads no project: reads what visitors read."""
    return get_user_model().objects.create_user(
        "lesar", password="hemmeleg-passord-2", person=make_person()
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
