"""Account e-mails carry links to the canonical SITE_URL, never to whatever Host a request claimed."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
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
