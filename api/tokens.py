"""Organizer API tokens: issued with a key shown once, found by the key's hash, revoked for good."""

import datetime as dt
import hashlib
import logging
import secrets

from django.utils import timezone

from .models import ApiToken

logger = logging.getLogger(__name__)

KEY_PREFIX = "pw_"
# last_used_at is written at most this often, so a busy door app does not write on every scan.
USE_RECORD_INTERVAL = dt.timedelta(minutes=5)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def assign_new_key(token: ApiToken) -> str:
    """Give an unsaved token a fresh 256-bit key; returns the key, which is stored nowhere."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token.key_prefix = key[:10]
    token.key_hash = hash_key(key)
    return key


def token_for_key(key: str) -> ApiToken | None:
    """The usable token with this key (not revoked, not expired, owner active), or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > USE_RECORD_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke_token(*, token: ApiToken) -> bool:
    """Revoke the token for good; False when it was revoked already."""
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        logger.info("API token %s revoked", token.pk)
    return bool(revoked)
