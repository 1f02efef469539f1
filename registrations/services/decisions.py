"""The organizers' decisions on one registration: approve it, decline it, send its confirmation again."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mail.models import EmailLog
from mail.outbox import queue_email, requeue_email
from registrations.models import (
    Registration,
)
from registrations.services import capacity, waitlist
from registrations.services.errors import (
    EventFull,
    InvalidTransition,
)

Status = Registration.Status


def approve_registration(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """An organizer accepts a pending registration: it gets a seat if one is free, else the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        event = capacity.lock_event(registration.event_id)
        registration = capacity.lock_registration(registration.pk)
        if registration.status != Status.PENDING:
            raise InvalidTransition(_("Only registrations awaiting approval can be approved."))
        full = event.capacity is not None and capacity.event_seats_held(event) >= event.capacity
        if full:
            if not event.waitlist_enabled:
                raise EventFull(_("This event is full."))
            registration.status = Status.WAITLISTED
            registration.waitlist_position = capacity.next_event_position(event)
        else:
            registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "waitlist_position", "updated_at"])
        if registration.status == Status.CONFIRMED:
            waitlist.seat_requested_sessions(registration, event)
        queue_email(registration=registration, kind="approved")
        return registration


def decline_registration(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """An organizer declines a registration; any seat it held passes to the next person waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        event = capacity.lock_event(registration.event_id)
        registration = capacity.lock_registration(registration.pk)
        if not registration.is_active:
            raise InvalidTransition(_("This registration is no longer active."))
        waitlist.release(registration, event, status=Status.DECLINED, now=now)
        queue_email(registration=registration, kind="declined")
        return registration


def resend_confirmation(*, registration: Registration) -> bool:
    """Send the confirmation e-mail again, reflecting the registration as it is now.

    The outbox keeps one "registered" row per registration, so that row is queued again (or written, if
    the registration never had one). Returns False when the person has no address to write to.
    """
    with transaction.atomic():
        registration = capacity.lock_registration(registration.pk)
        log = EmailLog.objects.filter(registration=registration, kind="registered").first()
        if log is not None:
            return requeue_email(log)
        return queue_email(registration=registration, kind="registered") is not None
