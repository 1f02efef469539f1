"""Every state change of a registration: register, edit, cancel, approve, decline, promote, offers.

Locking order, the same in every function: the Event row first, then the Registration rows involved,
then the Session rows in primary-key order, then Choice rows with a capacity in primary-key order.
The Event lock serializes every seat change of one event, so counts read under it stay true until commit.
E-mails are written to the outbox in the same transaction and sent after commit.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.contrib.auth.base_user import BaseUserManager
from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import Session
from common.typography import quoted
from events.models import Event
from organizations.models import Organization
from workgroups.rankings import save_rankings

from . import calendars
from .models import (
    Answer,
    Choice,
    EmailLog,
    Question,
    Registration,
    RegistrationForm,
    ScreenedSubmissions,
    SessionSeat,
)
from .outbox import queue_email, requeue_email
from .tokens import manage_token_hash_for

logger = logging.getLogger(__name__)

Status = Registration.Status
SeatStatus = SessionSeat.Status
HOLDING = (Status.CONFIRMED, Status.OFFERED)
SEAT_HOLDING = (SeatStatus.CONFIRMED, SeatStatus.OFFERED)
# Positions are moved above this offset and back in two UPDATEs, so the unique index never sees a clash.
POSITION_SHIFT_OFFSET = 1_000_000_000
MAX_MANAGE_LINK_RESENDS = 20


class RegistrationError(Exception):
    """A rule refused the change; the message is a translated sentence for the person."""

    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field:
            self.field = field


class RegistrationClosed(RegistrationError):
    pass


class EventFull(RegistrationError):
    pass


class TooManyAttendees(RegistrationError):
    pass


class SessionUnavailable(RegistrationError):
    pass


class SessionClash(RegistrationError):
    pass


class SessionFull(RegistrationError):
    pass


class ChoiceFull(RegistrationError):
    pass


class EditingClosed(RegistrationError):
    pass


class OfferNotAvailable(RegistrationError):
    pass


class InvalidTransition(RegistrationError):
    pass


@dataclass
class AnswerData:
    question: Question
    value: str = ""
    choices: list[Choice] = field(default_factory=list)  # for a ranking question: best first
    proposal: str = ""  # a ranking question's proposed topic


@dataclass
class PersonData:
    """What one attendee typed: the contact person or a colleague registered with them."""

    first_name: str
    last_name: str
    email: str = ""
    organization: Organization | None = None
    organization_name: str = ""
    position: str = ""
    phone: str = ""
    language: str = "pl"
    interpretation_language: str = ""
    accessibility_needs: str = ""
    dietary_needs: str = ""
    other_needs: str = ""
    answers: list[AnswerData] = field(default_factory=list)
    session_ids: list[int] = field(default_factory=list)


@dataclass
class ConsentData:
    version: str
    text_sha256: str
    participant_list: bool = False
    photos: bool = False


@dataclass
class RegistrationResult:
    registration: Registration
    attendees: list[Registration] = field(default_factory=list)
    created: bool = True
    duplicate_email: bool = False


# --- locks and counts ------------------------------------------------------------------------------


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _lock_registration(registration_id: int) -> Registration:
    return Registration.objects.select_related("event").select_for_update().get(pk=registration_id)


def _lock_sessions(session_ids: Iterable[int]) -> dict[int, Session]:
    ids = sorted(set(session_ids))
    if not ids:
        return {}
    return {
        session.pk: session
        for session in Session.objects.filter(pk__in=ids).order_by("pk").select_for_update()
    }


def event_seats_held(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=HOLDING).count()


def session_seats_held(session: Session) -> int:
    return SessionSeat.objects.filter(session=session, status__in=SEAT_HOLDING).count()


def _next_event_position(event: Event) -> int:
    highest = Registration.objects.filter(event=event).aggregate(top=Max("waitlist_position"))["top"]
    return (highest or 0) + 1


def _next_session_position(session: Session) -> int:
    highest = SessionSeat.objects.filter(session=session).aggregate(top=Max("position"))["top"]
    return (highest or 0) + 1


@dataclass
class _SeatTally:
    """Seats held and the last waiting-list position, read once under the lock and kept current in Python."""

    held: int = 0
    last_position: int = 0


def _event_tally(event: Event) -> _SeatTally:
    totals = Registration.objects.filter(event=event).aggregate(
        held=Count("pk", filter=Q(status__in=HOLDING)), last_position=Max("waitlist_position")
    )
    return _SeatTally(held=totals["held"], last_position=totals["last_position"] or 0)


def _session_tallies(session_ids: Iterable[int]) -> dict[int, _SeatTally]:
    """One grouped query for every session, however many were chosen."""
    ids = sorted(set(session_ids))
    tallies = {session_id: _SeatTally() for session_id in ids}
    if not ids:
        return tallies
    rows = (
        SessionSeat.objects.filter(session_id__in=ids)
        .order_by()
        .values("session_id")
        .annotate(held=Count("pk", filter=Q(status__in=SEAT_HOLDING)), last_position=Max("position"))
        .values_list("session_id", "held", "last_position")
    )
    for session_id, held, last_position in rows:
        tallies[session_id] = _SeatTally(held=held, last_position=last_position or 0)
    return tallies


def _shift_positions_down(queryset: QuerySet, field_name: str, *, above: int, by: int) -> None:
    """Close a gap in a waiting list: everyone behind `above` moves `by` places forward."""
    if by <= 0:
        return
    behind = queryset.filter(**{f"{field_name}__gt": above})
    behind.update(**{field_name: F(field_name) + POSITION_SHIFT_OFFSET})
    queryset.filter(**{f"{field_name}__gt": POSITION_SHIFT_OFFSET}).update(
        **{field_name: F(field_name) - POSITION_SHIFT_OFFSET - by}
    )


def registration_deadline(event: Event) -> dt.datetime:
    """Registration and edits close at the set time, or when the event starts."""
    return event.registration_closes_at or event.starts_at


def can_edit(registration: Registration, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return registration.is_active and now < registration_deadline(registration.event)


def can_cancel(registration: Registration, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return registration.is_active and now < registration.event.starts_at


def normalize_email(email: str) -> str:
    return BaseUserManager.normalize_email(email.strip())


# --- validation shared by registering and editing ------------------------------------------------


def _check_sessions(event: Event, sessions: dict[int, Session], wanted_ids: Iterable[int]) -> None:
    for session_id in set(wanted_ids):
        session = sessions.get(session_id)
        if session is None or session.event_id != event.pk or not session.is_selectable:
            raise SessionUnavailable(_("One of the chosen sessions cannot be chosen."), field="sessions")


def check_no_clash(sessions: Sequence[Session]) -> None:
    """Refuse two chosen sessions whose times overlap (half-open intervals: 11:30 may follow 11:30)."""
    ordered = sorted(sessions, key=lambda session: (session.starts_at, session.pk))
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if first.overlaps(second):
                raise SessionClash(
                    _("%(first)s and %(second)s take place at the same time; choose one of them.")
                    % {"first": quoted(first.title), "second": quoted(second.title)},
                    field="sessions",
                )


def _lock_limited_choices(people: Sequence[PersonData]) -> dict[int, Choice]:
    ids = sorted(
        {
            choice.pk
            for person in people
            for answer in person.answers
            for choice in answer.choices
            if choice.capacity is not None
        }
    )
    if not ids:
        return {}
    return {
        choice.pk: choice for choice in Choice.objects.filter(pk__in=ids).order_by("pk").select_for_update()
    }


def choice_places_taken(
    choice_ids: Iterable[int], *, excluding: Registration | None = None
) -> dict[int, int]:
    """Places taken per choice by active registrations, in one grouped query."""
    chosen = Answer.choices.through.objects.filter(
        choice_id__in=list(choice_ids), answer__registration__status__in=Registration.ACTIVE_STATUSES
    )
    if excluding is not None:
        chosen = chosen.exclude(answer__registration=excluding)
    return dict(
        chosen.order_by().values("choice_id").annotate(taken=Count("pk")).values_list("choice_id", "taken")
    )


def _check_choice_capacity(
    limited: dict[int, Choice], people: Sequence[PersonData], *, excluding: Registration | None = None
) -> None:
    wanted: dict[int, int] = {}
    for person in people:
        for answer in person.answers:
            for choice in answer.choices:
                if choice.pk in limited:
                    wanted[choice.pk] = wanted.get(choice.pk, 0) + 1
    if not wanted:
        return
    taken = choice_places_taken(wanted, excluding=excluding)
    for choice_id, count in sorted(wanted.items()):
        choice = limited[choice_id]
        if taken.get(choice_id, 0) + count > choice.capacity:
            raise ChoiceFull(
                _("%(choice)s has no places left; choose another option.") % {"choice": quoted(choice.label)},
                field=f"q_{choice.question_id}",
            )


def _save_answers(answers_by_registration: Sequence[tuple[Registration, Sequence[AnswerData]]]) -> None:
    """Insert the answers of one or more people and their chosen options: two queries, however many.

    bulk_create sends no post_save; every caller saves the Registration row in the same transaction,
    which is what tells the public page cache that something changed.
    """
    pairs = [
        (Answer(registration=registration, question=data.question, value=data.value), data.choices)
        for registration, answers in answers_by_registration
        for data in answers
    ]
    if not pairs:
        return
    Answer.objects.bulk_create([answer for answer, _choices in pairs])
    Through = Answer.choices.through
    Through.objects.bulk_create(
        [Through(answer_id=answer.pk, choice_id=choice.pk) for answer, choices in pairs for choice in choices]
    )
    # A ranking keeps its order (and the proposed topic) beside the answer, for the group allocation.
    for registration, answers in answers_by_registration:
        for data in answers:
            if data.question.kind == Question.Kind.RANKING:
                save_rankings(registration, data.question, data.choices, data.proposal)


# --- seats -----------------------------------------------------------------------------------------


def _initial_statuses(event: Event, count: int) -> list[tuple[str, int | None]]:
    """Status and waiting-list position for `count` new people, in order, from one count under the lock."""
    if event.approval_required:
        return [(Status.PENDING, None)] * count
    if event.capacity is None:
        return [(Status.CONFIRMED, None)] * count
    tally = _event_tally(event)
    statuses: list[tuple[str, int | None]] = []
    for _index in range(count):
        if tally.held < event.capacity:
            tally.held += 1
            statuses.append((Status.CONFIRMED, None))
        elif not event.waitlist_enabled:
            raise EventFull(_("This event is full."))
        else:
            tally.last_position += 1
            statuses.append((Status.WAITLISTED, tally.last_position))
    return statuses


def _place_in_sessions(
    placements: Sequence[tuple[Registration, Sequence[Session]]], *, waitlist: bool
) -> list[SessionSeat]:
    """Confirm or queue each confirmed person in each session they chose; others request a seat for later.

    Sessions are taken in primary-key order, people in the order given. One grouped count for all limited
    sessions and one insert, however many people and sessions; the caller holds the Event lock and the
    Session locks, so the counts stay true until commit. bulk_create sends no post_save: the caller's
    save of the Registration row already tells the public page cache.
    """
    counted = {
        session.pk
        for registration, sessions in placements
        if registration.status == Status.CONFIRMED
        for session in sessions
        if session.capacity is not None
    }
    tallies = _session_tallies(counted)
    seats = []
    for registration, sessions in placements:
        for session in sorted(sessions, key=lambda session: session.pk):
            seat = SessionSeat(registration=registration, session=session, status=SeatStatus.CONFIRMED)
            if registration.status != Status.CONFIRMED:
                seat.status = SeatStatus.REQUESTED
            elif session.capacity is not None:
                tally = tallies[session.pk]
                if tally.held < session.capacity:
                    tally.held += 1
                elif not waitlist:
                    raise SessionFull(
                        _("%(session)s is full.") % {"session": quoted(session.title)}, field="sessions"
                    )
                else:
                    tally.last_position += 1
                    seat.status, seat.position = SeatStatus.WAITLISTED, tally.last_position
            seats.append(seat)
    return SessionSeat.objects.bulk_create(seats)


def _seat_requested_sessions(registration: Registration, event: Event) -> None:
    """A person who has just got an event seat now takes (or queues for) the sessions they chose."""
    requested = list(registration.seats.filter(status=SeatStatus.REQUESTED))
    if not requested:
        return
    sessions = _lock_sessions(seat.session_id for seat in requested)
    SessionSeat.objects.filter(pk__in=[seat.pk for seat in requested]).delete()
    _place_in_sessions([(registration, list(sessions.values()))], waitlist=True)


def _offer_deadline(event: Event, now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(hours=event.offer_hours)


def _fill_event(event: Event, *, now: dt.datetime) -> list[Registration]:
    """Give free event seats to the first people on the waiting list, in order."""
    waiting = Registration.objects.filter(event=event, status=Status.WAITLISTED)
    free = waiting.count() if event.capacity is None else event.capacity - event_seats_held(event)
    promoted = _promote_from_waitlist(waiting, "waitlist_position", free=free, event=event, now=now)
    for registration in promoted:
        if registration.status == Status.CONFIRMED:
            _seat_requested_sessions(registration, event)
        kind = "offered" if registration.status == Status.OFFERED else "promoted"
        queue_email(registration=registration, kind=kind)
    return promoted


def _fill_session(session: Session, event: Event, *, now: dt.datetime) -> list[SessionSeat]:
    """Give free seats of a session to the first people on its waiting list, in order."""
    waiting = SessionSeat.objects.filter(session=session, status=SeatStatus.WAITLISTED)
    free = waiting.count() if session.capacity is None else session.capacity - session_seats_held(session)
    promoted = _promote_from_waitlist(waiting, "position", free=free, event=event, now=now)
    for seat in promoted:
        kind = "offered" if seat.status == SeatStatus.OFFERED else "promoted"
        queue_email(registration=seat.registration, kind=f"{kind}:session:{session.pk}")
    return promoted


def _promote_from_waitlist(
    waiting: QuerySet, position_field: str, *, free: int, event: Event, now: dt.datetime
) -> list[Registration] | list[SessionSeat]:
    """Move the first `free` people of a waiting list up (confirmed, or offered) and close the gap.

    Serves the event's list (Registration rows) and each session's (SessionSeat rows) alike.
    """
    if free <= 0:
        return []
    locked = waiting.order_by(position_field).select_for_update(of=("self",))
    if waiting.model is SessionSeat:
        locked = locked.select_related("registration")
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
    _shift_positions_down(waiting, position_field, above=last_position, by=last_position)
    return promoted


def _leave_session(seat: SessionSeat, session: Session, event: Event, *, now: dt.datetime) -> None:
    held = seat.status in SEAT_HOLDING
    position = seat.position
    seat.delete()
    if position:
        _shift_positions_down(
            SessionSeat.objects.filter(session=session, status=SeatStatus.WAITLISTED),
            "position",
            above=position,
            by=1,
        )
    if held:
        _fill_session(session, event, now=now)


def _release(registration: Registration, event: Event, *, status: str, now: dt.datetime) -> None:
    """End a registration: free its event seat and session seats and pass them to the waiting lists."""
    held_event_seat = registration.status in HOLDING
    old_position = registration.waitlist_position
    seats = list(registration.seats.all())
    sessions = _lock_sessions(seat.session_id for seat in seats)
    registration.withdrawn_calendar_entries = calendars.withdrawn_at_end(registration, seats=seats)
    registration.calendar_revision += 1
    registration.status = status
    registration.waitlist_position = None
    registration.offer_expires_at = None
    if status == Status.CANCELLED:
        registration.cancelled_at = now
    registration.save()
    if old_position:
        _shift_positions_down(
            Registration.objects.filter(event=event, status=Status.WAITLISTED),
            "waitlist_position",
            above=old_position,
            by=1,
        )
    for seat in sorted(seats, key=lambda seat: seat.session_id):
        _leave_session(seat, sessions[seat.session_id], event, now=now)
    if held_event_seat:
        _fill_event(event, now=now)


# --- public services -------------------------------------------------------------------------------


def _resend_manage_link(registration: Registration) -> None:
    sent = EmailLog.objects.filter(registration=registration, kind__startswith="manage_link:").count()
    if sent >= MAX_MANAGE_LINK_RESENDS:
        logger.info("Manage link of registration %s not re-sent: limit reached", registration.pk)
        return
    queue_email(registration=registration, kind=f"manage_link:{sent + 1}")


def _earlier_registrations(
    event: Event, *, submission_key: str, email: str
) -> tuple[Registration | None, Registration | None]:
    """The registration this very submission made already, and the first active one of the same contact
    e-mail, read in one query."""
    contact = Q(registered_by__isnull=True, email__iexact=email, status__in=Registration.ACTIVE_STATUSES)
    submission = Q(submission_key=submission_key) if submission_key else Q(pk__in=[])
    rows = (
        Registration.objects.filter(contact | submission, event=event)
        .annotate(
            is_same_submission=ExpressionWrapper(submission, output_field=BooleanField()),
            is_same_contact=ExpressionWrapper(contact, output_field=BooleanField()),
        )
        .order_by("created_at", "pk")
    )
    same_submission = same_contact = None
    for row in rows:
        if row.is_same_submission and same_submission is None:
            same_submission = row
        if row.is_same_contact and same_contact is None:
            same_contact = row
    return same_submission, same_contact


def interpretation_needed(person: PersonData) -> str:
    """The interpretation asked for: the built-in field, else the answer to a question that fills it."""
    if person.interpretation_language:
        return person.interpretation_language
    limit = Registration._meta.get_field("interpretation_language").max_length
    for answer in person.answers:
        if answer.question.fills == Question.Fills.INTERPRETATION and answer.value.strip():
            return answer.value.strip()[:limit]
    return ""


def _new_registration(
    event: Event,
    person: PersonData,
    *,
    consent: ConsentData,
    now: dt.datetime,
    user=None,
    registered_by: Registration | None = None,
    submission_key: str = "",
    status: str,
    position: int | None,
) -> Registration:
    """An unsaved Registration with its manage-token hash, ready for one INSERT."""
    registration = Registration(
        event=event,
        user=user,
        registered_by=registered_by,
        first_name=person.first_name,
        last_name=person.last_name,
        email=normalize_email(person.email) if person.email else "",
        organization=person.organization,
        organization_name="" if person.organization else person.organization_name,
        position=person.position,
        phone=person.phone,
        language=person.language,
        interpretation_language=interpretation_needed(person),
        accessibility_needs=person.accessibility_needs,
        dietary_needs=person.dietary_needs,
        other_needs=person.other_needs,
        status=status,
        waitlist_position=position,
        consent_version=consent.version,
        consent_text_sha256=consent.text_sha256,
        consented_at=now,
        consents_to_participant_list=consent.participant_list,
        consents_to_photos=consent.photos,
        submission_key=submission_key,
    )
    registration.manage_token_hash = manage_token_hash_for(registration)
    return registration


def register(
    *,
    event: Event,
    contact: PersonData,
    consent: ConsentData,
    attendees: Sequence[PersonData] = (),
    user=None,
    submission_key: str = "",
    now: dt.datetime | None = None,
) -> RegistrationResult:
    """Register the contact person and anyone they register with them, all or nothing.

    Each person is confirmed while event seats last, else waitlisted (or pending under approval);
    chosen sessions are confirmed or waitlisted per session. A repeated submit (same key) returns the
    first result; a second registration with the same contact e-mail re-sends the manage link instead.
    Side effects: outbox rows ("confirmation" per person, or "manage_link:<n>").
    """
    with transaction.atomic():
        event = _lock_event(event.pk)
        email = normalize_email(contact.email)
        same_submission, same_contact = _earlier_registrations(
            event, submission_key=submission_key, email=email
        )
        if same_submission is not None:
            return RegistrationResult(registration=same_submission, created=False)
        now = now or timezone.now()
        if not event.is_registration_open(at=now):
            raise RegistrationClosed(_("Registration for this event is closed."))
        if attendees:
            form = RegistrationForm.objects.filter(event=event).first()
            allowed = (form.max_attendees_per_submission if form else 1) - 1
            if form is not None and not form.allows_additional_attendees:
                allowed = 0
            if len(attendees) > allowed:
                raise TooManyAttendees(
                    _("You can register at most %(count)d other people with this form.")
                    % {"count": max(allowed, 0)}
                )
        if same_contact is not None:
            _resend_manage_link(same_contact)
            return RegistrationResult(registration=same_contact, created=False, duplicate_email=True)

        people = [contact, *attendees]
        sessions = _lock_sessions(session_id for person in people for session_id in person.session_ids)
        for person in people:
            _check_sessions(event, sessions, person.session_ids)
            check_no_clash([sessions[session_id] for session_id in set(person.session_ids)])
        _check_choice_capacity(_lock_limited_choices(people), people)

        statuses = _initial_statuses(event, len(people))
        created = [
            _new_registration(
                event,
                person,
                consent=consent,
                now=now,
                user=user if index == 0 else None,
                submission_key=submission_key if index == 0 else "",
                status=status,
                position=position,
            )
            for index, (person, (status, position)) in enumerate(zip(people, statuses, strict=True))
        ]
        contact_registration = created[0]
        contact_registration.save()
        for registration in created[1:]:
            registration.registered_by = contact_registration
        Registration.objects.bulk_create(created[1:])
        _save_answers(list(zip(created, (person.answers for person in people), strict=True)))
        _place_in_sessions(
            [
                (registration, [sessions[i] for i in sorted(set(person.session_ids))])
                for registration, person in zip(created, people, strict=True)
            ],
            waitlist=event.waitlist_enabled,
        )
        for registration in created:
            queue_email(registration=registration, kind="confirmation")
        logger.info("Registered %s for event %s", [r.pk for r in created], event.pk)
        return RegistrationResult(registration=created[0], attendees=created[1:])


def count_screened_submission(*, event: Event, outcome: Literal["dropped", "sent_back"]) -> None:
    """Count one submission the bot check held back, on the event's row (created on the first one)."""
    increment = {outcome: F(outcome) + 1, "updated_at": timezone.now()}
    if not ScreenedSubmissions.objects.filter(event=event).update(**increment):
        ScreenedSubmissions.objects.get_or_create(event=event)
        ScreenedSubmissions.objects.filter(event=event).update(**increment)


@dataclass
class _SeatChange:
    """A registration's session choices before and after an edit, checked under the Session locks."""

    current: dict[int, SessionSeat]
    wanted: set[int]
    sessions: dict[int, Session]

    @property
    def dropped(self) -> list[SessionSeat]:
        return [self.current[session_id] for session_id in sorted(set(self.current) - self.wanted)]

    @property
    def added(self) -> list[Session]:
        return [self.sessions[session_id] for session_id in sorted(self.wanted - set(self.current))]


def _plan_seat_change(registration: Registration, event: Event, session_ids: Iterable[int]) -> _SeatChange:
    """Lock the sessions involved and apply the form's rules: choosable sessions, no two at once."""
    current = {seat.session_id: seat for seat in registration.seats.all()}
    wanted = set(session_ids)
    sessions = _lock_sessions(set(current) | wanted)
    _check_sessions(event, sessions, wanted - set(current))
    check_no_clash([sessions[session_id] for session_id in wanted])
    return _SeatChange(current=current, wanted=wanted, sessions=sessions)


def _note_calendar_change(registration: Registration, change: _SeatChange) -> None:
    """The next calendar replaces the last one (a higher revision) and cancels the dropped entries."""
    registration.withdrawn_calendar_entries = calendars.withdrawn_after_change(
        registration, dropped=change.dropped, kept_session_ids=sorted(change.wanted)
    )
    registration.calendar_revision += 1


def _apply_seat_change(registration: Registration, event: Event, change: _SeatChange, *, now) -> None:
    """Pass dropped seats on, confirm or queue the added ones, and send the updated confirmation."""
    for seat in change.dropped:
        _leave_session(seat, change.sessions[seat.session_id], event, now=now)
    _place_in_sessions([(registration, change.added)], waitlist=event.waitlist_enabled)
    queue_email(registration=registration, kind=f"updated:{registration.calendar_revision}")


def update_registration(
    *, registration: Registration, person: PersonData, now: dt.datetime | None = None
) -> Registration:
    """Change a registration's details, answers and session choices until registration closes.

    Dropped sessions pass their seat to the next person waiting; added ones are confirmed or waitlisted.
    The e-mail address is not changed here: it identifies the contact.
    Side effects: outbox row "updated:<calendar revision>" (the confirmation as it stands now, whose
    calendar keeps the UIDs and raises SEQUENCE; dropped sessions' entries are cancelled in it).
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = _lock_registration(registration.pk)
        if not can_edit(registration, now=now):
            raise EditingClosed(_("This registration can no longer be changed."))
        change = _plan_seat_change(registration, event, person.session_ids)
        _check_choice_capacity(_lock_limited_choices([person]), [person], excluding=registration)

        for name in (
            "first_name",
            "last_name",
            "position",
            "phone",
            "language",
            "accessibility_needs",
            "dietary_needs",
            "other_needs",
        ):
            setattr(registration, name, getattr(person, name))
        registration.interpretation_language = interpretation_needed(person)
        registration.organization = person.organization
        registration.organization_name = "" if person.organization else person.organization_name
        _note_calendar_change(registration, change)
        registration.save()
        registration.answers.all().delete()
        registration.rankings.all().delete()
        _save_answers([(registration, person.answers)])
        _apply_seat_change(registration, event, change, now=now)
        return registration


def change_session_choices(
    *, registration: Registration, session_ids: Iterable[int], now: dt.datetime | None = None
) -> Registration:
    """Change only the chosen sessions ("My schedule"), by the rules and under the locks of an edit.

    Nothing happens when the choice is the same as before. Side effects: as update_registration.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = _lock_registration(registration.pk)
        if not can_edit(registration, now=now):
            raise EditingClosed(_("This registration can no longer be changed."))
        change = _plan_seat_change(registration, event, session_ids)
        if not (change.dropped or change.added):
            return registration
        _note_calendar_change(registration, change)
        registration.save(update_fields=["withdrawn_calendar_entries", "calendar_revision", "updated_at"])
        _apply_seat_change(registration, event, change, now=now)
        logger.info("Registration %s changed its sessions", registration.pk)
        return registration


def cancel_registration(
    *, registration: Registration, by_organizer: bool = False, now: dt.datetime | None = None
) -> Registration:
    """Cancel and pass the freed seats on (FIFO, event and sessions) in the same transaction.

    Side effects: outbox rows "cancelled" (or "cancelled:organizer", whose e-mail says the organizers
    cancelled it) for this person and "promoted"/"offered" for those moving up. Cancelling twice is harmless.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = _lock_registration(registration.pk)
        if not registration.is_active:
            return registration
        _release(registration, event, status=Status.CANCELLED, now=now)
        queue_email(registration=registration, kind="cancelled:organizer" if by_organizer else "cancelled")
        if by_organizer:
            logger.info("Registration %s cancelled by the organizers", registration.pk)
        return registration


def approve_registration(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """An organizer accepts a pending registration: it gets a seat if one is free, else the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = _lock_registration(registration.pk)
        if registration.status != Status.PENDING:
            raise InvalidTransition(_("Only registrations awaiting approval can be approved."))
        full = event.capacity is not None and event_seats_held(event) >= event.capacity
        if full:
            if not event.waitlist_enabled:
                raise EventFull(_("This event is full."))
            registration.status = Status.WAITLISTED
            registration.waitlist_position = _next_event_position(event)
        else:
            registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "waitlist_position", "updated_at"])
        if registration.status == Status.CONFIRMED:
            _seat_requested_sessions(registration, event)
        queue_email(registration=registration, kind="approved")
        return registration


def decline_registration(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """An organizer declines a registration; any seat it held passes to the next person waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = _lock_registration(registration.pk)
        if not registration.is_active:
            raise InvalidTransition(_("This registration is no longer active."))
        _release(registration, event, status=Status.DECLINED, now=now)
        queue_email(registration=registration, kind="declined")
        return registration


def confirm_from_waitlist(*, registration: Registration, by=None) -> Registration:
    """An organizer confirms a waitlisted person now, even over capacity: their decision, not the queue's.

    Everyone behind moves one place forward; the person takes (or queues for) the sessions they chose.
    Side effects: outbox row "promoted".
    """
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = _lock_registration(registration.pk)
        if registration.status != Status.WAITLISTED:
            raise InvalidTransition(_("Only registrations on the waiting list can be confirmed from it."))
        old_position = registration.waitlist_position
        registration.status = Status.CONFIRMED
        registration.waitlist_position = None
        registration.save(update_fields=["status", "waitlist_position", "updated_at"])
        if old_position:
            _shift_positions_down(
                Registration.objects.filter(event=event, status=Status.WAITLISTED),
                "waitlist_position",
                above=old_position,
                by=1,
            )
        _seat_requested_sessions(registration, event)
        queue_email(registration=registration, kind="promoted")
        logger.info(
            "Registration %s confirmed from the waiting list by user %s",
            registration.pk,
            getattr(by, "pk", None),
        )
        return registration


def resend_confirmation(*, registration: Registration) -> bool:
    """Send the confirmation e-mail again, reflecting the registration as it is now.

    The outbox keeps one "confirmation" row per registration, so that row is queued again (or written, if
    the registration never had one). Returns False when the person has no address to write to.
    """
    with transaction.atomic():
        registration = _lock_registration(registration.pk)
        log = EmailLog.objects.filter(registration=registration, kind="confirmation").first()
        if log is not None:
            return requeue_email(log)
        return queue_email(registration=registration, kind="confirmation") is not None


def promote_waiting(*, event: Event, now: dt.datetime | None = None) -> list[Registration]:
    """Fill free seats from the waiting lists, e.g. after an organizer raised a capacity."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(event.pk)
        promoted = _fill_event(event, now=now)
        sessions = _lock_sessions(event.sessions.filter(is_selectable=True).values_list("pk", flat=True))
        for session in sessions.values():
            _fill_session(session, event, now=now)
        return promoted


def accept_offer(
    *, registration: Registration, session: Session | None = None, now: dt.datetime | None = None
) -> Registration:
    """The person takes the seat offered to them (the event seat, or one session's seat)."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = _lock_registration(registration.pk)
        if session is None:
            if registration.status != Status.OFFERED or registration.offer_expires_at <= now:
                raise OfferNotAvailable(_("This offer is no longer available."))
            registration.status = Status.CONFIRMED
            registration.offer_expires_at = None
            registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
            _seat_requested_sessions(registration, event)
            return registration
        _lock_sessions([session.pk])
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
            event = _lock_event(event_id)
            registrations = (
                Registration.objects.filter(event=event, status=Status.OFFERED, offer_expires_at__lte=now)
                .select_for_update()
                .order_by("pk")
            )
            for registration in registrations:
                _release(registration, event, status=Status.CANCELLED, now=now)
                queue_email(registration=registration, kind="offer_expired")
                expired += 1
            seats = list(
                SessionSeat.objects.filter(
                    registration__event=event, status=SeatStatus.OFFERED, offer_expires_at__lte=now
                )
                .select_related("registration")
                .order_by("session_id", "pk")
            )
            sessions = _lock_sessions(seat.session_id for seat in seats)
            for seat in seats:
                registration = seat.registration
                _leave_session(seat, sessions[seat.session_id], event, now=now)
                queue_email(registration=registration, kind=f"offer_expired:session:{seat.session_id}")
                expired += 1
    return expired
