"""Real infrastructure for tests/services: a Celery worker subprocess on Redis and an SMTP sink.

Fixtures, from the smallest to the largest:

``smtp_sink``
    An aiosmtpd server on a free loopback port that records every message it accepts (envelope and raw
    DATA bytes). It can be told to answer DATA with another reply (``sink.answer("421 ...", times=3)``,
    ``sink.answer("550 ...")``), to wait before replying (``sink.delay_seconds``), and can be stopped and
    started again on the same port (``sink.stop()`` / ``sink.start()``) to simulate an outage. A message
    whose client goes away during that delay is not accepted (``sink.abandoned``), as a mail server
    delivers nothing it has not answered "250" to. ``sink.on_data`` is called with each message as its
    DATA arrives (before the delay), ``sink.after_accepted`` just after a "250" went out.

``celery_broker``
    Makes this test process publish tasks to Redis for real instead of running them eagerly: the Celery
    app's broker and result backend point at a Redis database per xdist worker
    (``redis://127.0.0.1:6379/<10 + worker index>``) under a key prefix of the test's own, so parallel
    runs on one machine never take each other's tasks; the keys are deleted and the app restored after
    the test. Yields a ``CeleryBroker`` (``.url``, ``.key_prefix``).

``celery_worker_factory`` / ``celery_worker``
    ``celery -A config worker`` as a subprocess on that Redis database, on the pytest-django test database
    and sending mail to ``smtp_sink``. ``celery_worker`` is one started worker; the factory starts more
    (``celery_worker_factory(concurrency=2)``). A worker can be stopped (``worker.stop()``), killed
    (``worker.kill()``, or ``worker.kill_pool_child()`` for the process running a task) and started again
    (``worker.start()``); its log is ``worker.log_path``. Every worker is stopped after the test.

Tests using a worker must be marked ``@pytest.mark.worker`` and ``@pytest.mark.django_db(transaction=True)``:
the worker is another process and sees only committed rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent
REDIS_HOST_PORT = "127.0.0.1:6379"
# Databases 0-9 are left to the developers' own use; tests/services take one per xdist worker from 10 up.
FIRST_TEST_REDIS_DB = 10
WORKER_SETTINGS_MODULE = "tests.services.worker_settings"
WORKER_START_TIMEOUT_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _xdist_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker.removeprefix("gw")) if worker.startswith("gw") else 0


# --- SMTP sink ----------------------------------------------------------------------------------


@dataclass
class ReceivedMessage:
    """One message the sink accepted: the SMTP envelope and the DATA exactly as sent."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.raw, policy=policy.default)


@dataclass
class SmtpSink:
    """A programmable SMTP server on 127.0.0.1; see the module docstring."""

    port: int = field(default_factory=_free_port)
    host: str = "127.0.0.1"
    delay_seconds: float = 0.0
    messages: list[ReceivedMessage] = field(default_factory=list)
    refused: list[ReceivedMessage] = field(default_factory=list)
    abandoned: list[ReceivedMessage] = field(default_factory=list)
    on_data: Callable[[ReceivedMessage], None] | None = None
    after_accepted: Callable[[ReceivedMessage], None] | None = None
    _replies: deque[str] = field(default_factory=deque)
    _always: str | None = None
    _controller: Controller | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def email_url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        if self._controller is None:
            self._controller = Controller(_SinkHandler(self), hostname=self.host, port=self.port)
            self._controller.start()

    def stop(self) -> None:
        """Close the port: clients get "connection refused" until start() is called."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def answer(self, reply: str, *, times: int | None = 1) -> None:
        """Answer the next `times` DATA commands with `reply` (e.g. "421 4.3.0 Try later"); None = always."""
        with self._lock:
            if times is None:
                self._always = reply
            else:
                self._replies.extend([reply] * times)

    def reset(self) -> None:
        """Forget the recorded messages and programmed replies; accept everything again."""
        with self._lock:
            self.messages.clear()
            self.refused.clear()
            self.abandoned.clear()
            self._replies.clear()
            self._always = None
            self.delay_seconds = 0.0

    def wait_for_messages(self, count: int, *, timeout: float = 30) -> list[ReceivedMessage]:
        """Wait until at least `count` messages were accepted; raise AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"SMTP sink got {len(self.messages)} messages, expected {count}")
            time.sleep(0.05)
        return list(self.messages)

    def _next_reply(self) -> str:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
            return self._always or "250 2.0.0 Message accepted for delivery"


class _SinkHandler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd hook name)
        received = ReceivedMessage(
            mail_from=envelope.mail_from,
            rcpt_tos=list(envelope.rcpt_tos),
            raw=envelope.original_content or envelope.content,
        )
        if self.sink.on_data is not None:
            self.sink.on_data(received)
        if self.sink.delay_seconds:
            try:
                await asyncio.sleep(self.sink.delay_seconds)
            except asyncio.CancelledError:  # aiosmtpd cancels the session when the client goes away
                self.sink.abandoned.append(received)
                raise
        reply = self.sink._next_reply()
        (self.sink.messages if reply.startswith("2") else self.sink.refused).append(received)
        if reply.startswith("2") and self.sink.after_accepted is not None:
            # Run once the reply has been written, when the client has the "250" but has not acted on it.
            asyncio.get_running_loop().call_soon(self.sink.after_accepted, received)
        return reply


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


# --- Celery on Redis ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CeleryBroker:
    """Where this test's tasks travel: a Redis database per xdist worker and a key prefix per test."""

    url: str
    key_prefix: str

    @property
    def transport_options(self) -> dict:
        return {"global_keyprefix": self.key_prefix, "visibility_timeout": 3600}


@pytest.fixture
def celery_broker():
    """Publish tasks to Redis for real instead of running them eagerly; see the module docstring.

    The key prefix keeps test runs apart that share a database number (two people running the suite on
    one machine), so nothing is flushed: the test's own keys are deleted afterwards.
    """
    from config.celery import app

    broker = CeleryBroker(
        url=f"redis://{REDIS_HOST_PORT}/{FIRST_TEST_REDIS_DB + _xdist_index()}",
        key_prefix=f"test-{uuid.uuid4().hex[:12]}:",
    )
    keys = (
        "task_always_eager",
        "broker_url",
        "result_backend",
        "broker_transport_options",
        "result_backend_transport_options",
    )
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        task_always_eager=False,
        broker_url=broker.url,
        result_backend=broker.url,
        broker_transport_options=broker.transport_options,
        result_backend_transport_options={"global_keyprefix": broker.key_prefix},
    )
    _forget_connections(app)
    yield broker
    app.conf.update(saved)
    backend = app._backend_cache or getattr(app._local, "backend", None)
    if backend is not None and hasattr(backend, "client"):
        backend.client.connection_pool.disconnect()
    # Closed now rather than whenever they are collected, when closing would write to the test's keys again.
    kombu.pools.reset()
    _forget_connections(app)
    client = redis.Redis.from_url(broker.url)
    for key in client.scan_iter(match=f"{broker.key_prefix}*", count=500):
        client.delete(key)


def _forget_connections(app) -> None:
    """Drop the app's cached broker pool and result backend so the next use reads the changed conf."""
    app._after_fork()
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


class CeleryWorker:
    """One `celery -A config worker` subprocess; start(), stop() and kill() may be called repeatedly."""

    def __init__(self, *, env: dict[str, str], log_path: Path, concurrency: int, app) -> None:
        self.env = env
        self.log_path = log_path
        self.concurrency = concurrency
        self.app = app
        self.hostname = f"test-{uuid.uuid4().hex[:8]}@localhost"
        self.process: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--pool=prefork",
            f"--concurrency={self.concurrency}",
            f"--hostname={self.hostname}",
            "--without-gossip",
            "--without-mingle",
        ]

    def start(self) -> CeleryWorker:
        """Start the worker and return once it answers a control ping."""
        if self.process is not None and self.process.poll() is None:
            return self
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + WORKER_START_TIMEOUT_SECONDS
        while not self.app.control.ping(destination=[self.hostname], timeout=0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"Celery worker did not start; log:\n{self.log_tail()}")
        return self

    def stop(self, *, timeout: float = 30) -> None:
        """Warm shutdown (SIGTERM): the worker finishes its current tasks, then exits."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._reap_pool_children()
        self.process = None

    def kill(self) -> None:
        """SIGKILL the worker and its pool: nothing is acknowledged or cleaned up."""
        if self.process is None:
            return
        children = self.pool_child_pids()
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def pool_child_pids(self) -> list[int]:
        """Process ids of the prefork pool children (the processes that run tasks)."""
        if self.process is None:
            return []
        children_file = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(FileNotFoundError):
            return [int(pid) for pid in children_file.read_text().split()]
        return []

    def kill_pool_child(self) -> int:
        """SIGKILL one pool child, as if it crashed mid-task, and return once it is dead (its connections
        closed); the main process starts a new one."""
        pid = self.pool_child_pids()[0]
        os.kill(pid, signal.SIGKILL)
        _wait_until_dead(pid)
        return pid

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def _reap_pool_children(self) -> None:
        for pid in self.pool_child_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _wait_until_dead(pid: int, timeout: float = 10) -> None:
    """Until the process is gone or a zombie: by then the kernel has closed its files and sockets."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return
        if state in {"Z", "X"}:
            return
        time.sleep(0.005)  # polling the process state
    raise AssertionError(f"process {pid} did not die")


def _test_database_url() -> str:
    """DATABASE_URL of the database pytest-django created for this process (test_<name>[_gwN])."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


@pytest.fixture
def celery_worker_factory(django_db_setup, celery_broker, smtp_sink, tmp_path):
    """Start real workers: `celery_worker_factory(concurrency=1, env={...})`; all are stopped afterwards."""
    from config.celery import app

    assert connection.vendor == "postgresql", "a worker process cannot share an SQLite test database"
    workers: list[CeleryWorker] = []

    def start_worker(*, concurrency: int = 1, env: dict[str, str] | None = None) -> CeleryWorker:
        worker_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": WORKER_SETTINGS_MODULE,
            "DATABASE_URL": _test_database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "REDIS_URL": celery_broker.url,
            "CELERY_KEY_PREFIX": celery_broker.key_prefix,
            "EMAIL_URL": smtp_sink.email_url,
            "CELERY_TASK_ALWAYS_EAGER": "False",
            **(env or {}),
        }
        worker = CeleryWorker(
            env=worker_env,
            log_path=tmp_path / f"celery-worker-{len(workers)}.log",
            concurrency=concurrency,
            app=app,
        )
        workers.append(worker)
        return worker.start()

    yield start_worker
    for worker in workers:
        worker.stop()


@pytest.fixture
def celery_worker(celery_worker_factory) -> CeleryWorker:
    return celery_worker_factory()
