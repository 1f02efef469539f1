"""Waiting lists and offers: who moves up when a place frees, and seats offered for a limited time.

Every function here runs inside the caller's transaction, under the locks of registrations.services.capacity,
or takes them itself (the public ones). E-mails go to the outbox in the same transaction.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import Session
from events.models import Event
from mail.outbox import queue_email
from registrations import calendars
from registrations.models import Registration, SessionSeat
from registrations.services import capacity
from registrations.services.errors import InvalidTransition, OfferNotAvailable

logger = logging.getLogger(__name__)

Status = Registration.Status
SeatStatus = SessionSeat.Status

# Positions are moved above this offset and back in two UPDATEs, so the unique index never sees a clash.
POSITION_SHIFT_OFFSET = 1_000_000_000


def shift_positions_down(queryset: QuerySet, field_name: str, *, above: int, by: int) -> None:
    """Close a gap in a waiting list: everyone behind `above` moves `by` places forward."""
    if by <= 0:
        return
    behind = queryset.filter(**{f"{field_name}__gt": above})
    behind.update(**{field_name: F(field_name) + POSITION_SHIFT_OFFSET})
    queryset.filter(**{f"{field_name}__gt": POSITION_SHIFT_OFFSET}).update(
        **{field_name: F(field_name) - POSITION_SHIFT_OFFSET - by}
    )


def seat_requested_sessions(registration: Registration, event: Event) -> None:
    """A person who has just got an event seat now takes (or queues for) the sessions they chose."""
    requested = list(registration.seats.filter(status=SeatStatus.REQUESTED))
    if not requested:
        return
    sessions = capacity.lock_sessions(seat.session_id for seat in requested)
    SessionSeat.objects.filter(pk__in=[seat.pk for seat in requested]).delete()
    capacity.place_in_sessions([(registration, list(sessions.values()))], waitlist=True)


def _offer_deadline(event: Event, now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(hours=event.offer_hours)


def fill_event(event: Event, *, now: dt.datetime) -> list[Registration]:
    """Give free event seats to the first people on the waiting list, in order."""
    waiting = Registration.objects.filter(event=event, status=Status.WAITLISTED)
    free = waiting.count() if event.capacity is None else event.capacity - capacity.event_seats_held(event)
    promoted = _promote_from_waitlist(waiting, "waitlist_position", free=free, event=event, now=now)
    for registration in promoted:
        if registration.status == Status.CONFIRMED:
            seat_requested_sessions(registration, event)
        kind = "offered" if registration.status == Status.OFFERED else "promoted"
        queue_email(registration=registration, kind=kind)
    return promoted


def fill_session(session: Session, event: Event, *, now: dt.datetime) -> list[SessionSeat]:
    """Give free seats of a session to the first people on its waiting list, in order."""
    # Each promoted person is written to: their registration comes with the locked seat.
    waiting = SessionSeat.objects.filter(session=session, status=SeatStatus.WAITLISTED).select_related(
        "registration"
    )
    free = (
        waiting.count()
        if session.capacity is None
        else session.capacity - capacity.session_seats_held(session)
    )
    promoted = _promote_from_waitlist(waiting, "position", free=free, event=event, now=now)
    for seat in promoted:
        kind = "offered" if seat.status == SeatStatus.OFFERED else "promoted"
        queue_email(registration=seat.registration, kind=f"{kind}:session:{session.pk}")
    return promoted


def _promote_from_waitlist[Row: (Registration, SessionSeat)](
    waiting: QuerySet[Row], position_field: str, *, free: int, event: Event, now: dt.datetime
) -> list[Row]:
    """Move the first `free` people of a waiting list up (confirmed, or offered) and close the gap.

    Serves the event's list (Registration rows) and each session's (SessionSeat rows) alike.
    """
    if free <= 0:
        return []
    locked = waiting.order_by(position_field).select_for_update(of=("self",))
    promoted = list(locked[:free])
    if not promoted:
        return []
    last_position = getattr(promoted[-1], position_field)
    offer = event.promotion_mode == Event.Promotion.OFFER
    for row in promoted:
        setattr(row, position_field, None)
        row.status = row.Status.OFFERED if offer else row.Status.CONFIRMED
        row.offer_expires_at = _offer_deadline(event, now) if offer else None
        row.save(update_fields=["status", position_field, "offer_expires_at", "updated_at"])
    shift_positions_down(waiting, position_field, above=last_position, by=last_position)
    return promoted


def leave_session(seat: SessionSeat, session: Session, event: Event, *, now: dt.datetime) -> None:
    held = seat.status in SeatStatus.holding()
    position = seat.position
    seat.delete()
    if position:
        shift_positions_down(
            SessionSeat.objects.filter(session=session, status=SeatStatus.WAITLISTED),
            "position",
            above=position,
            by=1,
        )
    if held:
        fill_session(session, event, now=now)


def release(registration: Registration, event: Event, *, status: str, now: dt.datetime) -> None:
    """End a registration: free its event seat and session seats and pass them to the waiting lists."""
    held_event_seat = registration.status in Status.holding()
    old_position = registration.waitlist_position
    seats = list(registration.seats.all())
    sessions = capacity.lock_sessions(seat.session_id for seat in seats)
    registration.withdrawn_calendar_entries = calendars.withdrawn_at_end(registration, seats=seats)
    registration.calendar_revision += 1
    registration.status = status
    registration.waitlist_position = None
    registration.offer_expires_at = None
    if status == Status.CANCELLED:
        registration.cancelled_at = now
    registration.save()
    if old_position:
        shift_positions_down(
            Registration.objects.filter(event=event, status=Status.WAITLISTED),
            "waitlist_position",
            above=old_position,
            by=1,
        )
    for seat in sorted(seats, key=lambda seat: seat.session_id):
        leave_session(seat, sessions[seat.session_id], event, now=now)
    if held_event_seat:
        fill_event(event, now=now)


def confirm_from_waitlist(*, registration: Registration, by=None) -> Registration:
    """An organizer confirms a waitlisted person now, even over capacity: their decision, not the queue's.

    Everyone behind moves one place forward; the person takes (or queues for) the sessions they chose.
    Side effects: outbox row "promoted".
    """
    with transaction.atomic():
        event = capacity.lock_event(registration.event_id)
        registration = capacity.lock_registration(registration.pk)
        if registration.status != Status.WAITLISTED:
            raise InvalidTransition(_("Only registrations on the waiting list can be confirmed from it."))
        old_position = registration.waitlist_position
        registration.status = Status.CONFIRMED
        registration.waitlist_position = None
        registration.save(update_fields=["status", "waitlist_position", "updated_at"])
        if old_position:
            shift_positions_down(
                Registration.objects.filter(event=event, status=Status.WAITLISTED),
                "waitlist_position",
                above=old_position,
                by=1,
            )
        seat_requested_sessions(registration, event)
        queue_email(registration=registration, kind="promoted")
        logger.info(
            "Registration %s confirmed from the waiting list by user %s",
            registration.pk,
            getattr(by, "pk", None),
        )
        return registration


def promote_waiting(*, event: Event, now: dt.datetime | None = None) -> list[Registration]:
    """Fill free seats from the waiting lists, e.g. after an organizer raised a capacity."""
    now = now or timezone.now()
    with transaction.atomic():
        event = capacity.lock_event(event.pk)
        promoted = fill_event(event, now=now)
        sessions = capacity.lock_sessions(
            event.sessions.filter(is_selectable=True).values_list("pk", flat=True)
        )
        for session in sessions.values():
            fill_session(session, event, now=now)
        return promoted


def accept_offer(
    *, registration: Registration, session: Session | None = None, now: dt.datetime | None = None
) -> Registration:
    """The person takes the seat offered to them (the event seat, or one session's seat)."""
    now = now or timezone.now()
    with transaction.atomic():
        event = capacity.lock_event(registration.event_id)
        registration = capacity.lock_registration(registration.pk)
        if session is None:
            # As for a session's seat below, an offer without a deadline is not one that can be taken.
            expires_at = registration.offer_expires_at
            if registration.status != Status.OFFERED or expires_at is None or expires_at <= now:
                raise OfferNotAvailable(_("This offer is no longer available."))
            registration.status = Status.CONFIRMED
            registration.offer_expires_at = None
            registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
            seat_requested_sessions(registration, event)
            return registration
        capacity.lock_sessions([session.pk])
        seat = (
            SessionSeat.objects.filter(
                registration=registration,
                session=session,
                status=SeatStatus.OFFERED,
                offer_expires_at__gt=now,
            )
            .select_for_update()
            .first()
        )
        if seat is None or registration.status != Status.CONFIRMED:
            raise OfferNotAvailable(_("This offer is no longer available."))
        seat.status = SeatStatus.CONFIRMED
        seat.offer_expires_at = None
        seat.save(update_fields=["status", "offer_expires_at", "updated_at"])
        return registration


def expire_offers(*, now: dt.datetime | None = None) -> int:
    """Withdraw offers nobody accepted in time and pass each seat to the next person waiting.

    Meant for a periodic task; safe to run twice at once. Returns how many offers expired.
    Side effects: "offer_expired" (or "offer_expired:session:<id>") for the person who missed it,
    "offered"/"promoted" for the next one.
    """
    now = now or timezone.now()
    event_ids = set(
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now).values_list(
            "event_id", flat=True
        )
    ) | set(
        SessionSeat.objects.filter(status=SeatStatus.OFFERED, offer_expires_at__lte=now).values_list(
            "registration__event_id", flat=True
        )
    )
    expired = 0
    for event_id in sorted(event_ids):
        with transaction.atomic():
            event = capacity.lock_event(event_id)
            registrations = (
                Registration.objects.filter(event=event, status=Status.OFFERED, offer_expires_at__lte=now)
                .select_for_update()
                .order_by("pk")
            )
            for registration in registrations:
                release(registration, event, status=Status.CANCELLED, now=now)
                queue_email(registration=registration, kind="offer_expired")
                expired += 1
            seats = list(
                SessionSeat.objects.filter(
                    registration__event=event, status=SeatStatus.OFFERED, offer_expires_at__lte=now
                )
                .select_related("registration")
                .order_by("session_id", "pk")
            )
            sessions = capacity.lock_sessions(seat.session_id for seat in seats)
            for seat in seats:
                registration = seat.registration
                leave_session(seat, sessions[seat.session_id], event, now=now)
                queue_email(registration=registration, kind=f"offer_expired:session:{seat.session_id}")
                expired += 1
    return expired
