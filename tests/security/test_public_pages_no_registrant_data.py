"""Nothing a registrant typed shows up on any page or feed an anonymous visitor can reach.

The one exception is the participant list, which shows the name and organization of people who agreed
to appear on it; everything else they typed stays off it too.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import reverse

from events.models import Event
from registrations.models import Registration

from .conftest import plant_registrant

pytestmark = pytest.mark.django_db

MAX_PAGES = 800
SKIPPED_PREFIXES = ("/static/", "/media/", "/admin/", "/accounts/", "/uk/admin/", "/en/admin/")
LINK = re.compile(r"""(?:href|src|action)=["']([^"'#][^"']*)["']|<loc>([^<]+)</loc>""")


def same_origin_links(base: str, body: str) -> list[str]:
    links = []
    for href, loc in LINK.findall(body):
        url = urldefrag(urljoin(base, (href or loc).replace("&amp;", "&")))[0]
        parts = urlsplit(url)
        if parts.netloc in {"", "testserver"} and parts.scheme in {"", "http"}:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith(SKIPPED_PREFIXES):
                links.append(path)
    return links


def crawl(client, seeds: list[str]) -> dict[str, str]:
    """Anonymous breadth-first walk over same-origin links; returns each page's text by path."""
    pages, queue, seen = {}, deque(seeds), set(seeds)
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code == 200, path  # every link an anonymous visitor can follow leads somewhere
        if getattr(response, "streaming", False):
            continue
        body = response.content.decode("utf-8", errors="replace")
        pages[path] = body
        for link in same_origin_links("http://testserver" + path, body):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def test_anonymous_pages_and_feeds_show_no_registrant_data(demo, client):
    events = list(Event.objects.all())
    Event.objects.update(shows_participant_list=True)
    hidden, listed_names = [], []
    for event in events:
        for status in Registration.Status.values:
            hidden += plant_registrant(event, status=status)
        consenting = plant_registrant(event, consents_to_participant_list=True)
        # first_name, last_name and organization_name may be shown on the participant list.
        listed_names += consenting[:3]
        hidden += consenting[3:]
    seeds = ["/", "/uk/", "/en/", reverse("sitemap"), reverse("events:events_feed")]
    for event in events:
        seeds.append(reverse("attendees:participant_list", kwargs={"slug": event.slug}))
        seeds.append(reverse("registrations:register", kwargs={"slug": event.slug}))

    pages = crawl(client, seeds)

    found = {
        marker: [path for path, body in pages.items() if marker.lower() in body.lower()] for marker in hidden
    }
    assert len(pages) > 50
    assert {marker: paths for marker, paths in found.items() if paths} == {}
    participant_pages = [path for path in pages if path.endswith("/participants/")]
    assert participant_pages
    shown = {marker for marker in listed_names for path in participant_pages if marker in pages[path]}
    assert shown, "the participant list should show the people who agreed to it"
    elsewhere = {
        marker: [
            path for path, body in pages.items() if marker in body and not path.endswith("/participants/")
        ]
        for marker in listed_names
    }
    assert {marker: paths for marker, paths in elsewhere.items() if paths} == {}
