"""The page after registering: each person's outcome, sessions, links and check-in code, in one browser."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from registrations import services, tokens
from registrations.models import Registration
from registrations.tokens import manage_path_for, manage_token_for
from registrations.views import register as register_views
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, VenueFactory

from ._registration_data import consent, person
from .test_views import done_url, form_data, fresh_client, register_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return fresh_client()


def with_colleague(event, **colleague):
    values = {
        "attendee-TOTAL_FORMS": "1",
        "attendee-0-first_name": "Iryna",
        "attendee-0-last_name": "Bondarenko",
        "attendee-0-email": "iryna@example.org",
        "attendee-0-language": "uk",
    }
    values.update({f"attendee-0-{name}": value for name, value in colleague.items()})
    return form_data(event, **values)


@pytest.fixture
def visit_event():
    event = EventFactory(capacity=2, waitlist_enabled=True)
    day = timezone.localtime(event.starts_at)
    skawina = VenueFactory(organization=event.organization, name="Centrum Kultury Skawina", city="Skawina")
    visit = SessionFactory(
        event=event,
        title="Wizyta studyjna w Skawinie",
        venue=skawina,
        starts_at=day.replace(hour=15, minute=0),
        ends_at=day.replace(hour=16, minute=0),
        capacity=1,
        is_selectable=True,
    )
    RegistrationFactory(event=event, first_name="Anna", last_name="Wcześniejsza")
    return event, visit


def test_done_page_shows_each_person_outcome_sessions_manage_links_and_checkin_code(client, visit_event):
    event, visit = visit_event
    data = with_colleague(event, **{f"slot_{visit.pk}": str(visit.pk)})
    data[f"slot_{visit.pk}"] = str(visit.pk)

    response = client.post(register_url(event), data, follow=True)

    html = response.content.decode()
    olena = Registration.objects.get(email="olena@example.org")
    iryna = Registration.objects.get(email="iryna@example.org")
    assert (olena.status, iryna.status, iryna.waitlist_position) == ("confirmed", "waitlisted", 1)
    assert "Confirmed: the place is yours." in html
    assert "On the waiting list, place 1." in html
    assert html.count("Wizyta studyjna w Skawinie") == 2
    assert "15:00–16:00, Centrum Kultury Skawina, ul. Zabłocie 22, 30-701 Skawina" in html
    assert '<span class="seat-status">Confirmed</span>' in html
    assert "Chosen, waiting for a place at the event" in html
    assert manage_path_for(olena) in html and manage_path_for(iryna) in html
    for registration in (olena, iryna):
        calendar = reverse("registrations:manage_calendar", kwargs={"token": manage_token_for(registration)})
        assert f'href="{calendar}" download' in html
    assert tokens.checkin_code(olena) in html
    assert tokens.checkin_code(iryna) not in html, "no check-in code for someone without a place"
    assert response["Cache-Control"].count("no-store") == 1


def test_under_approval_the_done_page_says_waiting_for_approval(client):
    event = EventFactory(approval_required=True)

    response = client.post(register_url(event), form_data(event), follow=True)

    assert "Waiting for the organizers' approval" in response.content.decode()


def test_the_done_page_address_reveals_nothing_in_another_browser(client):
    event = EventFactory()
    client.post(register_url(event), form_data(event))
    olena = Registration.objects.get()

    other = Client().get(done_url(event))
    reload = client.get(done_url(event))

    assert "Kowalenko" in reload.content.decode()
    html = other.content.decode()
    assert other.status_code == 200
    assert "Kowalenko" not in html
    assert manage_path_for(olena) not in html
    assert "Please check your e-mail" in html


def test_the_outcome_is_shown_only_for_a_short_while(client, monkeypatch):
    monkeypatch.setattr(register_views, "OUTCOME_SHOWN_SECONDS", -1)
    event = EventFactory()

    response = client.post(register_url(event), form_data(event), follow=True)

    assert Registration.objects.count() == 1
    assert "Kowalenko" not in response.content.decode()
    assert "Please check your e-mail" in response.content.decode()


def test_an_address_registered_before_sees_nothing_of_that_registration(client):
    event = EventFactory()
    earlier = services.register(event=event, contact=person(1), consent=consent()).registration

    response = client.post(
        register_url(event), form_data(event, email=earlier.email, last_name="Ktoś"), follow=True
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kowalenko1" not in html and "Ktoś" not in html
    assert manage_path_for(earlier) not in html
    assert "already registered for this event, that e-mail carries the link" in html
    assert Registration.objects.count() == 1


def test_outcomes_of_two_events_are_kept_apart(client):
    first, second = EventFactory(), EventFactory()
    client.post(register_url(first), form_data(first))

    response = client.get(done_url(second))

    assert "Kowalenko" not in response.content.decode()


def test_a_registration_keeps_its_outcome_in_a_signed_cookie_and_writes_no_session(client):
    event = EventFactory()

    response = client.post(register_url(event), form_data(event))

    cookie = response.cookies[settings.REGISTRATION_OUTCOME_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == register_views.OUTCOME_SHOWN_SECONDS
    assert not Session.objects.exists()
    assert "Kowalenko" in client.get(done_url(event)).content.decode()


def test_a_forged_outcome_cookie_shows_nothing(client):
    event = EventFactory()
    registration = RegistrationFactory(event=event, last_name="Podrobiona")
    outcomes = {str(event.pk): {"contact": str(registration.public_id), "until": time.time() + 600}}
    client.cookies[settings.REGISTRATION_OUTCOME_COOKIE_NAME] = signing.dumps(outcomes, salt="another salt")

    html = client.get(done_url(event)).content.decode()

    assert "Podrobiona" not in html
    assert "Please check your e-mail" in html
