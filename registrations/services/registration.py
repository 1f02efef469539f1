"""Every state change of a registration: register, edit, cancel, approve, decline, promote, offers.

Locking order, the same in every function: the Event row first, then the Registration rows involved,
then the Session rows in primary-key order, then Choice rows with a capacity in primary-key order.
The Event lock serializes every seat change of one event, so counts read under it stay true until commit.
E-mails are written to the outbox in the same transaction and sent after commit.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.base_user import BaseUserManager
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import Session
from common.typography import quoted
from events.models import Event
from mail.models import EmailLog
from mail.outbox import queue_email, queue_emails_of_new_registrations
from registrations import calendars
from registrations.models import (
    Answer,
    Question,
    Registration,
    RegistrationForm,
    ScreenedSubmissions,
    SessionSeat,
)
from registrations.services import capacity, waitlist
from registrations.services.data import AnswerData, ConsentData, PersonData, RegistrationResult
from registrations.services.errors import (
    DuplicateRegistration,
    EditingClosed,
    RegistrationClosed,
    SessionClash,
    SessionUnavailable,
    TooManyAttendees,
)
from registrations.tokens import manage_token_hash_for
from workgroups.rankings import save_rankings

logger = logging.getLogger(__name__)


Status = Registration.Status


SeatStatus = SessionSeat.Status


MAX_MANAGE_LINK_RESENDS = 20


def can_edit(registration: Registration, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return registration.is_active and now < registration.event.registration_window().closes_at


def can_cancel(registration: Registration, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return registration.is_active and now < registration.event.starts_at


def normalize_email(email: str) -> str:
    return BaseUserManager.normalize_email(email.strip())


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
    e-mail: a row the submission key does not match was found by its e-mail."""
    contact = (
        Q(registered_by__isnull=True, email__iexact=email, status__in=Registration.ACTIVE_STATUSES)
        if email
        else Q(pk__in=[])
    )
    submission = Q(submission_key=submission_key) if submission_key else Q(pk__in=[])
    same_submission = same_contact = None
    rows = Registration.objects.filter(contact | submission, event=event).order_by("created_at", "pk")
    for pk, key in rows.values_list("pk", "submission_key"):
        if submission_key and key == submission_key:
            same_submission = same_submission or pk
        else:
            same_contact = same_contact or pk
    if same_submission is None and same_contact is None:  # nearly always: only ids were read
        return None, None
    found = Registration.objects.in_bulk([pk for pk in (same_submission, same_contact) if pk])
    return found.get(same_submission), found.get(same_contact)


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
    channel: str,
    status: str,
    position: int | None,
) -> Registration:
    """An unsaved Registration with its manage-token hash, ready for one INSERT."""
    registration = Registration(
        event=event,
        channel=channel,
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
    channel: str = Registration.Channel.ONLINE,
    notify: bool = True,
    over_capacity: bool = False,
    now: dt.datetime | None = None,
) -> RegistrationResult:
    """Register the contact person and anyone they register with them, all or nothing.

    The one way a registration is made: the public form, the admin's "add", the file import and the
    organizers' registration at the door all come here, so every registration gets its manage link,
    its seats and its answers by the same rules.

    Each person is confirmed while event seats last, else waitlisted (or pending under approval);
    chosen sessions are confirmed or waitlisted per session. A repeated submit (same key) returns the
    first result; a second online registration with the same contact e-mail re-sends the manage link.

    Organizers (any other `channel`) may register after registration has closed and without an e-mail
    address; a second registration with the same address is refused for them. `notify=False` sends
    nothing and `over_capacity=True` confirms everyone whatever the places left: only the import offers
    these, when the organizer ticks them.
    Side effects: outbox rows ("registered" per person, or "manage_link:<n>").
    """
    online = channel == Registration.Channel.ONLINE
    with transaction.atomic():
        event = capacity.lock_event(event)
        email = normalize_email(contact.email) if contact.email else ""
        same_submission, same_contact = _earlier_registrations(
            event, submission_key=submission_key, email=email
        )
        if same_submission is not None:
            return RegistrationResult(registration=same_submission, created=False)
        now = now or timezone.now()
        if online and not event.is_registration_open(at=now):
            raise RegistrationClosed(_("Registration for this event is closed."))
        if not online and same_contact is not None:
            raise DuplicateRegistration(
                _("%(email)s is already registered for this event.") % {"email": email}, field="email"
            )
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
        sessions = capacity.lock_sessions(
            session_id for person in people for session_id in person.session_ids
        )
        for person in people:
            _check_sessions(event, sessions, person.session_ids)
            check_no_clash([sessions[session_id] for session_id in set(person.session_ids)])
        limited = capacity.lock_limited_choices(people)
        counts = capacity.count_places(
            event=event if event.capacity is not None else None,
            session_ids=[session.pk for session in sessions.values() if session.capacity is not None],
            choice_ids=limited,
        )
        capacity.check_choice_capacity(limited, people, taken=counts.choices)

        statuses: list[tuple[str, int | None]]
        if over_capacity:
            statuses = [(Status.CONFIRMED, None)] * len(people)
        else:
            # At the door the organizer registering the person is the approval.
            on_site = channel == Registration.Channel.ON_SITE
            statuses = capacity.initial_statuses(event, len(people), approved=on_site, tally=counts.event)
        created = [
            _new_registration(
                event,
                person,
                consent=consent,
                now=now,
                user=user if index == 0 else None,
                submission_key=submission_key if index == 0 else "",
                channel=channel,
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
        capacity.place_in_sessions(
            [
                (registration, [sessions[i] for i in sorted(set(person.session_ids))])
                for registration, person in zip(created, people, strict=True)
            ],
            waitlist=event.waitlist_enabled,
            over_capacity=over_capacity,
            tallies=counts.sessions,
        )
        if notify:
            queue_emails_of_new_registrations(registrations=created, kind="registered")
        logger.info("Registered %s for event %s (%s)", [r.pk for r in created], event.pk, channel)
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
    sessions = capacity.lock_sessions(set(current) | wanted)
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
        waitlist.leave_session(seat, change.sessions[seat.session_id], event, now=now)
    capacity.place_in_sessions([(registration, change.added)], waitlist=event.waitlist_enabled)
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
        event = capacity.lock_event(registration.event_id)
        registration = capacity.lock_registration(registration.pk)
        if not can_edit(registration, now=now):
            raise EditingClosed(_("This registration can no longer be changed."))
        change = _plan_seat_change(registration, event, person.session_ids)
        capacity.check_choice_capacity(
            capacity.lock_limited_choices([person]), [person], excluding=registration
        )

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
        event = capacity.lock_event(registration.event_id)
        registration = capacity.lock_registration(registration.pk)
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
        event = capacity.lock_event(registration.event_id)
        registration = capacity.lock_registration(registration.pk)
        if not registration.is_active:
            return registration
        waitlist.release(registration, event, status=Status.CANCELLED, now=now)
        queue_email(registration=registration, kind="cancelled:organizer" if by_organizer else "cancelled")
        if by_organizer:
            logger.info("Registration %s cancelled by the organizers", registration.pk)
        return registration
