import json
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from events.models import Event
from tests.factories import EventFactory, SessionFactory, TrackFactory, VenueFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "schemas"


def _schemas_dir() -> Path:
    for candidate in (SCHEMAS, Path("/work/shared/schemas")):
        if (candidate / "schedule.xml.xsd").exists():
            return candidate
    raise AssertionError("the c3voc schemas are missing (shared/schemas)")


@pytest.fixture(scope="module")
def xsd():
    return etree.XMLSchema(etree.parse(str(_schemas_dir() / "schedule.xml.xsd")))


@pytest.fixture(scope="module")
def json_schema():
    return json.loads((_schemas_dir() / "schedule.schema.json").read_text())


@pytest.mark.parametrize(
    "slug",
    [
        "konferencja-miejsc-otwartych-krakow",
        "warszawskie-dzielnice-dla-uchodzcow",
        "komm-iii-spotkanie-koalicji",
    ],
)
def test_demo_schedules_validate_against_the_c3voc_xsd_and_json_schema(demo, client, xsd, json_schema, slug):
    event = Event.objects.published().get(slug=slug)

    xml = client.get(f"/events/{event.slug}/schedule.xml")
    data = client.get(f"/en/events/{event.slug}/schedule.json")

    assert xml.status_code == 200
    document = etree.fromstring(xml.content)
    assert xsd.validate(document), xsd.error_log
    jsonschema.validate(data.json(), json_schema, format_checker=jsonschema.FormatChecker())
    assert document.findall("day/room/event")


def test_study_visits_are_rooms_of_their_venue_and_nested_items_sit_in_their_block(client):
    event = EventFactory()
    track = TrackFactory(event=event, name="Sala A")
    block = SessionFactory(event=event, kind="other", track=track)
    talk = SessionFactory(
        event=event, parent=block, kind="talk", starts_at=block.starts_at, ends_at=block.ends_at
    )
    visit = SessionFactory(
        event=event, parent=block, kind="study_visit", starts_at=block.starts_at, ends_at=block.ends_at,
        venue=VenueFactory(name="Centrum Nad Potokiem", organization=event.organization),
    )  # fmt: skip

    rooms = client.get(f"/events/{event.slug}/schedule.json").json()["schedule"]["conference"]["days"][0][
        "rooms"
    ]

    assert {room: [item["id"] for item in items] for room, items in rooms.items()} == {
        "Sala A": [block.pk, talk.pk],
        "Centrum Nad Potokiem": [visit.pk],
    }


def test_guids_stay_and_version_changes_when_the_agenda_changes(client):
    session = SessionFactory()
    url = f"/events/{session.event.slug}/schedule.json"
    before = client.get(url).json()["schedule"]

    again = client.get(url).json()["schedule"]
    session.title = "Nowy tytuł"
    session.save()
    after = client.get(url).json()["schedule"]

    [before_item] = before["conference"]["days"][0]["rooms"].popitem()[1]
    [after_item] = after["conference"]["days"][0]["rooms"].popitem()[1]
    assert again["version"] == before["version"]
    assert after["version"] != before["version"]
    assert after_item["guid"] == before_item["guid"]
    assert after_item["title"] == "Nowy tytuł"


def test_schedule_of_a_draft_is_not_found_and_agenda_page_links_both_formats(client):
    draft = EventFactory(status=Event.Status.DRAFT)
    event = EventFactory()

    page = client.get(f"/events/{event.slug}/agenda/").content.decode()

    assert client.get(f"/events/{draft.slug}/schedule.xml").status_code == 404
    assert f'href="/events/{event.slug}/schedule.xml"' in page
    assert f'href="/events/{event.slug}/schedule.json"' in page
