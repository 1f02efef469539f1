"""Password guessing is cut off on both login pages: 5 failures per account in 5 minutes, 10 per IP a minute.

Counters live in the cache, which may be a Redis shared with other runs, so every test uses fresh
accounts and a fresh client address instead of clearing it.
"""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

from .conftest import unique_address

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
WRONG = "not-the-password"


def fresh_user(**kwargs):
    name = f"guess-{uuid.uuid4().hex[:12]}"
    user = UserFactory(username=name, email=f"{name}@example.org", **kwargs)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def site_login(client, user, password):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def admin_login(client, user, password):
    return client.post(reverse("admin:login"), {"username": user.username, "password": password})


def refused_as_too_many(response) -> bool:
    errors = response.context["form"].errors.as_data().get("__all__", [])
    return [error.code for error in errors] == ["too_many_login_attempts"]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_site_login_blocks_the_right_password_after_five_failures():
    user = fresh_user()
    client = Client(REMOTE_ADDR=unique_address())
    for _attempt in range(5):
        site_login(client, user, WRONG)

    response = site_login(client, user, PASSWORD)

    assert refused_as_too_many(response)
    assert not signed_in(client)


def test_site_login_limit_per_account_holds_across_addresses():
    user = fresh_user()
    for _attempt in range(5):
        site_login(Client(REMOTE_ADDR=unique_address()), user, WRONG)
    client = Client(REMOTE_ADDR=unique_address())

    response = site_login(client, user, PASSWORD)

    assert refused_as_too_many(response)
    assert not signed_in(client)


def test_site_login_allows_the_right_password_after_four_failures():
    user = fresh_user()
    client = Client(REMOTE_ADDR=unique_address())
    for _attempt in range(4):
        site_login(client, user, WRONG)

    response = site_login(client, user, PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_site_login_blocks_an_address_guessing_across_accounts():
    client = Client(REMOTE_ADDR=unique_address())
    for _attempt in range(10):
        site_login(client, fresh_user(), WRONG)
    user = fresh_user()

    response = site_login(client, user, PASSWORD)

    assert refused_as_too_many(response)
    assert not signed_in(client)


def test_admin_login_answers_429_to_the_right_password_after_five_failures():
    user = fresh_user(is_staff=True)
    client = Client(REMOTE_ADDR=unique_address())
    statuses = [admin_login(client, user, WRONG).status_code for _attempt in range(5)]

    response = admin_login(client, user, PASSWORD)

    assert statuses == [200] * 5
    assert response.status_code == 429
    assert not signed_in(client)


def test_admin_login_allows_the_right_password_after_four_failures():
    user = fresh_user(is_staff=True)
    client = Client(REMOTE_ADDR=unique_address())
    for _attempt in range(4):
        admin_login(client, user, WRONG)

    response = admin_login(client, user, PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_successful_admin_logins_do_not_use_up_attempts():
    user = fresh_user(is_staff=True)
    address = unique_address()
    for _attempt in range(6):
        client = Client(REMOTE_ADDR=address)
        admin_login(client, user, PASSWORD)
        assert signed_in(client)


def test_admin_login_blocks_an_address_guessing_across_accounts():
    client = Client(REMOTE_ADDR=unique_address())
    for _attempt in range(10):
        admin_login(client, fresh_user(is_staff=True), WRONG)

    response = admin_login(client, fresh_user(is_staff=True), PASSWORD)

    assert response.status_code == 429
    assert not signed_in(client)


def test_failures_on_both_login_pages_count_together():
    user = fresh_user(is_staff=True)
    client = Client(REMOTE_ADDR=unique_address())
    for _attempt in range(3):
        site_login(client, user, WRONG)
    for _attempt in range(2):
        admin_login(client, user, WRONG)

    admin_response = admin_login(client, user, PASSWORD)
    site_response = site_login(client, user, PASSWORD)

    assert admin_response.status_code == 429
    assert refused_as_too_many(site_response)
    assert not signed_in(client)
