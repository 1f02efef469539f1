"""One person's own calendar: the event and the sessions they hold, for the e-mails and the private feed.

The file itself is written by events.calendars; this module decides what goes into it: only a confirmed
person's entries, the meeting link only for them, and the entries they dropped or lost as cancelled.
"""

from collections.abc import Sequence
from email.utils import parseaddr

from django.conf import settings
from django.utils.translation import gettext as _

from agenda.models import Session
from events.calendars import PersonalCalendar, personal_calendar
from registrations.models import Registration, SessionSeat

EVENT_ENTRY = "event"


def session_entry(session_id: int) -> str:
    return f"session:{session_id}"


def withdrawn_after_change(
    registration: Registration, *, dropped: Sequence[SessionSeat], kept_session_ids: Sequence[int]
) -> list[str]:
    """The withdrawn entries once `dropped` seats are given up and `kept_session_ids` are (again) chosen.

    Only a confirmed person's confirmed seats were ever in their calendar, so only those need cancelling.
    """
    entries = set(registration.withdrawn_calendar_entries)
    entries -= {session_entry(session_id) for session_id in kept_session_ids}
    if registration.status == Registration.Status.CONFIRMED:
        entries |= {
            session_entry(seat.session_id) for seat in dropped if seat.status == SessionSeat.Status.CONFIRMED
        }
    return sorted(entries)


def withdrawn_at_end(registration: Registration, *, seats: Sequence[SessionSeat]) -> list[str]:
    """The withdrawn entries when the registration ends: everything a confirmed person held."""
    if registration.status != Registration.Status.CONFIRMED:
        return list(registration.withdrawn_calendar_entries)
    return sorted(
        set(withdrawn_after_change(registration, dropped=seats, kept_session_ids=())) | {EVENT_ENTRY}
    )


def has_calendar(registration: Registration) -> bool:
    """A person's calendar exists while they are confirmed, and after that if they held entries."""
    return registration.status == Registration.Status.CONFIRMED or bool(
        registration.withdrawn_calendar_entries
    )


def registration_calendar(
    registration: Registration, *, seats: Sequence[SessionSeat] | None = None, feed: bool = False
) -> bytes:
    """The person's calendar as it is now; METHOD:CANCEL once the registration has ended.

    `seats`: the registration's seats with their sessions, when the caller has read them already.
    `feed`: the subscription form (a name and a refresh interval; never METHOD:CANCEL, which a
    subscribed calendar would not understand, but every entry marked cancelled).
    """
    event = registration.event
    confirmed = registration.status == Registration.Status.CONFIRMED
    if seats is None:
        seats = registration.seats.select_related("session__venue")
    sessions = (
        [seat.session for seat in seats if seat.status == SessionSeat.Status.CONFIRMED] if confirmed else []
    )
    for session in sessions:
        session.event = event
    withdrawn = _withdrawn_sessions(registration, exclude=[session.pk for session in sessions])
    ended = not registration.is_active
    calendar = PersonalCalendar(
        event=event,
        uid_prefix=f"registration-{registration.public_id}",
        revision=registration.calendar_revision,
        organizer_name=event.organization.name,
        organizer_email=event.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        sessions=[] if ended else sessions,
        withdrawn=withdrawn,
        online_url=event.online_url if confirmed and event.is_online else "",
        name=_("%(event)s – my schedule") % {"event": event.title} if feed else "",
    )
    if ended:
        attendee = None if feed else (registration.full_name, _recipient(registration))
        return personal_calendar(calendar, cancel=not feed, ended=True, attendee=attendee)
    return personal_calendar(calendar)


def _withdrawn_sessions(registration: Registration, *, exclude: Sequence[int]) -> list[Session]:
    ids = [
        int(entry.partition(":")[2])
        for entry in registration.withdrawn_calendar_entries
        if entry.startswith("session:")
    ]
    ids = sorted(set(ids) - set(exclude))
    if not ids:
        return []
    sessions = list(Session.objects.filter(pk__in=ids, event=registration.event_id).select_related("venue"))
    for session in sessions:
        session.event = registration.event
    return sessions


def _recipient(registration: Registration) -> str:
    from mail.outbox import recipient_for

    return recipient_for(registration)
