"""iCalendar (RFC 5545) files for events and sessions: the downloads, the feeds and e-mail attachments.

Every calendar is built here so that all of them agree on UIDs, SEQUENCE, times and places. The online
meeting link is secret: public calendars say "Online"; only a confirmed person's own calendar carries it.

A person's own calendar (`personal_calendar`) has UIDs of its own, so that a contact who registered a
colleague holds two entries that change or cancel apart, and its SEQUENCE adds the registration's own
revision to the event's, so an edit, a cancellation and an agenda change all replace the earlier copy.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from agenda.models import Session

from .models import Event, Venue

PRODID = "-//Refugee support events portal//NONSGML v1.0//EN"


def absolute_url(path: str) -> str:
    """The canonical address of a page, from settings.SITE_URL and never from the request's Host."""
    return f"{settings.SITE_URL}{path}"


def calendar_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{calendar_host()}"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@{calendar_host()}"


def venue_location(venue: Venue) -> str:
    return ", ".join(part for part in (venue.name, venue.full_address) if part)


def event_location(event: Event) -> str:
    """The place as text: the venue's address, "Online", or both for a hybrid event."""
    online = gettext("Online")
    if event.format == Event.Format.ONLINE or not event.venue_id:
        return online if event.is_online else ""
    place = venue_location(event.venue)
    return f"{place} / {online}" if event.format == Event.Format.HYBRID else place


def session_location(session: Session) -> str:
    if session.venue_id:
        return venue_location(session.venue)
    return event_location(session.event)


@dataclass(frozen=True)
class PersonalCalendar:
    """What one person's calendar holds: their event, their confirmed sessions, the entries they dropped.

    `uid_prefix` tells this person's entries apart from everyone else's; `revision` grows with each change
    of the registration; `withdrawn` are sessions whose entries were sent earlier and are cancelled now.
    """

    event: Event
    uid_prefix: str
    revision: int
    organizer_name: str
    organizer_email: str
    sessions: Sequence[Session] = ()
    withdrawn: Sequence[Session] = ()
    online_url: str = ""
    name: str = ""


def personal_calendar(
    calendar: PersonalCalendar,
    *,
    cancel: bool = False,
    ended: bool = False,
    attendee: tuple[str, str] | None = None,
) -> bytes:
    """A person's own calendar: METHOD:PUBLISH with the event and each chosen session at its own place.

    Withdrawn sessions are listed as cancelled, so a calendar program drops them when it reads the file.
    `ended`: every entry is cancelled (the registration ended); `cancel` says so as METHOD:CANCEL, with
    `attendee` (name, e-mail) naming who is removed, as RFC 5546 asks of a CANCEL.
    """
    document = _new_calendar(method="CANCEL" if cancel else "PUBLISH")
    if calendar.name:
        document.add("name", calendar.name)
        document.add("x-wr-calname", calendar.name)
        document.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        document.add("x-published-ttl", "PT1H")
    ended = ended or cancel
    entries = [(_event_component(calendar.event, personal=calendar), ended)]
    entries += [(_session_component(session, personal=calendar), ended) for session in calendar.sessions]
    entries += [(_session_component(session, personal=calendar), True) for session in calendar.withdrawn]
    for component, cancelled in entries:
        component.add(
            "organizer", f"mailto:{calendar.organizer_email}", parameters=_cn(calendar.organizer_name)
        )
        if cancelled:
            component["status"] = icalendar.vText("CANCELLED")
        if cancel and attendee is not None:
            name, email = attendee
            component.add("attendee", f"mailto:{email}", parameters=_cn(name))
        document.add_component(component)
    return _serialize(document)


def personal_event_uid(calendar: PersonalCalendar) -> str:
    return f"{calendar.uid_prefix}-event@{calendar_host()}"


def personal_session_uid(calendar: PersonalCalendar, session: Session) -> str:
    return f"{calendar.uid_prefix}-session-{session.pk}@{calendar_host()}"


def _cn(name: str) -> dict[str, str]:
    # A parameter value cannot hold a double quote or a line break; organizer-typed names may.
    cleaned = " ".join(name.replace('"', "'").split())
    return {"CN": cleaned} if cleaned else {}


def event_calendar(event: Event) -> bytes:
    """One event as a calendar file (the .ics download and the e-mail attachment)."""
    calendar = _new_calendar()
    calendar.add_component(_event_component(event))
    return _serialize(calendar)


def session_calendar(session: Session) -> bytes:
    """One session as a calendar file; `session.event` is read too."""
    calendar = _new_calendar()
    calendar.add_component(_session_component(session))
    return _serialize(calendar)


def feed_calendar(events: Iterable[Event], *, name: str = "") -> bytes:
    """A subscription feed: many events, one VEVENT each (select_related venue for a fixed query count)."""
    calendar = _new_calendar()
    calendar_name = name or gettext("Refugee support events")
    calendar.add("name", calendar_name)
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for event in events:
        calendar.add_component(_event_component(event))
    return _serialize(calendar)


def _new_calendar(*, method: str = "PUBLISH") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _serialize(calendar: icalendar.Calendar) -> bytes:
    components = calendar.walk("VEVENT")
    if components:
        # The VTIMEZONE covers the calendar's own years only, which keeps it a few lines long.
        first = min(component.start for component in components).date().replace(month=1, day=1)
        last = max(component.end for component in components).date().replace(month=12, day=31)
        calendar.add_missing_timezones(first_date=first - dt.timedelta(days=1), last_date=last)
    return calendar.to_ical()


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE))


def _base_component(
    *, uid: str, summary: str, starts_at, ends_at, updated_at, created_at, sequence: int
) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", uid)
    component.add("dtstamp", updated_at.astimezone(dt.UTC))
    component.add("created", created_at.astimezone(dt.UTC))
    component.add("last-modified", updated_at.astimezone(dt.UTC))
    component.add("sequence", sequence)
    component.add("summary", summary)
    component.add("dtstart", _local(starts_at))
    component.add("dtend", _local(ends_at))
    return component


def _event_component(event: Event, *, personal: PersonalCalendar | None = None) -> icalendar.Event:
    component = _base_component(
        uid=personal_event_uid(personal) if personal else event_uid(event),
        summary=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        updated_at=event.updated_at,
        created_at=event.created_at,
        sequence=event.sequence + (personal.revision if personal else 0),
    )
    online_url = personal.online_url if personal else ""
    location = event_location(event)
    if online_url and _online_only(event):
        location = online_url
    _add_common(component, event=event, location=location, venue=event.venue)
    url = absolute_url(event.get_absolute_url())
    component.add("url", url)
    directions = event.venue.directions if personal and event.venue_id and not _online_only(event) else ""
    component.add(
        "description", _description(event.summary, event, url, online_url=online_url, directions=directions)
    )
    return component


def _session_component(session: Session, *, personal: PersonalCalendar | None = None) -> icalendar.Event:
    event = session.event
    component = _base_component(
        uid=personal_session_uid(personal, session) if personal else session_uid(session),
        summary=f"{session.title} – {event.title}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        updated_at=max(session.updated_at, event.updated_at),
        created_at=session.created_at,
        sequence=event.sequence + (personal.revision if personal else 0),
    )
    venue = session.venue if session.venue_id else event.venue
    online_url = personal.online_url if personal and not session.venue_id else ""
    location = session_location(session)
    if online_url and _online_only(event):
        location = online_url
    _add_common(component, event=event, location=location, venue=venue)
    url = absolute_url(session.get_absolute_url())
    component.add("url", url)
    # A person's own calendar tells how to get to a session held elsewhere, e.g. a study visit.
    directions = session.venue.directions if personal and session.venue_id else ""
    component.add(
        "description", _description(event.title, event, url, online_url=online_url, directions=directions)
    )
    return component


def _online_only(event: Event) -> bool:
    return event.format == Event.Format.ONLINE


def _add_common(component: icalendar.Event, *, event: Event, location: str, venue: Venue | None) -> None:
    cancelled = event.status == Event.Status.CANCELLED
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    component.add("transp", "OPAQUE")
    if location:
        component.add("location", location)
    if venue is not None and venue.latitude is not None and venue.longitude is not None:
        component.add("geo", (float(venue.latitude), float(venue.longitude)))


def _description(lead: str, event: Event, url: str, *, online_url: str = "", directions: str = "") -> str:
    lines = [lead] if lead else []
    if event.status == Event.Status.CANCELLED:
        lines.insert(0, gettext("This event has been cancelled."))
    if directions:
        lines.append(directions)
    if online_url:
        lines.append(gettext("Online meeting link: %(url)s") % {"url": online_url})
    elif event.is_online:
        lines.append(gettext("The link to the online meeting is sent to confirmed participants."))
    lines.append(url)
    return "\n\n".join(lines)
