"""Rate limits behind the TLS proxy: each client keeps its own address, a forged header changes nothing.

Registrations count per address and e-mail under a per-address ceiling, so a venue's Wi-Fi is not one
person; organizers registering people at the door are not counted. Counters live in a cache that may be
shared with other runs, so every test uses addresses of its own.
"""

import uuid

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from config.security import client_ip
from registrations.models import Registration
from registrations.tokens import manage_token_for, manage_token_hash_for
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.registrations.attendee_helpers import organizer
from tests.registrations.test_views import form_data, register_url

from .conftest import unique_address

pytestmark = pytest.mark.django_db

PROXY_NETWORK = "172.30.0.0/16"
PROXY = "172.30.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_NETWORKS = [PROXY_NETWORK]


def public_address() -> str:
    """A documentation-range address of its own (198.18.0.0/15 is reserved for benchmarks)."""
    random_bytes = uuid.uuid4().bytes
    return f"198.{18 + random_bytes[0] % 2}.{random_bytes[1]}.{random_bytes[2] % 254 + 1}"


def through_proxy(address: str) -> Client:
    """A browser at `address` reaching the portal through the TLS proxy, which appends what it saw."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {address}")


def address_of(remote_addr: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra))


def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert address_of("203.0.113.9", "198.51.100.7") == "203.0.113.9"


def test_behind_a_trusted_proxy_the_address_it_forwarded_counts(behind_proxy):
    assert address_of(PROXY, "198.51.100.7") == "198.51.100.7"
    assert address_of(PROXY, "6.6.6.6, 198.51.100.7") == "198.51.100.7"
    assert address_of(PROXY, "198.51.100.7, 172.30.0.9") == "198.51.100.7"
    assert address_of(PROXY, "not-an-address") == PROXY


def test_a_client_outside_the_trusted_networks_cannot_forge_its_address(behind_proxy):
    assert address_of("203.0.113.9", "198.51.100.7") == "203.0.113.9"


def test_people_behind_one_proxy_have_separate_registration_limits(behind_proxy, settings):
    settings.REGISTRATION_LIMIT_PER_ADDRESS = 2
    event = EventFactory(capacity=100)
    first, second = through_proxy(public_address()), through_proxy(public_address())

    statuses = [
        first.post(register_url(event), form_data(event, email=f"a{n}@example.org")).status_code
        for n in range(3)
    ]
    other = second.post(register_url(event), form_data(event, email="b@example.org"))

    assert statuses == [302, 302, 429]
    assert other.status_code == 302


def test_thirty_people_on_one_venue_wifi_register_within_ten_minutes():
    event = EventFactory(capacity=100)
    venue = Client(REMOTE_ADDR=unique_address())

    statuses = [
        venue.post(register_url(event), form_data(event, email=f"person{n}@example.org")).status_code
        for n in range(30)
    ]

    assert statuses == [302] * 30
    assert Registration.objects.filter(event=event).count() == 30


def test_one_address_and_e_mail_sending_again_and_again_is_refused(settings):
    settings.REGISTRATION_LIMIT_PER_EMAIL = 3
    event = EventFactory(capacity=100)
    client = Client(REMOTE_ADDR=unique_address())

    statuses = [
        client.post(register_url(event), form_data(event, email="same@example.org")).status_code
        for _attempt in range(4)
    ]
    other = client.post(register_url(event), form_data(event, email="other@example.org"))

    assert statuses == [302, 302, 302, 429]
    assert other.status_code == 302


def test_one_address_has_a_ceiling_whatever_the_e_mail(settings):
    settings.REGISTRATION_LIMIT_PER_ADDRESS = 3
    event = EventFactory(capacity=100)
    client = Client(REMOTE_ADDR=unique_address())

    statuses = [
        client.post(register_url(event), form_data(event, email=f"p{n}@example.org")).status_code
        for n in range(4)
    ]

    assert statuses == [302, 302, 302, 429]
    assert Registration.objects.filter(event=event).count() == 3


def test_an_organizer_registering_people_at_the_door_is_not_limited(settings):
    """The check-in page offers its walk-in form; an organizer who uses the public form at the desk instead
    is not limited either, while a stranger on the same Wi-Fi still is."""
    settings.REGISTRATION_LIMIT_PER_ADDRESS = 1
    event = EventFactory(capacity=100)
    address = unique_address()
    desk = Client(REMOTE_ADDR=address)
    desk.force_login(organizer(event.organization))
    checkin_page = desk.get(reverse("admin:registrations_registration_checkin", args=[event.pk]))
    walk_in_url = reverse("admin:registrations_registration_walk_in", args=[event.pk])
    assert f'href="{walk_in_url}?point=' in checkin_page.content.decode()

    statuses = [
        desk.post(register_url(event), form_data(event, email=f"walk-in{n}@example.org")).status_code
        for n in range(3)
    ]
    stranger = Client(REMOTE_ADDR=address)
    stranger_statuses = [
        stranger.post(register_url(event), form_data(event, email=f"s{n}@example.org")).status_code
        for n in range(2)
    ]

    assert statuses == [302, 302, 302]
    assert stranger_statuses == [302, 429]


def test_an_organizer_of_another_organization_is_limited_like_anyone(settings):
    settings.REGISTRATION_LIMIT_PER_ADDRESS = 1
    event, elsewhere = EventFactory(capacity=100), EventFactory()
    client = Client(REMOTE_ADDR=unique_address())
    client.force_login(organizer(elsewhere.organization))

    statuses = [
        client.post(register_url(event), form_data(event, email=f"x{n}@example.org")).status_code
        for n in range(2)
    ]

    assert statuses == [302, 429]


def test_wrong_manage_links_from_one_person_do_not_block_others_behind_the_proxy(behind_proxy):
    registration = RegistrationFactory()
    registration.manage_token_hash = manage_token_hash_for(registration)
    registration.save(update_fields=["manage_token_hash"])
    valid = reverse("registrations:manage", kwargs={"token": manage_token_for(registration)})
    guesser, person = through_proxy(public_address()), through_proxy(public_address())

    for number in range(20):
        guesser.get(reverse("registrations:manage", kwargs={"token": f"{number:0>43}"}))

    assert guesser.get(valid).status_code == 429
    assert person.get(valid).status_code == 200


def test_the_login_limit_per_address_uses_the_forwarded_address(behind_proxy):
    guesser, person = through_proxy(public_address()), through_proxy(public_address())
    for number in range(10):
        guesser.post(reverse("account_login"), {"login": f"nobody{number}@example.org", "password": "wrong"})
    user = UserFactory(email=f"{uuid.uuid4().hex[:10]}@example.org")
    user.set_password("a-long-test-password")
    user.save()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)

    refused = guesser.post(
        reverse("account_login"), {"login": user.email, "password": "a-long-test-password"}
    )
    admitted = person.post(
        reverse("account_login"), {"login": user.email, "password": "a-long-test-password"}
    )

    assert refused.status_code == 200
    assert [error.code for error in refused.context["form"].errors.as_data()["__all__"]] == [
        "too_many_login_attempts"
    ]
    assert admitted.status_code == 302
