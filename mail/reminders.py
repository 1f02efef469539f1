"""Reminders before events and chosen sessions, and the organizers' daily digest.

Both scans only write outbox rows; the unique (registration, kind) constraint makes a second scan running
at the same time (two beats, a manual run) a no-op for rows already written.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from events.models import Event
from mail.outbox import queue_email, queue_emails, queue_event_email
from registrations.models import Registration, SessionSeat

logger = logging.getLogger(__name__)

# Rows written per transaction; a concurrent scan waits for one batch at most.
REMINDER_BATCH_SIZE = 200


def due_offset(event: Event, *, now: dt.datetime) -> int | None:
    """The reminder offset (hours) whose time has come and is the latest so far; None before the first.

    When several are due at once (the scan did not run for days), only the nearest to the start is sent:
    a "one week before" message arriving the day before would mislead.
    """
    due = [hours for hours in event.reminder_offsets if reminder_due_at(event.starts_at, hours) <= now]
    return min(due) if due else None


def reminder_due_at(starts_at: dt.datetime, hours: int) -> dt.datetime:
    """`hours` before the start on the local wall clock: "24" is the same local hour the day before,
    also across a daylight-saving change."""
    local = timezone.localtime(starts_at).replace(tzinfo=None)
    return timezone.make_aware(local - dt.timedelta(hours=hours))


def reminder_kind(hours: int, session_id: int | None = None) -> str:
    return f"reminder:{hours}:session:{session_id}" if session_id else f"reminder:{hours}"


def queue_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue every reminder whose time has come; returns how many rows were written."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(hours=max(_all_offsets(), default=0))
    # Events under way are scanned too: a study visit on the second day has its own reminder.
    events = Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__gt=now, starts_at__lte=horizon)
    queued = 0
    for event in events.select_related("venue").order_by("pk"):
        hours = due_offset(event, now=now) if event.starts_at > now else None
        if hours is not None:
            queued += _queue_event_reminders(event, hours)
        queued += _queue_session_reminders(event, now=now)
    return queued


def _all_offsets() -> list[int]:
    from django.conf import settings

    offsets = list(settings.REMINDER_OFFSETS_HOURS)
    for value in (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .exclude(reminder_offsets_hours="")
        .values_list("reminder_offsets_hours", flat=True)
    ):
        offsets += [int(hours) for hours in value.split(",") if hours.strip()]
    return offsets


def _queue_event_reminders(event: Event, hours: int) -> int:
    kind = reminder_kind(hours)
    due_at = reminder_due_at(event.starts_at, hours)
    # A reminder whose time had passed when the person registered is not sent: the confirmation was enough.
    registrations = (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED, created_at__lt=due_at)
        .exclude(emails__kind=kind)
        .select_related("registered_by")
        .order_by("pk")
    )
    return _queue_all(registrations, kind)


def _queue_session_reminders(event: Event, *, now: dt.datetime) -> int:
    """A chosen session held elsewhere or on another day than the event starts gets its own reminder,
    at the event's nearest offset before the session."""
    offsets = event.reminder_offsets
    if not offsets:
        return 0
    hours = min(offsets)
    start_day = timezone.localdate(event.starts_at)
    seats = (
        SessionSeat.objects.filter(
            registration__event=event,
            registration__status=Registration.Status.CONFIRMED,
            status=SessionSeat.Status.CONFIRMED,
            session__starts_at__gt=now,
            session__starts_at__lte=now + dt.timedelta(hours=hours + 2),
        )
        .select_related("session", "registration", "registration__registered_by")
        .order_by("registration_id", "session_id")
    )
    queued = 0
    for seat in seats:
        session = seat.session
        if timezone.localdate(session.starts_at) == start_day and session.venue_id in (None, event.venue_id):
            continue
        due_at = reminder_due_at(session.starts_at, hours)
        if due_at > now or seat.created_at >= due_at:
            continue
        kind = reminder_kind(hours, session.pk)
        with transaction.atomic():
            if queue_email(registration=seat.registration, kind=kind):
                queued += 1
    return queued


def _queue_all(registrations, kind: str) -> int:
    # Read first, then write in batches: the query is not left open while its own table changes.
    registrations = list(registrations)
    queued = 0
    for start in range(0, len(registrations), REMINDER_BATCH_SIZE):
        queued += queue_emails(registrations=registrations[start : start + REMINDER_BATCH_SIZE], kind=kind)
    if queued:
        logger.info("Queued %d reminders %s", queued, kind)
    return queued


def queue_organizer_digests(*, now: dt.datetime | None = None) -> int:
    """Yesterday's new registrations, one message per event to its contact address ("digest:<date>")."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=1)
    events = (
        Event.objects.exclude(contact_email="")
        .filter(registrations__created_at__gte=since, registrations__created_at__lt=now, ends_at__gte=since)
        .distinct()
        .order_by("pk")
    )
    kind = f"digest:{timezone.localdate(now).isoformat()}"
    queued = 0
    for event in events:
        with transaction.atomic():
            if queue_event_email(event=event, recipient=event.contact_email, kind=kind):
                queued += 1
    return queued
