"""Celery entry points of the mail app; each loads what it needs and calls one function."""

import logging

from celery import shared_task
from celery.signals import task_prerun, worker_process_shutdown
from django.db import connections

from mail import outbox, reminders, send

logger = logging.getLogger(__name__)


@task_prerun.connect(dispatch_uid="mail.reuse_database_connections")
def reuse_database_connections(task=None, **kwargs) -> None:
    """Keep a worker's database connection between tasks unless it is broken or past CONN_MAX_AGE.

    Celery closes it around each task only every CELERY_DB_REUSE_MAX tasks; this is Django's own check
    between two requests, so a connection lost to a database restart is replaced before the next task.
    """
    if task is not None and getattr(task.request, "is_eager", False):
        return
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()


@worker_process_shutdown.connect(dispatch_uid="mail.close_smtp_connection")
def close_smtp_connection(**kwargs) -> None:
    """Each pool process keeps one SMTP connection open between messages; it ends with the process."""
    send.close_smtp_connection()


@shared_task(
    name="mail.send_email",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=None,
)
def send_email_task(self, email_log_id: int) -> str:
    """Send one outbox row; transient SMTP failures come back after an exponential backoff.

    The number of attempts lives on the row (EMAIL_MAX_ATTEMPTS), not in Celery's retry counter, so a
    row handed over again by the sweep keeps its count.
    """
    try:
        return send.send_logged_email(email_log_id, claim_token=self.request.id or "")
    except send.TransientEmailError as error:
        raise self.retry(exc=error, countdown=error.countdown) from error


@shared_task(name="mail.sweep_outbox", ignore_result=True)
def sweep_outbox_task() -> int:
    """Hand over queued rows the broker lost and rows whose worker died (every minute)."""
    return len(outbox.sweep_outbox())


@shared_task(name="mail.queue_reminders", ignore_result=True)
def queue_reminders_task() -> int:
    """Queue the reminders that are due (every five minutes); safe to run twice at once."""
    return reminders.queue_due_reminders()


@shared_task(name="mail.send_organizer_digests", ignore_result=True)
def send_organizer_digests_task() -> int:
    """Queue yesterday's new registrations to each event's contact address (daily)."""
    return reminders.queue_organizer_digests()
