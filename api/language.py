"""The language of an API answer: ?lang= first, then Accept-Language, then the site's default.

Translated content then falls back to Polish field by field (django-modeltranslation), as on the pages.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header

SUPPORTED = tuple(code for code, _name in settings.LANGUAGES)


def _supported(code: str) -> str | None:
    code = code.strip().lower()
    if code in SUPPORTED:
        return code
    base = code.split("-")[0]
    return base if base in SUPPORTED else None


def requested_language(request: HttpRequest) -> str:
    asked = _supported(request.GET.get("lang", ""))
    if asked:
        return asked
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")[:255]):
        found = _supported(code)
        if found:
            return found
    return settings.LANGUAGE_CODE
