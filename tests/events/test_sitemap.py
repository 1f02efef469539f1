import xml.etree.ElementTree as ET  # noqa: S405 - the portal's own output

import pytest

from events.models import Event
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    SeriesFactory,
    SessionFactory,
    SessionRoleFactory,
)

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://portal.example"


def _sitemap(client) -> ET.Element:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)  # noqa: S314


def _locations(root: ET.Element) -> set[str]:
    return {element.text for element in root.findall("s:url/s:loc", NS)}


def test_sitemap_lists_public_pages_in_every_language(client):
    series = SeriesFactory(slug="otwarte-miasta")
    event = EventFactory(slug="kielce", series=series, organization=series.organization)
    role = SessionRoleFactory(session=SessionFactory(event=event), person__slug="anna-nowak")

    locations = _locations(_sitemap(client))

    for prefix in ("https://portal.example", "https://portal.example/uk", "https://portal.example/en"):
        assert f"{prefix}/events/kielce/" in locations
        assert f"{prefix}/events/kielce/sessions/{role.session.pk}/" in locations
        assert f"{prefix}/people/anna-nowak/" in locations
        assert f"{prefix}/series/otwarte-miasta/" in locations
        assert f"{prefix}/organizations/{series.organization.slug}/" in locations


def test_sitemap_gives_hreflang_alternates(client):
    EventFactory(slug="kielce")

    root = _sitemap(client)

    (entry,) = [
        url for url in root.findall("s:url", NS) if url.find("s:loc", NS).text.endswith("/uk/events/kielce/")
    ]
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)}
    assert alternates == {
        "pl": "https://portal.example/events/kielce/",
        "uk": "https://portal.example/uk/events/kielce/",
        "en": "https://portal.example/en/events/kielce/",
        "x-default": "https://portal.example/events/kielce/",
    }


def test_sitemap_leaves_out_drafts_and_their_people(client):
    draft = EventFactory(slug="szkic", status=Event.Status.DRAFT)
    SessionRoleFactory(session=SessionFactory(event=draft), person__slug="ukryta-osoba")
    OrganizationFactory(slug="widoczna")

    locations = _locations(_sitemap(client))

    assert not any("szkic" in location or "ukryta-osoba" in location for location in locations)
    assert "https://portal.example/organizations/widoczna/" in locations
