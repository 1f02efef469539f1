"""The demo Kraków form on a phone: nothing typed is ever lost to the bot check, and the page after
registering says what happened to each person."""

import pytest

from registrations import ratelimit
from registrations.models import Registration

from .conftest import PHONE, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KRAKOW = "konferencja-miejsc-otwartych-krakow"
# Longer than any page load here, so a form filled and sent at once is always "too fast".
SLOW_HUMAN_SECONDS = 60

# What a browser's autofill does: every remembered field set in one go, each with its input event.
AUTOFILL = """values => {
  for (const [selector, value] of Object.entries(values)) {
    const input = document.querySelector(selector);
    input.value = value;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    input.dispatchEvent(new Event("change", {bubbles: true}));
  }
}"""
OLENA = {
    "#id_first_name": "Olena",
    "#id_last_name": "Kowalenko",
    "#id_email": "olena@example.org",
    "#id_organization": "Fundacja Ocalenie",
    "#id_phone": "+48 600 100 200",
}


@pytest.fixture
def krakow_form(demo_site, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = SLOW_HUMAN_SECONDS
    ratelimit.reset_address("127.0.0.1")
    return f"{demo_site.url}/en/events/{KRAKOW}/register/"


def test_autofilled_form_sent_at_once_comes_back_with_everything_kept(browser, krakow_form, settings):
    page = new_page(browser, PHONE)
    page.goto(krakow_form)

    page.evaluate(AUTOFILL, OLENA)
    page.get_by_label("Day 2 – conference").check()
    page.get_by_label("NGO", exact=True).check()
    page.check("#id_consent")
    page.get_by_role("button", name="Register").click()

    page.get_by_text("That was very quick").wait_for()
    assert "/register/done/" not in page.url
    assert Registration.objects.count() == 0
    assert {selector: page.input_value(selector) for selector in OLENA} == OLENA
    assert page.get_by_label("Day 2 – conference").is_checked()
    assert page.is_checked("#id_consent")

    settings.REGISTRATION_MIN_FILL_SECONDS = 0  # she has looked it over; now it is not too fast
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/register/done/")
    assert Registration.objects.filter(email="olena@example.org").count() == 1
    assert page.console_errors == []
    page.context.close()


def test_empty_form_sent_at_once_gets_field_errors_not_a_success_page(browser, krakow_form):
    page = new_page(browser, PHONE)
    page.goto(krakow_form)

    page.get_by_role("button", name="Register").click()

    page.get_by_text("Please correct the marked fields").wait_for()
    assert "/register/done/" not in page.url
    assert page.locator("#id_first_name").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert page.get_by_text("That was very quick").count() == 0
    assert Registration.objects.count() == 0
    page.context.close()
