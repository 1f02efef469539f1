import datetime as dt
import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events import page_cache
from events.models import Event, Topic
from events.views import EventListView
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    RegistrationFactory,
    SessionFactory,
    SessionRoleFactory,
)

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


def _agenda(client, event: Event) -> str:
    response = client.get(reverse("events:event_agenda", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_registration_leaves_other_events_pages_cached_and_updates_its_own_seats_left(
    client, django_assert_num_queries
):
    ours = EventFactory(capacity=10, registration_required=True)
    other = EventFactory(capacity=10, registration_required=True)
    SessionFactory(event=ours)
    for event in (ours, other):
        assert "Zostało 10 miejsc" in _page(client, event)
        _agenda(client, event)

    RegistrationFactory(event=ours)

    with django_assert_num_queries(0):
        _page(client, other)
        _agenda(client, other)
        _agenda(client, ours)  # the agenda shows no seats left
    # Only the registration box of ours is rendered again, counting the seats taken (the event is cached).
    with django_assert_num_queries(1):
        response = client.get(reverse("events:event_detail", kwargs={"slug": ours.slug}))
    page = response.content.decode()
    assert "Zostało 9 miejsc" in page
    assert "Zostało 10 miejsc" not in page
    assert "events/event_detail.html" not in [template.name for template in response.templates]
    assert "Zostało 9 miejsc" in _page(client, ours)


def test_an_edit_of_a_session_empties_the_pages_of_its_event_only(client, django_assert_num_queries):
    session = SessionFactory(title="Warsztat A")
    other = EventFactory()
    _page(client, session.event)
    _page(client, other)

    session.title = "Warsztat B"
    session.save()

    with django_assert_num_queries(0):
        _page(client, other)
    assert "Warsztat B" in _page(client, session.event)
    assert "Warsztat B" in _agenda(client, session.event)


def test_renaming_an_organization_shows_on_the_pages_of_the_events_it_hosts_a_session_of(client):
    host = OrganizationFactory(name="Fundacja Stara")
    session = SessionFactory(host_organization=host)
    _agenda(client, session.event)

    host.name = "Fundacja Nowa"
    host.save()

    assert "Fundacja Nowa" in _agenda(client, session.event)


def test_a_new_topic_of_an_event_shows_on_its_page(client):
    event = EventFactory()
    _page(client, event)

    event.topics.add(Topic.objects.create(name="Edukacja", slug="edukacja"))

    assert "Edukacja" in _page(client, event)


def test_a_speakers_new_name_shows_on_the_agenda(client):
    role = SessionRoleFactory(person__name="Oksana Melnyk")
    _agenda(client, role.session.event)

    role.person.name = "Oksana Melnyk-Kowalska"
    role.person.save()

    assert "Oksana Melnyk-Kowalska" in _agenda(client, role.session.event)


def test_the_event_list_shows_a_new_event_and_loses_a_withdrawn_one_at_once(client):
    kept = EventFactory(title="Spotkanie w Gdańsku")
    withdrawn = EventFactory(title="Spotkanie w Lublinie")
    url = reverse("events:event_list")
    client.get(url)

    withdrawn.status = Event.Status.DRAFT
    withdrawn.save()
    EventFactory(title="Nowe spotkanie w Łodzi")
    page = client.get(url).content.decode()

    assert "Spotkanie w Gdańsku" in page and "Nowe spotkanie w Łodzi" in page
    assert "Spotkanie w Lublinie" not in page
    assert kept.slug in page


def test_the_event_lists_rows_are_kept_until_the_first_of_them_ends(time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    soon = EventFactory.build(ends_at=now + dt.timedelta(seconds=90))
    later = EventFactory.build(ends_at=now + dt.timedelta(days=3))

    assert EventListView.rows_timeout([later, soon]) == 91
    assert EventListView.rows_timeout([later]) == page_cache.MAX_SECONDS


@pytest.mark.django_db(transaction=True)
def test_an_edit_empties_the_cached_page_when_it_commits_not_before(client):
    event = EventFactory(title="Stary tytuł")
    _page(client, event)

    with transaction.atomic():
        event.title = "Nowy tytuł"
        event.save()
        # Until the commit a visitor gets the copy of what is committed, not a page stored from rows
        # that may yet be rolled back.
        assert "Stary tytuł" in _page(client, event)

    assert "Nowy tytuł" in _page(client, event)


def test_a_withdrawn_or_renamed_event_is_not_shown_from_the_cache(client):
    withdrawn, renamed = EventFactory(), EventFactory()
    old_slug = renamed.slug
    for event in (withdrawn, renamed):
        _page(client, event)
        client.get(reverse("events:event_agenda", kwargs={"slug": event.slug}) + "?from=newsletter")

    withdrawn.status = Event.Status.DRAFT
    withdrawn.save()
    renamed.slug = f"{old_slug}-nowy"
    renamed.save()

    for slug in (withdrawn.slug, old_slug):
        for url in (
            reverse("events:event_detail", kwargs={"slug": slug}),
            reverse("events:event_agenda", kwargs={"slug": slug}) + "?from=newsletter",
        ):
            assert client.get(url).status_code == 404
    assert _page(client, renamed)
