"""Places: who holds one, how many are taken and left, and the locks every seat change takes.

The statuses that hold a place are defined once, on the Status enums (`Registration.Status.holding()`,
`SessionSeat.Status.holding()`); an option of a choice question is taken by every active registration.
Every count of places in the portal comes from here: the registration services, the public pages,
statistics and the admin.

Locking order, the same in every service: the Event row first, then the Registration rows involved, then
the Session rows in primary-key order, then Choice rows with a capacity in primary-key order. The Event
lock serializes every seat change of one event, so counts read under it stay true until commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from agenda.models import Session
from common.typography import quoted
from events.models import Event
from registrations.models import Choice, Registration, SessionSeat
from registrations.services.errors import ChoiceFull, EventFull, SessionFull

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from registrations.services.data import PersonData

Status = Registration.Status
SeatStatus = SessionSeat.Status


class SeatCounts(TypedDict):
    """What a counted session carries: places held and people on its waiting list."""

    taken: int
    waiting: int


# --- locks ------------------------------------------------------------------------------------------


# What the seat rules read of a locked row: only this is read again under the lock (fewer columns while
# the event is locked); anything else of a locked session or option is read if used (an error's title).
EVENT_RULE_FIELDS = (
    "status",
    "registration_required",
    "registration_opens_at",
    "registration_closes_at",
    "starts_at",
    "capacity",
    "waitlist_enabled",
    "approval_required",
)
SESSION_RULE_FIELDS = ("event", "is_selectable", "capacity", "starts_at", "ends_at")
CHOICE_RULE_FIELDS = ("question", "capacity")


def lock_event(event: Event | int) -> Event:
    """Lock the event's row; an event already loaded has what the seat rules read of it read again."""
    if isinstance(event, Event):
        event.refresh_from_db(fields=EVENT_RULE_FIELDS, from_queryset=Event.objects.select_for_update())
        return event
    return Event.objects.select_for_update().get(pk=event)


def lock_registration(registration_id: int) -> Registration:
    return Registration.objects.select_related("event").select_for_update().get(pk=registration_id)


def lock_sessions(session_ids: Iterable[int]) -> dict[int, Session]:
    ids = sorted(set(session_ids))
    if not ids:
        return {}
    return {
        session.pk: session
        for session in Session.objects.filter(pk__in=ids)
        .only(*SESSION_RULE_FIELDS)
        .order_by("pk")
        .select_for_update()
    }


# --- counts under the lock ------------------------------------------------------------------------


def event_seats_held(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=Status.holding()).count()


def session_seats_held(session: Session) -> int:
    return SessionSeat.objects.filter(session=session, status__in=SeatStatus.holding()).count()


def next_event_position(event: Event) -> int:
    highest = Registration.objects.filter(event=event).aggregate(top=Max("waitlist_position"))["top"]
    return (highest or 0) + 1


def next_session_position(session: Session) -> int:
    highest = SessionSeat.objects.filter(session=session).aggregate(top=Max("position"))["top"]
    return (highest or 0) + 1


@dataclass
class SeatTally:
    """Seats held and the last waiting-list position, read once under the lock and kept current in Python."""

    held: int = 0
    last_position: int = 0


@dataclass
class PlaceCounts:
    """What a decision on places is taken from, read under the locks: the event's seats, each session's
    seats and the places taken of each limited option."""

    event: SeatTally = field(default_factory=SeatTally)
    sessions: dict[int, SeatTally] = field(default_factory=dict)
    choices: dict[int, int] = field(default_factory=dict)


# The parts of count_places(): only "%s" placeholders are put into them; every value is a parameter.
EVENT_PLACES_SQL = (
    "SELECT 'event', 0, COALESCE(SUM(CASE WHEN status IN ({holding}) THEN 1 ELSE 0 END), 0), "
    "MAX(waitlist_position) FROM registrations_registration WHERE event_id = %s"
)
SESSION_PLACES_SQL = (
    "SELECT 'session', session_id, SUM(CASE WHEN status IN ({holding}) THEN 1 ELSE 0 END), MAX(position) "
    "FROM registrations_sessionseat WHERE session_id IN ({ids}) GROUP BY session_id"
)
CHOICE_PLACES_SQL = (
    "SELECT 'choice', chosen.choice_id, COUNT(*), NULL FROM registrations_answer_choices chosen "
    "JOIN registrations_answer answer ON answer.id = chosen.answer_id "
    "JOIN registrations_registration registration ON registration.id = answer.registration_id "
    "WHERE chosen.choice_id IN ({ids}) AND registration.status IN ({active}){others} "
    "GROUP BY chosen.choice_id"
)


def _placeholders(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


def count_places(
    *,
    event: Event | None = None,
    session_ids: Iterable[int] = (),
    choice_ids: Iterable[int] = (),
    excluding: Registration | None = None,
) -> PlaceCounts:
    """The event's seats, the seats of each session and the places taken of each option, in one statement.

    Written in SQL because these counts run while the event row is locked, on every registration: one
    statement instead of three grouped ORM queries. The statuses counted are the Status enums' own.
    """
    session_ids, choice_ids = sorted(set(session_ids)), sorted(set(choice_ids))
    parts: list[str] = []
    params: list = []
    if event is not None:
        holding = sorted(Status.holding())
        parts.append(EVENT_PLACES_SQL.format(holding=_placeholders(holding)))
        params += [*holding, event.pk]
    if session_ids:
        holding = sorted(SeatStatus.holding())
        parts.append(
            SESSION_PLACES_SQL.format(holding=_placeholders(holding), ids=_placeholders(session_ids))
        )
        params += [*holding, *session_ids]
    if choice_ids:
        active = sorted(Registration.ACTIVE_STATUSES)
        others = " AND registration.id <> %s" if excluding is not None else ""
        parts.append(
            CHOICE_PLACES_SQL.format(
                ids=_placeholders(choice_ids), active=_placeholders(active), others=others
            )
        )
        params += [*choice_ids, *active, *([excluding.pk] if excluding is not None else [])]
    counts = PlaceCounts(sessions={session_id: SeatTally() for session_id in session_ids})
    if not parts:
        return counts
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for part, pk, held, last_position in cursor.fetchall():
            if part == "event":
                counts.event = SeatTally(held=held, last_position=last_position or 0)
            elif part == "session":
                counts.sessions[pk] = SeatTally(held=held, last_position=last_position or 0)
            else:
                counts.choices[pk] = held
    return counts


def event_tally(event: Event) -> SeatTally:
    return count_places(event=event).event


def session_tallies(session_ids: Iterable[int]) -> dict[int, SeatTally]:
    """One grouped query for every session, however many were chosen."""
    return count_places(session_ids=session_ids).sessions


def lock_limited_choices(people: Sequence[PersonData]) -> dict[int, Choice]:
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
        choice.pk: choice
        for choice in Choice.objects.filter(pk__in=ids)
        .only(*CHOICE_RULE_FIELDS)
        .order_by("pk")
        .select_for_update()
    }


def choice_places_taken(
    choice_ids: Iterable[int], *, excluding: Registration | None = None
) -> dict[int, int]:
    """Places taken per choice by active registrations, in one grouped query."""
    return count_places(choice_ids=choice_ids, excluding=excluding).choices


def check_choice_capacity(
    limited: dict[int, Choice],
    people: Sequence[PersonData],
    *,
    excluding: Registration | None = None,
    taken: dict[int, int] | None = None,
) -> None:
    """Refuse an option with no place left for everyone choosing it; `taken` if already counted."""
    wanted: dict[int, int] = {}
    for person in people:
        for answer in person.answers:
            for choice in answer.choices:
                if choice.pk in limited:
                    wanted[choice.pk] = wanted.get(choice.pk, 0) + 1
    if not wanted:
        return
    if taken is None:
        taken = choice_places_taken(wanted, excluding=excluding)
    for choice_id, count in sorted(wanted.items()):
        choice = limited[choice_id]
        if choice.capacity is not None and taken.get(choice_id, 0) + count > choice.capacity:
            raise ChoiceFull(
                _("%(choice)s has no places left; choose another option.") % {"choice": quoted(choice.label)},
                field=f"q_{choice.question_id}",
            )


def initial_statuses(
    event: Event, count: int, *, approved: bool = False, tally: SeatTally | None = None
) -> list[tuple[str, int | None]]:
    """Status and waiting-list position for `count` new people, in order, from one count under the lock
    (`tally`, if already counted).

    `approved`: the organizers register them themselves, so the event's approval step is behind them.
    """
    if event.approval_required and not approved:
        return [(Status.PENDING, None)] * count
    if event.capacity is None:
        return [(Status.CONFIRMED, None)] * count
    if tally is None:
        tally = event_tally(event)
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


def place_in_sessions(
    placements: Sequence[tuple[Registration, Sequence[Session]]],
    *,
    waitlist: bool,
    over_capacity: bool = False,
    tallies: dict[int, SeatTally] | None = None,
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
    if tallies is None:
        tallies = session_tallies(counted)
    seats = []
    for registration, sessions in placements:
        for session in sorted(sessions, key=lambda session: session.pk):
            seat = SessionSeat(registration=registration, session=session, status=SeatStatus.CONFIRMED)
            if registration.status != Status.CONFIRMED:
                seat.status = SeatStatus.REQUESTED
            elif session.capacity is not None and not over_capacity:
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


# --- places left, for pages and lists (read without locks) -----------------------------------------


def with_session_counts(sessions: QuerySet[Session]) -> QuerySet[WithAnnotations[Session, SeatCounts]]:
    """Sessions annotated with `taken` (places held) and `waiting` (people on their waiting list)."""
    return sessions.annotate(
        taken=Count("seats", filter=Q(seats__status__in=SeatStatus.holding())),
        waiting=Count("seats", filter=Q(seats__status=SeatStatus.WAITLISTED)),
    )


def count_session_seats(sessions: Sequence[WithAnnotations[Session, SeatCounts]]) -> None:
    """Set `taken` and `waiting` on sessions loaded without counts: one grouped query for all of them."""
    counts = {
        session_id: (taken, waiting)
        for session_id, taken, waiting in SessionSeat.objects.filter(session__in=sessions)
        .order_by()
        .values("session_id")
        .annotate(
            taken=Count("pk", filter=Q(status__in=SeatStatus.holding())),
            waiting=Count("pk", filter=Q(status=SeatStatus.WAITLISTED)),
        )
        .values_list("session_id", "taken", "waiting")
    }
    for session in sessions:
        session.taken, session.waiting = counts.get(session.pk, (0, 0))


def seats_left(session: WithAnnotations[Session, SeatCounts]) -> int | None:
    """None means no limit; needs the `taken` count of with_session_counts() or count_session_seats()."""
    if session.capacity is None:
        return None
    return max(session.capacity - session.taken, 0)


def event_seats_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - event_seats_held(event), 0)


def event_seats_held_by_event(events: Iterable[Event]) -> dict[int, int]:
    """Places held in several events in one grouped query (for lists), by event id."""
    rows = (
        Registration.objects.filter(
            event__in=[event.pk for event in events if event.capacity is not None],
            status__in=Status.holding(),
        )
        .order_by()
        .values("event_id")
        .annotate(taken=Count("pk"))
        .values_list("event_id", "taken")
    )
    return dict(rows)


def choice_places_left(*, choices: Iterable[Choice]) -> dict[int, int]:
    """Places left per limited choice, counting answers of active registrations."""
    limited = {choice.pk: choice.capacity for choice in choices if choice.capacity is not None}
    if not limited:
        return {}
    taken = choice_places_taken(limited)
    return {pk: max(capacity - taken.get(pk, 0), 0) for pk, capacity in limited.items()}
