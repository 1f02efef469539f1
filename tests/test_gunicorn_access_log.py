"""gunicorn, started as docker-compose.yml starts it, writes manage links to its access log redacted."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_SECONDS = 60


def compose_gunicorn_options() -> list[str]:
    command = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())["services"]["web"]["command"]
    assert command[:2] == ["gunicorn", "config.wsgi:application"]
    return command[2:]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn ended before it listened"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)  # polling for the port to open, not waiting out a guess
    raise AssertionError("gunicorn did not listen in time")


def database_environment() -> dict[str, str]:
    """The test database on PostgreSQL; SQLite's in-memory one cannot be shared (links then answer 500)."""
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        return {}
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    url = (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    return {"DATABASE_URL": url}


def get(port: int, path: str, **headers) -> None:
    """One request; an unknown link answers 404 (500 without a shared database): the log is what counts."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        connection.getresponse().read()
    finally:
        connection.close()


@pytest.mark.django_db
def test_the_access_log_never_holds_a_manage_token():
    assert "--config=config/gunicorn.py" in compose_gunicorn_options()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    token, referring_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", **database_environment())
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        *compose_gunicorn_options(),
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
    ]
    process = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_until_listening(process, port)
        get(port, f"/manage/{token}/?next=/manage/{token}/edit/", Referer=f"{base}/manage/{referring_token}/")
        get(port, f"/en/manage/{token}/cancel/")
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)

    access_lines = [line for line in output.splitlines() if '"GET ' in line]
    assert len(access_lines) == 2, output
    assert "/manage/[redacted]/?next=[redacted]" in access_lines[0]
    assert f"{base}/manage/[redacted]/" in access_lines[0]
    assert "/en/manage/[redacted]/cancel/" in access_lines[1]
    assert token not in output
    assert referring_token not in output
