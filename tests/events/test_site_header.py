import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_header_offers_a_login_leading_to_my_registrations(client):
    content = client.get(reverse("events:home")).content.decode()

    assert 'href="/accounts/login/?next=/my-registrations/">Zaloguj się</a>' in content


def test_header_links_a_signed_in_person_to_my_registrations(client):
    client.force_login(UserFactory(email="maria@example.org"))

    content = client.get("/uk/").content.decode()

    assert 'href="/uk/my-registrations/">Мої реєстрації</a>' in content
    assert "/accounts/login/" not in content


def test_pages_have_a_favicon_that_is_served(client):
    content = client.get(reverse("events:home")).content.decode()
    redirect = client.get("/favicon.ico")

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content
    assert redirect.status_code == 301
    assert redirect["Location"] == "/static/img/favicon.svg"
    assert finders.find("img/favicon.svg")
