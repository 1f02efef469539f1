"""Rendering one outbox row into a message in its language: subject, text and HTML bodies, headers, calendar.

Headers are built here (see AddressField), never by the email package's folder, and every name in them is
sanitized first: organizer-entered text and registrants' names are hostile until proven otherwise.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.policy
import logging
import re
import unicodedata
from email.utils import formataddr, make_msgid, parseaddr
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.signals import setting_changed
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.models import Event, Venue
from mail.kinds import CALENDAR_KINDS, ENDING_KINDS, PARAGRAPH_KINDS, RESTATING_KINDS, Kind
from mail.models import EmailLog
from organizations.models import Organization
from registrations.calendars import has_calendar, registration_calendar
from registrations.models import Answer, Choice, Question, Registration, SessionSeat
from registrations.tokens import checkin_code

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


def _manage_url(registration: Registration) -> str:
    from registrations.tokens import manage_url_for

    try:
        return manage_url_for(registration)
    except NoReverseMatch:  # a message without the link is better than no message
        logger.error("No manage URL for registration %s", registration.pk)
        return ""


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


@receiver(post_save, sender=Event, dispatch_uid="mail.render.event_saved")
@receiver(post_delete, sender=Event, dispatch_uid="mail.render.event_deleted")
@receiver(post_save, sender=Venue, dispatch_uid="mail.render.venue_saved")
@receiver(post_delete, sender=Venue, dispatch_uid="mail.render.venue_deleted")
@receiver(post_save, sender=Organization, dispatch_uid="mail.render.organization_saved")
@receiver(post_delete, sender=Organization, dispatch_uid="mail.render.organization_deleted")
@receiver(setting_changed, dispatch_uid="mail.render.setting_changed")
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

    template = f"mail/{kind.name}"
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
    from mail.models import Broadcast

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
        values["date"] = date_format(start, "SHORT_DATETIME_FORMAT")
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
