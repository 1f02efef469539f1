"""An event's agenda in the frab / c3voc schedule format of conference apps (schedule.xml, .json).

Rooms are where a session happens: its own venue (a study visit), else its track, else the block it is nested
in, else the event's venue. Nested items are events of their own inside their block's room and time. Guids
come from primary keys, so they survive edits; the version is a digest of the document, so it changes exactly
when the agenda does.
"""

import datetime as dt
import hashlib
import json
import re
import uuid
import xml.etree.ElementTree as ET  # noqa: S405  # nosec B405  # only builds XML, never parses it

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from agenda.models import Session
from agenda.selectors import agenda_days
from events.models import Event

from .serializers import SESSION_GUID_NAMESPACE, absolute, session_guid

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
TIMESLOT = "00:15"
# Characters XML 1.0 cannot carry; organizer-typed text could contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value or "")


def _guid(kind: str, key: object) -> str:
    return str(uuid.uuid5(SESSION_GUID_NAMESPACE, f"{kind}:{key}"))


def acronym(event: Event) -> str:
    """The event's slug in the form both schemas accept: letters, digits and underscores."""
    return re.sub(r"[^a-z0-9_]", "_", event.slug.lower()).strip("_").ljust(4, "_")


def _duration(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _default_room(event: Event) -> str:
    return event.venue.name if event.venue_id else gettext("Online")


def _room(session: Session, parent_room: str | None, default: str) -> str:
    if session.venue_id:
        return session.venue.name
    if session.track_id:
        return session.track.name
    return parent_room or default


def _persons(session: Session) -> list[dict]:
    return [
        {
            "name": _text(role.person.name),
            "guid": _guid("person", role.person.pk),
            "url": absolute(role.person.get_absolute_url()),
            "biography": _text(role.person.bio),
        }
        for group in session.people
        for role in group.roles
    ]


def _slug(prefix: str, session: Session) -> str:
    words = slugify(session.title_pl or "")[:48].strip("-_") or session.kind
    return f"{prefix}-{session.pk}-{words}"


def _frab_event(session: Session, *, room: str, event: Event, prefix: str) -> dict:
    start = timezone.localtime(session.starts_at)
    return {
        "guid": session_guid(session.pk),
        "id": session.pk,
        "date": start.isoformat(),
        "start": f"{start:%H:%M}",
        "duration": _duration(session.starts_at, session.ends_at),
        "room": room,
        "slug": _slug(prefix, session),
        "url": absolute(session.get_absolute_url()),
        "title": _text(session.title),
        "subtitle": "",
        "track": _text(session.track.name) if session.track_id else "",
        "type": session.kind,
        "language": session.language or (event.language_codes or [settings.LANGUAGE_CODE])[0],
        "abstract": _text(session.description),
        "description": _text(session.audience),
        "persons": _persons(session),
        "links": [
            {"url": absolute(session.get_absolute_url()), "title": _text(session.title), "type": "web"}
        ],
    }


def schedule_data(*, event: Event) -> dict:
    """The schedule.json document of one public event in the active language."""
    prefix, default_room = acronym(event), _default_room(event)
    rooms: dict[str, None] = {}
    days = []
    for day in agenda_days(event=event):
        by_room: dict[str, list[dict]] = {}
        sessions = [session for slot in day.slots for session in slot.sessions]
        for top in sessions:
            top_room = _room(top, None, default_room)
            placed = [
                (top, top_room),
                *((child, _room(child, top_room, default_room)) for child in top.nested),
            ]
            for session, room in placed:
                rooms.setdefault(room)
                by_room.setdefault(room, []).append(
                    _frab_event(session, room=room, event=event, prefix=prefix)
                )
        for items in by_room.values():
            items.sort(key=lambda item: (item["date"], item["id"]))
        days.append(
            {
                "index": day.number,
                "date": day.date.isoformat(),
                "day_start": timezone.localtime(min(s.starts_at for s in sessions)).isoformat(),
                "day_end": timezone.localtime(max(s.ends_at for s in sessions)).isoformat(),
                "rooms": by_room,
            }
        )
    if not days:  # no agenda yet: the event's own days, without rooms
        days = [
            {
                "index": 1,
                "date": timezone.localdate(event.starts_at).isoformat(),
                "day_start": timezone.localtime(event.starts_at).isoformat(),
                "day_end": timezone.localtime(event.ends_at).isoformat(),
                "rooms": {},
            }
        ]
    conference = {
        "acronym": prefix,
        "title": _text(event.title),
        "description": _text(event.summary),
        "start": timezone.localtime(event.starts_at).isoformat(),
        "end": timezone.localtime(event.ends_at).isoformat(),
        "daysCount": len(days),
        "timeslot_duration": TIMESLOT,
        "time_zone_name": settings.TIME_ZONE,
        "url": absolute(event.get_absolute_url()),
        "rooms": [{"name": room, "guid": _guid(f"room:{event.pk}", room)} for room in rooms],
        "days": days,
    }
    digest = hashlib.sha256(json.dumps(conference, sort_keys=True, default=str).encode()).hexdigest()
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": "portal-wydarzen"},
        "schedule": {"version": digest[:12], "base_url": settings.SITE_URL + "/", "conference": conference},
    }


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: str(value) for key, value in attributes.items()})
    if text is not None:
        element.text = text
    return element


def schedule_xml(data: dict) -> bytes:
    """The same document as schedule.xml (the c3voc XSD)."""
    schedule, conference = data["schedule"], data["schedule"]["conference"]
    root = ET.Element("schedule")
    _element(root, "generator", name=data["generator"]["name"])
    _element(root, "version", schedule["version"])
    head = _element(root, "conference")
    for name in ("title", "acronym", "start", "end"):
        _element(head, name, conference[name])
    _element(head, "days", str(conference["daysCount"]))
    _element(head, "timeslot_duration", conference["timeslot_duration"])
    _element(head, "base_url", schedule["base_url"])
    _element(head, "url", conference["url"])
    _element(head, "time_zone_name", conference["time_zone_name"])
    room_guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = _element(
            root, "day", date=day["date"], start=day["day_start"], end=day["day_end"], index=day["index"]
        )
        for room, items in day["rooms"].items():
            room_element = _element(day_element, "room", name=room, guid=room_guids[room])
            for item in items:
                _event_element(room_element, item)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _event_element(room: ET.Element, item: dict) -> None:
    element = _element(room, "event", guid=item["guid"], id=item["id"])
    for name in ("date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track", "type"):
        _element(element, name, item[name])
    for name in ("language", "abstract", "description"):
        _element(element, name, item[name])
    persons = _element(element, "persons")
    for person in item["persons"]:
        _element(persons, "person", person["name"], guid=person["guid"])
    links = _element(element, "links")
    for link in item["links"]:
        _element(links, "link", link["title"], href=link["url"], type=link["type"])
