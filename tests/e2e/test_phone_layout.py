"""What a phone shows: the check-in QR big enough to scan, session choices short with details on a tap."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from agenda.models import Session
from registrations import services
from registrations.tokens import manage_token_for
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    RegistrationFormFactory,
    SessionFactory,
    VenueFactory,
)

from .conftest import PHONE, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manage_page_shows_the_check_in_qr_at_least_200_px_wide_on_a_phone(live_server, browser):
    event = EventFactory(slug="qr-na-telefonie")
    registration = services.register(
        event=event,
        contact=services.PersonData(first_name="Olena", last_name="Kowalenko", email="olena@example.org"),
        consent=services.ConsentData(version="1", text_sha256="0" * 64),
    ).registration
    with translation.override("en"):
        path = reverse("registrations:manage", kwargs={"token": manage_token_for(registration)})
    page = new_page(browser, PHONE)

    page.goto(live_server.url + path)
    box = page.locator("#checkin-code svg").bounding_box()

    assert box["width"] >= 200
    assert box["width"] == pytest.approx(box["height"], abs=1)
    assert box["x"] + box["width"] <= PHONE[0]
    page.context.close()


def test_study_visit_choice_reads_title_time_place_with_details_one_tap_away(live_server, browser):
    event = EventFactory(slug="wizyty-na-telefonie")
    RegistrationFormFactory(event=event)
    visit = SessionFactory(
        event=event,
        kind=Session.Kind.STUDY_VISIT,
        title="Wizyta studyjna: Biblioteka",
        description="Biblioteka w dawnym dworcu kolejowym pokaże, jak mieszkańcy sami prowadzą zajęcia.",
        audience="Animatorki i animatorzy",
        venue=VenueFactory(name="Biblioteka w Skawinie", city="Skawina", address="ul. Sikorskiego 18"),
        host_organization=OrganizationFactory(name="Gmina Skawina"),
        starts_at=event.starts_at + dt.timedelta(hours=1),
        ends_at=event.starts_at + dt.timedelta(hours=2),
        is_selectable=True,
        capacity=20,
    )
    page = new_page(browser, PHONE)

    page.goto(f"{live_server.url}/events/{event.slug}/register/")
    field = page.locator(f"#div_id_slot_{visit.pk}")
    choice = field.locator("label").filter(has_text="Wizyta studyjna: Biblioteka")
    description = field.get_by_text("Biblioteka w dawnym dworcu kolejowym")
    summary_text = choice.inner_text().split("\n")[0]
    hidden_before = not description.is_visible()
    choice.locator("summary").click()

    assert "Wizyta studyjna: Biblioteka" in summary_text
    assert "Biblioteka w Skawinie" in summary_text
    assert "Gmina Skawina" not in summary_text
    assert hidden_before
    assert description.is_visible()
    assert field.get_by_text("ul. Sikorskiego 18").is_visible()
    assert not field.locator(f'input[value="{visit.pk}"]').is_checked()
    page.context.close()
