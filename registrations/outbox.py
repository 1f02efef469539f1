"""The e-mail outbox: rows written with the change that causes them, handed to Celery after commit."""

import logging

from django.db import IntegrityError, transaction

from .models import EmailLog, Registration

logger = logging.getLogger(__name__)


def recipient_for(registration: Registration) -> str:
    """An attendee without an own e-mail is written to through the contact who registered them."""
    if registration.email:
        return registration.email
    if registration.registered_by_id:
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
    try:
        with transaction.atomic():
            log = EmailLog.objects.create(
                registration=registration,
                event_id=registration.event_id,
                recipient=recipient,
                kind=kind,
                language=registration.language,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: enqueue(log.pk))
    return log


def enqueue(email_log_id: int) -> None:
    """Hand a row to Celery; if the broker is down the periodic sweep sends it later."""
    from .tasks import send_email_task

    try:
        send_email_task.delay(email_log_id)
    except Exception:  # the row stays queued; the outbox sweep re-enqueues it
        logger.warning("Could not enqueue e-mail %s; the sweep will retry", email_log_id, exc_info=True)
