import os
import uuid
from types import SimpleNamespace

import pytest
from django.utils import translation
from hypothesis import settings as hypothesis_settings

# CI draws the same examples on every run, so a red run can be repeated; other runs keep exploring.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

SERVICE_MARKERS = ("concurrency", "worker", "redis")


def _runs_on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def _has_postgresql_and_redis() -> bool:
    return _runs_on_postgresql() and bool(os.environ.get("REDIS_URL"))


def pytest_collection_modifyitems(config, items):
    """Row-lock races, the real worker and Redis itself need PostgreSQL and Redis; else they are left out."""
    if _has_postgresql_and_redis():
        return
    kept, left_out = [], []
    for item in items:
        (left_out if any(item.get_closest_marker(m) for m in SERVICE_MARKERS) else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_terminal_summary(terminalreporter, config):
    # Said here rather than counted: with xdist the collection happens in the workers.
    if not _has_postgresql_and_redis():
        terminalreporter.write_line(
            "Tests marked concurrency, worker or redis were left out: they need PostgreSQL and Redis "
            "(set DATABASE_URL and REDIS_URL).",
            yellow=True,
        )


@pytest.fixture(autouse=True)
def _polish_by_default():
    """Each test starts in the site's default language, whatever the previous test activated."""
    with translation.override("pl"):
        yield


@pytest.fixture(autouse=True)
def _cache_of_its_own(settings):
    """Each test counts in a cache namespace of its own: rate-limit counters and cached pages would outlive
    it in Redis (shared with earlier runs) and in the process's local memory."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {alias: {**options, "KEY_PREFIX": prefix} for alias, options in settings.CACHES.items()}


@pytest.fixture(autouse=True)
def _page_cache_versions_replaced_at_save(request, monkeypatch):
    """A test's own transaction is rolled back, never committed: the page cache's versions are replaced
    when a change is saved, as the commit would. Tests with real transactions keep the real order."""
    from events import page_cache

    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if not transactional:
        monkeypatch.setattr(page_cache, "transaction", SimpleNamespace(on_commit=lambda callback: callback()))
