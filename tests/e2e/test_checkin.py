import pytest
from django.urls import reverse

from attendees.models import Attendance
from registrations.tokens import checkin_code
from tests.factories import RegistrationFactory
from tests.registrations.attendee_helpers import organizer

from .conftest import PHONE, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    """Through the admin's login, which is the site's: the e-mail address, verified, and the password."""
    user.emailaddress_set.get_or_create(email=user.email, defaults={"verified": True, "primary": True})
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_login", user.email)
    page.fill("#id_password", "a-long-test-password")
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))


def test_staff_checks_in_a_participant_by_typing_the_code_on_a_phone(browser, live_server):
    registration = RegistrationFactory(first_name="Ołena", last_name="Szewczenko")
    staff = organizer(registration.event.organization)
    page = new_page(browser, PHONE)
    _log_in(page, live_server, staff)

    page.goto(
        live_server.url + reverse("admin:registrations_registration_checkin", args=[registration.event.pk])
    )
    page.locator("#checkin-code").fill(checkin_code(registration).lower())
    page.locator("#checkin-code-form button[type=submit]").click()
    first = page.locator("#checkin-outcome").inner_text()
    page.locator("#checkin-code").fill(checkin_code(registration))
    page.locator("#checkin-code-form button[type=submit]").click()
    second = page.locator("#checkin-outcome").inner_text()

    assert "Ołena Szewczenko" in first
    assert page.locator("#checkin-outcome.alert-warning").count() == 1
    assert "Ołena Szewczenko" in second
    assert Attendance.objects.filter(registration=registration).count() == 1
    assert page.csp_violations == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
