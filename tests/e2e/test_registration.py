"""Registering on a phone: session choices, a waiting list, cancelling, the deadline, conditions.

The fill-time rule stays on, as in production: these people type at human speed, and a form sent faster than
a person can fill it is not stored.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from agenda.models import Session
from registrations import ratelimit, services
from registrations.models import Question, Registration, SessionSeat
from registrations.tokens import manage_token_for
from registrations.views.register import min_fill_seconds
from tests.factories import EventFactory, QuestionFactory, RegistrationFormFactory, SessionFactory

from .conftest import PHONE, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def krakow():
    ratelimit.reset_address("127.0.0.1")
    event = EventFactory(title="Konferencja Miejsc Otwartych", slug="kmo-krakow", capacity=100)
    form = RegistrationFormFactory(event=event, confirmation_message="Do zobaczenia w Krakowie!")
    start = event.starts_at
    visit = SessionFactory(
        event=event,
        kind=Session.Kind.STUDY_VISIT,
        title="Wizyta studyjna: Zabłocie",
        starts_at=start + dt.timedelta(hours=1),
        ends_at=start + dt.timedelta(hours=3),
        capacity=10,
        is_selectable=True,
    )
    small = SessionFactory(
        event=event,
        title="Warsztat: rynek pracy",
        starts_at=start + dt.timedelta(hours=4),
        ends_at=start + dt.timedelta(hours=5, minutes=30),
        capacity=1,
        is_selectable=True,
    )
    SessionFactory(
        event=event,
        title="Warsztat: edukacja",
        starts_at=start + dt.timedelta(hours=4),
        ends_at=start + dt.timedelta(hours=5, minutes=30),
        capacity=20,
        is_selectable=True,
    )
    lodging = QuestionFactory(form=form, kind=Question.Kind.CHECKBOX, label="Potrzebuję noclegu")
    QuestionFactory(
        form=form,
        kind=Question.Kind.NUMBER,
        label="Ile nocy?",
        is_required=True,
        condition_question=lodging,
        condition_value="yes",
    )
    first = services.register(
        event=event,
        contact=services.PersonData(
            first_name="Anna", last_name="Pierwsza", email="anna@example.org", session_ids=[small.pk]
        ),
        consent=services.ConsentData(version="1", text_sha256="0" * 64),
    ).registration
    return {"event": event, "visit": visit, "small": small, "first": first, "lodging": lodging}


def english_manage_path(registration):
    with translation.override("en"):
        return reverse("registrations:manage", kwargs={"token": manage_token_for(registration)})


# About 60 words a minute on a phone keyboard.
HUMAN_KEY_DELAY_MS = 200


def fill_contact(page, email):
    """Types the contact details key by key, as a person does (about five seconds)."""
    page.locator("#id_first_name").press_sequentially("Olena", delay=HUMAN_KEY_DELAY_MS)
    page.locator("#id_last_name").press_sequentially("Kowalenko", delay=HUMAN_KEY_DELAY_MS)
    page.locator("#id_email").press_sequentially(email, delay=HUMAN_KEY_DELAY_MS)


def test_register_on_a_phone_waitlist_cancel_promotes(live_server, browser, krakow):
    page = new_page(browser, PHONE)
    event, visit, small = krakow["event"], krakow["visit"], krakow["small"]

    page.goto(f"{live_server.url}/en/events/{event.slug}/register/")
    assert page.get_by_text("Ile nocy?").count() == 0
    fill_contact(page, "olena@example.org")
    page.check(f'input[name="slot_{visit.pk}"][value="{visit.pk}"]')
    page.check(f'input[name="slot_{small.pk}"][value="{small.pk}"]')
    page.check(f'input[name="q_{krakow["lodging"].pk}"]')
    page.get_by_label("Ile nocy?").fill("2")
    page.check("#id_consent")
    page.get_by_role("button", name="Register").click()

    page.wait_for_url("**/register/done/")
    assert "Do zobaczenia w Krakowie!" in page.content()
    olena = Registration.objects.get(email="olena@example.org")
    seats = dict(olena.seats.values_list("session_id", "status"))
    assert seats == {visit.pk: SessionSeat.Status.CONFIRMED, small.pk: SessionSeat.Status.WAITLISTED}
    assert olena.answers.get(question__label="Ile nocy?").value == "2"

    page.goto(live_server.url + english_manage_path(krakow["first"]))
    page.get_by_role("link", name="Cancel registration").click()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    page.get_by_text("Your registration has been cancelled").wait_for()

    assert olena.seats.get(session=small).status == SessionSeat.Status.CONFIRMED
    page.goto(live_server.url + english_manage_path(olena))
    assert "Warsztat: rynek pracy" in page.locator("#registration-seats").inner_text()
    assert page.console_errors == []
    page.context.close()


def test_a_person_typing_at_human_speed_goes_through_with_the_fill_time_rule_on(live_server, browser, krakow):
    # The rule as production has it; a form sent faster is held back (tests/registrations/test_views.py).
    assert min_fill_seconds() >= 3
    page = new_page(browser, PHONE)

    page.goto(f"{live_server.url}/en/events/{krakow['event'].slug}/register/")
    fill_contact(page, "olena@example.org")
    page.check("#id_consent")
    page.get_by_role("button", name="Register").click()

    page.wait_for_url("**/register/done/")
    assert Registration.objects.filter(email="olena@example.org", first_name="Olena").count() == 1
    assert page.console_errors == []
    page.context.close()


def test_conditional_question_without_javascript_appears_after_submit(live_server, browser, krakow):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()

    page.goto(f"{live_server.url}/en/events/{krakow['event'].slug}/register/")
    fill_contact(page, "iryna@example.org")
    page.check(f'input[name="q_{krakow["lodging"].pk}"]')
    page.check("#id_consent")
    assert page.get_by_text("Ile nocy?").count() == 0
    page.get_by_role("button", name="Register").click()

    assert page.get_by_label("Ile nocy?").count() == 1
    assert page.input_value("#id_first_name") == "Olena"
    page.get_by_label("Ile nocy?").fill("1")
    page.check("#id_consent")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/register/done/")
    assert Registration.objects.filter(email="iryna@example.org").count() == 1
    context.close()


def test_form_past_its_deadline_refuses(live_server, browser):
    event = EventFactory(
        slug="warszawa-dzielnice", registration_closes_at=timezone.now() - dt.timedelta(hours=1)
    )
    page = new_page(browser, PHONE)

    page.goto(f"{live_server.url}/en/events/{event.slug}/register/")

    assert page.get_by_role("heading", name="Registration is closed").count() == 1
    assert page.locator("form#registration-form").count() == 0
    page.context.close()
