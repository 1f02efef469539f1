"""schema.org Event data (JSON-LD) for search engines; the online meeting link never goes in it."""

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from agenda.models import Session

from .calendars import absolute_url
from .models import Event, Venue

SCHEMA = "https://schema.org/"
ATTENDANCE_MODES = {
    Event.Format.IN_PERSON: f"{SCHEMA}OfflineEventAttendanceMode",
    Event.Format.ONLINE: f"{SCHEMA}OnlineEventAttendanceMode",
    Event.Format.HYBRID: f"{SCHEMA}MixedEventAttendanceMode",
}
OG_LOCALES = {"pl": "pl_PL", "uk": "uk_UA", "en": "en_GB"}
EVENT_STATUSES = {
    Event.Status.PUBLISHED: f"{SCHEMA}EventScheduled",
    Event.Status.CANCELLED: f"{SCHEMA}EventCancelled",
}


def event_structured_data(event: Event, *, sessions: Iterable[Session] = ()) -> dict[str, Any]:
    """The event as a schema.org Event, its top-level sessions as subEvent (nested items inside theirs).

    Sessions are read from what the caller already loaded (`nested` lists from agenda.selectors), so this
    runs no query of its own beyond the event's venue and organizer, which the page selects with it.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute_url(event.get_absolute_url()),
        "startDate": _iso(event.starts_at),
        "endDate": _iso(event.ends_at),
        "eventAttendanceMode": ATTENDANCE_MODES[event.format],
        "eventStatus": EVENT_STATUSES.get(event.status, EVENT_STATUSES[Event.Status.PUBLISHED]),
        "location": _event_location(event),
        "organizer": {
            "@type": "Organization",
            "name": event.organization.name,
            "url": absolute_url(event.organization.get_absolute_url()),
        },
        "inLanguage": event.language_codes,
    }
    if event.summary:
        data["description"] = event.summary
    if event.image:
        data["image"] = [absolute_url(event.image.url)]
    sub_events = [_session_data(session, event) for session in sessions]
    if sub_events:
        data["subEvent"] = sub_events
    return data


def sessions_from_days(days: Iterable) -> list[Session]:
    """Top-level sessions of agenda.selectors.agenda_days() in time order."""
    return [session for day in days for slot in day.slots for session in slot.sessions]


def json_ld_script(data: dict[str, Any], *, nonce: str = "") -> SafeString:
    """A <script type="application/ld+json"> with <, > and & escaped as in Django's json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    escaped = SafeString(text)  # <, > and & escaped just above
    if nonce:
        return format_html('<script type="application/ld+json" nonce="{}">{}</script>', nonce, escaped)
    return format_html('<script type="application/ld+json">{}</script>', escaped)


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat()


def _place(venue: Venue) -> dict[str, Any]:
    address = {
        "@type": "PostalAddress",
        "streetAddress": venue.address,
        "postalCode": venue.postal_code,
        "addressLocality": venue.city,
        "addressCountry": "PL",
    }
    if venue.region:
        address["addressRegion"] = venue.get_region_display()
    place: dict[str, Any] = {
        "@type": "Place",
        "name": venue.name,
        "address": {key: value for key, value in address.items() if value},
    }
    if venue.latitude is not None and venue.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return place


def _event_location(event: Event) -> dict[str, Any] | list[dict[str, Any]]:
    # A VirtualLocation without its url: the meeting link is for confirmed participants only.
    virtual = {"@type": "VirtualLocation", "name": "Online"}
    if event.format == Event.Format.ONLINE or not event.venue_id:
        return virtual
    if event.format == Event.Format.HYBRID:
        return [_place(event.venue), virtual]
    return _place(event.venue)


def _session_data(session: Session, event: Event) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Event",
        "name": session.title,
        # Reversed with the loaded event: session.get_absolute_url() could query it once per session.
        "url": absolute_url(reverse("events:session_detail", kwargs={"slug": event.slug, "pk": session.pk})),
        "startDate": _iso(session.starts_at),
        "endDate": _iso(session.ends_at),
        "eventAttendanceMode": ATTENDANCE_MODES[event.format],
        "eventStatus": EVENT_STATUSES.get(event.status, EVENT_STATUSES[Event.Status.PUBLISHED]),
        "location": _place(session.venue) if session.venue_id else _event_location(event),
    }
    nested = [_session_data(child, event) for child in getattr(session, "nested", [])]
    if nested:
        data["subEvent"] = nested
    return data


def open_graph(event: Event) -> list[tuple[str, str]]:
    """OpenGraph properties of the event page; og:url is absolute, from settings.SITE_URL."""
    properties = [
        ("og:title", event.title),
        ("og:description", event.summary),
        ("og:type", "website"),
        ("og:url", absolute_url(event.get_absolute_url())),
        ("og:locale", OG_LOCALES.get(get_language() or "", "pl_PL")),
    ]
    if event.image:
        properties += [
            ("og:image", absolute_url(event.image.url)),
            ("og:image:width", str(event.image_width or "")),
            ("og:image:height", str(event.image_height or "")),
            ("og:image:alt", event.image_alt),
        ]
    return [(name, content) for name, content in properties if content]
