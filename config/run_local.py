"""Serve the embedded default: the web server, a Celery worker and beat, stopped together by Ctrl-C.

The three run in their own process group, so Ctrl-C reaches only this supervisor, which then asks each of
them once to stop (a second signal would make the worker abandon its running tasks). If one of them ends on
its own, the others are stopped too and the exit code is non-zero.
"""

import contextlib
import ctypes
import os
import signal
import subprocess  # nosec B404  # only the fixed commands below
import sys
import time
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
# PORT_BIND may come from .env, as every setting does.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
DEFAULT_PORT_BIND = "127.0.0.1:8000"
HOST_PORT = os.environ.get("PORT_BIND", DEFAULT_PORT_BIND)
STOP_TIMEOUT_SECONDS = 20
PR_SET_PDEATHSIG = 1

COMMANDS = {
    "web": [sys.executable, "manage.py", "runserver", HOST_PORT, "--noreload"],
    "worker": [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--loglevel=INFO",
        "--concurrency=2",
    ],
    "beat": [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "beat",
        "--loglevel=INFO",
        "--scheduler=django_celery_beat.schedulers:DatabaseScheduler",
    ],
}
# The filesystem broker, the file result backend, the file cache and the e-mail files need their folders.
FOLDERS = ("celery/queue", "celery/processed", "celery/results", "mail", "cache", "media")


class Supervisor:
    def __init__(self) -> None:
        self.processes: dict[str, subprocess.Popen] = {}
        self.stop_requested = False

    def request_stop(self, signum, frame) -> None:
        self.stop_requested = True

    def start(self) -> None:
        for name, command in COMMANDS.items():
            # The argument lists are fixed in COMMANDS; nothing in them comes from a request.
            self.processes[name] = subprocess.Popen(  # nosec B603
                command, cwd=BASE_DIR, start_new_session=True, preexec_fn=_die_with_parent
            )

    def wait(self) -> int:
        """Block until Ctrl-C/SIGTERM (exit code 0) or until a process ends by itself (its exit code or 1)."""
        while not self.stop_requested:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    print(f"{name} ended with exit code {process.returncode}; stopping the rest.", flush=True)
                    return process.returncode or 1
            time.sleep(0.3)
        return 0

    def stop(self) -> None:
        running = [process for process in self.processes.values() if process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def served_url(port_bind: str) -> str:
    """The address a browser reaches runserver at on `port_bind` ("8080", "0.0.0.0:8080", "[::1]:8000").

    A wildcard address has no single name: links then point at this machine's loopback, which
    SITE_URL overrides when people reach it from elsewhere.
    """
    host, _colon, port = port_bind.rpartition(":")
    if host in {"", "0.0.0.0", "[::]"}:  # noqa: S104  # nosec B104  # a bind address read, not one bound here
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def _die_with_parent() -> None:
    """Linux: a child gets SIGTERM if the supervisor itself is killed, so nothing is left running."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def main() -> int:
    for folder in FOLDERS:
        (VAR_DIR / folder).mkdir(parents=True, exist_ok=True)
    supervisor = Supervisor()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, supervisor.request_stop)
    supervisor.start()
    address = served_url(HOST_PORT)
    print(f"Portal: {address}/  (admin: /admin/, health: /health/)  Ctrl-C stops all.", flush=True)
    try:
        exit_code = supervisor.wait()
    finally:
        print("Stopping the web server, the worker and beat…", flush=True)
        supervisor.stop()
    print("Stopped.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
