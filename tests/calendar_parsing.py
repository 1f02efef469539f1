"""Every calendar file in the tests is read by two independent parsers that must agree.

icalendar is the library that writes the files, so a second reader, `ical` (a strict RFC 5545 parser
built on its own model), makes sure a file is not only readable by the code that wrote it.
"""

from dataclasses import dataclass

import icalendar
from ical.calendar_stream import IcsCalendarStream


@dataclass(frozen=True)
class Entry:
    """One VEVENT as both parsers read it."""

    uid: str
    sequence: int
    start: object
    end: object
    summary: str
    location: str
    status: str
    description: str


def parse_calendar(content: bytes | str) -> icalendar.Calendar:
    """The calendar as icalendar reads it, after checking that `ical` reads the same entries."""
    text = content.decode() if isinstance(content, bytes) else content
    calendar = icalendar.Calendar.from_ical(text)
    strict = IcsCalendarStream.calendar_from_ics(text)
    assert (strict.method or "") == str(calendar.get("METHOD", ""))
    assert _entries_of_icalendar(calendar) == _entries_of_ical(strict)
    return calendar


def entries(content: bytes | str) -> list[Entry]:
    """The VEVENTs of a calendar file in file order, checked by both parsers."""
    return _entries_of_icalendar(parse_calendar(content))


def _entries_of_icalendar(calendar: icalendar.Calendar) -> list[Entry]:
    return [
        Entry(
            uid=str(component["UID"]),
            sequence=int(component.get("SEQUENCE", 0)),
            start=component.start,
            end=component.end,
            summary=str(component.get("SUMMARY", "")),
            location=str(component.get("LOCATION", "")),
            status=str(component.get("STATUS", "")),
            description=str(component.get("DESCRIPTION", "")),
        )
        for component in calendar.walk("VEVENT")
    ]


def _entries_of_ical(calendar) -> list[Entry]:
    return [
        Entry(
            uid=event.uid,
            sequence=event.sequence or 0,
            start=event.dtstart,
            end=event.dtend,
            summary=event.summary or "",
            location=event.location or "",
            status=event.status.value if event.status else "",
            description=event.description or "",
        )
        for event in calendar.events
    ]
