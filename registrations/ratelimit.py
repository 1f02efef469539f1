"""Counters in the cache (Redis in production) that limit the public registration paths.

A client is its address as config.security.client_ip finds it (behind trusted proxies, the address
they forwarded). Registrations count per address and e-mail, so the people sharing a venue's Wi-Fi
do not use up each other's attempts, under a generous ceiling per address; organizers registering
people for their own event at the door are not counted. Unknown manage links count per address.
The limits are settings (REGISTRATION_LIMIT_*, MANAGE_LINK_MISS_*), read from the environment.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache

from config.security import client_ip
from organizations import access

logger = logging.getLogger(__name__)


def _key(scope: str, identity: str, window: int) -> str:
    return f"ratelimit:{scope}:{identity}:{int(time.time() // window)}"


def _count(scope: str, identity: str, window: int) -> int:
    """Count one request in the current window; 0 when the cache fails (a broken Redis stops nobody)."""
    return _count_each([(scope, identity)], window)[0]


def _count_each(counters: list[tuple[str, str]], window: int) -> list[int]:
    """Count one request on each (scope, identity) counter, in one round trip to Redis."""
    keys = [_key(scope, identity, window) for scope, identity in counters]
    try:
        backend = caches[DEFAULT_CACHE_ALIAS]  # `cache` is a proxy to it
        if isinstance(backend, RedisCache):
            return _redis_count(backend, keys, timeout=window + 5)
        counts = []
        for key in keys:
            cache.add(key, 0, timeout=window + 5)
            counts.append(cache.incr(key))
        return counts
    except Exception:
        logger.warning("Rate-limit cache unavailable for %s", counters[0][0], exc_info=True)
        return [0] * len(keys)


def _redis_count(backend: RedisCache, keys: list[str], *, timeout: int) -> list[int]:
    """SET NX and INCR per key in one pipeline: what cache.add() and cache.incr() do in three round trips."""
    pipeline = backend._cache.get_client(write=True).pipeline(transaction=False)
    for key in keys:
        name = backend.make_and_validate_key(key)
        pipeline.set(name, 0, ex=timeout, nx=True)
        pipeline.incr(name)
    return pipeline.execute()[1::2]


def _email_digest(email: str) -> str:
    """The e-mail address as it is keyed: never stored in the cache in clear."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def registration_allowed(request, event) -> bool:
    """Count one submitted form; False once its address and e-mail, or its address, sent too many."""
    if access.can_edit(request.user, event):
        return True
    window = settings.REGISTRATION_LIMIT_WINDOW_SECONDS
    address = client_ip(request)
    email = _email_digest(request.POST.get("email", ""))
    per_email, per_address = _count_each(
        [("register", f"{address}:{email}"), ("register-address", address)], window
    )
    return (
        per_email <= settings.REGISTRATION_LIMIT_PER_EMAIL
        and per_address <= settings.REGISTRATION_LIMIT_PER_ADDRESS
    )


def manage_links_limited(request) -> bool:
    """Whether this address has tried too many unknown manage links, without counting this request."""
    window = settings.MANAGE_LINK_MISS_WINDOW_SECONDS
    try:
        count = cache.get(_key("manage-miss", client_ip(request), window), 0)
    except Exception:
        logger.warning("Rate-limit cache unavailable for manage-miss", exc_info=True)
        return False
    return count >= settings.MANAGE_LINK_MISS_LIMIT


def count_manage_link_miss(request) -> None:
    _count("manage-miss", client_ip(request), settings.MANAGE_LINK_MISS_WINDOW_SECONDS)


def reset_address(address: str) -> None:
    """Forget the current window's registration ceiling of one address (a venue's Wi-Fi unblocked)."""
    cache.delete(_key("register-address", address, settings.REGISTRATION_LIMIT_WINDOW_SECONDS))
