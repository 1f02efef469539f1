"""Every state-changing request needs the CSRF token and a same-site Origin; nothing opts out."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from registrations.models import Registration
from registrations.tokens import manage_token_for, manage_token_hash_for
from tests.factories import EventFactory, RegistrationFactory, RegistrationFormFactory, UserFactory

from .conftest import unique_address

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APP_DIRS = ["config", "common", "organizations", "events", "agenda", "registrations"]
# Views allowed to skip the CSRF check, with the reason; keep it empty unless a webhook truly needs it.
CSRF_EXEMPT_ALLOWLIST: dict[str, str] = {}
FOREIGN_ORIGIN = "https://evil.example"

pytestmark = pytest.mark.django_db


def strict_client(**extra) -> Client:
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=unique_address(), **extra)


def registration_with_link(**kwargs) -> tuple[Registration, str]:
    registration = RegistrationFactory(**kwargs)
    registration.manage_token_hash = manage_token_hash_for(registration)
    registration.save(update_fields=["manage_token_hash"])
    return registration, manage_token_for(registration)


def public_posts() -> list[tuple[str, dict]]:
    """State-changing requests an anonymous visitor can make, with plausible bodies."""
    event = EventFactory()
    RegistrationFormFactory(event=event)
    _registration, token = registration_with_link(event=event)
    offered, offered_token = registration_with_link(event=event, status=Registration.Status.OFFERED)
    UserFactory(username="csrf-target", email="csrf-target@example.org")
    return [
        (reverse("registrations:register", kwargs={"slug": event.slug}), {"first_name": "Olena"}),
        (reverse("registrations:register_questions", kwargs={"slug": event.slug}), {}),
        (reverse("registrations:manage_edit", kwargs={"token": token}), {"first_name": "Olena"}),
        (reverse("registrations:manage_cancel", kwargs={"token": token}), {}),
        (reverse("registrations:accept_offer", kwargs={"token": offered_token}), {}),
        (reverse("set_language"), {"language": "uk", "next": "/"}),
        (reverse("account_login"), {"login": "csrf-target@example.org", "password": "a-long-test-password"}),
        (
            reverse("account_signup"),
            {"email": "new@example.org", "password1": "x" * 12, "password2": "x" * 12},
        ),
        (reverse("account_reset_password"), {"email": "csrf-target@example.org"}),
        (reverse("admin:login"), {"username": "csrf-target", "password": "a-long-test-password"}),
    ]


def test_public_posts_without_a_token_are_refused():
    statuses = {path: strict_client().post(path, data).status_code for path, data in public_posts()}

    assert set(statuses.values()) == {403}, statuses


def test_public_posts_are_refused_from_a_foreign_origin_even_with_a_token():
    statuses = {}
    for path, data in public_posts():
        client = strict_client()
        client.get(reverse("account_login"))
        token = client.cookies["csrftoken"].value
        response = client.post(path, {**data, "csrfmiddlewaretoken": token}, HTTP_ORIGIN=FOREIGN_ORIGIN)
        statuses[path] = response.status_code

    assert set(statuses.values()) == {403}, statuses


def test_a_token_from_the_same_origin_passes_the_check():
    client = strict_client()
    client.get(reverse("account_login"))
    token = client.cookies["csrftoken"].value

    response = client.post(
        reverse("set_language"),
        {"language": "uk", "next": "/", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 302


def test_signed_in_posts_without_a_token_are_refused():
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    user = UserFactory(username="csrf-admin", is_staff=True, is_superuser=True)
    client = strict_client()
    client.force_login(user)
    paths = [
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_event_add"),
        reverse("admin:events_event_delete", args=[event.pk]),
        reverse("admin:registrations_registration_change", args=[registration.pk]),
        reverse("admin:registrations_registration_delete", args=[registration.pk]),
        reverse("admin:registrations_registration_changelist"),
        reverse("admin:registrations_registration_import", args=[event.pk]),
        reverse("admin:registrations_registration_checkin", args=[event.pk]),
        reverse("admin:registrations_registration_privacy"),
        reverse("admin:auth_user_password_change", args=[user.pk]),
        reverse("admin:logout"),
        reverse("account_logout"),
        reverse("account_email"),
        reverse("account_change_password"),
    ]

    statuses = {
        path: client.post(path, {"action": "delete_selected", "_selected_action": [registration.pk]})
        for path in paths
    }

    assert {path: response.status_code for path, response in statuses.items()} == {
        path: 403 for path in paths
    }
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_csrf_exempt_appears_nowhere_in_the_application_code():
    uses = {}
    for directory in APP_DIRS:
        for source in (BASE_DIR / directory).rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            if re.search(r"csrf_exempt|csrf_protect\s*=\s*False|_dont_enforce_csrf_checks", text):
                uses[str(source.relative_to(BASE_DIR))] = True

    assert set(uses) == set(CSRF_EXEMPT_ALLOWLIST)
