"""A whole-page cache for anonymous visitors of public pages, emptied by any change to the data they show.

Any save or delete in organizations, events, agenda or registrations replaces one version token, so an edit
in admin (or a seat taken) shows on the next request. A cached copy is stored with the version read before it
was rendered, so a page rendered from data older than a change is never served after that change.

The per-request parts of a page (the CSRF token of the language form and the CSP nonce) are stored as
placeholders and filled in on every request.
"""

import re
import secrets
from collections.abc import Callable
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
PAGE_KEY = "public-pages:page:{language}:{path}"
# The longest a copy is kept; shorter when the event's registration opens or closes sooner.
MAX_SECONDS = 300
CSRF_PLACEHOLDER = "__csrf-token-placeholder__"
NONCE_PLACEHOLDER = "__csp-nonce-placeholder__"
CACHED_APPS = ("organizations", "events", "agenda", "registrations")
# Rows no public page shows: their frequent writes (e-mail sending, audit) leave the cache alone.
UNSHOWN_MODELS = {"registrations.emaillog", "registrations.accesslog", "registrations.attendance"}
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version(**kwargs) -> None:
    """Forget every cached page, now and again when the current transaction commits."""
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None), robust=True)


def connect_receivers() -> None:
    for app_label in CACHED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label_lower in UNSHOWN_MODELS:
                continue
            uid = f"page_cache.{model._meta.label_lower}"
            post_save.connect(bump_version, sender=model, dispatch_uid=f"{uid}.save", weak=False)
            post_delete.connect(bump_version, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
            for field in model._meta.local_many_to_many:
                through, name = field.remote_field.through, f"{uid}.{field.name}"
                m2m_changed.connect(bump_version, sender=through, dispatch_uid=name, weak=False)


def _cacheable(request: HttpRequest) -> bool:
    """Only plain anonymous GETs: a session or a message cookie may change what the page shows."""
    return (
        request.method in {"GET", "HEAD"}
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HX-Request" not in request.headers
    )


def _timeout(response: HttpResponse) -> int:
    event = (getattr(response, "context_data", None) or {}).get("event")
    if event is None:
        return MAX_SECONDS
    now = timezone.now()
    moments = (event.registration_opens_at, event.registration_closes_at, event.starts_at, event.ends_at)
    seconds = [int((moment - now).total_seconds()) + 1 for moment in moments if moment and moment > now]
    return max(1, min([MAX_SECONDS, *seconds]))


def _fill(body: str, request: HttpRequest) -> str:
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    if NONCE_PLACEHOLDER in body:
        body = body.replace(NONCE_PLACEHOLDER, str(get_nonce(request)))
    return body


def cache_public_page(view: Callable) -> Callable:
    """Serve a view's 200 answers to anonymous visitors from the cache until the data changes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = PAGE_KEY.format(language=get_language(), path=request.path)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or current_version()
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            _version, body, content_type = stored
            return HttpResponse(_fill(body, request), content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and not response.cookies.keys() - {settings.CSRF_COOKIE_NAME}:
            body = response.content.decode(response.charset)
            nonce = get_nonce(request)
            if nonce:
                body = body.replace(str(nonce), NONCE_PLACEHOLDER)
            body = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", body)
            cache.set(key, (version, body, response["Content-Type"]), timeout=_timeout(response))
        return response

    return wrapper
