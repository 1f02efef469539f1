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
from django.core.cache import cache

from config.security import client_ip
from organizations import access

logger = logging.getLogger(__name__)


def _key(scope: str, identity: str, window: int) -> str:
    return f"ratelimit:{scope}:{identity}:{int(time.time() // window)}"


def _count(scope: str, identity: str, window: int) -> int:
    """Count one request in the current window; 0 when the cache fails (a broken Redis stops nobody)."""
    key = _key(scope, identity, window)
    try:
        cache.add(key, 0, timeout=window + 5)
        return cache.incr(key)
    except Exception:
        logger.warning("Rate-limit cache unavailable for %s", scope, exc_info=True)
        return 0


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
    per_email = _count("register", f"{address}:{email}", window)
    per_address = _count("register-address", address, window)
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
