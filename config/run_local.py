"""Serve the embedded default: the web server, a Celery worker and beat, stopped together by Ctrl-C."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST_PORT = os.environ.get("PORT_BIND", "127.0.0.1:8000")

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
        "--schedule",
        str(BASE_DIR / "var" / "celerybeat-schedule"),
    ],
}


def main() -> int:
    for folder in ("celery/queue", "celery/processed", "celery/results", "mail", "cache"):
        (BASE_DIR / "var" / folder).mkdir(parents=True, exist_ok=True)
    processes = {name: subprocess.Popen(command, cwd=BASE_DIR) for name, command in COMMANDS.items()}
    print(
        f"Portal: http://{HOST_PORT}/  (admin: /admin/, health: /health/)  Ctrl-C stops everything.",
        flush=True,
    )
    exit_code = 0
    try:
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(
                        f"{name} stopped with exit code {process.returncode}; stopping the rest.", flush=True
                    )
                    exit_code = process.returncode or 1
                    raise KeyboardInterrupt
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
