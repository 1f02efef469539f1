import re

import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import EventFactory, SessionFactory, SessionRoleFactory

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')


def _page(client, event: Event) -> str:
    response = client.get(reverse("events:event_detail", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_event_page_second_visit_runs_no_query(client, django_assert_num_queries):
    event = EventFactory()
    _page(client, event)

    with django_assert_num_queries(0):
        _page(client, event)


def test_event_page_shows_an_edit_at_once(client):
    event = EventFactory(title="Stary tytuł")
    _page(client, event)

    event.title = "Nowy tytuł"
    event.save()

    assert "Nowy tytuł" in _page(client, event)


def test_event_page_shows_a_new_speaker_at_once(client):
    session = SessionFactory()
    _page(client, session.event)

    role = SessionRoleFactory(session=session, person__name="Oksana Melnyk")

    assert role.person.name in _page(client, session.event)


def test_cached_event_page_gets_a_fresh_nonce_matching_its_policy(client):
    event = EventFactory()
    _page(client, event)

    response = client.get(reverse("events:event_detail", kwargs={"slug": event.slug}))

    nonces = set(NONCE.findall(response.content.decode()))
    assert len(nonces) == 1
    assert f"'nonce-{nonces.pop()}'" in response["Content-Security-Policy"]
