"""The Celery worker's log holds no personal data and no secret links (catalog G5, beside
tests/security/test_logs_no_pii.py for the application's own logs and tests/test_gunicorn_logs_no_pii.py).

A real worker sends a confirmation, meets a mail server that refuses a message naming the recipient, and
one that asks to try again later naming the recipient; its whole log is then searched for the names, the
addresses and the manage link's token.
"""

import re
import uuid

import pytest
from django.db import transaction

from mail.models import EmailLog
from mail.outbox import queue_email
from tests.factories import RegistrationFactory

from .test_email_delivery import FAST_RETRIES, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

MANAGE_LINK = re.compile(r"/manage/([A-Za-z0-9_-]{20,100})/")


def marked_registration():
    marker = uuid.uuid4().hex[:10]
    return RegistrationFactory(
        first_name=f"Zqfirst{marker}",
        last_name=f"Zqlast{marker}",
        email=f"zqmail{marker}@example.org",
        organization_name=f"Zqorg{marker}",
    )


def markers_of(registration) -> list[str]:
    return [
        registration.first_name,
        registration.last_name,
        registration.email,
        registration.organization_name,
    ]


def send_confirmation(registration) -> EmailLog:
    with transaction.atomic():
        return queue_email(registration=registration, kind="registered")


def test_worker_log_holds_no_names_addresses_or_tokens(celery_worker_factory, smtp_sink):
    worker = celery_worker_factory(env=FAST_RETRIES)
    accepted, refused, greylisted = marked_registration(), marked_registration(), marked_registration()

    accepted_log = send_confirmation(accepted)
    wait_until(
        lambda: EmailLog.objects.get(pk=accepted_log.pk).status == EmailLog.Status.SENT, message="sent"
    )
    [received] = smtp_sink.messages
    tokens = set(MANAGE_LINK.findall(received.message.get_body(("plain",)).get_content()))
    smtp_sink.answer(f"550 5.1.1 <{refused.email}>: Recipient address rejected", times=1)
    refused_log = send_confirmation(refused)
    wait_until(
        lambda: EmailLog.objects.get(pk=refused_log.pk).status == EmailLog.Status.FAILED, message="failed"
    )
    smtp_sink.answer(f"421 4.7.0 <{greylisted.email}> greylisted, try again later", times=1)
    greylisted_log = send_confirmation(greylisted)
    wait_until(
        lambda: EmailLog.objects.get(pk=greylisted_log.pk).status == EmailLog.Status.SENT, message="sent"
    )
    worker.stop()

    log = worker.log_path.read_text()
    assert len(tokens) == 1
    assert "succeeded" in log
    assert "retry" in log.lower()
    markers = markers_of(accepted) + markers_of(refused) + markers_of(greylisted) + list(tokens)
    assert [marker for marker in markers if marker.lower() in log.lower()] == []
