import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_speaks_bokmaal_by_default(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert 'lang="nb"' in response.content.decode()


@pytest.mark.django_db
def test_home_page_speaks_nynorsk_when_chosen(client):
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    response = client.get(reverse("home"))
    assert 'lang="nn"' in response.content.decode()


@pytest.mark.browser
def test_home_and_accessibility_statement_pass_axe(browser):
    browser.open("/")
    browser.open("/tilgjengelegheit/")


@pytest.mark.django_db
def test_an_english_browser_still_gets_bokmaal_until_the_visitor_chooses(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert 'lang="nb"' in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="nb")
    assert 'lang="en"' in response.content.decode()
