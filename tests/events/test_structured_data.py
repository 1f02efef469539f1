import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from agenda.models import Session
from events.models import Event
from events.structured_data import event_structured_data, json_ld_script
from tests.factories import EventFactory, SessionFactory, VenueFactory
from tests.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
JSON_LD = re.compile(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://portal.example"


def _event(**kwargs) -> Event:
    venue = VenueFactory(
        name="Centrum Kultury",
        address="ul. Zabłocie 22",
        postal_code="30-701",
        city="Kraków",
        region="malopolskie",
    )
    defaults = {
        "title": "Konferencja otwartych miejsc",
        "slug": "konferencja",
        "summary": "Dwa dni o miejscach otwartych.",
        "venue": venue,
        "organization": venue.organization,
        "starts_at": dt.datetime(2027, 11, 29, 9, 0, tzinfo=WARSAW),
        "ends_at": dt.datetime(2027, 11, 30, 17, 0, tzinfo=WARSAW),
        "languages": "pl,uk",
    }
    return EventFactory(**{**defaults, **kwargs})


def _page_json_ld(client, event: Event) -> tuple[str, dict]:
    response = client.get(reverse("events:event_detail", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    ((nonce, text),) = JSON_LD.findall(response.content.decode())
    return nonce, json.loads(text)


def test_event_structured_data_describes_an_in_person_event():
    event = _event()

    data = event_structured_data(event)

    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Konferencja otwartych miejsc",
        "description": "Dwa dni o miejscach otwartych.",
        "url": "https://portal.example/events/konferencja/",
        "startDate": "2027-11-29T09:00:00+01:00",
        "endDate": "2027-11-30T17:00:00+01:00",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": {
            "@type": "Place",
            "name": "Centrum Kultury",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "ul. Zabłocie 22",
                "postalCode": "30-701",
                "addressLocality": "Kraków",
                "addressRegion": "małopolskie",
                "addressCountry": "PL",
            },
        },
        "organizer": {
            "@type": "Organization",
            "name": event.organization.name,
            "url": f"https://portal.example{event.organization.get_absolute_url()}",
        },
        "inLanguage": ["pl", "uk"],
    }


def test_event_structured_data_of_an_online_event_has_no_link():
    event = EventFactory(
        format=Event.Format.ONLINE, venue=None, online_url="https://meet.example.org/room-77"
    )

    data = event_structured_data(event)

    assert data["location"] == {"@type": "VirtualLocation", "name": "Online"}
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert "room-77" not in json.dumps(data)


def test_event_structured_data_of_a_hybrid_event_lists_both_places():
    event = _event(format=Event.Format.HYBRID, online_url="https://meet.example.org/room-77")

    data = event_structured_data(event)

    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert "room-77" not in json.dumps(data)


def test_event_structured_data_marks_a_cancelled_event():
    event = _event(status=Event.Status.CANCELLED)

    assert event_structured_data(event)["eventStatus"] == "https://schema.org/EventCancelled"


def test_event_page_has_json_ld_with_sessions_as_sub_events(client):
    event = _event()
    block = SessionFactory(
        event=event,
        kind=Session.Kind.PANEL,
        title="Blok otwierający",
        starts_at=dt.datetime(2027, 11, 30, 10, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2027, 11, 30, 10, 55, tzinfo=WARSAW),
    )
    SessionFactory(
        event=event,
        parent=block,
        kind=Session.Kind.TALK,
        title="Wystąpienie",
        starts_at=dt.datetime(2027, 11, 30, 10, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2027, 11, 30, 10, 20, tzinfo=WARSAW),
    )
    visit = SessionFactory(
        event=event,
        kind=Session.Kind.STUDY_VISIT,
        title="Wizyta studyjna",
        venue=VenueFactory(name="Dom Sąsiedzki", address="ul. Krowoderska 5"),
        starts_at=dt.datetime(2027, 11, 29, 11, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2027, 11, 29, 13, 0, tzinfo=WARSAW),
    )

    nonce, data = _page_json_ld(client, event)

    assert nonce
    assert [item["name"] for item in data["subEvent"]] == ["Wizyta studyjna", "Blok otwierający"]
    assert data["subEvent"][0]["location"]["name"] == "Dom Sąsiedzki"
    assert data["subEvent"][0]["url"] == f"https://portal.example/events/konferencja/sessions/{visit.pk}/"
    assert data["subEvent"][1]["startDate"] == "2027-11-30T10:00:00+01:00"
    assert [item["name"] for item in data["subEvent"][1]["subEvent"]] == ["Wystąpienie"]


def test_event_page_json_ld_nonce_is_the_csp_nonce(client):
    event = _event()

    response = client.get(reverse("events:event_detail", kwargs={"slug": event.slug}))

    ((nonce, _text),) = JSON_LD.findall(response.content.decode())
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_json_ld_script_escapes_markup_in_content():
    script = json_ld_script({"name": "</script><script>alert(1)</script> & co"}, nonce="abc")

    assert script == (
        '<script type="application/ld+json" nonce="abc">'
        '{"name": "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E \\u0026 co"}'
        "</script>"
    )
    assert json.loads(JSON_LD.search(script).group(2)) == {"name": "</script><script>alert(1)</script> & co"}


def test_event_page_has_open_graph_tags(client):
    event = _event()

    html = client.get(reverse("events:event_detail", kwargs={"slug": event.slug})).content.decode()

    properties = dict(re.findall(r'<meta property="(og:[a-z_]+)" content="([^"]*)">', html))
    assert properties == {
        "og:title": "Konferencja otwartych miejsc",
        "og:description": "Dwa dni o miejscach otwartych.",
        "og:type": "website",
        "og:url": "https://portal.example/events/konferencja/",
        "og:locale": "pl_PL",
    }


def test_event_page_with_a_header_image_shares_it_in_open_graph_and_json_ld(client):
    event = _event()
    event.image = upload("naglowek.jpg", image_bytes(2400, 1200))
    event.image_alt = "Sala konferencyjna"
    event.save()
    image_url = f"https://portal.example{event.image.url}"

    html = client.get(reverse("events:event_detail", kwargs={"slug": event.slug})).content.decode()

    properties = dict(re.findall(r'<meta property="(og:image[a-z:_]*)" content="([^"]*)">', html))
    assert properties == {
        "og:image": image_url,
        "og:image:width": "1600",
        "og:image:height": "800",
        "og:image:alt": "Sala konferencyjna",
    }
    data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)[1])
    assert data["image"] == [image_url]
