"""Check-in at the door: a short code per registration, its QR code, and idempotent attendance records."""

import datetime as dt
import hmac
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import Session
from attendees.models import Attendance
from common.typography import quoted
from events.models import Event
from registrations.models import Registration, SessionSeat
from registrations.tokens import checkin_code, normalize_code

logger = logging.getLogger(__name__)


class CheckInRefused(Exception):
    """The person cannot be checked in (not confirmed, another event, a day outside the event)."""


class SessionNotChosen(Exception):
    """The person has no place in this chosen-at-registration session; staff confirm before checking in."""


@dataclass(frozen=True)
class CheckInResult:
    attendance: Attendance
    created: bool

    @property
    def already(self) -> bool:
        return not self.created


def find_by_code(*, event: Event, code: str) -> Registration | None:
    """The event's registration with this check-in code, or None; codes are computed, not stored."""
    wanted = normalize_code(code)
    if not wanted:
        return None
    for registration in Registration.objects.filter(event=event).only("pk", "public_id").iterator(2000):
        if hmac.compare_digest(checkin_code(registration), wanted):
            return Registration.objects.select_related("event", "organization").get(pk=registration.pk)
    return None


def search_by_name(*, event: Event, text: str, limit: int = 20) -> QuerySet[Registration]:
    words = text.split()
    registrations = Registration.objects.filter(event=event).select_related("organization")
    if not words:
        return registrations.none()
    for word in words:
        registrations = registrations.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(organization_name__icontains=word)
        )
    return registrations.order_by("last_name", "first_name")[:limit]


def event_days(event: Event) -> list[dt.date]:
    first, last = timezone.localdate(event.starts_at), timezone.localdate(event.ends_at)
    return [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]


def default_day(event: Event) -> dt.date:
    """Today while the event runs, otherwise its first day."""
    today = timezone.localdate()
    days = event_days(event)
    return today if today in days else days[0]


def _check_choice(registration: Registration, session: Session) -> None:
    """A session picked in the form, or a working group people were allocated to, admits those with a
    confirmed place in it; others are asked about."""
    allocated = session.kind == Session.Kind.WORKING_GROUP and session.parent_id is not None
    if not (session.is_selectable or allocated):
        return
    seat = SessionSeat.objects.filter(registration=registration, session=session).first()
    if seat is not None and seat.status == SessionSeat.Status.CONFIRMED:
        return
    values = {"name": registration.full_name, "session": quoted(session.title)}
    if seat is None:
        message = _("%(name)s did not choose %(session)s. Check in anyway?")
    else:
        message = _("%(name)s has no confirmed place in %(session)s (%(status)s). Check in anyway?")
        values["status"] = seat.get_status_display()
    raise SessionNotChosen(message % values)


def _validate(registration: Registration, day: dt.date, session: Session | None) -> None:
    if registration.status != Registration.Status.CONFIRMED:
        raise CheckInRefused(
            _("%(name)s is not confirmed (status: %(status)s).")
            % {"name": registration.full_name, "status": registration.get_status_display()}
        )
    if session is not None and session.event_id != registration.event_id:
        raise CheckInRefused(_("This session belongs to another event."))
    if day not in event_days(registration.event):
        raise CheckInRefused(_("The event does not take place on this day."))


def check_in(
    *,
    registration: Registration,
    by,
    day: dt.date | None = None,
    session: Session | None = None,
    outside_choice: bool = False,
) -> CheckInResult:
    """Record that the person came, once per day (or per session); a repeat returns the first record.

    Safe from several doors at once: the unique constraints on Attendance decide the winner and the loser
    reads the winner's row. Raises CheckInRefused for people who are not confirmed, and SessionNotChosen
    for a session chosen at registration in which the person holds no confirmed place, unless the staff
    confirmed it (`outside_choice`).
    """
    if session is not None:
        day = timezone.localdate(session.starts_at)
    day = day or default_day(registration.event)
    _validate(registration, day, session)
    if session is not None and not outside_choice:
        already = Attendance.objects.filter(registration=registration, session=session).first()
        if already is not None:
            return CheckInResult(already, created=False)
        _check_choice(registration, session)
    lookup = (
        {"registration": registration, "session": session}
        if session
        else {"registration": registration, "day": day, "session": None}
    )
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                registration=registration, day=day, session=session, checked_in_by=by
            )
    except IntegrityError:
        return CheckInResult(Attendance.objects.get(**lookup), created=False)
    logger.info("Registration %s checked in (attendance %s)", registration.pk, attendance.pk)
    return CheckInResult(attendance, created=True)


def undo_check_in(
    *, registration: Registration, day: dt.date | None = None, session: Session | None = None
) -> bool:
    """Remove the check-in of that day (or session); True when there was one."""
    if session is not None:
        deleted, _rows = Attendance.objects.filter(registration=registration, session=session).delete()
    else:
        day = day or default_day(registration.event)
        deleted, _rows = Attendance.objects.filter(registration=registration, day=day, session=None).delete()
    return bool(deleted)
