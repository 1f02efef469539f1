"""Builds each message kind and sends it; every send is guarded by its EmailLog row.

A send goes through three short steps, none of which holds a transaction open while talking to the mail
server: claim the row (queued/retrying → sending, with the Message-ID fixed before anything leaves), send,
mark it sent. A worker that dies between the server's "250" and the last step makes the sweep or the
redelivered task send once more, with the same Message-ID; nothing is ever lost.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import email.policy
import logging
import random
import re
import smtplib
import time
import unicodedata
from dataclasses import dataclass
from email.utils import formataddr, make_msgid, parseaddr
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.signals import setting_changed
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Concat
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import Event, Venue
from organizations.models import Organization

from .calendars import has_calendar, registration_calendar
from .checkin import checkin_code
from .models import Answer, Choice, EmailLog, Question, Registration, SessionSeat

logger = logging.getLogger(__name__)

# Control characters, line breaks and bidirectional overrides never reach a header.
_UNSAFE_HEADER_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# A display name of these characters only (RFC 5322 atext and spaces) needs neither quotes nor encoding.
PLAIN_WORD = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+")
PLAIN_WORD_MAX = 40
# 45 bytes are 60 characters of base64, so an encoded word stays within RFC 2047's 75.
ENCODED_WORD_BYTES = 45
MAX_HEADER_LINE = 78
# How long a worker process keeps its SMTP connection open between two messages.
SMTP_CONNECTION_IDLE_SECONDS = 10

# The registration service says "confirmation" for what the templates call "registered".
KIND_ALIASES = {"confirmation": "registered"}
# Kinds (the part before the first ":") that carry the person's calendar: a date confirmed or changed.
CALENDAR_KINDS = frozenset(
    {"registered", "updated", "approved", "promoted", "event_changed", "event_cancelled", "working_group"}
)
# Kinds that end a registration: their calendar cancels the entries sent before (METHOD:CANCEL).
ENDING_KINDS = frozenset({"cancelled", "declined"})
# Kinds that restate what the person chose: the confirmation and the updated confirmation.
RESTATING_KINDS = frozenset({"registered", "updated"})
# Kinds that include the organizer's own paragraph.
PARAGRAPH_KINDS = frozenset({"registered", "approved", "promoted", "reminder"})


class TransientEmailError(Exception):
    """A failure worth retrying (a 4xx reply, a refused connection, a timeout); `countdown` is the delay."""

    def __init__(self, message: str, *, countdown: int) -> None:
        super().__init__(message)
        self.countdown = countdown


@dataclass(frozen=True)
class Kind:
    """A parsed EmailLog.kind such as "reminder:24:session:7" or "broadcast:3"."""

    name: str
    hours: int | None = None
    session_id: int | None = None
    object_id: int | None = None
    label: str = ""

    @classmethod
    def parse(cls, kind: str) -> Kind:
        name, _sep, rest = kind.partition(":")
        name = KIND_ALIASES.get(name, name)
        parts = rest.split(":") if rest else []
        session_id = None
        if "session" in parts[:-1] and parts[parts.index("session") + 1].isdigit():
            session_id = int(parts[parts.index("session") + 1])
        if name == "reminder" and parts and parts[0].isdigit():
            return cls(name, hours=int(parts[0]), session_id=session_id)
        if name == "broadcast" and parts and parts[0].isdigit():
            return cls(name, object_id=int(parts[0]))
        return cls(name, session_id=session_id, label=rest)


# --- Small helpers --------------------------------------------------------------------------------------


def header_text(value: str) -> str:
    """Text safe for a header or display name: no line breaks, controls or bidi overrides, NFC."""
    value = _UNSAFE_HEADER_CHARACTERS.sub(" ", unicodedata.normalize("NFC", str(value)))
    return " ".join(value.split())


class Mailbox(NamedTuple):
    """A display name and an address; str() is the one-line 'Name <address>' Django's envelope reads."""

    name: str
    address: str

    def __str__(self) -> str:
        return formataddr(self)


def mailbox(name: str, address: str) -> Mailbox:
    """A mailbox with the name sanitized (see header_text) and an address that cannot break a header."""
    if _UNSAFE_HEADER_CHARACTERS.search(address) or not address.strip():
        raise ValueError("unsafe e-mail address")
    local_part, _at, domain = address.strip().rpartition("@")
    if not local_part or not local_part.isascii():
        raise ValueError("no local part or a non-ASCII one")
    return Mailbox(header_text(name), f"{local_part}@{domain.encode('idna').decode('ascii')}")


class AddressField:
    """An address header folded here rather than by the email package.

    Python's folder (3.12 and 3.13) drops the quotes of a display name it has to split, so "Kowalski, Jan"
    becomes two addresses, and a word longer than a line leaves an empty line that ends the headers. Here
    a name of plain short words goes out as it is; any other name goes out as base64 encoded words (RFC
    2047), and lines are only ever broken between words.
    """

    def __init__(self, name: str, mailboxes: list[Mailbox]) -> None:
        self.name = name
        self.mailboxes = mailboxes

    def __str__(self) -> str:
        return ", ".join(str(mailbox) for mailbox in self.mailboxes)

    def fold(self, *, policy) -> str:
        words = []
        for index, (display_name, address) in enumerate(self.mailboxes):
            words += [*_phrase_words(display_name), f"<{address}>"]
            if index < len(self.mailboxes) - 1:
                words[-1] += ","
        max_length = policy.max_line_length or MAX_HEADER_LINE
        lines = [f"{self.name}:"]
        for word in words:
            if len(lines[-1]) + 1 + len(word) > max_length:
                lines.append("")
            lines[-1] += " " + word
        return policy.linesep.join(lines) + policy.linesep


def _phrase_words(display_name: str) -> list[str]:
    if not display_name:
        return []
    words = display_name.split()
    if PLAIN_WORD.fullmatch(display_name) and all(len(word) <= PLAIN_WORD_MAX for word in words):
        return words
    chunks, chunk = [], ""
    for character in display_name:
        if len((chunk + character).encode()) > ENCODED_WORD_BYTES:
            chunks.append(chunk)
            chunk = ""
        chunk += character
    chunks.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(chunk.encode()).decode('ascii')}?=" for chunk in chunks]


class OutgoingMessage(EmailMultiAlternatives):
    """A message whose From, To and Reply-To headers are AddressFields (see there why)."""

    def __init__(self, *, sender: Mailbox, to: list[Mailbox], reply_to: list[Mailbox], **kwargs) -> None:
        super().__init__(from_email=str(sender), to=[*map(str, to)], reply_to=[*map(str, reply_to)], **kwargs)
        self.mailboxes = {"From": [sender], "To": to, "Reply-To": reply_to}

    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy)
        for header, mailboxes in self.mailboxes.items():
            if mailboxes:
                message.replace_header(header, AddressField(header, mailboxes))
        return message


def substitute_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace only the whitelisted {name}-style placeholders; anything else stays as written."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def message_id_domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = address.rpartition("@")[2]
    return domain or urlsplit(settings.SITE_URL).hostname or "localhost"


def new_message_id(email_log_id: int) -> str:
    return make_msgid(idstring=f"outbox{email_log_id}", domain=message_id_domain())


def retry_delay(attempts: int) -> int:
    """Seconds before the next try after `attempts` failed ones: base × 2^(n−1), capped, with 10 % jitter."""
    base = settings.EMAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    delay = min(base, settings.EMAIL_RETRY_MAX_SECONDS)
    return max(1, round(delay * random.uniform(1.0, 1.1)))  # noqa: S311  # nosec B311  # jitter, not security


# Mail servers quote the recipient's address in their replies (550 <anna@example.org>: Recipient rejected).
ADDRESS_IN_REPLY = re.compile(r"[^\s<>\"'(),;:\[\]]+@[^\s<>\"'(),;:\[\]]+")


def loggable_error(error: BaseException) -> str:
    """The error as logs and Celery's retry line may show it: the reply without any e-mail address.

    The full reply stays in the outbox row's last_error, which organizers see in admin.
    """
    return ADDRESS_IN_REPLY.sub("[address]", repr(error))


def is_transient(error: BaseException) -> bool:
    """4xx replies, dropped or refused connections and timeouts are transient; 5xx and the rest are not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500 or error.smtp_code < 0
    return isinstance(error, smtplib.SMTPServerDisconnected | OSError)


def _manage_url(registration: Registration) -> str:
    from .tokens import manage_url_for

    try:
        return manage_url_for(registration)
    except NoReverseMatch:  # a message without the link is better than no message
        logger.error("No manage URL for registration %s", registration.pk)
        return ""


# --- What every message of one event shares, kept per worker process ------------------------------------


class _RenderCache:
    """Events (with organizer and venue), read once per process.

    An event is looked up by a version read together with the claimed row (the updated_at of the event,
    its organizer and its venue, and the calendar sequence), so an edit made anywhere is used by the next
    message; saving any of those rows in this process, or changing a setting, empties the cache. Calendar
    files are built for each message: each holds one person's own entries.
    """

    max_entries = 64

    def __init__(self) -> None:
        self.events: dict[int, tuple[tuple, Event]] = {}

    def event(self, event_id: int, version: tuple) -> Event:
        cached = self.events.get(event_id)
        if cached is not None and cached[0] == version:
            return cached[1]
        event = Event.objects.select_related("organization", "venue").get(pk=event_id)
        self._bound(self.events)[event_id] = (version, event)
        return event

    def clear(self, **kwargs) -> None:
        self.events.clear()

    def _bound(self, entries: dict) -> dict:
        if len(entries) >= self.max_entries:
            entries.clear()
        return entries


_render_cache = _RenderCache()


@receiver(post_save, sender=Event, dispatch_uid="registrations.emails.event_saved")
@receiver(post_delete, sender=Event, dispatch_uid="registrations.emails.event_deleted")
@receiver(post_save, sender=Venue, dispatch_uid="registrations.emails.venue_saved")
@receiver(post_delete, sender=Venue, dispatch_uid="registrations.emails.venue_deleted")
@receiver(post_save, sender=Organization, dispatch_uid="registrations.emails.organization_saved")
@receiver(post_delete, sender=Organization, dispatch_uid="registrations.emails.organization_deleted")
@receiver(setting_changed, dispatch_uid="registrations.emails.setting_changed")
def _forget_rendering_inputs(**kwargs) -> None:
    _render_cache.clear()


# --- Building messages ----------------------------------------------------------------------------------


def build_message(
    log: EmailLog, *, seats: list[SessionSeat] | None = None, manage_url: str | None = None
) -> OutgoingMessage:
    """The message for one outbox row, rendered now in the active language (the caller overrides it).

    `seats`: the registration's session seats ordered by start, when the caller has read them already
    (an empty list for a registration known to have none); otherwise they are read here.
    `manage_url`: a link shown instead of the registrant's own (a preview must not carry a working one).
    """
    kind = Kind.parse(log.kind)
    event = log.event
    registration = log.registration
    context = {
        "log": log,
        "kind": kind,
        "event": event,
        "organizer": event.organization,
        "venue": event.venue,
        "registration": registration,
        "greeting_name": registration.full_name if registration else "",
        "event_url": settings.SITE_URL + event.get_absolute_url(),
    }
    if registration is not None:
        context.update(_registration_context(registration, kind, seats=seats))
        if manage_url is not None:
            context["manage_url"] = manage_url
    subject = _subject(kind, event, registration)
    if kind.name == "broadcast":
        context.update(_broadcast_context(log, kind, registration))
        subject = context["broadcast_subject"]
    elif kind.name == "digest":
        context.update(_digest_context(log))
    elif kind.session_id and registration is not None:
        seat = next((seat for seat in context["seats"] if seat.session_id == kind.session_id), None)
        if seat is not None and seat.session.event_id == event.pk:
            seat.session.event = event
        context["session"] = seat.session if seat else None
        context["offer_expires_at"] = seat.offer_expires_at if seat else None
    context["subject"] = subject

    template = f"registrations/email/{kind.name}"
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = OutgoingMessage(
        subject=header_text(subject),
        body=text,
        sender=mailbox(event.organization.name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]),
        to=[mailbox(context["greeting_name"] if _writes_to_registrant(log) else "", log.recipient)],
        reply_to=(
            [mailbox(event.organization.name, event.contact_email)]
            if event.contact_email and kind.name != "digest"
            else []
        ),
        headers={"Message-ID": log.message_id or new_message_id(log.pk), "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    if _attaches_calendar(kind, registration):
        calendar = registration_calendar(registration, seats=context["seats"])
        method = "CANCEL" if not registration.is_active else "PUBLISH"
        message.attach(f"{event.slug}.ics", calendar, f"text/calendar; method={method}")
    return message


def _writes_to_registrant(log: EmailLog) -> bool:
    registration = log.registration
    return registration is not None and registration.email == log.recipient


def _attaches_calendar(kind: Kind, registration: Registration | None) -> bool:
    """A confirmed person's news carries their calendar; the end of a registration cancels it."""
    if registration is None:
        return False
    if kind.name in ENDING_KINDS:
        return not registration.is_active and has_calendar(registration)
    return kind.name in CALENDAR_KINDS and registration.status == Registration.Status.CONFIRMED


def _registration_context(registration: Registration, kind: Kind, *, seats: list[SessionSeat] | None) -> dict:
    event = registration.event
    confirmed = registration.status == Registration.Status.CONFIRMED
    # Nobody checks in at an online meeting: its e-mails speak of no entry code or QR.
    checks_in = confirmed and event.format != event.Format.ONLINE
    if seats is None:
        seats = list(
            SessionSeat.objects.filter(registration=registration)
            .select_related("session", "session__venue")
            .order_by("session__starts_at")
        )
    context = {
        "status": registration.status,
        "statuses": Registration.Status,
        "is_confirmed": confirmed,
        "manage_url": _manage_url(registration),
        "checkin_code": checkin_code(registration) if checks_in else "",
        "can_change": registration.status in Registration.ACTIVE_STATUSES,
        # The meeting link is a secret for confirmed people only; nobody else ever sees it in an e-mail.
        "online_url": event.online_url if confirmed and event.is_online and event.online_url else "",
        "email_paragraph": event.email_paragraph if kind.name in PARAGRAPH_KINDS else "",
        "seats": seats,
        "contact": registration.registered_by if registration.registered_by_id else None,
    }
    if kind.name in RESTATING_KINDS:
        context["chosen_options"] = _chosen_options(registration)
    if kind.name == "reminder":
        context["reminder_hours"] = kind.hours
    if kind.name == "registered" and not registration.registered_by_id:
        # The contact's confirmation names everyone they registered, with where each of them stands now.
        context["registered_people"] = list(registration.attendees.order_by("pk"))
    context["offer_expires_at"] = registration.offer_expires_at
    return context


def _chosen_options(registration: Registration) -> list[Answer]:
    """The person's answers to choice questions (Warsaw's working group, Kraków's days), with their options.

    Answers to sensitive questions stay out of e-mails.
    """
    return list(
        Answer.objects.filter(
            registration=registration,
            question__kind__in=[*Question.CHOICE_KINDS, Question.Kind.RANKING],
            question__is_sensitive=False,
            choices__isnull=False,
        )
        .distinct()
        .select_related("question")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("order", "pk")))
        .order_by("question__order", "question__pk")
    )


def _broadcast_context(log: EmailLog, kind: Kind, registration: Registration | None) -> dict:
    from .models import Broadcast

    broadcast = Broadcast.objects.get(pk=log.broadcast_id or kind.object_id)
    # Without a registrant (a preview in a language nobody chose yet) the name placeholder stays visible.
    values = {"name": registration.full_name if registration else "{name}", "event": log.event.title}
    return {
        "broadcast": broadcast,
        "broadcast_subject": substitute_placeholders(broadcast.subject, values),
        "broadcast_body": substitute_placeholders(broadcast.body, values),
    }


def _digest_context(log: EmailLog) -> dict:
    until = log.queued_at
    registrations = Registration.objects.filter(
        event=log.event, created_at__gte=until - dt.timedelta(days=1), created_at__lt=until
    ).order_by("created_at")
    return {
        "new_registrations": list(registrations),
        "totals": {
            label: Registration.objects.filter(event=log.event, status=value).count()
            for value, label in Registration.Status.choices
        },
    }


def _subject(kind: Kind, event, registration: Registration | None) -> str:
    values = {"event": event.title}
    if kind.name == "registered":
        status = registration.status if registration else ""
        subjects = {
            Registration.Status.CONFIRMED: _("Registration confirmed: %(event)s"),
            Registration.Status.WAITLISTED: _("You are on the waiting list: %(event)s"),
            Registration.Status.PENDING: _("Registration received, awaiting approval: %(event)s"),
        }
        return subjects.get(status, _("Registration received: %(event)s")) % values
    if kind.name == "reminder":
        start = timezone.localtime(event.starts_at)
        values["date"] = start.strftime("%d.%m.%Y %H:%M")
        if kind.session_id:
            return _("Reminder: your session at %(event)s") % values
        return _("Reminder: %(event)s, %(date)s") % values
    subjects = {
        "approved": _("Registration approved: %(event)s"),
        "declined": _("Registration declined: %(event)s"),
        "promoted": _("A place is yours: %(event)s"),
        "offered": _("A place is available for you: %(event)s"),
        "offer_expired": _("The offered place has expired: %(event)s"),
        "cancelled": _("Registration cancelled: %(event)s"),
        "event_changed": _("Change of time or place: %(event)s"),
        "event_cancelled": _("Event cancelled: %(event)s"),
        "manage_link": _("Your registration link: %(event)s"),
        "updated": _("Registration changed: %(event)s"),
        "digest": _("New registrations: %(event)s"),
        "working_group": _("Your working group: %(event)s"),
    }
    return subjects.get(kind.name, _("About your registration: %(event)s")) % values


# --- Sending --------------------------------------------------------------------------------------------


class _SmtpConnection:
    """One connection per worker process, reused between messages and reopened when idle too long."""

    backend = None
    last_used = 0.0

    @classmethod
    def send(cls, message: EmailMultiAlternatives) -> None:
        if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
            get_connection(fail_silently=False).send_messages([message])  # files, console, memory
            return
        reused = cls.backend is not None and time.monotonic() - cls.last_used < SMTP_CONNECTION_IDLE_SECONDS
        if not reused:
            cls.close()
            cls.backend = cls._open()
        try:
            cls.backend.send_messages([message])
        except smtplib.SMTPServerDisconnected:
            # A server may drop an idle connection; the message was not accepted, so one fresh try is safe.
            cls.close()
            if not reused:
                raise
            cls.backend = cls._open()
            cls.backend.send_messages([message])
        except BaseException:
            cls.close()
            raise
        cls.last_used = time.monotonic()

    @staticmethod
    def _open():
        # Opened here, send_messages() leaves the connection open for the next message.
        backend = get_connection(fail_silently=False)
        backend.open()
        return backend

    @classmethod
    def close(cls) -> None:
        if cls.backend is not None:
            with contextlib.suppress(Exception):  # a broken connection is dropped either way
                cls.backend.close()
        cls.backend = None


def close_smtp_connection() -> None:
    """Say QUIT to the mail server of this process, if a connection is open (a worker shutting down)."""
    _SmtpConnection.close()


def claim(email_log_id: int, *, claim_token: str) -> EmailLog | None:
    """Take the row for sending, or None when it is sent, failed, or being sent by someone else.

    One conditional UPDATE does it, so of two workers holding the same row only one wins, and no lock
    is held while the message is built and sent. The Message-ID is fixed here, before anything leaves.
    """
    claimable = Q(status__in=[EmailLog.Status.QUEUED, EmailLog.Status.RETRYING])
    if claim_token:
        # A task redelivered after its worker died carries the same id and may take its row back.
        claimable |= Q(status=EmailLog.Status.SENDING, claimed_by=claim_token)
    rows = EmailLog.objects.filter(claimable, pk=email_log_id)
    claimed = rows.filter(attempts__lt=settings.EMAIL_MAX_ATTEMPTS).update(
        status=EmailLog.Status.SENDING,
        claimed_at=timezone.now(),
        claimed_by=claim_token,
        attempts=F("attempts") + 1,
        message_id=Case(
            When(message_id="", then=Value(new_message_id(email_log_id))), default=F("message_id")
        ),
    )
    if not claimed:
        # A row whose every attempt ended without an answer (its worker died each time) gives up.
        rows.filter(attempts__gte=settings.EMAIL_MAX_ATTEMPTS).update(
            status=EmailLog.Status.FAILED,
            last_error=Concat(Value("gave up after the last attempt; "), F("last_error")),
        )
        return None
    return _claimed_log(email_log_id)


def _claimed_log(email_log_id: int) -> EmailLog:
    """The row with its registration, whether that has session seats, and its event (from the cache)."""
    log = (
        EmailLog.objects.select_related("registration")
        .annotate(
            has_seats=Exists(SessionSeat.objects.filter(registration=OuterRef("registration_id"))),
            event_updated_at=F("event__updated_at"),
            event_sequence=F("event__sequence"),
            organization_updated_at=F("event__organization__updated_at"),
            venue_updated_at=F("event__venue__updated_at"),
        )
        .get(pk=email_log_id)
    )
    version = (log.event_updated_at, log.event_sequence, log.organization_updated_at, log.venue_updated_at)
    log.event = _render_cache.event(log.event_id, version)
    if log.registration is not None and log.registration.event_id == log.event_id:
        log.registration.event = log.event
    return log


def send_logged_email(email_log_id: int, *, claim_token: str = "") -> str:
    """Send one outbox row at most once; returns "sent", "failed" or "skipped".

    Raises TransientEmailError (with the countdown) when the row waits for another try.
    """
    log = claim(email_log_id, claim_token=claim_token)
    if log is None:
        return "skipped"
    try:
        with translation.override(log.language):
            message = build_message(log, seats=None if log.has_seats else [])
    except Exception as error:
        logger.exception("E-mail %s could not be built", log.pk)
        _finish(log, status=EmailLog.Status.FAILED, last_error=repr(error))
        return "failed"
    try:
        _SmtpConnection.send(message)
    except Exception as error:
        if not is_transient(error):
            logger.warning("E-mail %s refused permanently: %s", log.pk, loggable_error(error))
            _finish(log, status=EmailLog.Status.FAILED, last_error=repr(error))
            return "failed"
        if log.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            logger.warning(
                "E-mail %s failed after %d attempts: %s", log.pk, log.attempts, loggable_error(error)
            )
            _finish(log, status=EmailLog.Status.FAILED, last_error=repr(error))
            return "failed"
        countdown = retry_delay(log.attempts)
        _finish(
            log,
            status=EmailLog.Status.RETRYING,
            last_error=repr(error),
            due_at=timezone.now() + dt.timedelta(seconds=countdown),
        )
        raise TransientEmailError(loggable_error(error), countdown=countdown) from error
    _finish(log, status=EmailLog.Status.SENT, subject=message.subject[:300], sent_at=timezone.now())
    return "sent"


def _finish(log: EmailLog, **changes) -> None:
    # Written without a lock and whatever the status is now: only this worker holds the claim.
    EmailLog.objects.filter(pk=log.pk).exclude(status=EmailLog.Status.SENT).update(claimed_by="", **changes)
