"""Each message once, through a real worker, Redis and SMTP: B3 (killed worker), B6 (reminders), B7 (sweep).

Each guarantee has a negative control: the same scenario with its protection taken out (the unique row per
registration and kind, the row locks of the sweep) must go wrong, or the test could not see it go wrong.
"""

import datetime as dt
import threading
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from mail import outbox, reminders, render
from mail.models import EmailLog
from mail.outbox import queue_email
from registrations.models import Registration
from tests import races
from tests.factories import EventFactory, RegistrationFactory
from tests.services.test_email_delivery import statuses, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WARSAW = ZoneInfo("Europe/Warsaw")
Status = EmailLog.Status


def run_at_once(functions) -> list:
    """Call every function in its own thread at the same moment; return their results in order."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:  # asserted on by the caller
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def received_ids(sink) -> Counter:
    return Counter(received.message["Message-ID"] for received in sink.messages)


# --- B3: a worker killed while it sends ------------------------------------------------------------


def test_twenty_kills_over_a_hundred_mails_lose_nothing(celery_worker_factory, smtp_sink):
    """20 pool children die in DATA, one more right after the server's "250".

    Nothing is lost; a message cut off in DATA was not accepted and goes out once on the next try; only
    the one whose "250" had come back may arrive twice, with its own Message-ID both times.
    """
    worker = celery_worker_factory(concurrency=1, env={"CELERY_VISIBILITY_TIMEOUT": "30"})
    registrations = RegistrationFactory.create_batch(100)
    arrivals = Counter()
    killed_in_data: list[str] = []
    killed_after_250: list[str] = []

    def kill_every_fifth_in_data(received):
        arrivals["data"] += 1
        if arrivals["data"] % 5 == 0 and len(killed_in_data) < 20:
            killed_in_data.append(received.message["Message-ID"])
            worker.kill_pool_child()

    def kill_once_after_250(received):
        if len(smtp_sink.messages) == 50 and not killed_after_250:
            killed_after_250.append(received.message["Message-ID"])
            worker.kill_pool_child()

    smtp_sink.on_data = kill_every_fifth_in_data
    smtp_sink.after_accepted = kill_once_after_250
    smtp_sink.delay_seconds = 0.05  # the server thinks a while before "250": the kills land in DATA

    with transaction.atomic():
        for registration in registrations:
            queue_email(registration=registration, kind="registered")
    wait_until(lambda: statuses()[Status.SENT] == 100, timeout=300, message="100 sent")

    stored = set(EmailLog.objects.values_list("message_id", flat=True))
    received = received_ids(smtp_sink)
    duplicates = {message_id: count for message_id, count in received.items() if count > 1}
    assert len(killed_in_data) == 20
    assert len(killed_after_250) == 1
    assert len(stored) == 100
    assert set(received) == stored  # 0 lost, nothing foreign
    assert {received.message["Message-ID"] for received in smtp_sink.abandoned} == set(killed_in_data)
    assert set(duplicates) <= set(killed_after_250)
    assert all(count == 2 for count in duplicates.values())


def test_a_message_that_kills_its_worker_every_time_ends_failed(celery_worker_factory, smtp_sink):
    worker = celery_worker_factory(
        concurrency=1, env={"CELERY_VISIBILITY_TIMEOUT": "30", "EMAIL_MAX_ATTEMPTS": "3"}
    )
    poison = RegistrationFactory(email="poison@example.org")
    healthy = RegistrationFactory(email="healthy@example.org")
    smtp_sink.on_data = lambda received: (
        worker.kill_pool_child() if received.rcpt_tos == [poison.email] else None
    )
    smtp_sink.delay_seconds = 0.05

    with transaction.atomic():
        poisoned = queue_email(registration=poison, kind="registered")
        queue_email(registration=healthy, kind="registered")
    wait_until(
        lambda: (
            statuses(registration=poison)[Status.FAILED] == 1
            and statuses(registration=healthy)[Status.SENT] == 1
        ),
        timeout=180,
        message="poison failed and the other message sent",
    )

    poisoned.refresh_from_db()
    assert poisoned.attempts == 3
    assert len(smtp_sink.abandoned) == 3
    assert [received.rcpt_tos for received in smtp_sink.messages] == [[healthy.email]]


# --- B6: reminders exactly once ----------------------------------------------------------------------

# The event starts the morning daylight saving time ends; "24 hours before" is 09:00 the day before.
EVENT_START = dt.datetime(2026, 10, 25, 9, 0, tzinfo=WARSAW)
REMINDER_TIME = dt.datetime(2026, 10, 24, 9, 0, tzinfo=WARSAW)


def event_with_registrations(count: int):
    event = EventFactory(
        starts_at=EVENT_START, ends_at=EVENT_START + dt.timedelta(hours=6), reminder_offsets_hours="24"
    )
    RegistrationFactory.create_batch(count, event=event)
    Registration.objects.filter(event=event).update(created_at=REMINDER_TIME - dt.timedelta(days=10))
    return event


def scans_twice_at_once_then_again(*, at: dt.datetime) -> list:
    """The reminder job three times: two at once (as if two beats ran), then a third."""
    scan = lambda: reminders.queue_due_reminders(now=at)  # noqa: E731
    results = run_at_once([scan, scan])
    results.append(run_at_once([scan])[0])
    return results


def test_reminders_go_out_once_at_nine_the_day_before_across_the_clock_change(
    celery_worker_factory, smtp_sink, monkeypatch
):
    celery_worker_factory(concurrency=2)
    event = event_with_registrations(300)
    # The scans read what is written already, then insert: a pause between makes the two overlap.
    races.pause_before(QuerySet, "bulk_create", 0.2, monkeypatch.setattr)

    early = scans_twice_at_once_then_again(at=REMINDER_TIME - dt.timedelta(minutes=1))
    on_time = scans_twice_at_once_then_again(at=REMINDER_TIME + dt.timedelta(minutes=1))

    assert early == [0, 0, 0]
    assert all(isinstance(result, int) for result in on_time), on_time  # no IntegrityError escaped
    assert sum(on_time) == 300
    wait_until(lambda: statuses(kind="reminder:24")[Status.SENT] == 300, timeout=180, message="300 sent")
    assert EmailLog.objects.filter(kind__startswith="reminder:").count() == 300
    assert sorted(received.rcpt_tos[0] for received in smtp_sink.messages) == sorted(
        Registration.objects.filter(event=event).values_list("email", flat=True)
    )
    assert REMINDER_TIME.utcoffset() == dt.timedelta(hours=2)
    assert EVENT_START.utcoffset() == dt.timedelta(hours=1)


@pytest.fixture
def without_unique_outbox_rows():
    """The database no longer refuses a second row for the same registration and kind."""
    [constraint] = [c for c in EmailLog._meta.constraints if c.name == "emaillog_unique_registration_kind"]
    with connection.schema_editor() as editor:
        editor.remove_constraint(EmailLog, constraint)
    yield
    EmailLog.objects.all().delete()
    with connection.schema_editor() as editor:
        editor.add_constraint(EmailLog, constraint)


def test_control_reminders_without_the_unique_row_are_queued_twice(without_unique_outbox_rows, monkeypatch):
    """Proves the test above can see a double scan: without the unique constraint it writes twice."""
    monkeypatch.setattr(outbox, "enqueue_many", lambda ids: None)  # only the rows are counted here
    races.pause_before(QuerySet, "bulk_create", 0.2, monkeypatch.setattr)
    event_with_registrations(300)

    scans_twice_at_once_then_again(at=REMINDER_TIME + dt.timedelta(minutes=1))

    assert EmailLog.objects.filter(kind="reminder:24").count() > 300


# --- B7: stuck messages taken back by two sweeps at once -----------------------------------------------


def stuck_rows(count: int) -> set[int]:
    """Half the rows claimed by a worker that died an hour ago, half queued with their broker message lost
    (written without a task, as after a FLUSHALL)."""
    long_ago = timezone.now() - dt.timedelta(hours=1)
    logs = EmailLog.objects.bulk_create(
        EmailLog(
            registration=registration,
            event_id=registration.event_id,
            recipient=registration.email,
            kind="registered",
            language=registration.language,
            due_at=long_ago,
            **(
                {"status": Status.SENDING, "claimed_at": long_ago, "claimed_by": "dead-task", "attempts": 1}
                if index % 2
                else {"status": Status.QUEUED}
            ),
        )
        for index, registration in enumerate(RegistrationFactory.create_batch(count))
    )
    for log in logs:
        if log.status == Status.SENDING:
            log.message_id = render.new_message_id(log.pk)
    EmailLog.objects.bulk_update(logs, ["message_id"])
    return {log.pk for log in logs}


def two_sweeps_at_once() -> tuple[list[int], list[int]]:
    first, second = run_at_once([outbox.sweep_outbox, outbox.sweep_outbox])
    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    return first, second


def test_two_sweeps_at_once_hand_each_stuck_message_over_once(celery_worker_factory, smtp_sink, monkeypatch):
    celery_worker_factory(concurrency=2)
    stuck = stuck_rows(60)
    # Each sweep waits between choosing its rows and marking them: the two run side by side.
    races.pause_before(QuerySet, "update", 0.3, monkeypatch.setattr)

    first, second = two_sweeps_at_once()

    assert set(first).isdisjoint(second)
    assert sorted(first + second) == sorted(stuck)
    wait_until(lambda: statuses()[Status.SENT] == 60, timeout=120, message="60 sent")
    received = received_ids(smtp_sink)
    assert set(received) == set(EmailLog.objects.values_list("message_id", flat=True))
    assert set(received.values()) == {1}


def test_control_sweeps_without_row_locks_hand_messages_over_twice(monkeypatch):
    """Proves the test above can see it: without FOR UPDATE SKIP LOCKED both sweeps take the same rows."""
    monkeypatch.setattr(outbox, "enqueue_many", lambda ids: None)  # only the hand-overs are counted here
    races.remove_row_locks(monkeypatch.setattr)
    races.pause_before(QuerySet, "update", 0.3, monkeypatch.setattr)
    stuck_rows(60)

    first, second = two_sweeps_at_once()

    assert set(first) & set(second)
