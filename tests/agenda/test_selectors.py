import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.models import Session, SessionRole
from agenda.selectors import agenda_days, person_public_roles, session_for_public_page
from events.models import Event
from tests.factories import EventFactory, PersonFactory, SessionFactory, SessionRoleFactory, in_days

pytestmark = pytest.mark.django_db


def _at(event, minutes: int) -> dt.datetime:
    return event.starts_at + dt.timedelta(minutes=minutes)


def _session(event, title, start, end, **kwargs):
    return SessionFactory(
        event=event, title=title, starts_at=_at(event, start), ends_at=_at(event, end), **kwargs
    )


def test_agenda_days_groups_overlapping_sessions_into_one_slot():
    event = EventFactory()
    _session(event, "A", 0, 90)
    _session(event, "B", 30, 60)
    _session(event, "C", 80, 120)
    _session(event, "D", 120, 150)

    (day,) = agenda_days(event=event)

    assert [[session.title for session in slot.sessions] for slot in day.slots] == [["A", "B", "C"], ["D"]]
    assert [slot.is_parallel for slot in day.slots] == [True, False]


def test_agenda_days_puts_children_inside_their_block_in_time_order():
    event = EventFactory()
    block = _session(event, "Blok", 0, 55)
    _session(event, "Dyskusja", 40, 55, parent=block)
    _session(event, "Wystąpienie", 0, 20, parent=block)

    (day,) = agenda_days(event=event)

    (slot,) = day.slots
    assert [child.title for child in slot.sessions[0].nested] == ["Wystąpienie", "Dyskusja"]


def test_agenda_days_numbers_days_from_the_event_start():
    event = EventFactory(starts_at=in_days(10, 9), ends_at=in_days(11, 18))
    SessionFactory(event=event, title="Dzień 2", starts_at=in_days(11, 10), ends_at=in_days(11, 11))

    days = agenda_days(event=event)

    assert [(day.number, day.date) for day in days] == [(2, in_days(11).date())]


def test_agenda_days_groups_people_by_role_moderator_first():
    event = EventFactory()
    panel = _session(event, "Panel", 0, 60, kind=Session.Kind.PANEL)
    SessionRoleFactory(session=panel, role=SessionRole.Role.PANELIST, person__name="Panelistka")
    SessionRoleFactory(session=panel, role=SessionRole.Role.MODERATOR, person__name="Moderator")

    (day,) = agenda_days(event=event)

    people = day.slots[0].sessions[0].people
    assert [(group.role, [item.person.name for item in group.roles]) for group in people] == [
        ("moderator", ["Moderator"]),
        ("panelist", ["Panelistka"]),
    ]


def _agenda_queries(event) -> int:
    """Queries to read the agenda and everything its template shows: links, people, track, venue, host."""
    shown = []
    with CaptureQueriesContext(connection) as queries:
        for day in agenda_days(event=event):
            for slot in day.slots:
                for session in slot.sessions:
                    for item in [session, *session.nested]:
                        shown.append(
                            (item.get_absolute_url(), item.track, item.venue, item.host_organization)
                        )
                        shown.extend(role.person.affiliation_display for g in item.people for role in g.roles)
    assert shown
    return len(queries)


def test_agenda_days_query_count_does_not_grow_with_the_agenda():
    small, large = EventFactory(), EventFactory()
    for event, count in ((small, 1), (large, 12)):
        for index in range(count):
            block = _session(event, f"Blok {index}", index * 10, index * 10 + 10)
            SessionRoleFactory(session=block)
            child = _session(event, f"Część {index}", index * 10, index * 10 + 5, parent=block)
            SessionRoleFactory(session=child)

    assert _agenda_queries(small) == _agenda_queries(large) == 2


def test_session_for_public_page_reads_children_and_people():
    event = EventFactory()
    block = _session(event, "Blok", 0, 60)
    _session(event, "Część", 0, 30, parent=block)
    SessionRoleFactory(session=block, role=SessionRole.Role.HOST)

    session = session_for_public_page(event=event, pk=block.pk)

    assert [child.title for child in session.nested] == ["Część"]
    assert [group.role for group in session.people] == ["host"]


def test_person_public_roles_leaves_out_draft_events():
    person = PersonFactory()
    SessionRoleFactory(person=person, session__title="Publiczna")
    SessionRoleFactory(person=person, session__title="Szkic", session__event__status=Event.Status.DRAFT)

    roles = person_public_roles(person=person)

    assert [role.session.title for role in roles] == ["Publiczna"]
