"""allauth's adapter: account e-mails link to SITE_URL; strangers cannot use up an account's login limit.

Account e-mails carry links to the canonical SITE_URL, never to whatever Host a request claimed. Failed
logins count per account and address (a stranger's guesses lock out only the stranger) and per account
over all addresses under a short-window ceiling (ACCOUNT_RATE_LIMITS), which slows a distributed guess.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from django.conf import settings
from django.utils.encoding import force_str

from config.security import client_ip


@dataclass(frozen=True)
class CanonicalSite:
    """Stands in for the request's site in account e-mails: its name and domain come from SITE_URL."""

    domain: str
    name: str

    def __str__(self) -> str:
        return self.domain


def canonical_site() -> CanonicalSite:
    domain = urlsplit(settings.SITE_URL).netloc
    return CanonicalSite(domain=domain, name=domain)


def canonical_url(url: str) -> str:
    """The same path, query and fragment on SITE_URL's scheme and host."""
    parts = urlsplit(url)
    if not (parts.scheme in {"http", "https"} and parts.netloc):
        return url
    base = urlsplit(settings.SITE_URL)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's limits (login, sign-up, password reset) key on the address the portal's limits use."""
        return client_ip(request)

    def _failed_login_limits(self, request, credentials: dict) -> dict[str, str]:
        """The keys of the failed-login limits for this attempt: per account and address, per account."""
        login = str(credentials.get("email") or credentials.get("username") or "").strip().lower()
        return {
            "login_failed_account_address": f"{login} {client_ip(request)}",
            "login_failed_account": login,
        }

    def pre_authenticate(self, request, **credentials) -> None:
        """Refuse the attempt while a failed-login limit of this account is used up, before the password."""
        for action, key in self._failed_login_limits(request, credentials).items():
            if not ratelimit.consume(request, action=action, key=key, dry_run=True):
                raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials) -> None:
        """Only failures count against the account, so its owner's own logins never use it up."""
        for action, key in self._failed_login_limits(request, credentials).items():
            ratelimit.consume(request, action=action, key=key)
        super().authentication_failed(request, **credentials)

    def get_reset_password_from_key_url(self, key: str) -> str:
        return canonical_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return canonical_url(super().get_email_confirmation_url(request, emailconfirmation))

    def format_email_subject(self, subject: str) -> str:
        prefix = account_settings.EMAIL_SUBJECT_PREFIX
        if prefix is None:
            prefix = f"[{canonical_site().name}] "
        return prefix + force_str(subject)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Every absolute link in the context (sign-up, reset, confirmation) is moved to SITE_URL."""
        context = {
            key: canonical_url(value) if isinstance(value, str) else value for key, value in context.items()
        }
        context["current_site"] = canonical_site()
        super().send_mail(template_prefix, email, context)
