"""A person's own calendar: in the e-mails (confirmation, update, cancellation) and the private feed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from agenda.models import Session
from events.models import Event
from mail.models import EmailLog
from registrations import services
from registrations.calendars import registration_calendar
from registrations.models import Registration
from registrations.tokens import manage_path_for
from tests.calendar_parsing import entries, parse_calendar
from tests.factories import EventFactory, RegistrationFormFactory, SessionFactory, VenueFactory

from ._registration_data import consent, person

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
MEETING_URL = "https://meet.example.org/koalicja-8c1f"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://wydarzenia.example.org"


@pytest.fixture
def krakow():
    """Two days at Zabłocie; a study visit in Skawina on day one and a parallel session on day two."""
    zablocie = VenueFactory(name="Klaster Zabłocie 20.22", address="ul. Zabłocie 22", city="Kraków")
    skawina = VenueFactory(
        organization=zablocie.organization,
        name="Miejska Biblioteka Publiczna w Skawinie",
        address="ul. Sikorskiego 18",
        postal_code="32-050",
        city="Skawina",
        directions="Pociąg z Krakowa Głównego do stacji Skawina, potem 10 minut pieszo.",
    )
    event = EventFactory(
        title="Miejsca Otwarte",
        organization=zablocie.organization,
        venue=zablocie,
        contact_email="miejscaotwarte@example.org",
        starts_at=dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2030, 1, 17, 17, 0, tzinfo=WARSAW),
    )
    visit = SessionFactory(
        event=event,
        kind=Session.Kind.STUDY_VISIT,
        title="Wizyta studyjna: biblioteka w Skawinie",
        venue=skawina,
        starts_at=dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2030, 1, 16, 16, 0, tzinfo=WARSAW),
        capacity=20,
        is_selectable=True,
    )
    panel = SessionFactory(
        event=event,
        kind=Session.Kind.PANEL,
        title="Centra społecznościowe w Polsce",
        starts_at=dt.datetime(2030, 1, 17, 11, 15, tzinfo=WARSAW),
        ends_at=dt.datetime(2030, 1, 17, 12, 45, tzinfo=WARSAW),
        capacity=80,
        is_selectable=True,
    )
    workshop = SessionFactory(
        event=event,
        title="Dobrostan animatora",
        starts_at=dt.datetime(2030, 1, 17, 12, 50, tzinfo=WARSAW),
        ends_at=dt.datetime(2030, 1, 17, 14, 20, tzinfo=WARSAW),
        capacity=30,
        is_selectable=True,
    )
    return event, visit, panel, workshop


def register(event, *sessions, n=0, attendees=()):
    contact = person(n, language="en", session_ids=[session.pk for session in sessions])
    return services.register(event=event, contact=contact, consent=consent(), attendees=attendees)


def sent_calendar(mailoutbox, subject_part: str) -> tuple[bytes, str]:
    [message] = [message for message in mailoutbox if subject_part in message.subject]
    [(name, content, mimetype)] = [a for a in message.attachments if a[2].startswith("text/calendar")]
    assert name.endswith(".ics")
    return content, mimetype


def uid(registration, suffix: str) -> str:
    return f"registration-{registration.public_id}-{suffix}@wydarzenia.example.org"


def test_confirmation_calendar_holds_the_event_and_each_session_at_its_own_place(
    krakow, mailoutbox, django_capture_on_commit_callbacks
):
    event, visit, panel, _workshop = krakow

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, visit, panel).registration

    content, mimetype = sent_calendar(mailoutbox, "Miejsca Otwarte")
    assert mimetype == "text/calendar; method=PUBLISH"
    found = entries(content)
    assert [(entry.uid, entry.start, entry.end, entry.location) for entry in found] == [
        (
            uid(registration, "event"),
            dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW),
            dt.datetime(2030, 1, 17, 17, 0, tzinfo=WARSAW),
            "Klaster Zabłocie 20.22, ul. Zabłocie 22, 30-701 Kraków",
        ),
        (
            uid(registration, f"session-{visit.pk}"),
            dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW),
            dt.datetime(2030, 1, 16, 16, 0, tzinfo=WARSAW),
            "Miejska Biblioteka Publiczna w Skawinie, ul. Sikorskiego 18, 32-050 Skawina",
        ),
        (
            uid(registration, f"session-{panel.pk}"),
            dt.datetime(2030, 1, 17, 11, 15, tzinfo=WARSAW),
            dt.datetime(2030, 1, 17, 12, 45, tzinfo=WARSAW),
            "Klaster Zabłocie 20.22, ul. Zabłocie 22, 30-701 Kraków",
        ),
    ]
    assert [entry.status for entry in found] == ["CONFIRMED"] * 3
    assert found[1].summary == "Wizyta studyjna: biblioteka w Skawinie – Miejsca Otwarte"
    assert "Pociąg z Krakowa Głównego do stacji Skawina" in found[1].description
    [vevent, *_rest] = parse_calendar(content).walk("VEVENT")
    assert str(vevent["ORGANIZER"]) == "mailto:miejscaotwarte@example.org"


def test_calendar_leaves_out_sessions_on_a_waiting_list(
    krakow, mailoutbox, django_capture_on_commit_callbacks
):
    event, visit, panel, _workshop = krakow
    visit.capacity = 1
    visit.save()
    register(event, visit, n=1)

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, visit, panel, n=2).registration

    content, _mimetype = sent_calendar(mailoutbox, "confirmed")
    assert [entry.uid for entry in entries(content)] == [
        uid(registration, "event"),
        uid(registration, f"session-{panel.pk}"),
    ]


def test_a_colleagues_calendar_entries_are_their_own(krakow, mailoutbox, django_capture_on_commit_callbacks):
    event, visit, panel, _workshop = krakow
    RegistrationFormFactory(event=event)
    colleague = person(9, email="", language="en", session_ids=[panel.pk])

    with django_capture_on_commit_callbacks(execute=True):
        result = register(event, visit, attendees=[colleague])

    calendars = [
        [entry.uid for entry in entries(content)]
        for message in mailoutbox
        for _name, content, mimetype in message.attachments
        if mimetype.startswith("text/calendar")
    ]
    [attendee] = result.attendees
    assert sorted(calendars) == sorted(
        [
            [uid(result.registration, "event"), uid(result.registration, f"session-{visit.pk}")],
            [uid(attendee, "event"), uid(attendee, f"session-{panel.pk}")],
        ]
    )


def test_editing_sends_the_same_uids_with_a_higher_sequence_and_cancels_a_dropped_session(
    krakow, mailoutbox, django_capture_on_commit_callbacks
):
    event, visit, panel, workshop = krakow
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, visit, panel).registration
    first = {entry.uid: entry for entry in entries(sent_calendar(mailoutbox, "confirmed")[0])}

    with django_capture_on_commit_callbacks(execute=True):
        services.update_registration(
            registration=registration, person=person(0, language="en", session_ids=[visit.pk, workshop.pk])
        )

    assert EmailLog.objects.filter(registration=registration, kind="updated:1").exists()
    content, mimetype = sent_calendar(mailoutbox, "Registration changed")
    assert mimetype == "text/calendar; method=PUBLISH"
    updated = {entry.uid: entry for entry in entries(content)}
    assert sorted(updated) == sorted(
        [
            uid(registration, "event"),
            uid(registration, f"session-{visit.pk}"),
            uid(registration, f"session-{workshop.pk}"),
            uid(registration, f"session-{panel.pk}"),
        ]
    )
    for key in (uid(registration, "event"), uid(registration, f"session-{visit.pk}")):
        assert updated[key].sequence > first[key].sequence
        assert updated[key].status == "CONFIRMED"
    dropped = updated[uid(registration, f"session-{panel.pk}")]
    assert (dropped.status, dropped.sequence > first[dropped.uid].sequence) == ("CANCELLED", True)


def test_choosing_a_dropped_session_again_puts_it_back(
    krakow, mailoutbox, django_capture_on_commit_callbacks
):
    event, visit, panel, _workshop = krakow
    registration = register(event, visit, panel).registration
    services.update_registration(
        registration=registration, person=person(0, language="en", session_ids=[visit.pk])
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.update_registration(
            registration=registration, person=person(0, language="en", session_ids=[visit.pk, panel.pk])
        )

    registration.refresh_from_db()
    assert registration.withdrawn_calendar_entries == []
    content, _mimetype = sent_calendar(mailoutbox, "Registration changed")
    statuses = {entry.uid: entry.status for entry in entries(content)}
    assert statuses[uid(registration, f"session-{panel.pk}")] == "CONFIRMED"


def test_cancelling_sends_method_cancel_for_every_entry(
    krakow, mailoutbox, django_capture_on_commit_callbacks
):
    event, visit, panel, _workshop = krakow
    registration = register(event, visit, panel).registration
    confirmed = {entry.uid: entry.sequence for entry in entries(_calendar_now(registration))}

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=registration)

    content, mimetype = sent_calendar(mailoutbox, "Registration cancelled")
    assert mimetype == "text/calendar; method=CANCEL"
    calendar = parse_calendar(content)
    assert str(calendar["METHOD"]) == "CANCEL"
    cancelled = entries(content)
    assert sorted(entry.uid for entry in cancelled) == sorted(confirmed)
    assert {entry.status for entry in cancelled} == {"CANCELLED"}
    assert all(entry.sequence > confirmed[entry.uid] for entry in cancelled)
    attendees = {str(vevent["ATTENDEE"]) for vevent in calendar.walk("VEVENT")}
    assert attendees == {f"mailto:{registration.email}"}


def test_cancelling_a_waitlisted_registration_sends_no_calendar(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    register(event, n=1)
    waiting = register(event, n=2).registration
    assert waiting.status == Registration.Status.WAITLISTED

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=waiting)

    [message] = [message for message in mailoutbox if message.to[0].endswith(f"<{waiting.email}>")][-1:]
    assert [a for a in message.attachments if a[2].startswith("text/calendar")] == []


def test_online_meeting_link_is_in_a_confirmed_persons_calendar_only(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(
        title="Spotkanie online", format=Event.Format.ONLINE, online_url=MEETING_URL, capacity=1
    )

    with django_capture_on_commit_callbacks(execute=True):
        register(event, n=1)
        waiting = register(event, n=2).registration

    content, _mimetype = sent_calendar(mailoutbox, "confirmed")
    [entry] = entries(content)
    assert entry.location == MEETING_URL
    assert MEETING_URL in entry.description
    assert MEETING_URL.encode() not in _feed(waiting)


def test_private_feed_follows_the_agenda(client, krakow):
    event, visit, panel, _workshop = krakow
    registration = register(event, visit, panel).registration
    url = _feed_url(registration)
    before = {entry.uid: entry for entry in entries(client.get(url).content)}

    visit.starts_at += dt.timedelta(minutes=30)
    visit.ends_at += dt.timedelta(minutes=30)
    visit.save()
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    calendar = parse_calendar(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Miejsca Otwarte – my schedule"
    after = {entry.uid: entry for entry in entries(response.content)}
    moved = after[uid(registration, f"session-{visit.pk}")]
    assert moved.start == dt.datetime(2030, 1, 16, 15, 30, tzinfo=WARSAW)
    assert moved.sequence > before[moved.uid].sequence


def test_private_feed_of_a_cancelled_registration_marks_every_entry_cancelled(client, krakow):
    event, visit, _panel, _workshop = krakow
    registration = register(event, visit).registration
    services.cancel_registration(registration=registration)

    response = client.get(_feed_url(registration))

    calendar = parse_calendar(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [entry.status for entry in entries(response.content)] == ["CANCELLED", "CANCELLED"]


def test_private_feed_of_an_unknown_link_is_not_found(client):
    response = client.get(reverse("registrations:manage_calendar", kwargs={"token": "x" * 43}))

    assert response.status_code == 404


def _feed_url(registration) -> str:
    return manage_path_for(registration) + "calendar.ics"


def _feed(registration) -> bytes:
    return Client().get(_feed_url(registration)).content


def _calendar_now(registration) -> bytes:
    registration.refresh_from_db()
    return registration_calendar(registration)


def test_manage_page_links_the_private_calendar(client, krakow):
    event, visit, _panel, _workshop = krakow
    registration = register(event, visit).registration

    response = client.get(manage_path_for(registration))

    feed = _feed_url(registration)
    assert f'href="webcal://wydarzenia.example.org{feed}"' in response.content.decode()
    assert f'href="{feed}" download' in response.content.decode()
