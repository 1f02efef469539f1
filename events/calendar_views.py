"""Calendar downloads and subscription feeds (text/calendar), all built by events.calendars."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from agenda.models import Session
from organizations.models import Organization

from .calendars import event_calendar, feed_calendar, session_calendar
from .models import Event, Series

CONTENT_TYPE = "text/calendar; charset=utf-8"
# A feed keeps recent events so that a subscriber still sees last week's meeting.
FEED_PAST_DAYS = 90


def _calendar_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def _feed_events() -> QuerySet[Event]:
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    return (
        Event.objects.published()
        .filter(ends_at__gte=since)
        .select_related("venue")
        .order_by("starts_at", "pk")
    )


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published().select_related("venue"), slug=slug)
    return _calendar_response(event_calendar(event), filename=f"{event.slug}.ics")


@require_safe
def session_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    sessions = Session.objects.filter(event__in=Event.objects.published(), event__slug=slug)
    session = get_object_or_404(sessions.select_related("event__venue", "venue"), pk=pk)
    return _calendar_response(session_calendar(session), filename=f"{session.event.slug}-{session.pk}.ics")


@require_safe
def events_feed(request: HttpRequest) -> HttpResponse:
    content = feed_calendar(_feed_events(), name=gettext("Refugee support events"))
    return _calendar_response(content, filename="events.ics")


@require_safe
def organization_feed(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    events = _feed_events().filter(organization=organization)
    content = feed_calendar(events, name=organization.name)
    return _calendar_response(content, filename=f"{organization.slug}.ics")


@require_safe
def series_feed(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(Series, slug=slug)
    # A series page lists all its meetings, so its feed keeps them all.
    events = (
        Event.objects.published().filter(series=series).select_related("venue").order_by("starts_at", "pk")
    )
    content = feed_calendar(events, name=series.title)
    return _calendar_response(content, filename=f"{series.slug}.ics")
