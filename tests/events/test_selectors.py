import pytest

from events.models import Event, EventPartner
from events.selectors import organization_events, past_events, search_events, upcoming_events
from registrations.models import Registration
from registrations.selectors import RegistrationStatus, registration_status
from tests.factories import (
    EventFactory,
    EventPartnerFactory,
    OrganizationFactory,
    RegistrationFactory,
    SessionFactory,
    VenueFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


def test_upcoming_and_past_events_leave_out_drafts():
    EventFactory(title="Nadchodzące")
    EventFactory(title="Szkic", status=Event.Status.DRAFT)
    EventFactory(title="Odwołane", status=Event.Status.CANCELLED)
    EventFactory(title="Minione", starts_at=in_days(-5), ends_at=in_days(-5, 15))

    upcoming = [event.title for event in upcoming_events()]
    past = [event.title for event in past_events()]

    assert sorted(upcoming) == ["Nadchodzące", "Odwołane"]
    assert past == ["Minione"]


def test_search_events_matches_words_in_any_language_and_the_organizer_name():
    EventFactory(title="Konferencja", title_uk="Конференція", summary="")
    EventFactory(title="Spotkanie", organization__name="Fundacja Stocznia")

    by_ukrainian = search_events(upcoming_events(), text="Конференція")
    by_organizer = search_events(upcoming_events(), text="stocznia")

    assert [event.title for event in by_ukrainian] == ["Konferencja"]
    assert [event.title for event in by_organizer] == ["Spotkanie"]


def test_search_events_finds_the_towns_and_places_of_the_sessions_and_the_venue():
    krakow = EventFactory(title="Miejsca Otwarte", venue=VenueFactory(city="Kraków", name="Zabłocie 20.22"))
    SessionFactory(
        event=krakow, venue=VenueFactory(city="Skawina", name="Biblioteka", address="ul. Sikorskiego 18")
    )
    SessionFactory(event=krakow, venue=VenueFactory(city="Skawina", name="Rynek"))
    EventFactory(title="Kielce", venue=VenueFactory(city="Kielce", address="ul. Ściegiennego 2"))

    by_session_town = search_events(upcoming_events(), text="Skawina")
    by_session_street = search_events(upcoming_events(), text="sikorskiego")
    by_venue_name = search_events(upcoming_events(), text="Zabłocie")

    assert [event.title for event in by_session_town] == ["Miejsca Otwarte"]
    assert [event.title for event in by_session_street] == ["Miejsca Otwarte"]
    assert [event.title for event in by_venue_name] == ["Miejsca Otwarte"]


def test_search_events_by_region_includes_online_events_of_organizations_there():
    EventFactory(title="Kielce", venue=VenueFactory(city="Kielce", region="swietokrzyskie"))
    EventFactory(
        title="Online",
        venue=None,
        format=Event.Format.ONLINE,
        organization=OrganizationFactory(region="swietokrzyskie"),
    )
    EventFactory(title="Kraków")

    events = search_events(upcoming_events(), region="swietokrzyskie")

    assert sorted(event.title for event in events) == ["Kielce", "Online"]


def test_organization_events_include_partnerships_once():
    organization = OrganizationFactory()
    own = EventFactory(organization=organization)
    EventPartnerFactory(event=own, organization=organization, role=EventPartner.Role.PATRON)
    partnered = EventFactory()
    EventPartnerFactory(event=partnered, organization=organization, role=EventPartner.Role.FUNDER)
    EventFactory(organization=organization, status=Event.Status.DRAFT)

    events = list(organization_events(organization=organization))

    assert sorted(event.pk for event in events) == sorted([own.pk, partnered.pk])


def test_registration_status_counts_confirmed_and_offered_seats_only():
    event = EventFactory(capacity=5)
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    RegistrationFactory(event=event, status=Registration.Status.OFFERED)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_position=1)

    status = registration_status(event=event)

    assert (status.state, status.seats_left, status.closes_at) == (
        RegistrationStatus.OPEN,
        3,
        event.starts_at,
    )


def test_registration_status_is_closed_once_the_event_has_started():
    event = EventFactory(starts_at=in_days(-1), ends_at=in_days(1))

    status = registration_status(event=event)

    assert status.state == RegistrationStatus.CLOSED
    assert not status.accepts_registrations
