"""Read queries of the registration paths: seats left, time slots, a person's registrations."""

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from agenda.models import Session, SessionRole
from agenda.selectors import group_roles
from events import page_cache
from events.models import Attachment, Event
from events.selectors import cached_published_event
from registrations.models import Answer, Choice, Question, Registration, RegistrationForm, SessionSeat
from registrations.services import capacity

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def selectable_sessions(*, event: Event, counted: bool = True) -> QuerySet[Session]:
    """The event's sessions chosen at registration, each with `taken` and `waiting` counts when `counted`."""
    sessions = (
        Session.objects.filter(event=event, is_selectable=True)
        .select_related("venue", "track", "host_organization")
        .order_by("starts_at", "order", "pk")
    )
    if not counted:
        return sessions
    return capacity.with_session_counts(sessions)


@dataclass
class TimeSlot:
    """Sessions whose times overlap one another directly or through a chain of overlaps."""

    sessions: list[Session] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"slot_{self.sessions[0].pk}"

    @property
    def starts_at(self):
        return min(session.starts_at for session in self.sessions)

    @property
    def ends_at(self):
        return max(session.ends_at for session in self.sessions)

    @property
    def all_overlap(self) -> bool:
        """Every pair clashes, so exactly one can be picked (radio buttons)."""
        return all(
            first.overlaps(second)
            for index, first in enumerate(self.sessions)
            for second in self.sessions[index + 1 :]
        )


def time_slots(sessions) -> list[TimeSlot]:
    slots: list[TimeSlot] = []
    for session in sorted(sessions, key=lambda session: (session.starts_at, session.pk)):
        if slots and session.starts_at < slots[-1].ends_at:
            slots[-1].sessions.append(session)
        else:
            slots.append(TimeSlot(sessions=[session]))
    return slots


@dataclass
class FormDefinition:
    """What a registration form asks: its questions (with their choices) and the sessions to choose from."""

    questions: list[Question]
    sessions: list[Session]

    @property
    def slots(self) -> list[TimeSlot]:
        return time_slots(self.sessions)


def _read_form_definition(event: Event, registration_form: RegistrationForm | None) -> FormDefinition:
    questions = (
        Question.objects.filter(form=registration_form).prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))
        )
        if registration_form
        else []
    )
    return FormDefinition(
        questions=list(questions), sessions=list(selectable_sessions(event=event, counted=False))
    )


def registration_event(*, slug: str) -> Event:
    """The published event at `slug` with its registration form, kept in the cache while neither changes
    (a save of the form replaces the event's version too). Raises Event.DoesNotExist."""
    return cached_published_event(
        slug=slug,
        part="registration-event",
        load=lambda events: events.select_related("registration_form").get(),
    )


def form_definition(*, event: Event, registration_form: RegistrationForm | None) -> FormDefinition:
    """The form's questions and sessions, kept in the cache until the event's pages change (page_cache).

    Every form, question, choice and session saved replaces the event's version, so a form is never
    checked against an older definition than the one shown; seats are counted apart, under the locks.
    """
    key, name = page_cache.event_key(event.pk), f"registration-form:{event.pk}"
    return page_cache.Fragments([key], [name]).get(
        name, [key], lambda: _read_form_definition(event, registration_form)
    )


def registration_details(*, registration: Registration) -> Registration:
    return (
        Registration.objects.select_related("event", "event__venue", "organization", "registered_by")
        .prefetch_related("seats__session__venue", "answers__question", "answers__choices")
        .get(pk=registration.pk)
    )


def submission_people(*, event: Event, contact_public_id: str) -> list[Registration]:
    """The contact of one submission first, then everyone they registered, each with their sessions."""
    seats = SessionSeat.objects.select_related("session__venue").order_by("session__starts_at", "session_id")
    return list(
        Registration.objects.filter(
            Q(public_id=contact_public_id, registered_by__isnull=True)
            | Q(registered_by__public_id=contact_public_id),
            event=event,
        )
        .prefetch_related(Prefetch("seats", queryset=seats))
        .order_by(F("registered_by").asc(nulls_first=True), "pk")
    )


def my_schedule(*, registration: Registration) -> list[SessionSeat]:
    """The person's sessions in time order, each with its place and its people grouped by role (`people`)."""
    roles = SessionRole.objects.select_related("person__organization").order_by("order", "id")
    seats = list(
        SessionSeat.objects.filter(registration=registration)
        .select_related("session__venue", "session__track")
        .prefetch_related(Prefetch("session__roles", queryset=roles))
        .order_by("session__starts_at", "session__pk")
    )
    for seat in seats:
        seat.session.people = group_roles(seat.session.roles.all())
    return seats


def registrations_for_user(*, user) -> QuerySet[Registration]:
    """A signed-in person's registrations: made with the account or with one of its verified e-mails."""
    from allauth.account.models import EmailAddress

    verified = list(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
    condition = Q(user=user)
    for email in verified:
        condition |= Q(email__iexact=email)
    return (
        Registration.objects.filter(condition)
        .select_related("event", "event__venue")
        .order_by("-event__starts_at", "pk")
    )


def limited_choices(*, event: Event) -> QuerySet[Choice]:
    return Choice.objects.filter(question__form__event=event, capacity__isnull=False)


def registrant_downloads(*, registration: Registration) -> QuerySet[Attachment]:
    """The event's registrants-only downloads ("Do pobrania") for a confirmed registration; else none."""
    if registration.status != Registration.Status.CONFIRMED:
        return Attachment.objects.none()
    return Attachment.objects.filter(event_id=registration.event_id, is_public=False)


class OrganizerEventCounts(TypedDict):
    active: int
    held: int
    waiting: int


def organizer_events(
    *, events: QuerySet[Event], now: dt.datetime, limit: int = 30
) -> list["WithAnnotations[Event, OrganizerEventCounts]"]:
    """Upcoming and draft events for the organizer's admin home, each with its counts annotated:
    `active` registrations, `held` seats, `waiting` people, `failed_emails` and `places_left`
    (None without a limit)."""
    events = (
        events.filter(Q(ends_at__gte=now) | Q(status=Event.Status.DRAFT))
        .exclude(status=Event.Status.CANCELLED)
        .annotate(
            active=Count("registrations", filter=Q(registrations__status__in=Registration.ACTIVE_STATUSES)),
            held=Count("registrations", filter=Q(registrations__status__in=Registration.Status.holding())),
            waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
        )
        .select_related("organization")
        .order_by("starts_at")
    )
    rows = list(events[:limit])
    # The outbox's rows reach the event as `emails`; counted apart so the joins do not multiply.
    failed = dict(
        Event.objects.filter(pk__in=[event.pk for event in rows], emails__status="failed")
        .values_list("pk")
        .annotate(n=Count("emails"))
    )
    for event in rows:
        event.failed_emails = failed.get(event.pk, 0)
        event.places_left = None if event.capacity is None else max(event.capacity - event.held, 0)
    return rows


def confirmed_on_day(*, event: Event, day) -> QuerySet[Registration]:
    """Confirmed registrations of people who come on this day.

    An option standing for a day ("Which days will you attend?") tells: whoever picked such options comes
    on their days only; whoever picked none of them (or was never asked) comes on every day.
    """
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    day_options = Choice.objects.filter(question__form__event=event, day__isnull=False)
    if not day_options.exists():
        return confirmed
    picked = Answer.choices.through.objects.filter(
        answer__registration=OuterRef("pk"), choice__in=day_options
    )
    return confirmed.filter(~Exists(picked) | Exists(picked.filter(choice__day=day)))


@dataclass(frozen=True)
class RegistrationStatus:
    """What the event page says about registration."""

    NOT_NEEDED = "not_needed"
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    WAITLIST = "waitlist"
    FULL = "full"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    state: str
    seats_left: int | None = None
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None

    @property
    def accepts_registrations(self) -> bool:
        return self.state in {self.OPEN, self.WAITLIST}


def registration_status(
    *, event: Event, at: dt.datetime | None = None, taken: int | None = None
) -> RegistrationStatus:
    """Registration state for the public page; counts the seats only when the event has a capacity.

    `taken` is the count from capacity.event_seats_held_by_event() when the caller already has it.
    """
    at = at or timezone.now()
    window = event.registration_window()
    closes_at = window.closes_at
    if event.status == Event.Status.CANCELLED:
        return RegistrationStatus(RegistrationStatus.CANCELLED)
    if not event.registration_required:
        return RegistrationStatus(RegistrationStatus.NOT_NEEDED)
    if window.opens_at and at < window.opens_at:
        return RegistrationStatus(
            RegistrationStatus.NOT_YET_OPEN, opens_at=window.opens_at, closes_at=closes_at
        )
    if at >= closes_at:
        return RegistrationStatus(RegistrationStatus.CLOSED)
    if event.capacity is None:
        return RegistrationStatus(RegistrationStatus.OPEN, closes_at=closes_at)
    if taken is None:
        taken = capacity.event_seats_held(event)
    seats_left = max(event.capacity - taken, 0)
    if seats_left:
        return RegistrationStatus(RegistrationStatus.OPEN, seats_left=seats_left, closes_at=closes_at)
    if event.waitlist_enabled:
        return RegistrationStatus(RegistrationStatus.WAITLIST, seats_left=0, closes_at=closes_at)
    return RegistrationStatus(RegistrationStatus.FULL, seats_left=0)


def with_registration_status(events) -> list[Event]:
    """The events with `public_registration` set for list cards, their seats counted in one query."""
    events = list(events)
    taken = capacity.event_seats_held_by_event(events)
    for event in events:
        event.public_registration = registration_status(event=event, taken=taken.get(event.pk, 0))
    return events
