from celery import shared_task

from . import invitations


@shared_task(name="organizations.send_invitation_email", acks_late=True, max_retries=6, bind=True)
def send_invitation_email_task(self, invitation_id: int, language: str) -> None:
    """Send one invitation's link; transient SMTP failures are retried with backoff."""
    try:
        invitations.send_invitation_email(invitation_id, language)
    except OSError as error:  # refused connections, timeouts, 4xx replies raised by smtplib
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error
