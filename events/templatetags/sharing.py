"""Head tags for search engines and link previews, and "add to calendar" links."""

import datetime as dt
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from agenda.models import Session
from events.calendars import absolute_url, event_location, session_location
from events.models import Event
from events.structured_data import event_structured_data, json_ld_script, open_graph, sessions_from_days

register = template.Library()

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


@register.simple_tag(takes_context=True)
def event_head_meta(context, event: Event, days=None) -> SafeString:
    """OpenGraph tags and schema.org JSON-LD of an event page; `days` from agenda_days() adds sub-events.

    Usage inside {% block head %}: {% load sharing %}{% event_head_meta event days %}
    """
    sessions = sessions_from_days(days) if days else []
    data = event_structured_data(event, sessions=sessions)
    tags = format_html_join("\n", '<meta property="{}" content="{}">', open_graph(event))
    description = (
        format_html('<meta name="description" content="{}">', event.summary) if event.summary else ""
    )
    # The nonce is lazy and falsy until first read; reading it here puts it into the CSP header.
    nonce = context.get("csp_nonce")
    script = json_ld_script(data, nonce="" if nonce is None else str(nonce))
    return format_html("{}\n{}\n{}", description, tags, script)


def _utc_stamp(moment) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


@register.simple_tag
def google_calendar_url(event: Event, session: Session | None = None) -> str:
    """A Google Calendar "add event" link; the place is the address or "Online", never the meeting link."""
    if session:
        # The page's event stands in for session.event, which may not be loaded.
        session.event = event
        title, location, item = f"{session.title} – {event.title}", session_location(session), session
    else:
        title, location, item = event.title, event_location(event), event
    query = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{_utc_stamp(item.starts_at)}/{_utc_stamp(item.ends_at)}",
        "ctz": settings.TIME_ZONE,
        "details": absolute_url(item.get_absolute_url()),
        "location": location,
    }
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"
