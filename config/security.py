"""Security helpers: the client address every rate limit keys on; logs lose secret links."""

import ipaddress
import re

from django.conf import settings

# Logging and gunicorn load this module before the apps are ready: it imports no models.

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
