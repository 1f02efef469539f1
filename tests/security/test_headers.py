"""Every kind of response carries the production security headers; cookies are locked down.

The production settings module is loaded with a production-like environment and its security values are
applied to the test settings, so this checks what prod.py really sets, not a copy of it.
"""

import importlib.util
import secrets
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from registrations.models import Registration
from registrations.tokens import manage_token_for, manage_token_hash_for
from tests.factories import EventFactory, RegistrationFactory, RegistrationFormFactory, UserFactory

from .conftest import unique_address

pytestmark = pytest.mark.django_db

PROD_SETTINGS = Path(__file__).resolve().parent.parent.parent / "config" / "settings" / "prod.py"
SECURITY_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CSP",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME",
    "REGISTRATION_OUTCOME_COOKIE_NAME",
]
STRICT_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
PASSWORD = "a-long-test-password"


def production_security_settings(monkeypatch) -> dict:
    monkeypatch.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    monkeypatch.setenv("DJANGO_DEBUG", "false")
    spec = importlib.util.spec_from_file_location("config.settings.prod_for_headers", PROD_SETTINGS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in SECURITY_SETTINGS if hasattr(module, name)}


@pytest.fixture
def prod_security(monkeypatch):
    values = production_security_settings(monkeypatch)
    with override_settings(**values):
        yield values


def secure_client() -> Client:
    return Client(REMOTE_ADDR=unique_address(), HTTP_X_FORWARDED_PROTO="https")


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response):
    directives = csp_directives(response)
    assert response["Strict-Transport-Security"].startswith("max-age=")
    hsts_age = int(response["Strict-Transport-Security"].split(";")[0].split("=")[1])
    assert hsts_age >= 31_536_000
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in STRICT_REFERRER_POLICIES
    assert response["X-Frame-Options"] == "DENY"
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    script_src = directives.get("script-src", directives["default-src"])
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "*" not in script_src
    assert not [source for source in script_src if source.startswith(("http:", "https:", "data:"))]


def assert_no_store(response):
    assert "no-store" in response["Cache-Control"]


def registration_with_link(event) -> tuple[Registration, str]:
    registration = RegistrationFactory(event=event)
    registration.manage_token_hash = manage_token_hash_for(registration)
    registration.save(update_fields=["manage_token_hash"])
    return registration, manage_token_for(registration)


def test_production_settings_are_the_ones_checked(prod_security):
    assert prod_security["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert prod_security["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert prod_security["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert prod_security["REGISTRATION_OUTCOME_COOKIE_NAME"].startswith("__Host-")


def test_plain_http_is_redirected_to_https(prod_security):
    response = Client(REMOTE_ADDR=unique_address()).get("/")

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_public_pages_and_feeds(prod_security):
    event = EventFactory()
    client = secure_client()
    paths = [
        "/",
        reverse("events:event_list"),
        reverse("events:event_detail", kwargs={"slug": event.slug}),
        reverse("events:event_ics", kwargs={"slug": event.slug}),
        reverse("account_login"),
    ]

    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_security_headers(response)


def test_registration_form_and_its_post(prod_security):
    event = EventFactory()
    RegistrationFormFactory(event=event)
    client = secure_client()
    path = reverse("registrations:register", kwargs={"slug": event.slug})

    form = client.get(path)
    posted = client.post(path, {"first_name": "Olena"})

    assert form.status_code == 200
    assert posted.status_code == 400  # the form again, with its errors
    for response in (form, posted):
        assert_security_headers(response)
        assert_no_store(response)


def test_manage_pages_are_private(prod_security):
    event = EventFactory()
    _registration, token = registration_with_link(event)
    client = secure_client()

    for name in ("registrations:manage", "registrations:manage_cancel"):
        response = client.get(reverse(name, kwargs={"token": token}))
        assert response.status_code == 200, name
        assert_security_headers(response)
        assert_no_store(response)
        assert response["Referrer-Policy"] == "same-origin"


def test_admin_pages_are_private(prod_security):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    client = secure_client()
    client.force_login(UserFactory(username="headers-admin", is_staff=True, is_superuser=True))

    for path in (
        reverse("admin:index"),
        reverse("admin:registrations_registration_changelist"),
        reverse("admin:registrations_registration_change", args=[registration.pk]),
        reverse("admin:events_event_change", args=[event.pk]),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_security_headers(response)
        assert_no_store(response)


def test_not_found_page(prod_security):
    response = secure_client().get("/no-such-page/")

    assert response.status_code == 404
    assert_security_headers(response)


def test_session_and_csrf_cookies(prod_security):
    user = UserFactory(username="cookie-admin", is_staff=True)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    client = secure_client()

    login_page = client.get(reverse("account_login"))
    token = login_page.cookies[prod_security["CSRF_COOKIE_NAME"]].value
    client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )

    session = client.cookies[prod_security["SESSION_COOKIE_NAME"]]
    csrf = client.cookies[prod_security["CSRF_COOKIE_NAME"]]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session["path"] == "/"
    assert session["domain"] == ""
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    assert csrf["path"] == "/"
    assert csrf["domain"] == ""
