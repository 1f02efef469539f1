import os

import pytest
from django.utils import translation

POSTGRESQL_ONLY_MARKERS = ("concurrency", "worker")


def _runs_on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def pytest_collection_modifyitems(config, items):
    """Row-lock races and the real worker need PostgreSQL and Redis; without them they are left out."""
    if _runs_on_postgresql() and os.environ.get("REDIS_URL"):
        return
    kept, left_out = [], []
    for item in items:
        (left_out if any(item.get_closest_marker(m) for m in POSTGRESQL_ONLY_MARKERS) else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
        config._postgresql_only_left_out = len(left_out)


def pytest_terminal_summary(terminalreporter, config):
    left_out = getattr(config, "_postgresql_only_left_out", 0)
    if left_out:
        terminalreporter.write_line(
            f"{left_out} tests need PostgreSQL and Redis: set DATABASE_URL and REDIS_URL to run them.",
            yellow=True,
        )


@pytest.fixture(autouse=True)
def _polish_by_default():
    """Each test starts in the site's default language, whatever the previous test activated."""
    with translation.override("pl"):
        yield
