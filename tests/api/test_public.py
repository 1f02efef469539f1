import json

import pytest
from django.test import Client

from api.throttling import ClientAddressThrottle
from events.models import Event
from tests.factories import (
    EventFactory,
    PersonFactory,
    RegistrationFactory,
    SessionFactory,
    SessionRoleFactory,
    TrackFactory,
    VenueFactory,
    in_days,
)

from .conftest import unique_address

pytestmark = pytest.mark.django_db


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_event_list_shows_published_upcoming_events_in_start_order(client):
    later = EventFactory(starts_at=in_days(20))
    sooner = EventFactory(starts_at=in_days(5))
    EventFactory(status=Event.Status.DRAFT)
    EventFactory(starts_at=in_days(-10))

    slugs = [event["slug"] for event in results(client.get("/api/v1/events/"))]

    assert slugs == [sooner.slug, later.slug]


def test_event_list_uses_the_event_list_filters(client):
    in_gdansk = EventFactory(venue=VenueFactory(city="Gdańsk", region="pomorskie"))
    EventFactory()
    online = EventFactory(format=Event.Format.ONLINE, venue=None)

    by_city = [event["slug"] for event in results(client.get("/api/v1/events/", {"city": "Gdańsk"}))]
    by_region = [event["slug"] for event in results(client.get("/api/v1/events/", {"region": "pomorskie"}))]
    by_format = [event["slug"] for event in results(client.get("/api/v1/events/", {"format": "online"}))]
    by_organizer = results(client.get("/api/v1/events/", {"organization": online.organization.slug}))

    assert by_city == [in_gdansk.slug]
    assert by_region == [in_gdansk.slug]
    assert by_format == [online.slug]
    assert [event["slug"] for event in by_organizer] == [online.slug]


def test_event_list_period_past_lists_the_archive_newest_first(client):
    old = EventFactory(starts_at=in_days(-30))
    older = EventFactory(starts_at=in_days(-60))
    EventFactory()

    slugs = [event["slug"] for event in results(client.get("/api/v1/events/", {"period": "past"}))]

    assert slugs == [old.slug, older.slug]


def test_event_list_rejects_an_invalid_filter_with_its_field(client):
    response = client.get("/api/v1/events/", {"format": "teleport", "period": "someday"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"format", "period"}


def test_event_list_pages_are_stable_and_complete(client):
    start = in_days(3)
    events = [EventFactory(starts_at=start) for _ in range(5)]

    first = client.get("/api/v1/events/", {"page_size": 2}).json()
    second = client.get("/api/v1/events/", {"page_size": 2, "page": 2}).json()
    third = client.get("/api/v1/events/", {"page_size": 2, "page": 3}).json()

    slugs = [event["slug"] for page in (first, second, third) for event in page["results"]]
    assert first["count"] == 5
    assert slugs == [event.slug for event in sorted(events, key=lambda event: event.pk)]
    assert third["next"] is None


def test_event_detail_shows_seats_left_and_draft_is_not_found(client):
    event = EventFactory(capacity=10, registration_opens_at=in_days(-1))
    RegistrationFactory.create_batch(3, event=event)
    draft = EventFactory(status=Event.Status.DRAFT)

    data = client.get(f"/api/v1/events/{event.slug}/").json()

    assert data["registration"]["state"] == "open"
    assert data["registration"]["seats_left"] == 7
    assert data["registration"]["url"].endswith(f"/events/{event.slug}/register/")
    assert client.get(f"/api/v1/events/{draft.slug}/").status_code == 404
    assert client.get(f"/api/v1/events/{draft.slug}/agenda/").status_code == 404


def test_content_follows_lang_then_accept_language_with_polish_fallback(client):
    event = EventFactory(
        title_pl="Spotkanie", title_en="Meeting", summary_pl="Tylko po polsku", summary_en=""
    )

    english = client.get(f"/api/v1/events/{event.slug}/", {"lang": "en"})
    by_header = client.get(f"/api/v1/events/{event.slug}/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    ukrainian = client.get(f"/api/v1/events/{event.slug}/", {"lang": "uk"}, HTTP_ACCEPT_LANGUAGE="en")

    assert (english.json()["title"], english.json()["summary"]) == ("Meeting", "Tylko po polsku")
    assert english["Content-Language"] == "en"
    assert by_header.json()["title"] == "Meeting"
    assert ukrainian.json()["title"] == "Spotkanie"
    assert ukrainian["Content-Language"] == "uk"
    assert "Accept-Language" in english["Vary"]


def test_agenda_nests_items_with_tracks_places_and_people_by_role(client):
    event = EventFactory()
    track = TrackFactory(event=event, name="Sala A")
    block = SessionFactory(event=event, kind="other", track=track)
    visit_place = VenueFactory(name="Centrum Nad Potokiem")
    visit = SessionFactory(
        event=event, parent=block, kind="study_visit", venue=visit_place, capacity=12,
        starts_at=block.starts_at, ends_at=block.ends_at,
    )  # fmt: skip
    RegistrationFactory(event=event).seats.create(session=visit, status="confirmed")
    moderator = SessionRoleFactory(session=block, role="moderator", is_confirmed=False)
    SessionRoleFactory(session=block, role="speaker")

    data = client.get(f"/api/v1/events/{event.slug}/agenda/").json()

    assert data["tracks"] == [{"id": track.pk, "name": "Sala A"}]
    [day] = data["days"]
    [top] = day["sessions"]
    assert top["id"] == block.pk
    assert top["track"]["name"] == "Sala A"
    assert [group["role"] for group in top["people"]] == ["moderator", "speaker"]
    assert top["people"][0]["people"][0]["person"]["slug"] == moderator.person.slug
    assert top["people"][0]["people"][0]["is_confirmed"] is False
    [item] = top["items"]
    assert (item["id"], item["venue"]["name"], item["seats_left"]) == (visit.pk, "Centrum Nad Potokiem", 11)


def test_person_endpoint_lists_public_roles_only(client):
    role = SessionRoleFactory()
    hidden = SessionRoleFactory(session__event__status=Event.Status.DRAFT)

    data = client.get(f"/api/v1/people/{role.person.slug}/").json()
    listed = [person["slug"] for person in results(client.get("/api/v1/people/"))]

    assert [item["session_id"] for item in data["roles"]] == [role.session_id]
    assert listed == [role.person.slug]
    assert client.get(f"/api/v1/people/{hidden.person.slug}/").status_code == 404


def test_no_answer_contains_a_meeting_link_a_private_email_or_registrant_data(client):
    event = EventFactory(format=Event.Format.HYBRID, online_url="https://meet.example.org/secret-zq81")
    person = PersonFactory(email="private-zq81@example.org", managed_by=event.organization)
    SessionRoleFactory(session=SessionFactory(event=event), person=person)
    registration = RegistrationFactory(event=event, first_name="Zqregistrant", email="reg-zq81@example.org")
    urls = [
        "/api/v1/events/",
        f"/api/v1/events/{event.slug}/",
        f"/api/v1/events/{event.slug}/agenda/",
        "/api/v1/people/",
        f"/api/v1/people/{person.slug}/",
        "/api/v1/organizations/",
        f"/api/v1/organizations/{event.organization.slug}/",
        "/api/schema/",
    ]

    bodies = [client.get(url).content.decode() for url in urls]

    for secret in (event.online_url, person.email, registration.first_name, registration.email):
        assert [url for url, body in zip(urls, bodies, strict=True) if secret in body] == []


def test_unchanged_answer_is_304_by_etag_and_by_date_and_changes_after_an_edit(client):
    event = EventFactory()
    url = f"/api/v1/events/{event.slug}/"
    first = client.get(url)

    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    event.title = "Nowy tytuł"
    event.save()
    after_edit = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert after_edit.status_code == 200
    assert after_edit.json()["title"] == "Nowy tytuł"
    assert after_edit["ETag"] != first["ETag"]


def test_public_answers_allow_cross_origin_reads_and_preflight(client):
    EventFactory()

    response = client.get("/api/v1/events/", HTTP_ORIGIN="https://koalicja.example.org")
    preflight = client.options(
        "/api/v1/events/",
        HTTP_ORIGIN="https://koalicja.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert preflight.status_code == 200
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_rate_limit_counts_per_client_address(monkeypatch):
    monkeypatch.setattr(ClientAddressThrottle, "THROTTLE_RATES", {"client_address": "3/min"})
    busy, other = Client(REMOTE_ADDR=unique_address()), Client(REMOTE_ADDR=unique_address())

    statuses = [busy.get("/api/v1/organizations/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert other.get("/api/v1/organizations/").status_code == 200
    assert busy.get("/api/v1/organizations/")["Retry-After"]


def test_schema_is_openapi_3_1_and_docs_page_loads_no_inline_script(client):
    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert json.loads(schema.content)["openapi"] == "3.1.0"
    assert "/api/v1/events/{slug}/agenda/" in json.loads(schema.content)["paths"]
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html


def test_unknown_api_address_answers_json_not_a_page(client):
    response = client.get("/api/v1/events/кириличний-слаг/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_rate_limit_is_not_reset_by_a_forged_forwarded_header(monkeypatch):
    monkeypatch.setattr(ClientAddressThrottle, "THROTTLE_RATES", {"client_address": "2/min"})
    address = unique_address()

    statuses = [
        Client(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
        .get("/api/v1/organizations/")
        .status_code
        for number in range(3)
    ]

    assert statuses == [200, 200, 429]
