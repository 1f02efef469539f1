"""Error pages: the site's look in the visitor's language, nothing from the failure, no second failure."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import EventFactory, RegistrationFormFactory, UserFactory

from .conftest import unique_address
from .error_urls import FAILURE_MESSAGE

pytestmark = pytest.mark.django_db

NOT_FOUND_HEADING = {"": "Nie znaleziono strony", "/uk": "Сторінку не знайдено", "/en": "Page not found"}
LATIN2_FORM = b"first_name=%B1%E6&last_name=%B3%F3d%BF"  # "ąć", "łódż" in ISO-8859-2


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False


def visitor(**kwargs) -> Client:
    return Client(REMOTE_ADDR=unique_address(), **kwargs)


def assert_branded(response, status: int):
    page = response.content.decode()
    assert response.status_code == status
    assert 'class="site-header' in page
    assert f">{status}<" in page
    assert "Traceback" not in page
    assert settings.SECRET_KEY not in page


def test_a_form_that_is_not_utf8_gets_the_400_page_not_a_server_error():
    event = EventFactory()
    RegistrationFormFactory(event=event)
    client = visitor(enforce_csrf_checks=True)
    client.get(reverse("account_login"))
    token = client.cookies["csrftoken"].value
    body = LATIN2_FORM + f"&csrfmiddlewaretoken={token}".encode()
    paths = [
        reverse("registrations:register", kwargs={"slug": event.slug}),
        reverse("account_login"),
        reverse("set_language"),
        reverse("admin:login"),
    ]

    def post(path):
        return client.generic(
            "POST", path, body, content_type="application/x-www-form-urlencoded; charset=iso-8859-2"
        )

    for path in paths:
        assert_branded(post(path), 400)
    assert_branded(post("/no-such-page/"), 404)


@pytest.mark.parametrize("prefix", ["", "/uk", "/en"])
def test_the_404_page_is_translated(prefix):
    response = visitor().get(f"{prefix}/no-such-page/")

    assert_branded(response, 404)
    assert NOT_FOUND_HEADING[prefix] in response.content.decode()


def test_a_wrong_manage_link_is_not_repeated_on_the_404_page():
    token = "Zq" + "x" * 41
    response = visitor().get(reverse("registrations:manage", kwargs={"token": token}))

    assert_branded(response, 404)
    assert token not in response.content.decode()


def test_too_many_wrong_manage_links_get_the_429_page():
    client = visitor()
    for number in range(20):
        client.get(reverse("registrations:manage", kwargs={"token": f"{number:0>43}"}))
    token = "Zq" + "y" * 41

    response = client.get(reverse("registrations:manage", kwargs={"token": token}))

    assert_branded(response, 429)
    assert token not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_form_posted_without_its_token_gets_the_403_page():
    with translation.override("en"):
        path = reverse("account_login")

    response = visitor(enforce_csrf_checks=True).post(path)

    assert_branded(response, 403)
    assert "send the form again" in response.content.decode()


def test_an_admin_page_without_the_right_gets_the_403_page():
    client = visitor()
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("admin:events_event_add"))

    assert_branded(response, 403)


@pytest.mark.urls("tests.security.error_urls")
def test_a_failure_gets_the_500_page_without_its_details():
    response = visitor(raise_request_exception=False).get("/failing/")

    assert_branded(response, 500)
    assert FAILURE_MESSAGE not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
