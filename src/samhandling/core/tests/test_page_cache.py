"""Kept pages (core/page_cache.py): served again only while the data is unchanged, and only
to the reader they were made for."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.test import Client

from samhandling.cases.tests.factories import make_case
from samhandling.core import page_cache


@pytest.fixture
def open_case(db):
    return make_case(subject="Felles legevakt i vest")


@pytest.fixture
def exempt_case(db):
    return make_case(
        subject="Avtale om utskrivingsklare pasientar",
        public_title="Unnateke frå offentleg innsyn",
        access="exempt",
        exemption_basis="Offl. § 14",
    )


def test_a_visitor_gets_the_kept_page_without_a_query(client, open_case, django_assert_num_queries):
    first = client.get(open_case.get_absolute_url())
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(open_case.get_absolute_url())
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_any_write_makes_every_page_new(client, open_case):
    client.get(open_case.get_absolute_url())
    open_case.subject = "Legevakt for heile Nordhordland"
    open_case.save()
    assert "Legevakt for heile Nordhordland" in client.get(open_case.get_absolute_url()).text


def test_a_page_kept_for_the_secretariat_never_reaches_a_visitor(
    client, secretary_client, exempt_case
):
    url = exempt_case.get_absolute_url()
    for _ in range(2):  # the second time from the secretariat's kept pages
        assert "Avtale om utskrivingsklare" in secretary_client.get(url).text
    assert "Avtale om utskrivingsklare" not in client.get(url).text


def test_each_logged_in_reader_has_their_own_pages(secretary, reader, exempt_case):
    url = exempt_case.get_absolute_url()
    secretariat_client, reader_client = Client(), Client()
    secretariat_client.force_login(secretary)
    reader_client.force_login(reader)
    for _ in range(2):
        assert "Avtale om utskrivingsklare" in secretariat_client.get(url).text
        assert "Avtale om utskrivingsklare" not in reader_client.get(url).text


def test_a_logged_in_page_keeps_a_csrf_token_valid_for_its_reader(secretary_client, open_case):
    url = open_case.get_absolute_url()
    secretary_client.get(url)  # gives the client its CSRF cookie
    made = secretary_client.get(url)
    kept = secretary_client.get(url)
    assert kept.content == made.content
    assert "csrftoken" not in kept.cookies
    csrf = kept.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    secretary_client.handler.enforce_csrf_checks = True
    response = secretary_client.post("/konto/logg-ut/", {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 302


def test_a_visitors_page_with_a_csrf_token_is_not_kept(client, db, django_assert_num_queries):
    client.get("/konto/logg-inn/")
    response = client.get("/konto/logg-inn/")
    assert 'name="csrfmiddlewaretoken"' in response.text
    # Each visitor's token is their own: the login page is rendered for each of them.
    assert Client().get("/konto/logg-inn/").text != response.text


def test_waiting_messages_are_shown_not_a_kept_page(secretary_client, open_case):
    url = open_case.get_absolute_url()
    secretary_client.get(url)
    secretary_client.get(url)
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    storage = CookieStorage(None)
    secretary_client.cookies["messages"] = storage._encode([Message(constants.INFO, "Lagra.")])
    assert "Lagra." in secretary_client.get(url).text


def test_a_new_login_does_not_count_as_a_change_of_data(client, open_case):
    version = page_cache.shared_version()
    SessionStore().create()
    assert page_cache.shared_version() == version


@pytest.mark.django_db(transaction=True)
def test_a_commit_gives_every_process_a_new_version_and_not_before():
    before = page_cache.shared_version()
    with transaction.atomic():
        case = make_case()
        # Another process reading now must not keep the uncommitted data under a new version.
        assert page_cache.shared_version() == before
    after = page_cache.shared_version()
    assert after != before
    case.delete()
    assert page_cache.shared_version() != after


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_page_with_its_data():
    client = Client()
    case = make_case(subject="Sak som står")
    url = case.get_absolute_url()
    client.get(url)
    with pytest.raises(RuntimeError), transaction.atomic():
        case.subject = "Sak som aldri vart lagra"
        case.save()
        # The page read inside the transaction is not kept (it shows uncommitted data).
        assert "Sak som aldri vart lagra" in client.get(url).text
        raise RuntimeError
    assert "Sak som står" in client.get(url).text


def test_a_page_kept_for_a_session_is_not_handed_out_after_logging_out(secretary, exempt_case):
    url = exempt_case.get_absolute_url()
    secretariat = Client()
    secretariat.force_login(secretary)
    for _ in range(3):
        assert "Avtale om utskrivingsklare" in secretariat.get(url).text
    cookies = {name: morsel.value for name, morsel in secretariat.cookies.items()}
    secretariat.post("/konto/logg-ut/")
    copied = Client()
    for name, value in cookies.items():
        copied.cookies[name] = value
    assert "Avtale om utskrivingsklare" not in copied.get(url).text
