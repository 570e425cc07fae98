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
