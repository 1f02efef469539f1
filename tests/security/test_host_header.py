"""A forged Host is refused, and account e-mails link to SITE_URL whatever Host a request came with."""

import re
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

CANONICAL = "https://portal.example.org"
# A second name the site answers to (an old domain, the bare IP): allowed, but never used in links.
ALIAS = "alias.example.net"
HOSTS = ["portal.example.org", ALIAS, "testserver"]


def fresh_email(label: str) -> str:
    """Per-address limits (allauth's confirm_email, password_reset) live in a cache shared between runs."""
    return f"{label}-{uuid.uuid4().hex[:12]}@example.org"


def links_in(message) -> list[str]:
    bodies = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    return sorted({link for body in bodies for link in re.findall(r"https?://[^\s\"'<>]+", body)})


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "portal.example.org.evil.example"])
def test_a_foreign_host_is_refused(client, host):
    EventFactory(slug="host-check")

    for path in ["/", "/events/host-check/", reverse("account_reset_password")]:
        assert client.get(path, HTTP_HOST=host).status_code == 400
    assert (
        client.post(reverse("account_reset_password"), {"email": "a@example.org"}, HTTP_HOST=host).status_code
        == 400
    )
    assert mail.outbox == []


def test_forwarded_host_is_ignored():
    assert settings.USE_X_FORWARDED_HOST is False


@override_settings(SITE_URL=CANONICAL, ALLOWED_HOSTS=HOSTS)
def test_forwarded_host_does_not_reach_the_reset_mail(client):
    email = fresh_email("host-reset")
    UserFactory(username="host-reset", email=email)

    response = client.post(
        reverse("account_reset_password"),
        {"email": email},
        HTTP_HOST=ALIAS,
        HTTP_X_FORWARDED_HOST="evil.example",
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "evil.example" not in mail.outbox[0].body


@override_settings(SITE_URL=CANONICAL, ALLOWED_HOSTS=HOSTS)
def test_password_reset_mail_links_to_the_canonical_site(client):
    email = fresh_email("host-reset2")
    UserFactory(username="host-reset2", email=email)

    client.post(reverse("account_reset_password"), {"email": email}, HTTP_HOST=ALIAS)

    [message] = mail.outbox
    links = links_in(message)
    assert links
    assert [link for link in links if not link.startswith(CANONICAL + "/")] == []
    assert ALIAS not in message.body + message.subject


@override_settings(SITE_URL=CANONICAL, ALLOWED_HOSTS=HOSTS)
def test_reset_mail_for_an_unknown_address_links_to_the_canonical_site(client):
    client.post(reverse("account_reset_password"), {"email": fresh_email("nobody-here")}, HTTP_HOST=ALIAS)

    [message] = mail.outbox
    assert [link for link in links_in(message) if not link.startswith(CANONICAL + "/")] == []
    assert ALIAS not in message.body + message.subject


@override_settings(SITE_URL=CANONICAL, ALLOWED_HOSTS=HOSTS)
def test_sign_up_confirmation_mail_links_to_the_canonical_site(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": fresh_email("host-signup"),
            "password1": "Plenty-of-letters-42",
            "password2": "Plenty-of-letters-42",
        },
        HTTP_HOST=ALIAS,
    )

    assert response.status_code == 302
    [message] = mail.outbox
    links = links_in(message)
    assert [link for link in links if "/accounts/confirm-email/" in link]
    assert [link for link in links if not link.startswith(CANONICAL + "/")] == []
    assert ALIAS not in message.body + message.subject


@override_settings(SITE_URL=CANONICAL, ALLOWED_HOSTS=HOSTS)
def test_sign_up_with_a_taken_address_mail_links_to_the_canonical_site(client):
    email = fresh_email("host-taken")
    UserFactory(username="host-taken", email=email)

    client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "Plenty-of-letters-42",
            "password2": "Plenty-of-letters-42",
        },
        HTTP_HOST=ALIAS,
    )

    assert len(mail.outbox) == 1
    assert [link for link in links_in(mail.outbox[0]) if not link.startswith(CANONICAL + "/")] == []
    assert ALIAS not in mail.outbox[0].body
