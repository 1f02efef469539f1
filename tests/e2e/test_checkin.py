import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from attendees import attendance_lists
from attendees.models import Attendance
from registrations.tokens import checkin_code
from tests.factories import EventFactory, RegistrationFactory, RegistrationFormFactory, SessionFactory
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


def test_a_walk_in_registered_from_the_check_in_page_on_a_phone_is_checked_in_on_the_day_list(
    browser, live_server
):
    now = timezone.now()
    # Running now and within today, whatever the hour: the day list below is today's.
    today_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    event = EventFactory(
        title="Forum",
        starts_at=max(now - dt.timedelta(hours=1), today_start),
        ends_at=today_start + dt.timedelta(hours=23, minutes=59, seconds=59),
    )
    RegistrationFormFactory(event=event)
    SessionFactory(event=event, title="Warsztat A", is_selectable=True)
    staff = organizer(event.organization)
    page = new_page(browser, PHONE)
    _log_in(page, live_server, staff)

    page.goto(live_server.url + reverse("admin:registrations_registration_checkin", args=[event.pk]))
    page.locator("#checkin-register").click()
    page.locator("#id_first_name").fill("Ołena")
    page.locator("#id_last_name").fill("Szewczenko")
    page.locator("#id_organization").fill("Fundacja Ocalenie")
    page.get_by_label("Warsztat A").check()
    page.locator("#id_consent").check()
    width = page.evaluate("document.documentElement.scrollWidth")
    page.locator("#walk-in-submit").click()
    outcome = page.locator(".alert-success").inner_text()

    assert "Ołena Szewczenko" in outcome
    assert width <= PHONE[0]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    assert page.csp_violations == []
    today = timezone.localdate()
    with translation.override("en"):
        html = attendance_lists.render_html(event=event, day=today, show_attendance=True)
    row = html[html.index("Szewczenko Ołena") : html.index("</tr>", html.index("Szewczenko Ołena"))]
    assert "✓" in row and "on-site registration" in row
    # The organizer downloads that list as the PDF from the attendance-list page.
    pdf = page.request.get(
        live_server.url
        + reverse("admin:registrations_registration_attendance_list", args=[event.pk])
        + f"?day={today.isoformat()}&present=on"
    )
    assert pdf.headers["content-type"] == "application/pdf"
