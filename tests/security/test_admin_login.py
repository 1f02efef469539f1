"""Password guessing is cut off without letting a stranger lock an organizer out.

Failures count per account and address (5 in 5 minutes), per address across accounts (10 a minute) and per
account over every address under a one-minute ceiling (20) that slows a distributed guess. The admin has
no login of its own: it sends people to the site's login, so every limit (and the second factor) applies.
Counters live in the cache, which may be a Redis shared with other runs, so every test uses fresh
accounts and fresh client addresses instead of clearing it.
"""

import datetime as dt
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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


def site_login(client, user, password, **data):
    return client.post(reverse("account_login"), {"login": user.email, "password": password, **data})


def refused_as_too_many(response) -> bool:
    errors = response.context["form"].errors.as_data().get("__all__", [])
    return [error.code for error in errors] == ["too_many_login_attempts"]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_guessing_address_is_refused_even_the_right_password_after_five_failures():
    user = fresh_user()
    client = Client(REMOTE_ADDR=unique_address())
    for _attempt in range(5):
        site_login(client, user, WRONG)

    response = site_login(client, user, PASSWORD)

    assert refused_as_too_many(response)
    assert not signed_in(client)


def test_a_strangers_five_failures_do_not_lock_the_owner_out():
    user = fresh_user()
    stranger = Client(REMOTE_ADDR=unique_address())
    for _attempt in range(5):
        site_login(stranger, user, WRONG)
    owner = Client(REMOTE_ADDR=unique_address())

    response = site_login(owner, user, PASSWORD)

    assert response.status_code == 302
    assert signed_in(owner)


def test_one_wrong_password_a_minute_never_keeps_the_owner_out():
    user = fresh_user()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _minute in range(10):
            site_login(Client(REMOTE_ADDR=unique_address()), user, WRONG)
            traveller.shift(dt.timedelta(minutes=1))
        owner = Client(REMOTE_ADDR=unique_address())

        response = site_login(owner, user, PASSWORD)

    assert response.status_code == 302
    assert signed_in(owner)


def test_a_distributed_guess_is_slowed_to_the_ceiling_and_the_owner_gets_in_a_minute_later():
    user = fresh_user()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _attempt in range(20):
            site_login(Client(REMOTE_ADDR=unique_address()), user, WRONG)
        during = Client(REMOTE_ADDR=unique_address())
        refused = site_login(during, user, PASSWORD)
        traveller.shift(dt.timedelta(seconds=61))
        after = Client(REMOTE_ADDR=unique_address())
        admitted = site_login(after, user, PASSWORD)

    assert refused_as_too_many(refused)
    assert not signed_in(during)
    assert admitted.status_code == 302
    assert signed_in(after)


def test_the_right_password_after_four_failures_signs_in():
    user = fresh_user()
    client = Client(REMOTE_ADDR=unique_address())
    for _attempt in range(4):
        site_login(client, user, WRONG)

    response = site_login(client, user, PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_successful_logins_do_not_use_up_attempts():
    user = fresh_user(is_staff=True)
    address = unique_address()
    for _attempt in range(25):
        client = Client(REMOTE_ADDR=address)
        site_login(client, user, PASSWORD)
        assert signed_in(client)


def test_an_address_guessing_across_accounts_is_blocked():
    client = Client(REMOTE_ADDR=unique_address())
    for _attempt in range(10):
        site_login(client, fresh_user(), WRONG)

    response = site_login(client, fresh_user(), PASSWORD)

    assert refused_as_too_many(response)
    assert not signed_in(client)


def test_the_admin_login_is_the_site_login_and_comes_back_to_the_admin():
    user = fresh_user(is_staff=True)
    client = Client(REMOTE_ADDR=unique_address())

    to_admin = client.get(reverse("admin:index"))
    to_login = client.get(to_admin.url)
    login_url = urlsplit(to_login.url)
    signed = site_login(client, user, PASSWORD, next=parse_qs(login_url.query)["next"][0])

    assert login_url.path == reverse("account_login")
    assert parse_qs(login_url.query)["next"] == [reverse("admin:index")]
    assert signed.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_post_to_the_admin_login_signs_nobody_in():
    user = fresh_user(is_staff=True)
    client = Client(REMOTE_ADDR=unique_address())

    response = client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")
    assert not signed_in(client)


def test_a_signed_in_person_without_staff_status_is_refused_by_the_admin():
    client = Client(REMOTE_ADDR=unique_address())
    client.force_login(fresh_user())

    response = client.get(reverse("admin:login"))

    assert response.status_code == 403
