"""Backup and restore (catalog H1): 50,000 registrations survive `pg_dump -Fc` / `pg_restore` unchanged, and
people erased after the dump was made are erased again from the restored copy."""

import os
import subprocess
import time
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from attendees import privacy
from attendees.models import AccessLog
from registrations.models import Registration
from tests.factories import EventFactory, OrganizationFactory, RegistrationFactory
from tests.services.conftest import _test_database_url

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parent.parent
SEEDED = 50_000
TABLES = [
    "registrations_registration",
    "registrations_answer",
    "registrations_accesslog",
    "events_event",
    "organizations_organization",
]
MARKER_EMAIL = "zqerased-person-h1@example.org"


def seed(events) -> None:
    """SEEDED registrations spread over the events, copied from one template row in a single INSERT."""
    template = RegistrationFactory(event=events[0])
    generated = {
        "event_id": f"(ARRAY{[event.pk for event in events]})[mod(g, {len(events)}) + 1]",
        "public_id": "gen_random_uuid()",
        "last_name": "'Seeded' || g",
        "email": "'seeded' || g || '@example.org'",
        "manage_token_hash": "md5('seed' || g) || md5('token' || g)",
    }
    columns = [field.column for field in Registration._meta.concrete_fields if field.column != "id"]
    names = ", ".join(f'"{column}"' for column in columns)
    values = ", ".join(generated.get(column, f'r."{column}"') for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO registrations_registration ({names}) SELECT {values}"  # noqa: S608
            " FROM registrations_registration r, generate_series(2, %s) g WHERE r.id = %s",
            [SEEDED, template.pk],
        )


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Row count and an MD5 over every row, in primary-key order, for each table."""
    with psycopg.connect(url) as connection:
        return {
            table: connection.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM {table} t"  # noqa: S608
            ).fetchone()
            for table in TABLES
        }


def dump_text(url: str) -> str:
    return subprocess.run(["pg_dump", "--data-only", url], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def restored_url():
    url = _test_database_url().rsplit("/", 1)[0] + f"/restored_{os.getpid()}_{time.monotonic_ns()}"
    yield url
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def test_restore_of_50000_registrations_is_identical_and_erased_people_stay_erased(tmp_path, restored_url):
    organization = OrganizationFactory()
    events = [EventFactory(organization=organization) for _ in range(5)]
    seed(events)
    erased = [
        RegistrationFactory(event=event, email=MARKER_EMAIL, first_name="Zqerasedname")
        for event in events[:2]
    ]
    live_url = _test_database_url()
    before = fingerprint(live_url)
    env = {**os.environ, "DATABASE_URL": live_url, "BACKUP_DIR": str(tmp_path)}

    backup = subprocess.run(["scripts/backup.sh"], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip())
    assert dump.read_bytes().startswith(b"PGDMP")
    # Erased after the dump was made: the backup still holds the person.
    admin = get_user_model().objects.create_superuser("dpo", "dpo@example.org", "a-long-password-h1")
    assert privacy.erase_person(email=MARKER_EMAIL, user=admin) == 2
    erasure_log = tmp_path / "erasures.jsonl"
    with erasure_log.open("w") as out:
        call_command("export_erasure_log", stdout=out)

    restore = subprocess.run(
        ["scripts/restore.sh", str(dump), restored_url], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert fingerprint(restored_url) == before
    assert MARKER_EMAIL in dump_text(restored_url)

    reapply = subprocess.run(
        [str(BASE_DIR / ".venv/bin/python"), "manage.py", "reapply_erasures", str(erasure_log)],
        cwd=BASE_DIR,
        env={**env, "DATABASE_URL": restored_url},
        capture_output=True,
        text=True,
    )
    assert reapply.returncode == 0, reapply.stderr
    assert "2 registrations erased again" in reapply.stdout
    restored = dump_text(restored_url)
    assert MARKER_EMAIL not in restored
    assert "Zqerasedname" not in restored
    after = fingerprint(restored_url)
    assert after["registrations_registration"][0] == SEEDED + len(erased)
    assert after["registrations_accesslog"][0] == AccessLog.objects.count()
