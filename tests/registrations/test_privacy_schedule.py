import importlib
import os
import subprocess
import sys

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django_celery_beat.models import PeriodicTask

pytestmark = pytest.mark.django_db

TASK = "attendees.purge_expired_personal_data"


def test_purge_runs_daily_at_night_in_the_database_schedule():
    # Transactional tests elsewhere may have flushed the row the migration wrote; writing it is idempotent.
    migration = importlib.import_module("registrations.migrations.0007_periodic_privacy_purge")
    migration.create_periodic_task(django_apps, None)
    migration.create_periodic_task(django_apps, None)
    importlib.import_module("mail.migrations.0002_names_of_tasks_and_kinds").forwards(django_apps, None)

    task = PeriodicTask.objects.get(task=TASK)

    crontab = task.crontab
    assert task.enabled is True
    assert task.interval is None
    assert (crontab.minute, crontab.hour, crontab.day_of_week, str(crontab.timezone)) == (
        "30",
        "3",
        "*",
        "Europe/Warsaw",
    )


def test_a_fresh_worker_knows_the_purge_task():
    """Beat sends the task by name; a worker that never imported attendees.tasks would drop it."""
    code = (
        "import django; django.setup(); from config.celery import app; "
        "app.loader.import_default_modules(); "
        f"print({TASK!r} in app.tasks)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip().splitlines()[-1] == "True"
