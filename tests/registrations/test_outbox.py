import datetime as dt
import importlib
import socket
from email.utils import parseaddr

import kombu.pools
import pytest
from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from config.celery import app as celery_app
from mail import outbox, send
from mail.models import EmailLog
from mail.outbox import queue_email, queue_event_email
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def addresses(message) -> list[str]:
    return [parseaddr(mailbox)[1] for mailbox in message.to]


@pytest.fixture
def closed_smtp_port(settings):
    """A real SMTP backend pointed at a loopback port nobody listens on: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_MAX_ATTEMPTS = 3
    return port


def test_queue_email_sends_only_after_commit(django_capture_on_commit_callbacks, mailoutbox):
    registration = RegistrationFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        log = queue_email(registration=registration, kind="registered")
        assert mailoutbox == []

    assert len(callbacks) == 1
    log.refresh_from_db()
    assert log.status == EmailLog.Status.SENT
    assert [addresses(message) for message in mailoutbox] == [[registration.email]]


def test_rolled_back_change_leaves_no_row_and_sends_nothing(django_capture_on_commit_callbacks, mailoutbox):
    registration = RegistrationFactory()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_email(registration=registration, kind="registered")
        raise RuntimeError("the registration failed after it was saved")

    assert callbacks == []
    assert EmailLog.objects.count() == 0
    assert mailoutbox == []


def test_queue_email_writes_one_row_per_registration_and_kind():
    registration = RegistrationFactory()

    first = queue_email(registration=registration, kind="registered")
    second = queue_email(registration=registration, kind="registered")

    assert first is not None
    assert second is None
    assert EmailLog.objects.filter(registration=registration).count() == 1


def test_queue_event_email_is_unique_per_event_recipient_and_kind():
    event = EventFactory(contact_email="biuro@example.org")

    logs = [
        queue_event_email(event=event, recipient=event.contact_email, kind="digest:2030-01-01") for _ in "ab"
    ]

    assert logs[0] is not None
    assert logs[1] is None


def test_transient_failure_keeps_the_message_id_and_waits_with_backoff(closed_smtp_port, mailoutbox):
    log = queue_email(registration=RegistrationFactory(), kind="registered")

    with pytest.raises(send.TransientEmailError) as raised:
        send.send_logged_email(log.pk)

    log.refresh_from_db()
    assert log.status == EmailLog.Status.RETRYING
    assert log.attempts == 1
    assert log.last_error.startswith("ConnectionRefusedError(")
    assert log.message_id
    assert log.due_at > timezone.now()
    assert 30 <= raised.value.countdown <= 33  # EMAIL_RETRY_BASE_SECONDS with up to 10 % jitter
    first_message_id = log.message_id

    with pytest.raises(send.TransientEmailError):
        send.send_logged_email(log.pk)
    log.refresh_from_db()
    assert log.message_id == first_message_id
    assert log.attempts == 2


def test_transient_failures_end_failed_after_the_maximum(closed_smtp_port):
    log = queue_email(registration=RegistrationFactory(), kind="registered")

    outcomes = []
    for _attempt in range(3):
        try:
            outcomes.append(send.send_logged_email(log.pk))
        except send.TransientEmailError:
            outcomes.append("retry")

    log.refresh_from_db()
    assert outcomes == ["retry", "retry", "failed"]
    assert log.status == EmailLog.Status.FAILED
    assert log.attempts == 3
    assert log.last_error


def test_row_claimed_by_another_task_is_left_alone_and_its_own_redelivery_takes_it(mailoutbox):
    log = queue_email(registration=RegistrationFactory(), kind="registered")
    EmailLog.objects.filter(pk=log.pk).update(
        status=EmailLog.Status.SENDING, claimed_by="task-a", claimed_at=timezone.now(), attempts=1
    )

    assert send.send_logged_email(log.pk, claim_token="task-b") == "skipped"
    assert send.send_logged_email(log.pk, claim_token="task-a") == "sent"

    log.refresh_from_db()
    assert log.attempts == 2
    assert len(mailoutbox) == 1


def test_a_row_that_keeps_killing_its_worker_ends_failed(settings, mailoutbox):
    settings.EMAIL_MAX_ATTEMPTS = 3
    log = queue_email(registration=RegistrationFactory(), kind="registered")
    EmailLog.objects.filter(pk=log.pk).update(status=EmailLog.Status.QUEUED, attempts=3)

    assert send.send_logged_email(log.pk) == "skipped"

    log.refresh_from_db()
    assert log.status == EmailLog.Status.FAILED
    assert mailoutbox == []


def test_sweep_hands_over_stale_rows_once(django_capture_on_commit_callbacks, mailoutbox):
    now = timezone.now()
    stale = queue_email(registration=RegistrationFactory(), kind="registered")
    fresh = queue_email(registration=RegistrationFactory(), kind="registered")
    abandoned = queue_email(registration=RegistrationFactory(), kind="registered")
    EmailLog.objects.filter(pk=stale.pk).update(due_at=now - dt.timedelta(minutes=5))
    EmailLog.objects.filter(pk=abandoned.pk).update(
        status=EmailLog.Status.SENDING, claimed_by="dead", claimed_at=now - dt.timedelta(hours=1), attempts=1
    )

    with django_capture_on_commit_callbacks(execute=True):
        handed_over = outbox.sweep_outbox(now=now)
    with django_capture_on_commit_callbacks(execute=True):
        handed_over_again = outbox.sweep_outbox(now=now)

    assert sorted(handed_over) == sorted([stale.pk, abandoned.pk])
    assert handed_over_again == []
    statuses = dict(EmailLog.objects.values_list("pk", "status"))
    assert statuses == {
        stale.pk: EmailLog.Status.SENT,
        fresh.pk: EmailLog.Status.QUEUED,
        abandoned.pk: EmailLog.Status.SENT,
    }
    assert len(mailoutbox) == 2


def test_sweep_waits_for_a_retry_that_is_not_yet_due():
    now = timezone.now()
    log = queue_email(registration=RegistrationFactory(), kind="registered")
    EmailLog.objects.filter(pk=log.pk).update(
        status=EmailLog.Status.RETRYING, due_at=now + dt.timedelta(minutes=2)
    )

    assert outbox.sweep_outbox(now=now) == []
    assert outbox.sweep_outbox(now=now + dt.timedelta(minutes=4)) == [log.pk]


def test_resend_queues_failed_messages_again_and_leaves_sent_ones(
    django_capture_on_commit_callbacks, mailoutbox
):
    failed = queue_email(registration=RegistrationFactory(), kind="registered")
    sent = queue_email(registration=RegistrationFactory(), kind="registered")
    EmailLog.objects.filter(pk=failed.pk).update(status=EmailLog.Status.FAILED, attempts=10, last_error="550")
    EmailLog.objects.filter(pk=sent.pk).update(status=EmailLog.Status.SENT)

    with django_capture_on_commit_callbacks(execute=True):
        count = outbox.resend(EmailLog.objects.all())

    failed.refresh_from_db()
    assert count == 1
    assert failed.status == EmailLog.Status.SENT
    assert failed.attempts == 1
    assert [addresses(message) for message in mailoutbox] == [[failed.recipient]]


def test_enqueue_with_the_broker_down_returns_quickly_and_keeps_the_row(settings):
    from config.celery import app

    log = queue_email(registration=RegistrationFactory(), kind="registered")
    saved = app.conf.task_always_eager, app.conf.broker_url
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.conf.task_always_eager, app.conf.broker_url = False, f"redis://127.0.0.1:{port}/0"
    _forget_connections(app)
    try:
        assert outbox.enqueue(log.pk) is False
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        _forget_connections(app)

    log.refresh_from_db()
    assert log.status == EmailLog.Status.QUEUED


def _forget_connections(app) -> None:
    """Drop the app's broker pools; kombu keeps pools per broker URL, so its registry is reset too."""
    app._after_fork()
    kombu.pools.reset()


def test_email_jobs_are_in_the_database_schedule():
    # Transactional tests elsewhere may have flushed the rows the migration wrote; writing them is idempotent.
    migration = importlib.import_module("registrations.migrations.0005_periodic_email_tasks")
    migration.create_periodic_tasks(django_apps, None)
    migration.create_periodic_tasks(django_apps, None)
    importlib.import_module("mail.migrations.0002_names_of_tasks_and_kinds").forwards(django_apps, None)

    tasks = {task.task: task for task in PeriodicTask.objects.all()}

    schedules = {
        name: (task.interval.every, task.interval.period)
        for name, task in tasks.items()
        if task.interval is not None
    }
    assert schedules["mail.sweep_outbox"] == (1, "minutes")
    assert schedules["mail.queue_reminders"] == (5, "minutes")
    assert schedules["registrations.expire_offers"] == (5, "minutes")
    digest = tasks["mail.send_organizer_digests"].crontab
    assert (digest.minute, digest.hour, str(digest.timezone)) == ("0", "7", "Europe/Warsaw")
    celery_app.loader.import_default_modules()
    assert set(tasks) <= set(celery_app.tasks)


def test_requeue_email_sends_a_sent_message_again_with_a_new_message_id(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        log = queue_email(registration=RegistrationFactory(), kind="registered")
    log.refresh_from_db()
    first_message_id = log.message_id

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.requeue_email(log) is True

    log.refresh_from_db()
    assert log.status == EmailLog.Status.SENT
    assert len(mailoutbox) == 2
    assert log.message_id != first_message_id
    assert mailoutbox[1].extra_headers["Message-ID"] == log.message_id


@pytest.fixture
def failing_outbox_insert():
    """PostgreSQL refuses every new outbox row, as a full disk or a lost connection would at that moment."""
    from django.db import connection

    table = EmailLog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_refuse_outbox_row() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'outbox row refused'; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER test_refuse_outbox_row BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION test_refuse_outbox_row()"
        )


@pytest.mark.concurrency  # PostgreSQL: the failure comes from a trigger
def test_registration_and_its_confirmation_row_commit_together(failing_outbox_insert, mailoutbox):
    """The confirmation row is written in the registration's transaction: if it cannot be written, there
    is no registration either (a row written after the commit would leave one nobody is told about)."""
    from django.db import DatabaseError

    from registrations import services
    from registrations.models import Registration

    from ._registration_data import consent, person

    event = EventFactory(capacity=5)

    with pytest.raises(DatabaseError, match="outbox row refused"):
        services.register(event=event, contact=person(0), consent=consent())

    assert Registration.objects.filter(event=event).count() == 0
    assert EmailLog.objects.count() == 0
    assert mailoutbox == []
