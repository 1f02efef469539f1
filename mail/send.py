"""Sending one outbox row: claim it, send it over a reused SMTP connection, mark it sent or schedule a retry.

A send goes through three short steps, none of which holds a transaction open while talking to the mail
server: claim the row (queued/retrying → sending, with the Message-ID fixed before anything leaves), send,
mark it sent. A worker that dies between the server's "250" and the last step makes the sweep or the
redelivered task send once more, with the same Message-ID; nothing is ever lost."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import random
import re
import smtplib
import time
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Concat
from django.utils import timezone, translation

from mail.models import EmailLog
from mail.render import _render_cache, build_message, new_message_id
from registrations.models import SessionSeat

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

logger = logging.getLogger(__name__)

# How long a worker process keeps its SMTP connection open between two messages.
SMTP_CONNECTION_IDLE_SECONDS = 10


class TransientEmailError(Exception):
    """A failure worth retrying (a 4xx reply, a refused connection, a timeout); `countdown` is the delay."""

    def __init__(self, message: str, *, countdown: int) -> None:
        super().__init__(message)
        self.countdown = countdown


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


class _SmtpConnection:
    """One connection per worker process, reused between messages and reopened when idle too long."""

    backend: BaseEmailBackend | None = None
    last_used = 0.0

    @classmethod
    def send(cls, message: EmailMultiAlternatives) -> None:
        if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
            get_connection(fail_silently=False).send_messages([message])  # files, console, memory
            return
        idle = time.monotonic() - cls.last_used >= SMTP_CONNECTION_IDLE_SECONDS
        backend = None if idle else cls.backend
        reused = backend is not None
        if backend is None:
            cls.close()
            backend = cls.backend = cls._open()
        try:
            backend.send_messages([message])
        except smtplib.SMTPServerDisconnected:
            # A server may drop an idle connection; the message was not accepted, so one fresh try is safe.
            cls.close()
            if not reused:
                raise
            backend = cls.backend = cls._open()
            backend.send_messages([message])
        except BaseException:
            cls.close()
            raise
        cls.last_used = time.monotonic()

    @staticmethod
    def _open() -> BaseEmailBackend:
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


class ClaimedRow(TypedDict):
    """What a claimed outbox row carries beside its own fields: whether the person holds session seats,
    and the versions of the rows its message is built from (for the render cache)."""

    has_seats: bool
    event_updated_at: dt.datetime
    event_sequence: int
    organization_updated_at: dt.datetime
    venue_updated_at: dt.datetime | None


def claim(email_log_id: int, *, claim_token: str) -> WithAnnotations[EmailLog, ClaimedRow] | None:
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


def _claimed_log(email_log_id: int) -> WithAnnotations[EmailLog, ClaimedRow]:
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
