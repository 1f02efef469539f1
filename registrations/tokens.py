"""Secret links and signed form tokens.

The manage token is derived from the registration's public id with an HMAC keyed by SECRET_KEY, so any
later e-mail (a reminder, an offer) can rebuild the link, while the database keeps only its SHA-256.
"""

import base64
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from registrations.models import Registration

FORM_SIGNING_SALT = "registrations.form-token"
FORM_TOKEN_MAX_AGE = 24 * 3600


def manage_token_for(registration: Registration) -> str:
    """The raw secret of a registration's manage link: 256 bits, URL-safe, never stored."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"manage:{registration.public_id}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def manage_token_hash_for(registration: Registration) -> str:
    return hash_token(manage_token_for(registration))


def manage_path_for(registration: Registration) -> str:
    with translation.override(registration.language):
        return reverse("registrations:manage", kwargs={"token": manage_token_for(registration)})


def manage_url_for(registration: Registration) -> str:
    """Absolute manage link in the registrant's language, built from SITE_URL, never from a Host header."""
    return settings.SITE_URL + manage_path_for(registration)


def registration_for_token(token: str) -> Registration | None:
    if not token or len(token) > 100:
        return None
    return (
        Registration.objects.select_related("event", "registered_by")
        .filter(manage_token_hash=hash_token(token))
        .first()
    )


@dataclass(frozen=True)
class FormToken:
    """Issued with each form: an idempotency key for the submission and the time the form was shown."""

    key: str
    issued_at: float
    event_id: int

    @property
    def age_seconds(self) -> float:
        return time.time() - self.issued_at


def issue_form_token(*, event_id: int, issued_at: float | None = None) -> str:
    payload = {
        "k": secrets.token_urlsafe(24),
        "t": issued_at if issued_at is not None else time.time(),
        "e": event_id,
    }
    return signing.dumps(payload, salt=FORM_SIGNING_SALT, compress=False)


def read_form_token(value: str, *, event_id: int) -> FormToken | None:
    """The token's content when its signature, age and event are right; None otherwise."""
    if not value or len(value) > 300:
        return None
    try:
        payload = signing.loads(value, salt=FORM_SIGNING_SALT, max_age=FORM_TOKEN_MAX_AGE)
        token = FormToken(key=str(payload["k"]), issued_at=float(payload["t"]), event_id=int(payload["e"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if token.event_id != event_id or len(token.key) > 64:
        return None
    return token


CODE_LENGTH = 10
# Staff type codes on phones: letters that look like digits are read as the letters base32 uses.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B", "9": "G"})


def checkin_code(registration: Registration) -> str:
    """A code derived from the registration's public id; only the server can compute it (keyed hash)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"checkin:{registration.public_id}".encode(), hashlib.sha256
    ).digest()
    code = base64.b32encode(digest).decode()[:CODE_LENGTH]
    return f"{code[:5]}-{code[5:]}"


def normalize_code(text: str) -> str:
    cleaned = re.sub(r"[^0-9A-Za-z]", "", text).upper().translate(_LOOKALIKES)
    if len(cleaned) != CODE_LENGTH:
        return ""
    return f"{cleaned[:5]}-{cleaned[5:]}"


def checkin_qr_svg(registration: Registration) -> str:
    """An inline SVG QR code of the check-in code, for the confirmation e-mail and the manage page."""
    image = qrcode.make(
        checkin_code(registration),
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=8,
    )
    return image.to_string(encoding="unicode")
