"""Requests per client address (API_RATE_LIMIT), counted in the shared cache across web processes."""

import logging

from rest_framework.throttling import SimpleRateThrottle

from config.security import client_ip

logger = logging.getLogger(__name__)


class ClientAddressThrottle(SimpleRateThrottle):
    """One budget per client address, token or not; TRUSTED_PROXY_NETWORKS decides what the address is."""

    scope = "client_address"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def allow_request(self, request, view) -> bool:
        # A broken cache must not take the API down with it: the request goes through unthrottled.
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("API rate-limit cache unavailable", exc_info=True)
            return True
