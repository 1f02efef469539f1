"""The demo Kraków form on a phone: nothing typed is ever lost to the bot check, and the page after
registering says what happened to each person."""

import pytest

from agenda.models import Session
from registrations import ratelimit
from registrations.models import Registration
from registrations.tokens import manage_path_for

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
    contact_questions = page.locator("#registration-questions")
    contact_questions.get_by_label("Day 2 – conference").check()
    contact_questions.get_by_label("NGO", exact=True).check()
    page.check("#id_consent")
    page.get_by_role("button", name="Register").click()

    page.get_by_text("That was very quick").wait_for()
    assert "/register/done/" not in page.url
    assert Registration.objects.count() == 0
    assert {selector: page.input_value(selector) for selector in OLENA} == OLENA
    assert contact_questions.get_by_label("Day 2 – conference").is_checked()
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


def test_a_colleague_answers_her_own_questions_and_the_done_page_shows_both(browser, krakow_form, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 0
    visit, other_visit = Session.objects.filter(
        event__slug=KRAKOW, kind=Session.Kind.STUDY_VISIT, is_selectable=True
    ).order_by("starts_at", "pk")[:2]
    page = new_page(browser, PHONE)
    page.goto(krakow_form)

    page.evaluate(AUTOFILL, OLENA)
    page.check(f'input[name^="slot_"][value="{visit.pk}"]')
    contact_questions = page.locator("#registration-questions")
    contact_questions.get_by_label("Day 1 – study visits and workshops").check()
    contact_questions.get_by_label("NGO", exact=True).check()
    iryna = page.locator("details", has=page.locator("#id_attendee-0-first_name"))
    iryna.locator("summary").first.click()
    iryna.get_by_label("First name").fill("Iryna")
    iryna.get_by_label("Last name").fill("Bondarenko")
    iryna.get_by_label("E-mail (optional)").fill("iryna@example.org")
    iryna.locator(f'input[name^="attendee-0-slot_"][value="{other_visit.pk}"]').check()
    iryna_questions = page.locator("#attendee-0-questions")
    iryna_questions.get_by_label("Day 2 – conference").check()
    iryna_questions.get_by_label("Local government").check()
    page.check("#id_consent")
    page.get_by_role("button", name="Register").click()

    page.wait_for_url("**/register/done/")
    olena_row = Registration.objects.get(email="olena@example.org")
    iryna_row = Registration.objects.get(email="iryna@example.org")
    assert iryna_row.registered_by == olena_row
    assert {a.question.label_en: a.value for a in iryna_row.answers.select_related("question")} == {
        "Which days will you attend?": "Day 2 – conference",
        "Sector": "Local government",
    }
    outcomes = page.locator("section.registration-outcome")
    assert outcomes.count() == 2
    olena_outcome, iryna_outcome = outcomes.nth(0), outcomes.nth(1)
    assert "Olena Kowalenko" in olena_outcome.inner_text()
    assert "Confirmed: the place is yours." in olena_outcome.inner_text()
    assert visit.title_en in olena_outcome.inner_text()
    assert "Iryna Bondarenko" in iryna_outcome.inner_text()
    assert "Confirmed: the place is yours." in iryna_outcome.inner_text()
    assert other_visit.title_en in iryna_outcome.inner_text()
    assert iryna_outcome.get_by_role("link", name="Registration page of Iryna").get_attribute("href") == (
        manage_path_for(iryna_row)
    )
    olena_outcome.get_by_role("link", name="Your registration page").click()
    page.get_by_role("heading", name="Your registration").wait_for()
    assert "Iryna Bondarenko" in page.locator("main").inner_text()
    page.context.close()
