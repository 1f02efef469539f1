"""The e-mail outbox: rows written with the change that causes them, handed to Celery after commit.

A row is the promise that a message goes out once: unique per (registration, kind), or per (event,
recipient, kind) for messages to organizers. If the broker is unreachable when the row is written, the row
stays queued and `sweep_outbox` (every minute) hands it over again; it also takes back rows whose worker
died mid-send.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from mail.models import EmailLog
from registrations.models import Registration

logger = logging.getLogger(__name__)

# Rows handed to a worker that have not been picked up after this long are handed over again.
QUEUED_GRACE = dt.timedelta(minutes=1)
SWEEP_BATCH_SIZE = 500


def recipient_for(registration: Registration) -> str:
    """An attendee without an own e-mail is written to through the contact who registered them."""
    if registration.email:
        return registration.email
    if registration.registered_by is not None:
        return registration.registered_by.email
    return ""


def queue_email(*, registration: Registration, kind: str) -> EmailLog | None:
    """Write the outbox row for (registration, kind) once and enqueue it after commit.

    Returns None when the message was already queued or the person has no address at all.
    Must be called inside the transaction that makes the change the message reports.
    """
    recipient = recipient_for(registration)
    if not recipient:
        return None
    return _create_and_enqueue(
        registration=registration,
        event_id=registration.event_id,
        recipient=recipient,
        kind=kind,
        language=registration.language,
    )


def queue_emails_of_new_registrations(*, registrations: Iterable[Registration], kind: str) -> int:
    """The outbox rows of registrations created in the current transaction: one insert, enqueued after commit.

    No other transaction can have queued a row for registrations it cannot see yet, so the unique
    constraint has nothing to refuse and no savepoint is needed (queue_email takes one per row).
    Returns the rows written.
    """
    rows = [
        EmailLog(
            registration=registration,
            event_id=registration.event_id,
            recipient=recipient_for(registration),
            kind=kind,
            language=registration.language,
        )
        for registration in registrations
        if recipient_for(registration)
    ]
    ids = [log.pk for log in EmailLog.objects.bulk_create(rows)]
    if ids:
        transaction.on_commit(lambda: enqueue_many(ids))
    return len(ids)


def queue_event_email(*, event, recipient: str, kind: str, language: str = "") -> EmailLog | None:
    """A row not about one registration (an organizer's digest), unique per (event, recipient, kind)."""
    if not recipient:
        return None
    return _create_and_enqueue(
        registration=None,
        event_id=event.pk,
        recipient=recipient,
        kind=kind,
        language=language or settings.LANGUAGE_CODE,
    )


def queue_emails(*, registrations: Iterable[Registration], kind: str) -> int:
    """queue_email for many registrations at once (the reminder scan): one insert and one transaction.

    If a concurrent writer inserted some of the same rows meanwhile, the batch falls back to one row at
    a time, so the unique constraint still decides and nothing is queued twice. Returns the rows written.
    """
    registrations = list(registrations)
    with transaction.atomic():
        taken = set(
            EmailLog.objects.filter(registration__in=registrations, kind=kind).values_list(
                "registration_id", flat=True
            )
        )
        rows = [
            EmailLog(
                registration=registration,
                event_id=registration.event_id,
                recipient=recipient_for(registration),
                kind=kind,
                language=registration.language,
            )
            for registration in registrations
            if registration.pk not in taken and recipient_for(registration)
        ]
        try:
            with transaction.atomic():
                created = EmailLog.objects.bulk_create(rows)
        except IntegrityError:
            created = [
                log
                for registration in registrations
                if (log := queue_email(registration=registration, kind=kind)) is not None
            ]
        else:
            ids = [log.pk for log in created]
            transaction.on_commit(lambda: enqueue_many(ids))
    return len(created)


def _create_and_enqueue(**fields) -> EmailLog | None:
    try:
        with transaction.atomic():
            log = EmailLog.objects.create(**fields)
    except IntegrityError:
        return None
    transaction.on_commit(lambda: enqueue(log.pk))
    return log


def enqueue(email_log_id: int) -> bool:
    """Hand a row to Celery; if the broker is down the periodic sweep sends it later."""
    from mail.tasks import send_email_task

    try:
        send_email_task.delay(email_log_id)
    except Exception:  # the row stays queued; the outbox sweep re-enqueues it
        logger.warning("Could not enqueue e-mail %s; the sweep will retry", email_log_id, exc_info=True)
        return False
    return True


def enqueue_many(email_log_ids: Iterable[int]) -> None:
    """Hand many rows over on one broker connection, giving up at the first broker error (the sweep does
    the rest)."""
    from mail.tasks import send_email_task

    email_log_ids = list(email_log_ids)
    if not email_log_ids or send_email_task.app.conf.task_always_eager:
        for email_log_id in email_log_ids:
            if not enqueue(email_log_id):
                return
        return
    try:
        with send_email_task.app.producer_or_acquire() as producer:
            for email_log_id in email_log_ids:
                send_email_task.apply_async((email_log_id,), producer=producer)
    except Exception:  # the rows stay queued; the outbox sweep re-enqueues them
        logger.warning(
            "Could not enqueue %d e-mails; the sweep will retry", len(email_log_ids), exc_info=True
        )


def sweep_outbox(*, now: dt.datetime | None = None) -> list[int]:
    """Hand over again the rows nobody is working on: queued or retrying past their time, or claimed by
    a worker that has been silent longer than EMAIL_SENDING_TIMEOUT_SECONDS.

    Rows are claimed with FOR UPDATE SKIP LOCKED and get a fresh `due_at`, so two sweeps running at once
    hand each row over once. Returns the ids handed over.
    """
    now = now or timezone.now()
    waiting = Q(status__in=[EmailLog.Status.QUEUED, EmailLog.Status.RETRYING], due_at__lt=now - QUEUED_GRACE)
    abandoned = Q(
        status=EmailLog.Status.SENDING,
        claimed_at__lt=now - dt.timedelta(seconds=settings.EMAIL_SENDING_TIMEOUT_SECONDS),
    )
    with transaction.atomic():
        ids = list(
            EmailLog.objects.select_for_update(skip_locked=True)
            .filter(waiting | abandoned)
            .order_by("due_at")
            .values_list("pk", flat=True)[:SWEEP_BATCH_SIZE]
        )
        if not ids:
            return []
        EmailLog.objects.filter(pk__in=ids, status=EmailLog.Status.SENDING).update(
            status=EmailLog.Status.QUEUED, last_error="worker lost while sending"
        )
        EmailLog.objects.filter(pk__in=ids).update(due_at=now, claimed_by="")
        transaction.on_commit(lambda: enqueue_many(ids))
    logger.info("Outbox sweep handed over %d e-mails", len(ids))
    return ids


def requeue_email(log: EmailLog) -> bool:
    """Send one row again, even if it was sent (an organizer re-sends a confirmation that got lost).

    A row still waiting or being sent is left alone, as it goes out anyway; the resent copy gets a new
    Message-ID. Returns True when the message will go out.
    """
    with transaction.atomic():
        requeued = EmailLog.objects.filter(
            pk=log.pk, status__in=[EmailLog.Status.SENT, EmailLog.Status.FAILED]
        ).update(
            status=EmailLog.Status.QUEUED,
            attempts=0,
            last_error="",
            message_id="",
            claimed_by="",
            claimed_at=None,
            sent_at=None,
            due_at=timezone.now(),
        )
        if requeued:
            transaction.on_commit(lambda: enqueue(log.pk))
    return True


def resend(email_logs: Iterable[EmailLog]) -> int:
    """Queue failed or stuck messages again (the admin's "resend"); sent ones stay sent. Returns the count."""
    ids = [log.pk for log in email_logs]
    with transaction.atomic():
        rows = list(
            EmailLog.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(status=EmailLog.Status.SENT)
            .values_list("pk", flat=True)
        )
        EmailLog.objects.filter(pk__in=rows).update(
            status=EmailLog.Status.QUEUED, attempts=0, claimed_by="", due_at=timezone.now()
        )
        transaction.on_commit(lambda: enqueue_many(rows))
    return len(rows)
