from celery import shared_task

from . import emails


@shared_task(name="registrations.send_email", bind=True, acks_late=True, max_retries=8)
def send_email_task(self, email_log_id: int) -> None:
    """Send one outbox row; transient SMTP failures retry with exponential backoff."""
    try:
        emails.send_logged_email(email_log_id)
    except emails.TransientEmailError as error:
        raise self.retry(exc=error, countdown=min(60 * 2**self.request.retries, 3600)) from error
