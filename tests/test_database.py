import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_is_the_one_database_url_names():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"

    assert connection.vendor == expected


@pytest.mark.django_db
def test_ci_runs_the_suite_on_postgresql():
    running_in_ci = bool(os.environ.get("CI"))

    assert not running_in_ci or connection.vendor == "postgresql"
