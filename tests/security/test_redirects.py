"""A `next` parameter never sends anyone to another site or runs script: the default same-origin page wins."""

import re

import pytest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "http://evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    " //evil.example",
    "data:text/html,<script>alert(1)</script>",
]
PASSWORD = "a-long-test-password"


def is_same_origin(location: str) -> bool:
    return url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}) and not re.match(
        r"\s*(javascript|data|vbscript):", location, re.IGNORECASE
    )


def verified_user(username: str):
    user = UserFactory(username=username, email=f"{username}@example.org")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_site_login_ignores_a_foreign_next(client, target):
    user = verified_user("redirect-login")

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": target}
    )

    assert response.status_code == 302
    assert is_same_origin(response["Location"]), response["Location"]
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_site_login_page_does_not_link_to_a_foreign_next(client, target):
    response = client.get(reverse("account_login"), {"next": target})

    html = response.content.decode()
    hrefs = re.findall(r'<a\b[^>]*\bhref="([^"]*)"', html) + re.findall(
        r'<form\b[^>]*\baction="([^"]*)"', html
    )
    assert response.status_code == 200
    assert [href for href in hrefs if not is_same_origin(href.replace("&amp;", "&"))] == []


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_site_logout_ignores_a_foreign_next(client, target):
    client.force_login(verified_user("redirect-logout"))

    response = client.post(reverse("account_logout"), {"next": target})

    assert response.status_code == 302
    assert is_same_origin(response["Location"]), response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_admin_login_ignores_a_foreign_next(client, target):
    UserFactory(username="redirect-admin", is_staff=True, is_superuser=True)

    response = client.post(
        reverse("admin:login"), {"username": "redirect-admin", "password": PASSWORD, "next": target}
    )

    assert response.status_code == 302
    assert is_same_origin(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_admin_logout_ignores_a_foreign_next(client, target):
    client.force_login(UserFactory(username="redirect-admin-out", is_staff=True))

    response = client.post(reverse("admin:logout") + "?next=" + target)

    # A `next` off the site is dropped: back to the logout page itself, which says you are signed out.
    assert (response.status_code, response["Location"]) == (302, reverse("admin:logout"))


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_language_switch_ignores_a_foreign_next(client, target):
    posted = client.post(reverse("set_language"), {"language": "uk", "next": target})
    fetched = client.get(reverse("set_language"), {"language": "uk", "next": target})

    assert posted.status_code == 302
    assert is_same_origin(posted["Location"]), posted["Location"]
    assert fetched.status_code == 302
    assert is_same_origin(fetched["Location"]), fetched["Location"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_language_links_stay_on_the_site(client, target):
    response = client.get(reverse("events:event_list"), {"next": target, "q": target})

    links = re.findall(r'<a href="([^"]*)" hreflang="\w+"', response.content.decode())
    assert response.status_code == 200
    assert len(links) == 2
    assert [link for link in links if not (link.startswith("/") and not link.startswith(("//", "/\\")))] == []
