"""Read queries behind the agenda: days, time slots with parallel sessions, nested items, people by role.

The whole agenda of an event is read in two queries (sessions with their track, venue and host; roles with
their people), whatever its size, and the tree is built in Python.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from events.models import Event

from .models import Person, Session, SessionRole

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# People are listed by role in this order on every session.
ROLE_ORDER = [
    SessionRole.Role.MODERATOR,
    SessionRole.Role.HONORARY_GUEST,
    SessionRole.Role.SPEAKER,
    SessionRole.Role.PANELIST,
    SessionRole.Role.HOST,
    SessionRole.Role.GUEST,
]


@dataclass
class RoleGroup:
    role: str
    label: "StrOrPromise"
    roles: list[SessionRole]


@dataclass
class TimeSlot:
    """Top-level sessions whose times overlap; more than one means they run in parallel."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    sessions: list[Session] = field(default_factory=list)

    @property
    def is_parallel(self) -> bool:
        return len(self.sessions) > 1


@dataclass
class AgendaDay:
    number: int
    date: dt.date
    slots: list[TimeSlot] = field(default_factory=list)


def _roles_queryset() -> QuerySet[SessionRole]:
    return SessionRole.objects.select_related("person__organization").order_by("order", "id")


def sessions_for_agenda(*, event: Event) -> QuerySet[Session]:
    return (
        Session.objects.filter(event=event)
        .select_related("track", "venue", "host_organization")
        .prefetch_related(Prefetch("roles", queryset=_roles_queryset()))
        .order_by("starts_at", "order", "id")
    )


def group_roles(roles) -> list[RoleGroup]:
    """People of one session grouped by role, moderators first."""
    roles = list(roles)
    groups = []
    for role in ROLE_ORDER:
        members = [item for item in roles if item.role == role]
        if members:
            groups.append(RoleGroup(role=role, label=SessionRole.Role(role).label, roles=members))
    return groups


def _attach_tree(sessions: list[Session]) -> list[Session]:
    """Give each session `nested` (children in time order) and `people` (roles by role); return the tops."""
    by_id = {session.pk: session for session in sessions}
    for session in sessions:
        session.nested = []
        session.people = group_roles(session.roles.all())
    tops = []
    for session in sessions:
        parent = by_id.get(session.parent_id) if session.parent_id is not None else None
        if parent is not None:
            parent.nested.append(session)
        else:
            tops.append(session)
    for session in sessions:
        session.has_parallel_children = _has_overlap(session.nested)
    return tops


def _has_overlap(sessions: list[Session]) -> bool:
    """True when any two of these sessions (sorted by start) run at the same time."""
    latest_end = None
    for session in sessions:
        if latest_end is not None and session.starts_at < latest_end:
            return True
        latest_end = session.ends_at if latest_end is None else max(latest_end, session.ends_at)
    return False


def _slots(sessions: list[Session]) -> list[TimeSlot]:
    """Group sessions sorted by start into slots of transitively overlapping times (half-open intervals)."""
    slots: list[TimeSlot] = []
    for session in sessions:
        if slots and session.starts_at < slots[-1].ends_at:
            slot = slots[-1]
            slot.sessions.append(session)
            slot.ends_at = max(slot.ends_at, session.ends_at)
        else:
            slots.append(TimeSlot(starts_at=session.starts_at, ends_at=session.ends_at, sessions=[session]))
    return slots


def agenda_days(*, event: Event) -> list[AgendaDay]:
    """The event's agenda as days of time slots, in two queries."""
    sessions = list(sessions_for_agenda(event=event))
    for session in sessions:
        session.event = event  # links are built from the event's slug: no query per session
    tops = _attach_tree(sessions)
    by_date: dict[dt.date, list[Session]] = {}
    for session in tops:
        by_date.setdefault(timezone.localdate(session.starts_at), []).append(session)
    first_day = timezone.localdate(event.starts_at)
    days = []
    for date in sorted(by_date):
        number = (date - first_day).days + 1
        days.append(AgendaDay(number=number, date=date, slots=_slots(by_date[date])))
    return days


def session_for_public_page(*, event: Event, pk: int) -> Session:
    """One session of a public event with its nested items and people, in three queries."""
    session = (
        Session.objects.filter(event=event)
        .select_related("track", "venue", "host_organization", "parent")
        .prefetch_related(
            Prefetch("roles", queryset=_roles_queryset()),
            Prefetch(
                "children",
                queryset=Session.objects.select_related("track", "venue", "host_organization")
                .prefetch_related(Prefetch("roles", queryset=_roles_queryset()))
                .order_by("starts_at", "order", "id"),
            ),
        )
        .get(pk=pk)
    )
    session.event = event
    if session.parent is not None:
        session.parent.event = event
    session.people = group_roles(session.roles.all())
    session.nested = list(session.children.all())
    session.has_parallel_children = _has_overlap(session.nested)
    for child in session.nested:
        child.event = event
        child.people = group_roles(child.roles.all())
        child.nested = []
    return session


def person_public_roles(*, person: Person) -> list[SessionRole]:
    """The person's roles in sessions of published events, in time order."""
    return list(
        SessionRole.objects.filter(person=person, session__event__in=Event.objects.published())
        .select_related("session__event", "session__track", "session__venue")
        .order_by("session__starts_at", "session__pk", "order")
    )
