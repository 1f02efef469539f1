"""My schedule on a phone: the person's sessions with place and directions, changed from the manage page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from agenda.models import Session
from registrations import services
from registrations.models import SessionSeat
from registrations.tokens import manage_token_for
from tests.factories import EventFactory, RegistrationFormFactory, SessionFactory, VenueFactory

from .conftest import PHONE, new_page, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_my_schedule_on_a_phone_shows_the_places_and_changes_a_session(live_server, browser):
    event = EventFactory(title="Miejsca Otwarte", slug="miejsca-otwarte-e2e")
    RegistrationFormFactory(event=event)
    skawina = VenueFactory(
        organization=event.organization,
        name="Biblioteka w Skawinie",
        address="ul. Sikorskiego 18",
        city="Skawina",
        directions="Train from Kraków Główny to Skawina, then ten minutes on foot.",
    )
    start = event.starts_at
    visit = SessionFactory(
        event=event,
        kind=Session.Kind.STUDY_VISIT,
        title="Study visit in Skawina",
        venue=skawina,
        starts_at=start + dt.timedelta(hours=1),
        ends_at=start + dt.timedelta(hours=2),
        is_selectable=True,
    )
    panel, workshop = (
        SessionFactory(
            event=event,
            title=title,
            starts_at=start + dt.timedelta(hours=3),
            ends_at=start + dt.timedelta(hours=4, minutes=30),
            capacity=30,
            is_selectable=True,
        )
        for title in ("Panel: community centres", "Workshop: wellbeing")
    )
    contact = services.PersonData(
        first_name="Olena",
        last_name="Kowalenko",
        email="olena@example.org",
        language="en",
        session_ids=[visit.pk, panel.pk],
    )
    registration = services.register(
        event=event, contact=contact, consent=services.ConsentData(version="1", text_sha256="0" * 64)
    ).registration
    with translation.override("en"):
        manage_path = reverse("registrations:manage", kwargs={"token": manage_token_for(registration)})
    page = new_page(browser, PHONE, bypass_csp=True)

    page.goto(live_server.url + manage_path)
    schedule = page.locator("#my-schedule")
    text = schedule.inner_text()
    assert text.index("Study visit in Skawina") < text.index("Panel: community centres")
    assert "Biblioteka w Skawinie (in Polish), ul. Sikorskiego 18" in text
    assert "Train from Kraków Główny to Skawina" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    assert run_axe(page) == []

    schedule.get_by_role("link", name="Change my sessions").click()
    page.get_by_label("Workshop: wellbeing", exact=False).check()
    page.get_by_role("button", name="Save my sessions").click()

    page.wait_for_url("**/#my-schedule")
    assert page.get_by_text("Your session choices have been saved.").is_visible()
    text = page.locator("#my-schedule").inner_text()
    assert "Workshop: wellbeing" in text
    assert "Panel: community centres" not in text
    assert dict(registration.seats.values_list("session__title", "status")) == {
        "Study visit in Skawina": SessionSeat.Status.CONFIRMED,
        "Workshop: wellbeing": SessionSeat.Status.CONFIRMED,
    }
    assert page.console_errors == []
    page.context.close()
