"""5,000 reminders through the outbox and 2 Celery worker processes, against a plain smtplib loop.

Both send to the same local aiosmtpd sink (its own process) in the same run. The portal's figure counts
from the reminder scan writing the outbox rows to the last message accepted by the sink, so it includes
rendering each message in the registrant's language, the row claim and the "sent" mark. The smtplib loop
sends one already rendered reminder over one connection, again and again: the floor of the cost.

    python -m bench.email_fanout [--count 5000] [--concurrency 2]

Needs PostgreSQL and Redis on 127.0.0.1 (BENCH_POSTGRES_URL, BENCH_EMAIL_REDIS_URL).
"""

import argparse
import contextlib
import email.policy
import multiprocessing
import os
import smtplib
import subprocess
import sys
import time
from collections.abc import Iterator

from .common import BASE_DIR, PYTHON, bench_environment, create_database, free_port, manage

REDIS_URL = os.environ.get("BENCH_EMAIL_REDIS_URL", "redis://127.0.0.1:6379/8")
DATABASE_NAME = "bench_email_fanout"


# --- The SMTP sink, in a process of its own so that it does not share a GIL with either sender ---------


class _CountingHandler:
    def __init__(self, counter, message_ids) -> None:
        self.counter = counter
        self.message_ids = message_ids

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd hook name)
        content = envelope.original_content or envelope.content
        start = content.find(b"Message-ID:")
        if start >= 0:
            self.message_ids.append(content[start : content.find(b"\n", start)].strip())
        with self.counter.get_lock():
            self.counter.value += 1
        return "250 2.0.0 Accepted"


def _run_sink(port: int, counter, ready, stop, message_ids_queue) -> None:
    from aiosmtpd.controller import Controller

    message_ids: list[bytes] = []
    controller = Controller(_CountingHandler(counter, message_ids), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    message_ids_queue.put(message_ids)


class Sink:
    def __init__(self) -> None:
        self.port = free_port()
        self.counter = multiprocessing.Value("l", 0)
        self._ready, self._stop = multiprocessing.Event(), multiprocessing.Event()
        self._ids = multiprocessing.Queue()
        self._process = multiprocessing.Process(
            target=_run_sink, args=(self.port, self.counter, self._ready, self._stop, self._ids), daemon=True
        )

    def __enter__(self) -> "Sink":
        self._process.start()
        self._ready.wait(30)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._process.join(30)

    def message_ids(self) -> list[bytes]:
        self._stop.set()
        ids = self._ids.get(timeout=60)
        self._process.join(30)
        return ids

    @property
    def count(self) -> int:
        return self.counter.value

    def wait_for(self, count: int, *, timeout: float = 900) -> float:
        deadline = time.monotonic() + timeout
        while self.count < count:
            if time.monotonic() > deadline:
                raise SystemExit(f"the sink got {self.count} of {count} messages in {timeout:.0f} s")
            time.sleep(0.01)
        return time.perf_counter()


# --- The portal side ------------------------------------------------------------------------------------


@contextlib.contextmanager
def celery_worker(environment: dict[str, str], *, concurrency: int) -> Iterator[None]:
    command = [
        PYTHON,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=prefork",
        f"--concurrency={concurrency}",
        "--loglevel=WARNING",
        "--without-gossip",
        "--without-mingle",
        "--hostname=bench-email@localhost",
        *os.environ.get("BENCH_WORKER_OPTIONS", "").split(),
    ]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=environment)
    try:
        from config.celery import app

        deadline = time.monotonic() + 60
        while not app.control.ping(destination=["bench-email@localhost"], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the Celery worker did not start")
        yield
    finally:
        process.terminate()
        process.wait(60)


def create_reminder_data(count: int):
    """An event 23 hours away with `count` confirmed registrants who registered days ago."""
    import datetime as dt
    import hashlib
    import secrets

    from django.utils import timezone

    from events.models import Event, Venue
    from organizations.models import Organization
    from registrations.models import Registration

    now = timezone.now()
    organization = Organization.objects.create(name="Fundacja Benchmark", slug="fundacja-benchmark")
    venue = Venue.objects.create(organization=organization, name="Sala", address="ul. Długa 1", city="Kielce")
    event = Event.objects.create(
        organization=organization,
        title="Spotkanie organizacji",
        title_uk="Зустріч організацій",
        title_en="Meeting of organizations",
        slug="spotkanie-benchmark",
        venue=venue,
        starts_at=now + dt.timedelta(hours=23),
        ends_at=now + dt.timedelta(hours=30),
        status=Event.Status.PUBLISHED,
        contact_email="biuro@example.org",
        email_paragraph="Prosimy o punktualne przybycie.",
    )
    languages = ["pl", "uk", "en"]
    Registration.objects.bulk_create(
        (
            Registration(
                event=event,
                first_name="Osoba",
                last_name=f"Testowa {number}",
                email=f"osoba{number}@example.org",
                language=languages[number % 3],
                manage_token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            )
            for number in range(count)
        ),
        batch_size=1000,
    )
    Registration.objects.filter(event=event).update(created_at=now - dt.timedelta(days=3))
    return event


def sample_message_bytes(event) -> tuple[str, list[str], bytes]:
    """One reminder exactly as the portal renders it, to be sent by the plain loop."""
    from django.utils import translation

    from registrations.emails import build_message
    from registrations.models import EmailLog

    registration = event.registrations.first()
    log = EmailLog(
        pk=1, event=event, registration=registration, recipient=registration.email, kind="reminder:24"
    )
    with translation.override(registration.language):
        message = build_message(log)
    return message.from_email, [registration.email], message.message(policy=email.policy.SMTP).as_bytes()


def plain_smtplib_loop(port: int, count: int, sender: str, recipients: list[str], data: bytes) -> None:
    with smtplib.SMTP("127.0.0.1", port) as connection:
        for _number in range(count):
            connection.sendmail(sender, recipients, data)


def rendering_smtplib_loop(port: int, event) -> int:
    """Each registrant's own reminder rendered (same templates, no outbox row) and sent on one connection."""
    from django.utils import translation

    from registrations.emails import build_message
    from registrations.models import EmailLog

    registrations = event.registrations.select_related("event", "event__organization", "event__venue")
    sent = 0
    with smtplib.SMTP("127.0.0.1", port) as connection:
        for number, registration in enumerate(registrations.order_by("pk")):
            log = EmailLog(
                pk=number + 1,
                event=event,
                registration=registration,
                recipient=registration.email,
                kind="reminder:24",
                language=registration.language,
            )
            with translation.override(registration.language):
                message = build_message(log)
            data = message.message(policy=email.policy.SMTP).as_bytes()
            connection.sendmail(message.from_email, [registration.email], data)
            sent += 1
    return sent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=2)
    arguments = parser.parse_args()
    count = arguments.count

    with Sink() as sink:
        database_url = create_database(DATABASE_NAME)
        environment = bench_environment(
            database_url,
            REDIS_URL=REDIS_URL,
            EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
            CELERY_TASK_ALWAYS_EAGER="False",
        )
        manage(environment, "migrate", "--noinput")
        os.environ.update(environment)
        import django
        import redis

        django.setup()
        redis.Redis.from_url(REDIS_URL).flushdb()

        from registrations.models import EmailLog
        from registrations.reminders import queue_due_reminders

        event = create_reminder_data(count)
        sender, recipients, data = sample_message_bytes(event)

        started = time.perf_counter()
        plain_smtplib_loop(sink.port, count, sender, recipients, data)
        plain_seconds = sink.wait_for(count) - started
        started = time.perf_counter()
        rendering_smtplib_loop(sink.port, event)
        rendering_seconds = sink.wait_for(2 * count) - started

        with celery_worker(environment, concurrency=arguments.concurrency):
            started = time.perf_counter()
            queued = queue_due_reminders()
            scanned = time.perf_counter() - started
            portal_seconds = sink.wait_for(3 * count) - started
        sent = EmailLog.objects.filter(status=EmailLog.Status.SENT).count()
        portal_ids = sink.message_ids()[2 * count :]

    plain_rate, portal_rate = count / plain_seconds, count / portal_seconds
    rendering_rate = count / rendering_seconds
    print(f"messages: {count} reminders; Celery worker processes: {arguments.concurrency}")
    print(f"A plain smtplib loop, one pre-rendered message:   {plain_rate:8.1f} messages/s", end=" ")
    print(f"({plain_seconds:.2f} s)")
    print(f"B plain smtplib loop, each reminder rendered:     {rendering_rate:8.1f} messages/s", end=" ")
    print(f"({rendering_seconds:.2f} s)")
    print(f"C portal: reminder scan + outbox + Celery + SMTP: {portal_rate:8.1f} messages/s", end=" ")
    print(f"({portal_seconds:.2f} s, of which the scan {scanned:.2f} s)")
    print(f"ratio C/B: {portal_rate / rendering_rate:.0%}   ratio C/A: {portal_rate / plain_rate:.0%}")
    print(
        f"rows queued {queued}, marked sent {sent}; distinct Message-IDs at the sink {len(set(portal_ids))}"
        f" of {len(portal_ids)}"
    )
    if queued != count or len(set(portal_ids)) != count:
        sys.exit("not every reminder arrived exactly once")


if __name__ == "__main__":
    main()
