"""Per-IP counters in the cache (Redis in production) for the public registration paths.

Only REMOTE_ADDR identifies a client unless REGISTRATION_TRUSTED_PROXY_COUNT says how many proxies in
front of the portal append to X-Forwarded-For; a client cannot choose its own address otherwise.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

SUBMISSIONS = ("register", 10, 600)  # 10 submissions per 10 minutes
TOKEN_MISSES = ("manage-miss", 20, 60)  # 20 unknown manage links per minute


def client_ip(request) -> str:
    proxies = getattr(settings, "REGISTRATION_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, ip: str, window: int) -> str:
    return f"ratelimit:{scope}:{ip}:{int(time.time() // window)}"


def hit(request, rule: tuple[str, int, int]) -> bool:
    """Count one request; False once the limit of the current window is exceeded.

    Cache errors let the request through: a broken Redis must not stop registrations.
    """
    scope, limit, window = rule
    key = _key(scope, client_ip(request), window)
    try:
        cache.add(key, 0, timeout=window + 5)
        count = cache.incr(key)
    except Exception:
        logger.warning("Rate-limit cache unavailable for %s", scope, exc_info=True)
        return True
    return count <= limit


def is_limited(request, rule: tuple[str, int, int]) -> bool:
    """Whether the limit is already exceeded, without counting this request."""
    scope, limit, window = rule
    try:
        count = cache.get(_key(scope, client_ip(request), window), 0)
    except Exception:
        logger.warning("Rate-limit cache unavailable for %s", scope, exc_info=True)
        return False
    return count >= limit


def is_exempt(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def reset(rule: tuple[str, int, int], ip: str) -> None:
    """Forget the current window's count for one address (an organizer unblocking a venue's Wi-Fi)."""
    scope, _limit, window = rule
    cache.delete(_key(scope, ip, window))
