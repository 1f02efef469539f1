import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from agenda.models import Session
from events.calendars import event_calendar
from events.models import Event
from tests.calendar_parsing import parse_calendar
from tests.factories import EventFactory, OrganizationFactory, SeriesFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
SECRET_LINK = "https://meet.example.org/secret-room-4f1c"


def _get_calendar(client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return parse_calendar(response.content)


def _only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    (component,) = calendar.walk("VEVENT")
    return component


def _krakow_event(**kwargs) -> Event:
    venue = VenueFactory(
        name="Centrum Kultury", address="ul. Zabłocie 22", postal_code="30-701", city="Kraków"
    )
    defaults = {
        "title": "Konferencja otwartych miejsc",
        "slug": "konferencja-otwartych-miejsc",
        "venue": venue,
        "organization": venue.organization,
        "starts_at": dt.datetime(2027, 11, 29, 9, 0, tzinfo=WARSAW),
        "ends_at": dt.datetime(2027, 11, 30, 17, 0, tzinfo=WARSAW),
    }
    return EventFactory(**{**defaults, **kwargs})


def test_event_ics_has_warsaw_times_and_timezone(client):
    event = _krakow_event()

    calendar = _get_calendar(client, reverse("events:event_ics", kwargs={"slug": event.slug}))

    component = _only_event(calendar)
    assert [timezone.tz_name for timezone in calendar.timezones] == ["Europe/Warsaw"]
    assert component.start == dt.datetime(2027, 11, 29, 9, 0, tzinfo=WARSAW)
    assert component.end == dt.datetime(2027, 11, 30, 17, 0, tzinfo=WARSAW)
    assert component["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert calendar["VERSION"] == "2.0"
    assert str(component["SUMMARY"]) == "Konferencja otwartych miejsc"
    assert str(component["LOCATION"]) == "Centrum Kultury, ul. Zabłocie 22, 30-701 Kraków"
    assert str(component["URL"]) == f"http://testserver.example{event.get_absolute_url()}"
    assert str(component["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in component


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"


def test_event_ics_uid_is_stable_across_requests(client):
    event = _krakow_event()
    url = reverse("events:event_ics", kwargs={"slug": event.slug})

    first = _only_event(_get_calendar(client, url))
    second = _only_event(_get_calendar(client, url))

    assert str(first["UID"]) == f"event-{event.pk}@testserver.example"
    assert str(second["UID"]) == str(first["UID"])


def test_event_ics_sequence_grows_when_start_time_is_edited(client):
    event = _krakow_event()
    url = reverse("events:event_ics", kwargs={"slug": event.slug})
    before = _only_event(_get_calendar(client, url))

    event.starts_at = event.starts_at + dt.timedelta(hours=1)
    event.save()

    after = _only_event(_get_calendar(client, url))
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.start == dt.datetime(2027, 11, 29, 10, 0, tzinfo=WARSAW)


def test_event_sequence_unchanged_by_an_edit_calendars_do_not_show():
    event = _krakow_event()

    event.capacity = 80
    event.save()

    event.refresh_from_db()
    assert event.sequence == 0


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Nowy tytuł"},
        {"ends_at": dt.datetime(2027, 11, 30, 18, 0, tzinfo=WARSAW)},
        {"status": Event.Status.CANCELLED},
        {"venue": "other"},
    ],
    ids=["title", "end", "status", "venue"],
)
def test_event_sequence_grows_with_each_change_a_calendar_shows(change):
    event = _krakow_event()
    if change.get("venue") == "other":
        change = {"venue": VenueFactory(organization=event.organization)}

    for field, value in change.items():
        setattr(event, field, value)
    event.save()

    event.refresh_from_db()
    assert event.sequence == 1


def test_event_sequence_is_stored_when_saving_only_some_fields():
    event = _krakow_event()

    event.starts_at = event.starts_at - dt.timedelta(hours=1)
    event.save(update_fields=["starts_at"])

    event.refresh_from_db()
    assert event.sequence == 1


def test_cancelled_event_ics_says_cancelled(client):
    event = _krakow_event(status=Event.Status.CANCELLED)

    component = _only_event(_get_calendar(client, reverse("events:event_ics", kwargs={"slug": event.slug})))

    assert str(component["STATUS"]) == "CANCELLED"


def test_online_event_ics_says_online_and_hides_the_link(client):
    event = EventFactory(format=Event.Format.ONLINE, venue=None, online_url=SECRET_LINK)

    response = client.get(reverse("events:event_ics", kwargs={"slug": event.slug}))

    component = _only_event(parse_calendar(response.content))
    assert str(component["LOCATION"]) == "Online"
    assert b"secret-room-4f1c" not in response.content


def test_hybrid_event_ics_gives_address_and_online():
    event = _krakow_event(format=Event.Format.HYBRID, online_url=SECRET_LINK)

    component = _only_event(parse_calendar(event_calendar(event)))

    assert str(component["LOCATION"]) == "Centrum Kultury, ul. Zabłocie 22, 30-701 Kraków / Online"
    assert b"secret-room-4f1c" not in event_calendar(event)


def test_draft_event_ics_is_not_found(client):
    event = EventFactory(status=Event.Status.DRAFT)

    response = client.get(reverse("events:event_ics", kwargs={"slug": event.slug}))

    assert response.status_code == 404


def test_session_ics_uses_the_study_visit_address(client):
    event = _krakow_event()
    visit_venue = VenueFactory(name="Dom Sąsiedzki", address="ul. Krowoderska 5", postal_code="31-141")
    session = SessionFactory(
        event=event,
        kind=Session.Kind.STUDY_VISIT,
        title="Wizyta studyjna",
        venue=visit_venue,
        starts_at=dt.datetime(2027, 11, 29, 11, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2027, 11, 29, 13, 0, tzinfo=WARSAW),
    )
    url = reverse("events:session_ics", kwargs={"slug": event.slug, "pk": session.pk})

    component = _only_event(_get_calendar(client, url))

    assert str(component["UID"]) == f"session-{session.pk}@testserver.example"
    assert str(component["SUMMARY"]) == "Wizyta studyjna – Konferencja otwartych miejsc"
    assert str(component["LOCATION"]) == "Dom Sąsiedzki, ul. Krowoderska 5, 31-141 Kraków"
    assert component.start == dt.datetime(2027, 11, 29, 11, 0, tzinfo=WARSAW)
    assert str(component["URL"]) == f"http://testserver.example{session.get_absolute_url()}"


def test_session_ics_sequence_grows_when_the_session_moves(client):
    event = _krakow_event()
    session = SessionFactory(event=event)
    url = reverse("events:session_ics", kwargs={"slug": event.slug, "pk": session.pk})
    before = _only_event(_get_calendar(client, url))

    session.starts_at += dt.timedelta(minutes=30)
    session.ends_at += dt.timedelta(minutes=30)
    session.save()

    after = _only_event(_get_calendar(client, url))
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1


def test_session_ics_of_another_event_is_not_found(client):
    session = SessionFactory()
    other = EventFactory()

    response = client.get(reverse("events:session_ics", kwargs={"slug": other.slug, "pk": session.pk}))

    assert response.status_code == 404


def test_events_feed_lists_published_upcoming_and_recent_events(client):
    upcoming = EventFactory()
    recent = EventFactory(
        starts_at=dt.datetime.now(WARSAW) - dt.timedelta(days=10),
        ends_at=dt.datetime.now(WARSAW) - dt.timedelta(days=10) + dt.timedelta(hours=3),
    )
    EventFactory(
        starts_at=dt.datetime.now(WARSAW) - dt.timedelta(days=400),
        ends_at=dt.datetime.now(WARSAW) - dt.timedelta(days=400) + dt.timedelta(hours=3),
    )
    EventFactory(status=Event.Status.DRAFT)

    calendar = _get_calendar(client, reverse("events:events_feed"))

    uids = [str(component["UID"]) for component in calendar.walk("VEVENT")]
    assert uids == [f"event-{recent.pk}@testserver.example", f"event-{upcoming.pk}@testserver.example"]
    assert [timezone.tz_name for timezone in calendar.timezones] == ["Europe/Warsaw"]
    assert "NAME" in calendar


def test_empty_events_feed_is_still_a_valid_calendar(client):
    calendar = _get_calendar(client, reverse("events:events_feed"))

    assert calendar.walk("VEVENT") == []


def test_organization_feed_lists_only_its_events(client):
    organization = OrganizationFactory()
    own = EventFactory(organization=organization)
    EventFactory()

    calendar = _get_calendar(client, reverse("events:organization_feed", kwargs={"slug": organization.slug}))

    assert [str(component["UID"]) for component in calendar.walk("VEVENT")] == [
        f"event-{own.pk}@testserver.example"
    ]


def test_series_feed_lists_its_events(client):
    series = SeriesFactory()
    first = EventFactory(series=series, organization=series.organization)
    EventFactory()

    calendar = _get_calendar(client, reverse("events:series_feed", kwargs={"slug": series.slug}))

    assert [str(component["UID"]) for component in calendar.walk("VEVENT")] == [
        f"event-{first.pk}@testserver.example"
    ]
    assert str(calendar["X-WR-CALNAME"]) == series.title


def test_feed_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for _number in range(5):
        EventFactory(format=Event.Format.HYBRID)

    with django_assert_num_queries(1):
        response = client.get(reverse("events:events_feed"))

    assert len(parse_calendar(response.content).walk("VEVENT")) == 5
