import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from agenda import services
from agenda.models import Person, Session, SessionRole
from organizations.models import Membership
from organizations.permissions import ensure_organizer_group
from tests.admin_forms import add_row, change_form_data
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SessionFactory,
    SessionRoleFactory,
    TrackFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def at(event, day: int, clock: str) -> dt.datetime:
    hours, minutes = map(int, clock.split(":"))
    date = timezone.localdate(event.starts_at) + dt.timedelta(days=day)
    return timezone.make_aware(dt.datetime.combine(date, dt.time(hours, minutes)))


@pytest.fixture
def event():
    event = EventFactory()
    event.starts_at = at(event, 0, "09:00")
    event.ends_at = at(event, 1, "17:00")
    event.save()
    return event


@pytest.fixture
def organizer_client(client, event):
    membership = MembershipFactory(organization=event.organization, role=Membership.Role.EDITOR)
    membership.user.groups.add(ensure_organizer_group())
    client.force_login(membership.user)
    return client


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def row(event, day, start, end, title, **values):
    date = (timezone.localdate(event.starts_at) + dt.timedelta(days=day)).isoformat()
    return {"day": date, "start": start, "end": end, "title_pl": title, "kind": "talk", **values}


def post_agenda(client, event, *rows, edit=None):
    page = client.get(change_url(event))
    data = change_form_data(page)
    for values in rows:
        add_row(data, "sessions", values)
    if edit:
        edit(data)
    return client.post(change_url(event), data)


def errors_of(response) -> list[dict]:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == "sessions":
            return [dict(form.errors) for form in inline.formset.forms]
    raise LookupError


def test_a_two_day_agenda_is_built_on_the_event_page(organizer_client, event):
    room_a, room_b = TrackFactory(event=event, name="Sala A"), TrackFactory(event=event, name="Sala B")
    host = OrganizationFactory(name="Klub Sąsiedzki")
    elsewhere = VenueFactory(organization=event.organization, city="Skawina")

    response = post_agenda(
        organizer_client,
        event,
        row(event, 0, "09:00", "12:00", "Sesje inspiracyjne", kind="panel"),
        row(event, 0, "13:00", "14:30", "Warsztat A", kind="workshop", track=room_a.pk, is_selectable="on"),
        row(event, 0, "13:00", "14:30", "Warsztat B", kind="workshop", track=room_b.pk, capacity="20"),
        row(
            event,
            1,
            "10:00",
            "13:00",
            "Wizyta w klubie",
            kind="study_visit",
            venue=elsewhere.pk,
            host_organization=host.pk,
            people="Anna Nowak (prowadzenie)\nJan Kowalski (wystąpienie, do potwierdzenia)",
        ),
    )

    assert response.status_code == 302, errors_of(response)
    sessions = {session.title: session for session in event.sessions.all()}
    assert set(sessions) == {"Sesje inspiracyjne", "Warsztat A", "Warsztat B", "Wizyta w klubie"}
    visit = sessions["Wizyta w klubie"]
    assert (visit.starts_at, visit.ends_at) == (at(event, 1, "10:00"), at(event, 1, "13:00"))
    assert (visit.kind, visit.venue, visit.host_organization) == (Session.Kind.STUDY_VISIT, elsewhere, host)
    assert [(r.person.name, r.role, r.is_confirmed) for r in visit.roles.all()] == [
        ("Anna Nowak", SessionRole.Role.HOST, True),
        ("Jan Kowalski", SessionRole.Role.SPEAKER, False),
    ]
    assert set(Person.objects.values_list("managed_by", flat=True)) == {event.organization_id}
    assert sessions["Warsztat B"].capacity == 20 and sessions["Warsztat A"].is_selectable

    block = sessions["Sesje inspiracyjne"]

    def nest(data):
        add_row(data, "sessions", row(event, 0, "10:00", "11:00", "Inspiracja 1", parent=block.pk))

    response = post_agenda(organizer_client, event, edit=nest)

    assert response.status_code == 302, errors_of(response)
    assert event.sessions.get(title_pl="Inspiracja 1").parent == block


def test_the_page_shows_each_session_with_its_day_times_and_people(organizer_client, event):
    session = SessionFactory(event=event, starts_at=at(event, 1, "10:00"), ends_at=at(event, 1, "11:30"))
    SessionRoleFactory(
        session=session, person=PersonFactory(name="Olena Shevchenko"), role="moderator", is_confirmed=False
    )

    with translation.override("pl"):
        response = organizer_client.get(change_url(event))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{(timezone.localdate(event.starts_at) + dt.timedelta(days=1)).isoformat()}"' in html
    assert 'value="10:00"' in html and 'value="11:30"' in html
    assert "Olena Shevchenko (moderacja, do potwierdzenia)" in html
    assert "js/agenda_rows.js" in html


def test_the_empty_row_proposes_the_last_sessions_day_and_end(organizer_client, event):
    SessionFactory(event=event, starts_at=at(event, 1, "10:00"), ends_at=at(event, 1, "11:30"))

    response = organizer_client.get(change_url(event))

    formset = next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "sessions"
    )
    extra = formset.extra_forms[0]
    assert extra.initial == {
        "day": timezone.localdate(event.starts_at) + dt.timedelta(days=1),
        "start": dt.time(11, 30),
    }


def test_a_nested_item_outside_its_block_is_refused_in_the_organizers_words(organizer_client, event):
    block = SessionFactory(
        event=event, title="Blok", starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "12:00")
    )

    response = post_agenda(
        organizer_client, event, row(event, 0, "11:30", "12:30", "Za długie", parent=block.pk)
    )

    assert response.status_code == 200
    assert errors_of(response)[1]["parent"] == [
        "Zagnieżdżony punkt musi mieścić się w czasie swojego bloku (10:00 – 12:00)."
    ]
    assert not event.sessions.filter(title_pl="Za długie").exists()


def test_moving_a_block_checks_its_items_against_its_new_times(organizer_client, event):
    block = SessionFactory(
        event=event, title="Blok", starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "12:00")
    )
    SessionFactory(
        event=event,
        parent=block,
        title="Punkt",
        starts_at=at(event, 0, "11:00"),
        ends_at=at(event, 0, "11:30"),
    )

    def shorten(data):
        index = next(key for key, value in data.items() if value == "Blok").split("-")[1]
        data[f"sessions-{index}-end"] = "10:30"

    response = post_agenda(organizer_client, event, edit=shorten)

    assert response.status_code == 200
    assert errors_of(response)[1]["parent"] == [
        "„Punkt” (11:00–11:30) nie mieści się w swoim bloku „Blok” (10:00–10:30): zmień godziny albo wybierz "
        "inny blok."
    ]


def test_a_session_outside_the_events_days_is_refused(organizer_client, event):
    response = post_agenda(organizer_client, event, row(event, 2, "10:00", "11:00", "Dzień po"))

    assert response.status_code == 200
    first, last = (
        date_format(timezone.localdate(d), "DATE_FORMAT") for d in (event.starts_at, event.ends_at)
    )
    assert errors_of(response)[0]["day"] == [
        f"Wydarzenie trwa od {first} do {last}; wybierz jeden z tych dni."
    ]


def test_two_sessions_in_one_room_at_the_same_time_are_refused(organizer_client, event):
    room = TrackFactory(event=event, name="Sala A")
    SessionFactory(
        event=event,
        track=room,
        title="Pierwsza",
        starts_at=at(event, 0, "10:00"),
        ends_at=at(event, 0, "11:00"),
    )

    response = post_agenda(organizer_client, event, row(event, 0, "10:30", "11:30", "Druga", track=room.pk))

    assert response.status_code == 200
    assert errors_of(response)[1]["track"] == [
        "W tej samej sali (Sala A) w tym samym czasie (10:00–11:00) odbywa się „Pierwsza”; w jednej sali "
        "naraz może być jedna sesja."
    ]


def test_a_room_may_follow_on_and_hold_a_blocks_own_items(organizer_client, event):
    room = TrackFactory(event=event, name="Sala A")
    block = SessionFactory(
        event=event, track=room, title="Blok", starts_at=at(event, 0, "10:00"), ends_at=at(event, 0, "12:00")
    )

    response = post_agenda(
        organizer_client,
        event,
        row(event, 0, "10:00", "11:00", "Punkt", track=room.pk, parent=block.pk),
        row(event, 0, "12:00", "13:00", "Potem", track=room.pk),
    )

    assert response.status_code == 302, errors_of(response)


def test_parent_and_track_offer_only_this_events_blocks_and_rooms(organizer_client, event):
    other = EventFactory(organization=event.organization)
    SessionFactory(event=other, title="Obcy blok")
    TrackFactory(event=other, name="Obca sala")
    SessionFactory(event=event, title="Nasz blok")

    response = organizer_client.get(change_url(event))

    formset = next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "sessions"
    )
    form = formset.forms[0]
    assert [s.title for s in form.fields["parent"].queryset] == []
    assert [s.title for s in formset.forms[1].fields["parent"].queryset] == ["Nasz blok"]
    assert list(form.fields["track"].queryset) == []


def test_people_lines_are_read_in_every_language():
    with translation.override("en"):
        lines = services.parse_roles(
            "Anna Nowak (moderator?)\nJan Kowalski\n Олена Шевченко (модерація, ще не підтверджено)"
        )

    assert lines == [
        services.RoleLine("Anna Nowak", "moderator", False),
        services.RoleLine("Jan Kowalski", "speaker", True),
        services.RoleLine("Олена Шевченко", "moderator", False),
    ]


def test_an_unknown_role_names_the_line_and_the_roles():
    with translation.override("en"), pytest.raises(Exception) as error:
        services.parse_roles("Anna Nowak (singer)")

    assert "Line 1: “singer” is not a role." in str(error.value)


def test_a_nested_item_without_times_takes_its_blocks(organizer_client, event):
    block = SessionFactory(
        event=event, title="Blok", starts_at=at(event, 1, "10:00"), ends_at=at(event, 1, "12:00")
    )

    response = post_agenda(
        organizer_client,
        event,
        {"title_pl": "Punkt", "kind": "talk", "parent": str(block.pk), "day": "", "start": "", "end": ""},
    )

    assert response.status_code == 302, errors_of(response)
    item = event.sessions.get(title_pl="Punkt")
    assert (item.parent, item.starts_at, item.ends_at) == (block, block.starts_at, block.ends_at)


def test_a_row_without_times_or_block_is_refused_at_its_fields(organizer_client, event):
    response = post_agenda(
        organizer_client, event, {"title_pl": "Bez czasu", "kind": "talk", "day": "", "start": "", "end": ""}
    )

    assert response.status_code == 200
    errors = errors_of(response)[0]
    assert (errors["day"], errors["start"], errors["end"]) == (["To pole jest wymagane."],) * 3


def test_the_first_row_of_an_empty_agenda_proposes_the_events_start(organizer_client, event):
    response = organizer_client.get(change_url(event))

    formset = next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "sessions"
    )
    assert formset.extra_forms[0].initial == {
        "day": timezone.localdate(event.starts_at),
        "start": dt.time(9, 0),
    }
    assert 'data-day="' not in response.content.decode()


def test_the_block_list_carries_each_blocks_day_and_times(organizer_client, event):
    SessionFactory(event=event, title="Blok", starts_at=at(event, 1, "10:00"), ends_at=at(event, 1, "12:00"))

    html = organizer_client.get(change_url(event)).content.decode()

    day = (timezone.localdate(event.starts_at) + dt.timedelta(days=1)).isoformat()
    assert f'data-day="{day}" data-start="10:00" data-end="12:00"' in html
    assert "Blok (10:00–12:00)</option>" in html
