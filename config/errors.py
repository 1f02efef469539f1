"""Error pages in the site's look, translated, with nothing from the failure in them.

None of these views reads the request body: Django's own handlers are wrapped in `requires_csrf_token`,
which reads the form again, so a body Django refused (a form that is not UTF-8) made the 400 handler
fail a second time. The 500 page is rendered without the request's context processors, which may be
what failed. Language links point at the home page, never at the failing address (it may hold a token).
"""

import logging

from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)

PLAIN_500 = "<!doctype html><title>500</title><h1>500</h1>"
# Addresses under /api/ that no view answers still get the API's JSON errors, not a page.
API_PREFIX = "/api/"


def api_error(status: int) -> JsonResponse:
    from rest_framework import exceptions

    details = {
        400: exceptions.ParseError.default_detail,
        403: exceptions.PermissionDenied.default_detail,
        404: exceptions.NotFound.default_detail,
        429: exceptions.Throttled.default_detail,
        500: exceptions.APIException.default_detail,
    }
    return JsonResponse({"detail": str(details[status])}, status=status)


def error_page(request, status: int, *, context: dict | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return api_error(status)
    context = {"language_links_path": "/", **(context or {})}
    return render(request, f"errors/{status}.html", context, status=status)


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired or missing form token, explained to a person."""
    return error_page(request, 403, context={"csrf_failure": True})


def page_not_found(request, exception=None):
    return error_page(request, 404)


def too_many_requests(request):
    """The 429 of the portal's own limits and of allauth's (it looks up ROOT_URLCONF.handler429)."""
    return error_page(request, 429)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return api_error(500)
    try:
        content = loader.get_template("errors/500.html").render({"language_links_path": "/"})
    except Exception:
        # The page about a failure must not fail in turn; the template's own error is logged.
        logger.exception("The 500 page could not be rendered")
        content = PLAIN_500
    return HttpResponseServerError(content)
