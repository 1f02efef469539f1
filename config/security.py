"""Security helpers: the admin login shares the site login's brute-force limits; logs lose secret links."""

import functools
import ipaddress
import re

from django.conf import settings

# Logging loads this module before the apps are ready: allauth and the user model are imported in functions.

# Secret path segments that must not reach the logs (manage links of registrations).
SECRET_PATH = re.compile(r"(/manage/)[A-Za-z0-9_-]{8,}")
# A value in a query string: after "?" or "&" and a name, up to the next separator or the end of the URL.
QUERY_VALUE = re.compile(r"([?&][^=&#\s\"]*=)[^&#\s\"]+")


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address, which every rate limit keys on.

    REMOTE_ADDR, unless it belongs to TRUSTED_PROXY_NETWORKS: then X-Forwarded-For is read from the
    right, each trusted proxy's entry passed over, and the first address a trusted proxy did not add is
    the client. Entries to the left of it are whatever the client sent, so a forged header changes
    nothing, and a client connecting from outside the trusted networks is never asked at all.
    """
    trusted = [ipaddress.ip_network(network) for network in settings.TRUSTED_PROXY_NETWORKS]
    address = _address(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    while forwarded and any(address in network for network in trusted):
        hop = _address(forwarded.pop())
        if hop is None:
            break
        address = hop
    return str(address)


def _login_key(request, username: str) -> str:
    """The per-account key of allauth's `login_failed` limit, so both login pages count together."""
    from allauth.account.adapter import get_adapter
    from django.contrib.auth import get_user_model

    user = get_user_model()._default_manager.filter(username__iexact=username).first()
    email = user.email if user is not None and user.email else username
    return get_adapter(request)._get_login_attempts_cache_key(request, email=email)


def secure_admin_login(login_view):
    """Apply ACCOUNT_RATE_LIMITS["login_failed"] (per IP and per account) to the admin login.

    Every POST consumes one attempt before the password is checked, so once the limit is reached even
    the right password is refused (429); a successful login gives its attempt back, as allauth does.
    """

    # allauth's own limiter (internal API, pinned version): it gives back an attempt on success.
    from allauth.core.internal import ratelimit

    @functools.wraps(login_view)
    def view(request, *args, **kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return login_view(request, *args, **kwargs)
        username = request.POST.get("username", "")[:150].strip().lower()
        usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed", key=_login_key(request, username)
        )
        if not usage:
            return ratelimit.respond_429(request)
        response = login_view(request, *args, **kwargs)
        if request.user.is_authenticated:
            usage.rollback()
        return response

    return view


def redact_secret_paths(text: str) -> str:
    return SECRET_PATH.sub(r"\1[redacted]", text)


def redact_query_values(text: str) -> str:
    """Query-string values cut out: an organizer's admin search (?q=anna@example.org) is personal data."""
    return QUERY_VALUE.sub(r"\1[redacted]", text)


class RedactSecretsFilter:
    """Removes manage-link tokens from messages and their arguments, and drops the attached request.

    Django attaches the request to django.request records; error reports built from it would carry the
    submitted form (names, e-mail addresses) and the secret path.
    """

    def filter(self, record) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_secret_paths(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_secret_paths(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = None
        return True
