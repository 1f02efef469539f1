"""E-mail through a real Celery worker, Redis, PostgreSQL and an SMTP server (RELIABILITY.md group B)."""

import datetime as dt
import hashlib
import secrets
import subprocess
import time
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import redis
from django.db import transaction
from django.utils import timezone

from mail import broadcasts, outbox
from mail.models import Broadcast, EmailLog
from mail.outbox import queue_email
from registrations import services
from registrations.models import Registration
from tests.calendar_parsing import parse_calendar
from tests.factories import EventFactory, RegistrationFactory
from tests.services.conftest import _forget_connections, _free_port

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WARSAW = ZoneInfo("Europe/Warsaw")
# Quick retries so that a whole retry budget fits in a test.
FAST_RETRIES = {"EMAIL_RETRY_BASE_SECONDS": "1", "EMAIL_RETRY_MAX_SECONDS": "2", "EMAIL_MAX_ATTEMPTS": "3"}


def wait_until(condition, *, timeout: float = 60, message: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.1)


def statuses(**filters) -> Counter:
    return Counter(EmailLog.objects.filter(**filters).values_list("status", flat=True))


def queue_in_transaction(registration: Registration, kind: str) -> EmailLog:
    with transaction.atomic():
        return queue_email(registration=registration, kind=kind)


def message_ids(sink) -> Counter:
    return Counter(received.message["Message-ID"] for received in sink.messages)


def test_confirmation_arrives_with_a_calendar_in_local_time(celery_worker, smtp_sink):
    event = EventFactory(
        title="Forum w Kielcach",
        starts_at=dt.datetime(2030, 10, 26, 9, 30, tzinfo=WARSAW),
        ends_at=dt.datetime(2030, 10, 26, 15, 0, tzinfo=WARSAW),
        contact_email="biuro@example.org",
    )
    registration = RegistrationFactory(event=event, first_name="Zażółć", last_name="Gęślą")

    log = queue_in_transaction(registration, "registered")

    # The sink has the message before the worker commits "sent": wait for the row's state, then read the sink.
    wait_until(lambda: statuses(pk=log.pk)[EmailLog.Status.SENT] == 1, message="row marked sent")
    [received] = smtp_sink.messages
    log.refresh_from_db()
    message = received.message
    assert received.rcpt_tos == [registration.email]
    assert message["Message-ID"] == log.message_id
    assert message["Reply-To"].addresses[0].addr_spec == "biuro@example.org"
    assert message["To"].addresses[0].display_name == "Zażółć Gęślą"
    assert "Forum w Kielcach" in message["Subject"]
    [calendar_part] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    [vevent] = parse_calendar(calendar_part.get_content()).walk("VEVENT")
    assert vevent.decoded("dtstart") == dt.datetime(2030, 10, 26, 9, 30, tzinfo=WARSAW)
    assert vevent.decoded("dtstart").utcoffset() == dt.timedelta(hours=2)
    assert vevent.decoded("dtend") == dt.datetime(2030, 10, 26, 15, 0, tzinfo=WARSAW)
    assert log.status == EmailLog.Status.SENT
    assert log.attempts == 1


def test_promoted_waitlisted_person_is_told(celery_worker, smtp_sink):
    event = EventFactory(capacity=1)
    leaving = RegistrationFactory(event=event, language="en")
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlist_position=1, language="en"
    )

    services.cancel_registration(registration=leaving)

    wait_until(lambda: statuses(event=event)[EmailLog.Status.SENT] == 2, message="both rows marked sent")
    by_recipient = {received.rcpt_tos[0]: received.message for received in smtp_sink.messages}
    assert by_recipient[waiting.email]["Subject"].startswith("A place is yours")
    assert by_recipient[leaving.email]["Subject"].startswith("Registration cancelled")
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_killed_worker_mid_broadcast_delivers_every_message_once(celery_worker_factory, smtp_sink):
    concurrency = 2
    worker = celery_worker_factory(concurrency=concurrency, env={"CELERY_VISIBILITY_TIMEOUT": "5"})
    event = EventFactory()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            first_name="Osoba",
            last_name=str(number),
            email=f"osoba{number}@example.org",
            manage_token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
        )
        for number in range(500)
    )
    broadcast = Broadcast.objects.create(event=event, subject="Ważne", body="Dzień dobry {name}.")
    smtp_sink.delay_seconds = 0.02

    broadcasts.start_broadcast(broadcast=broadcast)
    wait_until(
        lambda: statuses(broadcast=broadcast)[EmailLog.Status.SENT] >= 120, timeout=120, message="120 sent"
    )
    worker.kill()
    delivered_before_kill = len(smtp_sink.messages)
    worker.start()
    wait_until(
        lambda: statuses(broadcast=broadcast)[EmailLog.Status.SENT] == 500, timeout=240, message="500 sent"
    )

    stored_ids = set(EmailLog.objects.filter(broadcast=broadcast).values_list("message_id", flat=True))
    received = message_ids(smtp_sink)
    duplicates = sum(count - 1 for count in received.values())
    assert delivered_before_kill < 500
    assert len(stored_ids) == 500
    assert set(received) == stored_ids  # 0 lost, nothing foreign
    assert duplicates <= concurrency  # only the messages in flight at the kill, with their own Message-ID
    assert len(smtp_sink.messages) == 500 + duplicates


@pytest.fixture
def own_redis(celery_broker):
    """A redis-server of this test's own that the test may stop and start; the shared one is untouched."""
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"

    class Server:
        process: subprocess.Popen | None = None

        def start(self) -> None:
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_until(self._answers, timeout=20, message="redis-server")

        def stop(self) -> None:
            if self.process is not None:
                self.process.terminate()
                self.process.wait(timeout=20)
                self.process = None

        def _answers(self) -> bool:
            try:
                return redis.Redis.from_url(url, socket_connect_timeout=0.2).ping()
            except redis.ConnectionError:
                return False

    server = Server()
    server.url = url
    server.start()
    from config.celery import app

    app.conf.update(broker_url=url, result_backend=url)
    _forget_connections(app)
    yield server
    server.stop()


def test_redis_down_at_registration_loses_nothing(own_redis, celery_worker_factory, smtp_sink):
    celery_worker_factory(env={"REDIS_URL": own_redis.url})
    registration = RegistrationFactory.build(event=EventFactory())
    own_redis.stop()

    with transaction.atomic():
        registration.save()
        log = queue_email(registration=registration, kind="registered")

    log.refresh_from_db()
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert log.status == EmailLog.Status.QUEUED
    own_redis.start()
    # The sweep finds the row once it has waited its minute.
    handed_over = outbox.sweep_outbox(now=timezone.now() + dt.timedelta(minutes=2))
    wait_until(lambda: statuses()[EmailLog.Status.SENT] == 1, timeout=90, message="row marked sent")
    [received] = smtp_sink.messages
    assert handed_over == [log.pk]
    assert received.rcpt_tos == [registration.email]
    assert received.message["Message-ID"] == EmailLog.objects.get().message_id


def test_refusing_smtp_server_leads_to_retries_then_failed(celery_worker_factory, smtp_sink):
    celery_worker_factory(env=FAST_RETRIES)
    smtp_sink.answer("421 4.3.0 Try again later", times=None)

    log = queue_in_transaction(RegistrationFactory(), "registered")

    wait_until(lambda: statuses()[EmailLog.Status.FAILED] == 1, timeout=60, message="failed")
    log.refresh_from_db()
    assert log.attempts == 3
    assert "421" in log.last_error
    assert len(smtp_sink.refused) == 3
    assert smtp_sink.messages == []


def test_transient_refusals_then_success_deliver_once(celery_worker_factory, smtp_sink):
    celery_worker_factory(env={**FAST_RETRIES, "EMAIL_MAX_ATTEMPTS": "5"})
    smtp_sink.answer("421 4.3.0 Try again later", times=3)

    log = queue_in_transaction(RegistrationFactory(), "registered")

    wait_until(lambda: statuses()[EmailLog.Status.SENT] == 1, message="sent")
    log.refresh_from_db()
    assert log.attempts == 4
    assert [received.message["Message-ID"] for received in smtp_sink.messages] == [log.message_id]
    assert len(smtp_sink.refused) == 3
    assert {received.message["Message-ID"] for received in smtp_sink.refused} == {log.message_id}


def test_permanent_refusal_fails_after_one_attempt(celery_worker_factory, smtp_sink):
    celery_worker_factory(env=FAST_RETRIES)
    smtp_sink.answer("550 5.1.1 No such mailbox", times=None)

    log = queue_in_transaction(RegistrationFactory(), "registered")

    wait_until(lambda: statuses()[EmailLog.Status.FAILED] == 1, timeout=60, message="failed")
    log.refresh_from_db()
    assert log.attempts == 1
    assert "550" in log.last_error
    assert len(smtp_sink.refused) == 1
