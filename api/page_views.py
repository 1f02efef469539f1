"""Machine-readable copies of public pages: the frab schedule for conference apps."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from events.models import Event
from events.selectors import public_events

from .schedule import schedule_data, schedule_xml


def _public_event(slug: str) -> Event:
    try:
        return public_events().get(slug=slug)
    except Event.DoesNotExist as error:
        raise Http404 from error


def _schedule_response(content: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def schedule_xml_view(request: HttpRequest, slug: str) -> HttpResponse:
    content = schedule_xml(schedule_data(event=_public_event(slug)))
    return _schedule_response(content, "application/xml; charset=utf-8")


@require_safe
def schedule_json_view(request: HttpRequest, slug: str) -> HttpResponse:
    content = json.dumps(schedule_data(event=_public_event(slug)), ensure_ascii=False, indent=1).encode()
    return _schedule_response(content, "application/json; charset=utf-8")
