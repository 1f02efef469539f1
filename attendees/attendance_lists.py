"""Attendance lists (lista obecności) as A4 PDF for grant reporting, one list per day or per session."""

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation

from agenda.models import Session
from attendees.checkin import event_days
from attendees.models import Attendance
from events.models import Event, EventPartner
from registrations.models import Registration, SessionSeat
from registrations.selectors import confirmed_on_day

# Polish alphabetical order first (ą after a, ł after l …), Ukrainian Cyrillic after Latin letters.
_ALPHABET = "aąbcćdeęfghijklłmnńoóprqsśtuvwxyzźżабвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}


def collation_key(text: str) -> tuple:
    """A sort key that orders Polish and Ukrainian names the way readers of those languages expect."""
    text = unicodedata.normalize("NFC", text).casefold()
    return tuple(_RANK.get(char, len(_RANK) + ord(char)) for char in text)


def person_key(registration: Registration) -> tuple:
    return collation_key(registration.last_name), collation_key(registration.first_name), registration.pk


@dataclass
class AttendanceList:
    title: str
    subtitle: str
    people: list[Registration]
    present: dict[int, dt.datetime] = field(default_factory=dict)


def _people(event: Event, session: Session | None, *, day: dt.date | None = None) -> list[Registration]:
    if day is not None:
        registrations = confirmed_on_day(event=event, day=day)
    else:
        registrations = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    if session is not None:
        registrations = registrations.filter(
            seats__session=session, seats__status=SessionSeat.Status.CONFIRMED
        )
    return sorted(registrations.select_related("organization").distinct(), key=person_key)


def _present(event: Event, *, day: dt.date | None, session: Session | None) -> dict[int, dt.datetime]:
    attendances = Attendance.objects.filter(registration__event=event)
    attendances = (
        attendances.filter(session=session) if session else attendances.filter(session=None, day=day)
    )
    return {a.registration_id: timezone.localtime(a.checked_in_at) for a in attendances}


def build_lists(
    *, event: Event, session: Session | None = None, day: dt.date | None = None, show_attendance: bool = False
) -> list[AttendanceList]:
    """One list for a session, one for a chosen day, or one per day of the event."""
    if session is not None:
        start = timezone.localtime(session.starts_at)
        lists = [
            AttendanceList(
                title=session.title,
                subtitle=f"{start:%d.%m.%Y %H:%M}–{timezone.localtime(session.ends_at):%H:%M}",
                people=_people(event, session),
                present=_present(event, day=None, session=session) if show_attendance else {},
            )
        ]
        return lists
    days = [day] if day else event_days(event)
    return [
        AttendanceList(
            title=event.title,
            subtitle=f"{each:%d.%m.%Y}",
            people=_people(event, None, day=each),
            present=_present(event, day=each, session=None) if show_attendance else {},
        )
        for each in days
    ]


def _place(event: Event, session: Session | None) -> str:
    venue = (session.venue if session and session.venue_id else None) or event.venue
    if venue is None:
        return str(event.get_format_display())
    return ", ".join(part for part in (venue.name, venue.full_address) if part)


def render_html(
    *,
    event: Event,
    session: Session | None = None,
    day: dt.date | None = None,
    blank_rows: int = 0,
    show_attendance: bool = False,
) -> str:
    partners = list(event.partners.select_related("organization"))
    funders = [p for p in partners if p.role == EventPartner.Role.FUNDER]
    co_organizers = [p for p in partners if p.role == EventPartner.Role.CO_ORGANIZER]
    lists = build_lists(event=event, session=session, day=day, show_attendance=show_attendance)
    context = {
        "event": event,
        "session": session,
        "place": _place(event, session),
        "organizers": [event.organization.name, *(p.organization.name for p in co_organizers)],
        "funders": [" – ".join(filter(None, (p.organization.name, p.note))) for p in funders],
        "lists": [
            {
                "list": each,
                "rows": [(person, each.present.get(person.pk)) for person in each.people],
                "blank_rows": range(len(each.people) + 1, len(each.people) + 1 + blank_rows),
            }
            for each in lists
        ],
        "show_attendance": show_attendance,
    }
    return render_to_string("admin/registrations/attendance_list_pdf.html", context)


def attendance_list_pdf(
    *,
    event: Event,
    session: Session | None = None,
    day: dt.date | None = None,
    blank_rows: int = 0,
    show_attendance: bool = False,
    language: str | None = None,
) -> bytes:
    """The PDF bytes; fonts and styles come from the template, nothing is fetched from the network."""
    with translation.override(language or translation.get_language()):
        html = render_html(
            event=event, session=session, day=day, blank_rows=blank_rows, show_attendance=show_attendance
        )
    # Imported here: WeasyPrint loads Pango when imported, and only this function needs it.
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url, *args, **kwargs):
    raise ValueError("attendance lists load no external resources")
