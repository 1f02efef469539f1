"""5,000 reminders through the outbox and 2 Celery worker processes, against plain smtplib loops.

All three send to the same local aiosmtpd sink (its own process), in interleaved rounds of one run:

A  a plain smtplib loop sending one already rendered reminder again and again over one connection: the
   floor of the cost of SMTP alone;
B  a plain smtplib loop that renders each registrant's own reminder (same templates, own language, read
   with two queries for all of them) and sends it over one connection, without outbox rows. This is "a
   plain smtplib loop to the same sink" of PERFORMANCE.md, the target's reference: the same messages,
   rendered, over one connection;
C  the portal: the reminder scan writes the outbox rows and hands them to Celery after commit; 2 prefork
   worker processes claim each row, render, send over a per-process SMTP connection and mark it sent.
   Timed from the start of the scan to the last message accepted by the sink.

Each round uses a new event with its own registrants; the figures are medians over the rounds, and the
ratio against B is the one PERFORMANCE.md asks for (≥ 50 %). CPU per message is the processor time of
the sending processes only (B: the loop; C: the scan plus the worker and its pool processes), which moves
much less than wall time on a shared machine; the database, Redis and the sink are not in it.

    python -m bench.email_fanout [--count 5000] [--concurrency 2] [--rounds 3]

Needs PostgreSQL and Redis on 127.0.0.1 (BENCH_POSTGRES_URL, BENCH_EMAIL_REDIS_URL).
"""

import argparse
import contextlib
import email.policy
import multiprocessing
import os
import smtplib
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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


def process_tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its living descendants (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{current}/stat").read_text().rpartition(")")[2].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
    return total


@contextlib.contextmanager
def celery_worker(environment: dict[str, str], *, concurrency: int) -> Iterator[subprocess.Popen]:
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
        yield process
    finally:
        process.terminate()
        process.wait(60)


def create_reminder_data(count: int, *, number: int = 1):
    """An event 23 hours away with `count` confirmed registrants who registered days ago."""
    import datetime as dt
    import hashlib
    import secrets

    from django.utils import timezone

    from events.models import Event, Venue
    from organizations.models import Organization
    from registrations.models import Registration

    now = timezone.now()
    organization = Organization.objects.create(name="Fundacja Benchmark", slug=f"fundacja-benchmark-{number}")
    venue = Venue.objects.create(organization=organization, name="Sala", address="ul. Długa 1", city="Kielce")
    event = Event.objects.create(
        organization=organization,
        title="Spotkanie organizacji",
        title_uk="Зустріч організацій",
        title_en="Meeting of organizations",
        slug=f"spotkanie-benchmark-{number}",
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

    from mail.models import EmailLog
    from mail.render import build_message

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
    """Each registrant's own reminder rendered (same templates, no outbox row) and sent on one connection.

    The registrants and their session seats are read once, as a script sending to a list would.
    """
    from django.db.models import Prefetch
    from django.utils import translation

    from mail.models import EmailLog
    from mail.render import build_message
    from registrations.models import SessionSeat

    seats = SessionSeat.objects.select_related("session", "session__venue").order_by("session__starts_at")
    registrations = event.registrations.select_related(
        "event", "event__organization", "event__venue"
    ).prefetch_related(Prefetch("seats", queryset=seats))
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
                message = build_message(log, seats=list(registration.seats.all()))
            data = message.message(policy=email.policy.SMTP).as_bytes()
            connection.sendmail(message.from_email, [registration.email], data)
            sent += 1
    return sent


@dataclass
class Round:
    plain_rate: float
    rendering_rate: float
    portal_rate: float
    scan_seconds: float
    rendering_cpu_ms: float
    portal_cpu_ms: float

    @property
    def ratio(self) -> float:
        return self.portal_rate / self.rendering_rate


def run_round(number: int, *, count: int, sink: Sink, worker: subprocess.Popen) -> Round:
    """A, B and C once each on a new event with `count` registrants."""
    from mail.reminders import queue_due_reminders

    event = create_reminder_data(count, number=number)
    sender, recipients, data = sample_message_bytes(event)
    received = sink.count

    started = time.perf_counter()
    plain_smtplib_loop(sink.port, count, sender, recipients, data)
    plain_seconds = sink.wait_for(received + count) - started

    started, cpu = time.perf_counter(), time.process_time()
    rendering_smtplib_loop(sink.port, event)
    rendering_seconds = sink.wait_for(received + 2 * count) - started
    rendering_cpu = time.process_time() - cpu

    started, cpu, worker_cpu = time.perf_counter(), time.process_time(), process_tree_cpu_seconds(worker.pid)
    queued = queue_due_reminders()
    scan_seconds = time.perf_counter() - started
    portal_seconds = sink.wait_for(received + 3 * count) - started
    portal_cpu = time.process_time() - cpu + process_tree_cpu_seconds(worker.pid) - worker_cpu
    if queued != count:
        sys.exit(f"the scan queued {queued} reminders, not {count}")
    return Round(
        plain_rate=count / plain_seconds,
        rendering_rate=count / rendering_seconds,
        portal_rate=count / portal_seconds,
        scan_seconds=scan_seconds,
        rendering_cpu_ms=1000 * rendering_cpu / count,
        portal_cpu_ms=1000 * portal_cpu / count,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    count = arguments.count

    load_before = os.getloadavg()
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

        from mail.models import EmailLog

        rounds = []
        with celery_worker(environment, concurrency=arguments.concurrency) as worker:
            for number in range(1, arguments.rounds + 1):
                rounds.append(run_round(number, count=count, sink=sink, worker=worker))
                print(_describe(f"round {number}", rounds[-1]), flush=True)
        sent = EmailLog.objects.filter(status=EmailLog.Status.SENT).count()
        message_ids = sink.message_ids()
        # Per round: count pre-rendered copies (A), count rendered ones (B), then the portal's (C).
        portal_ids = [
            message_id
            for number in range(arguments.rounds)
            for message_id in message_ids[(3 * number + 2) * count : (3 * number + 3) * count]
        ]

    median = _median(rounds)
    load_after = os.getloadavg()[0]
    print(f"\nmessages: {count} reminders per round, {arguments.rounds} rounds, medians;", end=" ")
    print(f"Celery worker processes: {arguments.concurrency};", end=" ")
    print(f"load average {load_before[0]:.1f} → {load_after:.1f}")
    print(f"A plain smtplib loop, one pre-rendered message:   {median.plain_rate:8.1f} messages/s")
    print(
        f"B plain smtplib loop, each reminder rendered:     {median.rendering_rate:8.1f} messages/s", end=" "
    )
    print(f"(CPU {median.rendering_cpu_ms:.1f} ms/message)")
    print(f"C portal: reminder scan + outbox + Celery + SMTP: {median.portal_rate:8.1f} messages/s", end=" ")
    print(f"(CPU {median.portal_cpu_ms:.1f} ms/message, scan {median.scan_seconds:.2f} s)")
    ratios = [r.ratio for r in rounds]
    print(
        f"target ratio C/B (reference B, PERFORMANCE.md ≥ 50 %): {statistics.median(ratios):.0%} median"
        f" (rounds: {', '.join(f'{ratio:.0%}' for ratio in ratios)})"
    )
    print(f"for comparison C/A: {median.portal_rate / median.plain_rate:.0%}")
    print(
        f"rows queued {count * arguments.rounds}, marked sent {sent}; distinct Message-IDs at the sink"
        f" {len(set(portal_ids))} of {len(portal_ids)}"
    )
    if sent != count * arguments.rounds or len(set(portal_ids)) != count * arguments.rounds:
        sys.exit("not every reminder arrived exactly once")


def _median(rounds: list[Round]) -> Round:
    return Round(
        **{name: statistics.median(getattr(r, name) for r in rounds) for name in Round.__dataclass_fields__}
    )


def _describe(label: str, figures: Round) -> str:
    return (
        f"{label}: A {figures.plain_rate:.1f}/s, B {figures.rendering_rate:.1f}/s"
        f" (CPU {figures.rendering_cpu_ms:.1f} ms/message), C {figures.portal_rate:.1f}/s"
        f" (CPU {figures.portal_cpu_ms:.1f} ms/message, scan {figures.scan_seconds:.2f} s),"
        f" C/B {figures.ratio:.0%}"
    )


if __name__ == "__main__":
    main()
