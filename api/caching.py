"""Rendered public API answers: cached until the data changes, with an ETag and an honest Last-Modified.

The copy is kept under the public pages' version token (events.page_cache), so any save in admin or a seat
taken shows on the next request. Last-Modified is when this URL last started answering with this ETag: it
moves forward whenever the content changes, even if the content returns to an earlier state.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from rest_framework.renderers import JSONRenderer

from events.page_cache import VERSION_KEY, current_version

ANSWER_KEY = "api:answer:{language}:{path}"
SEEN_KEY = "api:seen:{language}:{path}"
# How long an answer may be served from the cache at most: lists depend on the clock (upcoming, open).
MAX_SECONDS = 60
_renderer = JSONRenderer()


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _since(language: str, path: str, etag: str) -> int:
    """When this URL started answering with this ETag (seconds since the epoch), remembered for a day."""
    key = SEEN_KEY.format(language=language, path=path)
    seen = cache.get(key)
    if seen is not None and seen[0] == etag:
        return seen[1]
    now = int(timezone.now().timestamp())
    cache.set(key, (etag, now), timeout=86_400)
    return now


def _answer(request: HttpRequest, body: bytes, etag: str, last_modified: int) -> HttpResponse:
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response


def cached_answer(
    request: HttpRequest, build: Callable[[], object], *, timeout: int = MAX_SECONDS
) -> HttpResponse:
    """Serve `build()`'s data rendered as JSON, from the cache when the data has not changed since.

    `build` raises for errors (404, 400): errors are never cached.
    """
    # Hashed: query strings may be long and hold any character.
    language, path = get_language(), hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = ANSWER_KEY.format(language=language, path=path)
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or current_version()
    except Exception:  # a broken cache only costs the copy
        found, version = {}, None
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        _version, body, etag, last_modified = stored
        return _answer(request, body, etag, last_modified)
    body = _renderer.render(build())
    etag = _etag(body)
    try:
        last_modified = _since(language, path, etag)
        if version is not None:
            cache.set(key, (version, body, etag, last_modified), timeout=timeout)
    except Exception:
        last_modified = int(timezone.now().timestamp())
    return _answer(request, body, etag, last_modified)
