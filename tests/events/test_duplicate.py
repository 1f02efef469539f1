import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agenda.models import SessionRole
from events import services
from events.demo.loader import load_demo
from events.models import Event
from registrations.forms.questions import consent_digest
from registrations.models import Question, Registration, SessionSeat
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    SeriesFactory,
    in_days,
)
from tests.registrations._registration_data import old_form_token

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
KRAKOW = "konferencja-miejsc-otwartych-krakow"


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, WARSAW)


@pytest.fixture
def krakow():
    load_demo()
    return Event.objects.get(slug=KRAKOW)


def fresh_client() -> Client:
    random_bytes = uuid.uuid4().bytes
    return Client(REMOTE_ADDR=f"10.{random_bytes[0]}.{random_bytes[1]}.{random_bytes[2]}")


def agenda(event: Event) -> list[tuple]:
    """Every session with its times as (days after the first day, wall-clock time), parent, track, people."""
    first = local(event.starts_at).date()
    rows = []
    for session in event.sessions.select_related("parent", "track", "venue", "host_organization"):
        rows.append(
            (
                session.title_pl,
                session.title_uk,
                session.kind,
                (local(session.starts_at).date() - first).days,
                local(session.starts_at).time(),
                local(session.ends_at).time(),
                session.parent.title_pl if session.parent else None,
                session.track.name_pl if session.track else None,
                session.venue_id,
                session.host_organization_id,
                session.capacity,
                session.is_selectable,
                sorted((role.person_id, role.role, role.is_confirmed) for role in session.roles.all()),
            )
        )
    return sorted(rows, key=repr)


def test_duplicating_krakow_gives_a_draft_with_all_27_sessions_at_the_new_dates(krakow):
    RegistrationFactory(event=krakow)
    new_first_day = local(krakow.starts_at).date() + dt.timedelta(days=91)

    copy = services.duplicate_event(event=krakow, starts_on=new_first_day)

    assert copy.pk != krakow.pk
    assert copy.status == Event.Status.DRAFT
    assert copy.slug == f"{KRAKOW}-{new_first_day.isoformat()}"
    assert (copy.title_pl, copy.title_uk, copy.title_en) == (
        krakow.title_pl,
        krakow.title_uk,
        krakow.title_en,
    )
    assert local(copy.starts_at).date() == new_first_day
    assert local(copy.starts_at).time() == local(krakow.starts_at).time()
    assert local(copy.ends_at).date() - local(copy.starts_at).date() == dt.timedelta(days=1)
    assert copy.sessions.count() == krakow.sessions.count() == 27
    assert agenda(copy) == agenda(krakow)
    assert all(
        session.parent is None or session.parent.event_id == copy.pk
        for session in copy.sessions.select_related("parent")
    )
    assert {
        session.track.event_id for session in copy.sessions.exclude(track=None).select_related("track")
    } == {copy.pk}
    assert set(copy.tracks.values_list("name_pl", flat=True)) == set(
        krakow.tracks.values_list("name_pl", flat=True)
    )
    assert sorted(copy.partners.values_list("organization_id", "role")) == sorted(
        krakow.partners.values_list("organization_id", "role")
    )
    assert set(copy.topics.all()) == set(krakow.topics.all())
    assert (
        SessionRole.objects.filter(session__event=copy).count()
        == SessionRole.objects.filter(session__event=krakow).count()
    )
    assert copy.registrations.count() == 0
    if krakow.registration_closes_at:
        assert local(copy.registration_closes_at).date() - local(krakow.registration_closes_at).date() == (
            dt.timedelta(days=91)
        )


def test_the_copied_krakow_form_registers_a_person_with_a_session(krakow):
    copy = services.duplicate_event(
        event=krakow, starts_on=local(krakow.starts_at).date() + dt.timedelta(days=30)
    )
    form = copy.registration_form
    assert form.consent_text_pl == krakow.registration_form.consent_text_pl
    assert [
        (q.label_pl, q.kind, q.is_required, [c.label_pl for c in q.choices.all()])
        for q in form.questions.all()
    ] == [
        (q.label_pl, q.kind, q.is_required, [c.label_pl for c in q.choices.all()])
        for q in krakow.registration_form.questions.all()
    ]
    # The opening moved with the dates too; the organizer opens registration now and publishes.
    copy.registration_opens_at = timezone.now() - dt.timedelta(hours=1)
    copy.status = Event.Status.PUBLISHED
    copy.save()
    days, sector = form.questions.order_by("order", "pk")
    # The options standing for the conference's days stand for the copy's days.
    first_day = local(copy.starts_at).date()
    assert [choice.day for choice in days.choices.all()] == [first_day, first_day + dt.timedelta(days=1)]
    workshop = copy.sessions.get(title_pl="Warsztat „People meet People”")
    data = {
        "form_token": old_form_token(copy),
        "website": "",
        "first_name": "Olena",
        "last_name": "Kowalenko",
        "email": "olena@example.org",
        "organization": "Fundacja Ocalenie",
        "language": "uk",
        "consent": "on",
        "consent_digest": consent_digest(form.consent_text),
        "attendee-TOTAL_FORMS": "0",
        "attendee-INITIAL_FORMS": "0",
        f"q_{days.pk}": [str(choice.pk) for choice in days.choices.all()],
        f"q_{sector.pk}": str(sector.choices.first().pk),
        f"slot_{workshop.pk}": str(workshop.pk),
    }

    response = fresh_client().post(reverse("registrations:register", kwargs={"slug": copy.slug}), data)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    registration = Registration.objects.get(event=copy)
    assert registration.status == Registration.Status.CONFIRMED
    assert SessionSeat.objects.get(registration=registration).session == workshop
    assert {answer.question.form_id for answer in registration.answers.all()} == {form.pk}
    assert krakow.registrations.count() == 0


def test_a_condition_points_at_the_copied_question():
    event = EventFactory()
    form = RegistrationFormFactory(event=event)
    parent = QuestionFactory(form=form, kind=Question.Kind.SINGLE_CHOICE)
    ChoiceFactory(question=parent, label="Tak", capacity=None)
    QuestionFactory(form=form, condition_question=parent, condition_value="Tak")

    copy = services.duplicate_event(
        event=event, starts_on=local(event.starts_at).date() + dt.timedelta(days=7)
    )

    copied_parent, copied_child = copy.registration_form.questions.order_by("pk")
    assert copied_child.condition_question == copied_parent
    assert copied_child.condition_value == "Tak"


def test_a_second_copy_to_the_same_day_gets_its_own_slug():
    event = EventFactory(slug="spotkanie")
    day = local(event.starts_at).date() + dt.timedelta(days=7)

    first = services.duplicate_event(event=event, starts_on=day)
    second = services.duplicate_event(event=first, starts_on=day)

    assert first.slug == f"spotkanie-{day.isoformat()}"
    assert second.slug == f"spotkanie-{day.isoformat()}-2"


def test_a_series_starts_its_next_event_from_its_last_one():
    series = SeriesFactory()
    EventFactory(
        series=series, organization=series.organization, starts_at=in_days(-40), ends_at=in_days(-40, 15)
    )
    last = EventFactory(
        series=series, organization=series.organization, starts_at=in_days(-10), ends_at=in_days(-10, 15)
    )

    assert services.last_event_of(series) == last


def organizer_of(event: Event):
    return get_user_model().objects.get(email=f"{event.organization.slug}@example.org")


def test_an_organizer_duplicates_from_the_event_page(krakow):
    client = fresh_client()
    client.force_login(organizer_of(krakow))
    change_url = reverse("admin:events_event_change", args=[krakow.pk])
    duplicate_url = reverse("admin:events_event_duplicate", args=[krakow.pk])
    assert duplicate_url in client.get(change_url).content.decode()
    new_first_day = local(krakow.starts_at).date() + dt.timedelta(days=60)

    response = client.post(duplicate_url, {"starts_on": new_first_day.isoformat()})

    copy = Event.objects.get(slug=f"{KRAKOW}-{new_first_day.isoformat()}")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_event_change", args=[copy.pk])
    assert copy.status == Event.Status.DRAFT
    assert copy.sessions.count() == 27


def test_the_duplicate_page_keeps_an_invalid_date_with_the_error(krakow):
    client = fresh_client()
    client.force_login(organizer_of(krakow))

    response = client.post(
        reverse("admin:events_event_duplicate", args=[krakow.pk]), {"starts_on": "32.13.2030"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["starts_on"]
    assert Event.objects.filter(slug__startswith=f"{KRAKOW}-").count() == 0


def test_another_organizations_event_cannot_be_duplicated(krakow):
    other = Event.objects.exclude(organization=krakow.organization).first()
    client = fresh_client()
    client.force_login(organizer_of(krakow))

    response = client.post(
        reverse("admin:events_event_duplicate", args=[other.pk]), {"starts_on": "2030-01-01"}
    )

    assert response.status_code == 404
    assert Event.objects.count() == 5
