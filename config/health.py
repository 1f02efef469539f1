"""Liveness of the parts the portal needs: database, cache and a Celery task round-trip."""

import time
import uuid

from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .tasks import ping

CELERY_TIMEOUT_SECONDS = 5


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    key, value = f"health:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, 10)
    read = cache.get(key)
    cache.delete(key)
    return "ok" if read == value else "cache did not return the value written"


def _check_celery() -> str:
    # An unanswered ping expires instead of waiting in the queue for the next worker to start.
    result = ping.apply_async(expires=CELERY_TIMEOUT_SECONDS)
    try:
        # The probe is never inside a task; an eager task run earlier in this process may have left
        # Celery's "joining would block" flag set, which must not turn the probe into a RuntimeError.
        reply = result.get(timeout=CELERY_TIMEOUT_SECONDS, disable_sync_subtasks=False)
    except CeleryTimeoutError:
        return f"no worker answered within {CELERY_TIMEOUT_SECONDS} s"
    finally:
        result.forget()
    return "ok" if reply == "pong" else "unexpected reply"


@never_cache
def health(request):
    started = time.monotonic()
    checks = {}
    for name, check in (("database", _check_database), ("cache", _check_cache), ("celery", _check_celery)):
        try:
            checks[name] = check()
        except Exception as error:  # a health probe reports every failure instead of raising
            checks[name] = f"error: {error.__class__.__name__}"
    healthy = all(status == "ok" for status in checks.values())
    body = {
        "status": "ok" if healthy else "error",
        "checks": checks,
        "seconds": round(time.monotonic() - started, 3),
    }
    return JsonResponse(body, status=200 if healthy else 503)
