""" "My schedule" on the manage page: the person's own sessions, and changing them until the deadline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from agenda.models import Session, SessionRole
from mail.models import EmailLog
from registrations import services
from registrations.models import Registration, SessionSeat
from registrations.tokens import manage_path_for
from tests.factories import (
    EventFactory,
    PersonFactory,
    RegistrationFormFactory,
    SessionFactory,
    SessionRoleFactory,
    VenueFactory,
)

from ._registration_data import consent, person

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
SeatStatus = SessionSeat.Status


@pytest.fixture
def conference():
    """Day two of Kraków: two parallel sessions in one slot, and a study visit elsewhere on day one."""
    event = EventFactory(
        title="Miejsca Otwarte",
        starts_at=dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2030, 1, 17, 17, 0, tzinfo=WARSAW),
        registration_closes_at=dt.datetime(2030, 1, 14, 23, 59, tzinfo=WARSAW),
    )
    RegistrationFormFactory(event=event)
    skawina = VenueFactory(
        organization=event.organization,
        name="Biblioteka w Skawinie",
        address="ul. Sikorskiego 18",
        postal_code="32-050",
        city="Skawina",
        directions="Pociąg z Krakowa Głównego do stacji Skawina.",
    )
    visit = SessionFactory(
        event=event,
        kind=Session.Kind.STUDY_VISIT,
        title="Wizyta w Skawinie",
        venue=skawina,
        starts_at=dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2030, 1, 16, 16, 0, tzinfo=WARSAW),
        is_selectable=True,
    )
    panel, workshop = (
        SessionFactory(
            event=event,
            title=title,
            starts_at=dt.datetime(2030, 1, 17, 11, 15, tzinfo=WARSAW),
            ends_at=dt.datetime(2030, 1, 17, 12, 45, tzinfo=WARSAW),
            capacity=capacity,
            is_selectable=True,
        )
        for title, capacity in (("Panel o centrach", 80), ("Warsztat dobrostanu", 1))
    )
    SessionRoleFactory(
        session=visit,
        person=PersonFactory(name="Anna Biblioteczna", managed_by=event.organization),
        role=SessionRole.Role.HOST,
        is_confirmed=False,
    )
    return event, visit, panel, workshop


def register(event, *sessions, n=0) -> Registration:
    contact = person(n, language="en", session_ids=[session.pk for session in sessions])
    return services.register(event=event, contact=contact, consent=consent()).registration


def held(registration) -> dict[str, str]:
    return dict(registration.seats.values_list("session__title", "status"))


def sessions_url(registration) -> str:
    return manage_path_for(registration) + "sessions/"


@pytest.fixture(autouse=True)
def _before_the_deadline(time_machine):
    time_machine.move_to(dt.datetime(2030, 1, 10, 12, 0, tzinfo=WARSAW), tick=False)


def test_my_schedule_shows_each_session_with_place_directions_and_people(client, conference):
    event, visit, panel, _workshop = conference
    registration = register(event, visit, panel)

    page = client.get(manage_path_for(registration)).content.decode()

    schedule = page[page.index('id="my-schedule"') :]
    assert schedule.index("Wizyta w Skawinie") < schedule.index("Panel o centrach")
    # The venue has only its Polish name: marked as Polish on the English page.
    assert (
        '<span lang="pl">Biblioteka w Skawinie</span> <small class="fallback-note">(in Polish)</small>, '
        "ul. Sikorskiego 18, 32-050 Skawina" in schedule
    )
    assert "Pociąg z Krakowa Głównego do stacji Skawina." in schedule
    assert "Anna Biblioteczna" in schedule
    assert "to be confirmed" in schedule
    assert "Jan. 16, 2030, 15:00–16:00" in schedule
    assert f'href="{sessions_url(registration)}"' in schedule


def test_changing_sessions_takes_the_other_parallel_session_and_sends_the_update(client, conference):
    event, visit, panel, workshop = conference
    registration = register(event, visit, panel)
    slot = f"slot_{min(panel.pk, workshop.pk)}"

    response = client.post(sessions_url(registration), {f"slot_{visit.pk}": visit.pk, slot: workshop.pk})

    assert response.status_code == 302
    assert response["Location"] == manage_path_for(registration) + "#my-schedule"
    assert held(registration) == {
        "Wizyta w Skawinie": SeatStatus.CONFIRMED,
        "Warsztat dobrostanu": SeatStatus.CONFIRMED,
    }
    assert EmailLog.objects.filter(registration=registration, kind="updated:1").exists()


def test_a_full_session_puts_the_person_on_its_waiting_list_as_the_form_does(client, conference):
    event, visit, panel, workshop = conference
    register(event, workshop, n=1)
    registration = register(event, panel, n=2)
    slot = f"slot_{min(panel.pk, workshop.pk)}"

    client.post(sessions_url(registration), {slot: workshop.pk})

    seat = registration.seats.get()
    assert (seat.session, seat.status, seat.position) == (workshop, SeatStatus.WAITLISTED, 1)


def test_a_full_session_without_a_waiting_list_is_refused_and_nothing_changes(client, conference):
    event, visit, panel, workshop = conference
    event.waitlist_enabled = False
    event.save()
    register(event, workshop, n=1)
    registration = register(event, panel, n=2)
    slot = f"slot_{min(panel.pk, workshop.pk)}"

    response = client.post(sessions_url(registration), {slot: workshop.pk})

    assert response.status_code == 400
    assert "“Warsztat dobrostanu” is full." in response.content.decode()
    assert held(registration) == {"Panel o centrach": SeatStatus.CONFIRMED}
    assert not EmailLog.objects.filter(registration=registration, kind__startswith="updated").exists()


def test_giving_up_a_session_passes_the_seat_to_the_next_person(conference):
    event, _visit, _panel, workshop = conference
    leaving = register(event, workshop, n=1)
    waiting = register(event, workshop, n=2)

    services.change_session_choices(registration=leaving, session_ids=[])

    assert held(waiting) == {"Warsztat dobrostanu": SeatStatus.CONFIRMED}
    assert EmailLog.objects.filter(registration=waiting, kind=f"promoted:session:{workshop.pk}").exists()


def test_the_same_choice_again_changes_nothing(conference):
    event, visit, _panel, _workshop = conference
    registration = register(event, visit)

    services.change_session_choices(registration=registration, session_ids=[visit.pk])

    registration.refresh_from_db()
    assert registration.calendar_revision == 0
    assert not EmailLog.objects.filter(registration=registration, kind__startswith="updated").exists()


def test_two_sessions_at_once_are_refused_by_the_service(conference):
    event, _visit, panel, workshop = conference
    registration = register(event, panel)

    with pytest.raises(services.SessionClash):
        services.change_session_choices(registration=registration, session_ids=[panel.pk, workshop.pk])

    assert held(registration) == {"Panel o centrach": SeatStatus.CONFIRMED}


def test_after_the_deadline_sessions_cannot_be_changed(client, conference, time_machine):
    event, visit, panel, workshop = conference
    registration = register(event, panel)
    time_machine.move_to(dt.datetime(2030, 1, 15, 9, 0, tzinfo=WARSAW), tick=False)
    slot = f"slot_{min(panel.pk, workshop.pk)}"

    shown = client.get(sessions_url(registration))
    sent = client.post(sessions_url(registration), {slot: workshop.pk})
    page = client.get(manage_path_for(registration)).content.decode()

    assert shown.status_code == sent.status_code == 302
    assert held(registration) == {"Panel o centrach": SeatStatus.CONFIRMED}
    assert sessions_url(registration) not in page
