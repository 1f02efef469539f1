"""The online meeting link is for confirmed registrants only: no public page, feed or file shows it."""

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses the portal's own sitemap
from urllib.parse import quote, quote_plus, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from agenda.models import Session
from events.models import Event, Series
from organizations.models import Organization

pytestmark = pytest.mark.django_db

KOMM_SLUG = "komm-iii-spotkanie-koalicji"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _secret_forms(online_url: str) -> list[str]:
    """The link as written, escaped for HTML or a query string, and its unguessable last part alone."""
    secret_part = urlsplit(online_url).path.rstrip("/").rsplit("/", 1)[-1]
    assert len(secret_part) >= 8, "the demo link needs a distinctive secret part"
    escaped = [online_url.replace("&", "&amp;"), quote(online_url, safe=""), quote_plus(online_url)]
    return [online_url, *escaped, secret_part]


def _public_urls(client) -> set[str]:
    urls = {
        reverse("events:home"),
        reverse("events:event_list"),
        reverse("events:event_list") + "?format=online",
        reverse("events:event_archive"),
        reverse("events:organization_list"),
        reverse("events:events_feed"),
        "/sitemap.xml",
    }
    for event in Event.objects.published():
        for name in ("events:event_detail", "events:event_agenda", "events:event_ics"):
            urls.add(reverse(name, kwargs={"slug": event.slug}))
        for code in ("uk", "en"):
            urls.add(f"/{code}{reverse('events:event_detail', kwargs={'slug': event.slug})}")
    for session in Session.objects.filter(event__in=Event.objects.published()).select_related("event"):
        urls.add(reverse("events:session_detail", kwargs={"slug": session.event.slug, "pk": session.pk}))
        urls.add(reverse("events:session_ics", kwargs={"slug": session.event.slug, "pk": session.pk}))
    for organization in Organization.objects.all():
        urls.add(reverse("events:organization_detail", kwargs={"slug": organization.slug}))
        urls.add(reverse("events:organization_feed", kwargs={"slug": organization.slug}))
    for series in Series.objects.all():
        urls.add(reverse("events:series_detail", kwargs={"slug": series.slug}))
        urls.add(reverse("events:series_feed", kwargs={"slug": series.slug}))
    # People pages and anything else the sitemap announces, in its default language.
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    for location in sitemap.findall("s:url/s:loc", SITEMAP_NS):
        path = urlsplit(location.text).path
        if not re.match(r"^/(uk|en)/", path):
            urls.add(path)
    return urls


def test_komm_online_link_appears_on_no_public_url(client):
    call_command("load_demo", verbosity=0)
    komm = Event.objects.get(slug=KOMM_SLUG)
    assert komm.format == Event.Format.ONLINE and komm.online_url
    secrets = _secret_forms(komm.online_url)
    urls = _public_urls(client)
    assert any("/people/" in url for url in urls)

    leaks = {}
    for url in sorted(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        found = [secret for secret in secrets if secret in body]
        if found:
            leaks[url] = found

    assert leaks == {}
    assert len(urls) > 50
