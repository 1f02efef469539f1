"""Builds and sends each message kind; every send is guarded by its EmailLog row."""

import smtplib

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import EmailLog

TRANSIENT_ERRORS = (TimeoutError, ConnectionError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)


class TransientEmailError(Exception):
    """A failure worth retrying: a 4xx reply, a refused connection or a timeout."""


def build_message(log: EmailLog) -> EmailMultiAlternatives:
    registration = log.registration
    event = log.event
    context = {"log": log, "registration": registration, "event": event}
    subject = _("%(event)s: your registration") % {"event": event.title}
    body = render_to_string("registrations/email/generic.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[log.recipient])
    if event.contact_email:
        message.reply_to = [event.contact_email]
    return message


def send_logged_email(email_log_id: int) -> None:
    """Send one EmailLog at most once; a retry or a redelivered task is harmless."""
    with transaction.atomic():
        log = (
            EmailLog.objects.select_for_update().select_related("registration", "event").get(pk=email_log_id)
        )
        if log.status in {EmailLog.Status.SENT, EmailLog.Status.FAILED}:
            return
        log.attempts += 1
        with translation.override(log.language):
            message = build_message(log)
            try:
                message.send()
            except TRANSIENT_ERRORS as error:
                log.status, log.last_error = EmailLog.Status.RETRYING, repr(error)
                log.save(update_fields=["status", "last_error", "attempts"])
                raise TransientEmailError(str(error)) from error
        log.status, log.sent_at, log.subject = EmailLog.Status.SENT, timezone.now(), message.subject
        log.message_id = message.extra_headers.get("Message-ID", "")
        log.save(update_fields=["status", "sent_at", "subject", "message_id", "attempts"])
