"""A second factor for staff: required (STAFF_MFA_REQUIRED) for superusers and members who may see
accessibility and health answers, optional elsewhere; TOTP codes are computed here as an app would."""

import base64
import hashlib
import hmac
import struct
import time
import uuid
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from organizations.models import Membership
from tests.factories import MembershipFactory, UserFactory

from .conftest import unique_address

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def totp_code(secret: str) -> str:
    """RFC 6238 with SHA-1, 30-second steps and 6 digits: what an authenticator app shows now."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int(time.time() // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


def staff_member(*, sensitive: bool, superuser: bool = False):
    name = f"staff-{uuid.uuid4().hex[:10]}"
    user = UserFactory(username=name, email=f"{name}@example.org", is_staff=True, is_superuser=superuser)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    if not superuser:
        MembershipFactory(user=user, role=Membership.Role.EDITOR, can_view_sensitive_data=sensitive)
    return user


def sign_in(user) -> Client:
    client = Client(REMOTE_ADDR=unique_address())
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def set_up_totp(client) -> str:
    """As a person does it: allauth asks for the password again, then shows the secret."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert 'class="site-header' in page.content.decode()
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


@pytest.fixture(autouse=True)
def _english():
    """URLs reversed here carry /en/, so pages come in English."""
    with translation.override("en"):
        yield


def setup_after_password() -> str:
    """Where the setup starts: allauth asks for the password again before it shows the secret."""
    return f"{reverse('account_reauthenticate')}?next={quote(reverse('mfa_activate_totp'), safe='')}"


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


def test_a_member_who_may_see_health_answers_cannot_reach_the_admin_without_a_second_factor(mfa_required):
    client = sign_in(staff_member(sensitive=True))

    index = client.get(reverse("admin:index"), follow=True)
    registrations = client.get(reverse("admin:registrations_registration_changelist"), follow=True)

    visited = [url for url, _status in index.redirect_chain]
    assert visited[-2:] == [reverse("mfa_activate_totp"), setup_after_password()]
    assert registrations.redirect_chain[-1][0] == setup_after_password()
    assert "needs two-factor authentication" in index.content.decode()


def test_after_setting_up_totp_the_admin_opens_and_the_next_login_asks_for_a_code(mfa_required):
    user = staff_member(sensitive=True)
    client = sign_in(user)

    secret = set_up_totp(client)
    assert client.get(reverse("admin:index")).status_code == 200
    client.post(reverse("account_logout"))

    # The next 30-second step: allauth refuses a code that was used once already.
    with time_machine.travel(time.time() + 30):
        again = Client(REMOTE_ADDR=unique_address())
        password_step = again.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert password_step.url == reverse("mfa_authenticate")
        assert again.get(reverse("admin:index")).status_code == 302
        wrong_code = "000000" if totp_code(secret) != "000000" else "111111"
        wrong = again.post(reverse("mfa_authenticate"), {"code": wrong_code})
        assert wrong.status_code == 200
        code_step = again.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert code_step.status_code == 302
        assert again.get(reverse("admin:index")).status_code == 200


def test_a_recovery_code_replaces_the_app_once(mfa_required):
    user = staff_member(sensitive=True)
    client = sign_in(user)
    set_up_totp(client)
    codes = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"]
    client.post(reverse("account_logout"))

    again = Client(REMOTE_ADDR=unique_address())
    again.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    admitted = again.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert admitted.status_code == 302
    assert again.get(reverse("admin:index")).status_code == 200

    third = Client(REMOTE_ADDR=unique_address())
    third.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    reused = third.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert reused.status_code == 200
    assert third.get(reverse("admin:index")).status_code == 302


def test_a_superuser_needs_a_second_factor_too(mfa_required):
    client = sign_in(staff_member(sensitive=False, superuser=True))

    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == setup_after_password()


def test_a_member_without_access_to_health_answers_may_go_without(mfa_required):
    client = sign_in(staff_member(sensitive=False))

    assert client.get(reverse("admin:index")).status_code == 200


def test_the_demo_leaves_it_optional_and_says_so_at_login(settings):
    settings.STAFF_MFA_REQUIRED = False
    user = staff_member(sensitive=True)
    client = Client(REMOTE_ADDR=unique_address())

    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD, "next": reverse("admin:index")},
        follow=True,
    )

    assert "Two-factor authentication is optional on this installation" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 200
    assert f'href="{reverse("mfa_index")}"' in client.get(reverse("admin:index")).content.decode()
