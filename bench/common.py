"""Serve the portal with gunicorn on a free port against PostgreSQL and measure pages with wrk.

Nothing is installed here: a missing PostgreSQL stops the benchmark with what to install; without wrk the
pages are measured by bench/load.py (one asyncio process, same connections and duration), and the output
says which client measured.
"""

import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# How the portal is served: "sync" (2 sync workers, as the figures of issue 13 were taken) or "production"
# (config/gunicorn.py, as deployed). The references are served by the same gunicorn either way.
SERVER = os.environ.get("BENCH_SERVER", "sync")
# A dummy but valid production secret: the benchmark never serves anyone else.
BENCH_SECRET_KEY = "bench-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"


@dataclass(frozen=True)
class Measurement:
    requests_per_second: float
    p50_ms: float
    p99_ms: float


def require_wrk() -> str:
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("wrk is not installed: run `apt-get install -y wrk` (Debian) and try again.")
    return path


def load_client() -> str:
    """The client that measures pages: wrk when installed, else bench.load."""
    return "wrk" if shutil.which("wrk") else "bench.load"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database(name: str) -> str:
    """Drop and create database `name` on the local PostgreSQL; return its DATABASE_URL."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(name)
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


# The tables of the locked-insert reference view (bench/reference_urls.py).
REFERENCE_TABLES_SQL = """
    CREATE TABLE IF NOT EXISTS bench_reference_event (id integer PRIMARY KEY, capacity integer NOT NULL);
    CREATE TABLE IF NOT EXISTS bench_reference_seat (
        id bigserial PRIMARY KEY,
        event_id integer NOT NULL REFERENCES bench_reference_event (id),
        email text NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS bench_reference_seat_event ON bench_reference_seat (event_id, status);
    INSERT INTO bench_reference_event VALUES (1, 300) ON CONFLICT (id) DO NOTHING;
"""


def create_reference_tables(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(REFERENCE_TABLES_SQL)


def bench_environment(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off) served over plain HTTP on 127.0.0.1."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY=BENCH_SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11"),
        SITE_URL="http://127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(BASE_DIR),
    )
    environment.update(extra)
    return environment


def manage(environment: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


@contextlib.contextmanager
def gunicorn_server(environment: dict[str, str], *, workers: int = 2) -> Iterator[str]:
    """Run gunicorn (as SERVER says) on a free port; yield its base URL; stop it afterwards."""
    port = free_port()
    if SERVER == "production":
        # As deployed (config/gunicorn.py: 4 workers of 4 threads); its access log is written, to nowhere.
        options = ["--config=config/gunicorn.py", "--access-logfile=/dev/null"]
    else:
        options = [f"--workers={workers}", "--worker-class=sync"]
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "config.wsgi",
        *options,
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=environment)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(port, process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with code {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not listen on port {port} within {timeout:.0f} s")


def fetch(url: str, *, timeout: float = 60) -> bytes:
    """One GET that must succeed; used to check a page and to warm the workers."""
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - a local address
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
        return response.read()


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS_MS[unit]


def wrk(url: str, *, duration: int = 10, threads: int = 2, connections: int = 16) -> Measurement:
    """`wrk -t2 -c16 -d10s --latency` against one URL (else bench.load); any non-2xx answer stops it."""
    if not shutil.which("wrk"):
        return python_load(url, duration=duration, connections=connections)
    output = subprocess.run(
        [require_wrk(), f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout=10s", "--latency"]
        + [url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        raise SystemExit(f"wrk saw errors on {url}:\n{output}")
    latency = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+(?:us|ms|s))\s*$", output, re.M))
    if set(latency) != {"50", "99"} or " 0 requests in" in output:
        raise SystemExit(f"wrk gave no usable figures for {url}:\n{output}")
    return Measurement(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_milliseconds(latency["50"]),
        p99_ms=_milliseconds(latency["99"]),
    )


def python_load(url: str, *, duration: float = 10, connections: int = 16, data: str = "") -> Measurement:
    """bench.load in a process of its own against one URL (a POST of `data` if given); any error stops it."""
    output = subprocess.run(
        [PYTHON, "-m", "bench.load", url, f"--duration={duration}", f"--connections={connections}"]
        + ([f"--data={data}"] if data else []),
        cwd=BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = json.loads(output)
    if figures["errors"] or not figures["requests"]:
        raise SystemExit(f"bench.load saw errors on {url}: {figures}")
    return Measurement(
        requests_per_second=figures["requests_per_second"], p50_ms=figures["p50_ms"], p99_ms=figures["p99_ms"]
    )


def wrk_post(url: str, *, data: str, duration: int = 8, connections: int = 20) -> Measurement:
    """POSTs of one form body to one URL by `connections` connections (bench.load; wrk needs a script)."""
    return python_load(url, duration=duration, connections=connections, data=data)


@dataclass(frozen=True)
class Rounds:
    """Interleaved rounds: each target's medians, and its ratio to the reference of the same round."""

    medians: dict[str, Measurement]
    # The median over rounds of (target's req/s / reference's req/s in that round): the machine is shared
    # and its speed drifts between rounds, less within one.
    ratios: dict[str, float]


def interleaved_rounds(
    targets: dict[str, str], *, reference: str, rounds: int, duration: int, progress=print
) -> Rounds:
    """Measure every target once per round, alternating; `reference` names the target the ratios are to."""
    results: dict[str, list[Measurement]] = {name: [] for name in targets}
    for number in range(1, rounds + 1):
        for name, url in targets.items():
            measurement = wrk(url, duration=duration)
            results[name].append(measurement)
            progress(
                f"  round {number}/{rounds} {name:>10}: {measurement.requests_per_second:8.1f} req/s  "
                f"p50 {measurement.p50_ms:6.1f} ms  p99 {measurement.p99_ms:6.1f} ms"
            )
    medians = {
        name: Measurement(
            requests_per_second=statistics.median(m.requests_per_second for m in measurements),
            p50_ms=statistics.median(m.p50_ms for m in measurements),
            p99_ms=statistics.median(m.p99_ms for m in measurements),
        )
        for name, measurements in results.items()
    }
    ratios = {
        name: statistics.median(
            m.requests_per_second / r.requests_per_second
            for m, r in zip(measurements, results[reference], strict=True)
        )
        for name, measurements in results.items()
    }
    return Rounds(medians=medians, ratios=ratios)
