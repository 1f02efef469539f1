"""The public pages of an event run the same few queries whatever the size of its agenda."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.models import Session, SessionRole
from events.models import Event
from tests.factories import (
    EventFactory,
    EventPartnerFactory,
    OrganizationFactory,
    PersonFactory,
    SessionFactory,
    SessionRoleFactory,
    TrackFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
DAY_1 = dt.datetime(2027, 11, 29, 0, 0, tzinfo=WARSAW)
DAY_2 = DAY_1 + dt.timedelta(days=1)
# The event page of the largest demo event must stay within this many queries (PERFORMANCE.md).
EVENT_PAGE_QUERY_BUDGET = 10


def _krakow_like_event(*, scale: int) -> Event:
    """Two days shaped like the Kraków conference: study visits, nested blocks, parallel tracks, people.

    `scale` multiplies the sessions and the people in them.
    """
    organization = OrganizationFactory()
    event = EventFactory(
        organization=organization,
        venue=VenueFactory(organization=organization),
        starts_at=DAY_1 + dt.timedelta(hours=9),
        ends_at=DAY_2 + dt.timedelta(hours=18),
        capacity=200,
    )
    for role in ("main_patron", "co_organizer", "partner", "funder"):
        EventPartnerFactory(event=event, role=role)
    tracks = [TrackFactory(event=event, name=f"Sala {number}") for number in range(4)]
    for number in range(3 * scale):
        host = OrganizationFactory()
        visit = SessionFactory(
            event=event,
            kind=Session.Kind.STUDY_VISIT,
            venue=VenueFactory(organization=host),
            host_organization=host,
            capacity=20,
            starts_at=DAY_1 + dt.timedelta(hours=10, minutes=number % 60),
            ends_at=DAY_1 + dt.timedelta(hours=13),
        )
        SessionRoleFactory(session=visit, role=SessionRole.Role.HOST, person__organization=host)
    for number in range(scale):
        start = DAY_2 + dt.timedelta(hours=9, minutes=number % 40)
        block = SessionFactory(
            event=event, kind=Session.Kind.PANEL, starts_at=start, ends_at=start + dt.timedelta(minutes=55)
        )
        for part in range(3):
            child_start = start + dt.timedelta(minutes=part * 15)
            talk = SessionFactory(
                event=event,
                parent=block,
                kind=Session.Kind.TALK,
                starts_at=child_start,
                ends_at=child_start + dt.timedelta(minutes=15),
            )
            SessionRoleFactory(session=talk, person__organization=OrganizationFactory())
        for track in tracks:
            parallel = SessionFactory(
                event=event,
                track=track,
                kind=Session.Kind.WORKSHOP,
                starts_at=start + dt.timedelta(hours=2),
                ends_at=start + dt.timedelta(hours=3, minutes=30),
            )
            SessionRoleFactory(session=parallel, role=SessionRole.Role.MODERATOR)
            for _panelist in range(2):
                SessionRoleFactory(
                    session=parallel,
                    role=SessionRole.Role.PANELIST,
                    person=PersonFactory(managed_by=organization),
                    is_confirmed=False,
                )
        SessionFactory(
            event=event,
            kind=Session.Kind.MEAL,
            starts_at=start + dt.timedelta(hours=4),
            ends_at=start + dt.timedelta(hours=5),
        )
    return event


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("url_name", ["events:event_detail", "events:event_agenda"])
def test_event_pages_run_the_same_queries_with_ten_times_the_agenda(client, url_name):
    small = _krakow_like_event(scale=1)
    large = _krakow_like_event(scale=10)
    assert Session.objects.filter(event=large).count() == 10 * Session.objects.filter(event=small).count()

    small_queries = _queries(client, reverse(url_name, kwargs={"slug": small.slug}))
    large_queries = _queries(client, reverse(url_name, kwargs={"slug": large.slug}))

    assert len(small_queries) <= EVENT_PAGE_QUERY_BUDGET
    assert len(large_queries) == len(small_queries), "\n".join(large_queries)


def test_event_page_query_count_is_exact(client, django_assert_num_queries):
    event = _krakow_like_event(scale=1)

    # which event holds the slug, its registration fields, the event with organizer, venue and series,
    # topics, partners, attachments, report photos, sessions and roles, seats taken
    with django_assert_num_queries(10):
        client.get(reverse("events:event_detail", kwargs={"slug": event.slug}))


@pytest.mark.parametrize("url_name", ["events:event_detail", "events:event_agenda"])
def test_event_pages_rendered_again_read_nothing_while_the_event_and_their_parts_are_current(
    client, url_name
):
    """Without the page cache (a query string bypasses it), the event and its cached parts are reused."""
    event = _krakow_like_event(scale=10)
    url = reverse(url_name, kwargs={"slug": event.slug})
    _queries(client, url)

    assert _queries(client, f"{url}?utm_source=newsletter") == []


def test_session_page_rendered_again_reads_nothing_while_its_event_is_unchanged(client):
    event = _krakow_like_event(scale=1)
    block = Session.objects.get(event=event, kind=Session.Kind.PANEL)
    url = reverse("events:session_detail", kwargs={"slug": event.slug, "pk": block.pk})
    _queries(client, url)

    assert _queries(client, url) == []


def test_event_list_runs_the_same_queries_with_ten_times_the_agenda_and_none_again(client):
    small, large = _krakow_like_event(scale=1), _krakow_like_event(scale=10)
    url = reverse("events:event_list")

    first = _queries(client, url)

    assert len(first) <= EVENT_PAGE_QUERY_BUDGET
    assert _queries(client, url) == []  # its rows, cards and filters are current
    page = client.get(url).content.decode()
    assert f"/{small.slug}/" in page and f"/{large.slug}/" in page


def test_session_page_runs_the_same_queries_for_a_block_with_ten_times_the_items(client):
    small, large = _krakow_like_event(scale=1), _krakow_like_event(scale=10)
    small_block = Session.objects.get(event=small, kind=Session.Kind.PANEL)
    large_block = Session.objects.filter(event=large, kind=Session.Kind.PANEL).first()
    for _extra in range(27):
        start = large_block.starts_at
        SessionRoleFactory(
            session=SessionFactory(
                event=large, parent=large_block, starts_at=start, ends_at=start + dt.timedelta(minutes=5)
            )
        )

    small_queries = _queries(
        client, reverse("events:session_detail", kwargs={"slug": small.slug, "pk": small_block.pk})
    )
    large_queries = _queries(
        client, reverse("events:session_detail", kwargs={"slug": large.slug, "pk": large_block.pk})
    )

    assert len(large_queries) == len(small_queries), "\n".join(large_queries)


def test_person_page_runs_the_same_queries_with_ten_times_the_roles(client):
    few = PersonFactory()
    many = PersonFactory()
    for person, count in ((few, 2), (many, 20)):
        for _number in range(count):
            SessionRoleFactory(person=person, session=SessionFactory(venue=VenueFactory()))

    few_queries = _queries(client, reverse("events:person_detail", kwargs={"slug": few.slug}))
    many_queries = _queries(client, reverse("events:person_detail", kwargs={"slug": many.slug}))

    assert len(many_queries) == len(few_queries), "\n".join(many_queries)
