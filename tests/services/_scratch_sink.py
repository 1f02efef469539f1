import time
import pytest
from django.db import transaction
from registrations.models import EmailLog
from registrations.outbox import queue_email
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_sends_through_sink(celery_worker, smtp_sink):
    reg = RegistrationFactory(email="a@example.org")
    with transaction.atomic():
        log = queue_email(registration=reg, kind="confirmation")
    msgs = smtp_sink.wait_for_messages(1)
    assert msgs[0].rcpt_tos == ["a@example.org"]
    print(msgs[0].raw[:300])
    for _ in range(50):
        log.refresh_from_db()
        if log.status == "sent":
            break
        time.sleep(0.1)
    assert log.status == "sent"


def test_sink_421_then_ok(celery_worker, smtp_sink):
    smtp_sink.answer("421 4.3.0 Try later", times=1)
    reg = RegistrationFactory(email="b@example.org")
    with transaction.atomic():
        log = queue_email(registration=reg, kind="confirmation")
    time.sleep(3)
    log.refresh_from_db()
    print(log.status, log.attempts, log.last_error, len(smtp_sink.refused))
    assert len(smtp_sink.refused) == 1


def test_kill_pool_child(celery_worker):
    pids = celery_worker.pool_child_pids()
    assert len(pids) == 1
    celery_worker.kill_pool_child()
    time.sleep(2)
    assert celery_worker.pool_child_pids() and celery_worker.pool_child_pids() != pids
    celery_worker.kill()
    celery_worker.start()
