"""One registration POST costs the same number of SQL queries however large the event is."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mail.models import EmailLog
from registrations.forms.questions import consent_digest
from registrations.models import Answer, Question, Registration, SessionSeat
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    SessionFactory,
    SessionSeatFactory,
)

from ._registration_data import old_form_token

pytestmark = pytest.mark.django_db

MAX_QUERIES = 40


@pytest.fixture
def client():
    """An address of its own, so the per-IP submission limit never carries over between tests or runs."""
    random_bytes = uuid.uuid4().bytes
    return Client(REMOTE_ADDR=f"10.{random_bytes[0]}.{random_bytes[1]}.{random_bytes[2]}")


def event_with_form(
    *, slots: int, sessions_per_slot: int, text_questions: int, existing: int, full_sessions: bool = False
):
    """An event whose form has limited choices, free-text and multiple-choice questions and session slots.

    Returns the event and the POST data of a complete submission choosing one session per slot. With
    `full_sessions`, earlier registrations hold every seat of the chosen sessions, so the person waits there.
    """
    event = EventFactory(capacity=existing + 100)
    form = RegistrationFormFactory(event=event, asks_diet=True)
    group = QuestionFactory(form=form, kind=Question.Kind.SINGLE_CHOICE, is_required=True, order=0)
    groups = [ChoiceFactory(question=group, capacity=existing + 100, order=n) for n in range(4)]
    topics = QuestionFactory(form=form, kind=Question.Kind.MULTIPLE_CHOICE, order=1)
    topic_choices = [ChoiceFactory(question=topics, order=n) for n in range(3)]
    texts = [
        QuestionFactory(form=form, kind=Question.Kind.SHORT_TEXT, order=2 + n) for n in range(text_questions)
    ]
    chosen, slot_fields = [], {}
    for slot in range(slots):
        starts_at = event.starts_at + dt.timedelta(hours=2 * slot)
        sessions = [
            SessionFactory(
                event=event,
                is_selectable=True,
                capacity=existing if full_sessions else existing + 10,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(minutes=90),
            )
            for _n in range(sessions_per_slot)
        ]
        chosen.append(sessions[slot % sessions_per_slot])
        slot_fields[f"slot_{sessions[0].pk}"] = str(chosen[-1].pk)
    for n in range(existing):
        registration = RegistrationFactory(event=event)
        Answer.objects.create(registration=registration, question=group).choices.set([groups[n % 4]])
        for session in chosen:
            SessionSeatFactory(registration=registration, session=session)
    data = {
        "form_token": old_form_token(event),
        "website": "",
        "first_name": "Olena",
        "last_name": "Kowalenko",
        "email": "olena.query@example.org",
        "organization": "Fundacja Ocalenie",
        "language": "uk",
        "consent": "on",
        "consent_digest": consent_digest(form.consent_text),
        "attendee-TOTAL_FORMS": "0",
        "attendee-INITIAL_FORMS": "0",
        f"q_{group.pk}": str(groups[1].pk),
        f"q_{topics.pk}": [str(topic_choices[0].pk), str(topic_choices[2].pk)],
        **{f"q_{question.pk}": f"odpowiedź {question.order}" for question in texts},
        **slot_fields,
    }
    return event, data


def queries_of_one_post(client, event, data) -> int:
    url = reverse("registrations:register", kwargs={"slug": event.slug})
    with CaptureQueriesContext(connection) as context:
        response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("registrations:register_done", kwargs={"slug": event.slug})
    return len(context.captured_queries)


def test_registration_post_stays_within_the_query_budget(client, django_assert_max_num_queries):
    event, data = event_with_form(slots=2, sessions_per_slot=4, text_questions=13, existing=20)
    url = reverse("registrations:register", kwargs={"slug": event.slug})

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.post(url, data)

    assert response.status_code == 302
    registration = Registration.objects.get(email="olena.query@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.answers.count() == 15
    assert registration.seats.filter(status=SessionSeat.Status.CONFIRMED).count() == 2


def test_registration_post_query_count_does_not_grow_with_the_event(client):
    small_event, small_data = event_with_form(slots=1, sessions_per_slot=1, text_questions=0, existing=0)
    large_event, large_data = event_with_form(slots=5, sessions_per_slot=6, text_questions=25, existing=40)

    small = queries_of_one_post(client, small_event, small_data)
    large = queries_of_one_post(client, large_event, large_data)

    assert large == small
    assert Registration.objects.get(event=large_event, email="olena.query@example.org").seats.count() == 5


def test_registration_post_queued_for_full_sessions_costs_the_same_queries(client):
    open_event, open_data = event_with_form(slots=2, sessions_per_slot=2, text_questions=2, existing=3)
    full_event, full_data = event_with_form(
        slots=2, sessions_per_slot=2, text_questions=2, existing=3, full_sessions=True
    )

    seated = queries_of_one_post(client, open_event, open_data)
    queued = queries_of_one_post(client, full_event, full_data)

    registration = Registration.objects.get(event=full_event, email="olena.query@example.org")
    assert sorted(registration.seats.values_list("status", "position")) == [
        (SessionSeat.Status.WAITLISTED, 1),
        (SessionSeat.Status.WAITLISTED, 1),
    ]
    assert queued == seated


def test_registration_post_waitlisted_for_a_full_event_stays_within_the_budget(
    client, django_assert_max_num_queries
):
    event, data = event_with_form(slots=3, sessions_per_slot=3, text_questions=13, existing=5)
    event.capacity = 5
    event.save(update_fields=["capacity"])
    url = reverse("registrations:register", kwargs={"slug": event.slug})

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.post(url, data)

    assert response.status_code == 302
    registration = Registration.objects.get(event=event, email="olena.query@example.org")
    assert (registration.status, registration.waitlist_position) == (Registration.Status.WAITLISTED, 1)
    assert set(registration.seats.values_list("status", flat=True)) == {SessionSeat.Status.REQUESTED}


def test_refused_post_shows_places_left_counted_at_that_moment(client):
    event, data = event_with_form(slots=1, sessions_per_slot=2, text_questions=0, existing=3)
    data["first_name"] = ""

    with translation.override("en"):  # the /en/ address: English whatever translations exist
        response = client.post(reverse("registrations:register", kwargs={"slug": event.slug}), data)

    html = response.content.decode()
    assert response.status_code == 400
    # Each session has capacity existing + 10 = 13 and the first one 3 confirmed seats already.
    assert "10 places left" in html
    assert "13 places left" in html
    # The limited choices (capacity 103) were chosen by the earlier registrations 1, 1, 1 and 0 times.
    assert html.count("102 places left") == 3
    assert "103 places left" in html


def test_registration_post_queues_each_persons_confirmation_in_one_insert_without_a_savepoint(client):
    event, data = event_with_form(slots=2, sessions_per_slot=4, text_questions=2, existing=0)
    data.update(
        {
            "attendee-TOTAL_FORMS": "2",
            "attendee-0-first_name": "Iryna",
            "attendee-0-last_name": "Bondarenko",
            "attendee-0-email": "iryna.query@example.org",
            "attendee-0-language": "uk",
            "attendee-1-first_name": "Marta",
            "attendee-1-last_name": "Nowak",
            "attendee-1-email": "marta.query@example.org",
            "attendee-1-language": "pl",
        }
    )
    url = reverse("registrations:register", kwargs={"slug": event.slug})

    with CaptureQueriesContext(connection) as context:
        response = client.post(url, data)

    assert response.status_code == 302
    statements = [query["sql"] for query in context.captured_queries]
    # The test's own transaction turns the registration's transaction into the first savepoint.
    begin = next(index for index, sql in enumerate(statements) if sql.startswith("SAVEPOINT"))
    end = statements.index(f"RELEASE {statements[begin]}")
    inside = statements[begin + 1 : end]
    assert not [sql for sql in inside if "SAVEPOINT" in sql]
    assert len([sql for sql in inside if sql.startswith('INSERT INTO "registrations_emaillog"')]) == 1
    queued = EmailLog.objects.filter(registration__event=event, kind="registered")
    assert sorted(queued.values_list("recipient", flat=True)) == [
        "iryna.query@example.org",
        "marta.query@example.org",
        "olena.query@example.org",
    ]


def test_a_registration_post_reads_the_form_from_the_cache_once_it_was_shown(client):
    """The event, its questions, choices and sessions come from the cache; what decides is read locked."""
    event, data = event_with_form(slots=2, sessions_per_slot=4, text_questions=3, existing=5)
    url = reverse("registrations:register", kwargs={"slug": event.slug})
    client.get(url)

    with CaptureQueriesContext(connection) as context:
        response = client.post(url, data)

    assert response.status_code == 302
    statements = [query["sql"] for query in context.captured_queries]
    begin = next(index for index, sql in enumerate(statements) if sql.startswith("SAVEPOINT"))
    assert [sql.split('"')[1] for sql in statements[:begin]] == ["organizations_organization"]
    inside = statements[begin + 1 : -1]
    assert [sql.split('"')[1] if '"' in sql else sql.split()[1] for sql in inside] == [
        "events_event",  # locked, its registration rules read again
        "registrations_registration",  # the same submission or contact before
        "agenda_session",  # locked
        "registrations_choice",  # limited choices, locked
        "'event',",  # the places taken of the event, its sessions and its limited choices, in one statement
        "registrations_registration",  # inserted
        "registrations_answer",
        "registrations_answer_choices",
        "registrations_sessionseat",  # inserted
        "registrations_emaillog",  # the confirmation in the outbox
    ]
    assert '"events_event"."capacity"' in inside[0] and '"events_event"."description' not in inside[0]
    counted = inside[4]
    for table in ("registrations_registration", "registrations_sessionseat", "registrations_answer_choices"):
        assert f"FROM {table}" in counted
    assert statements[-1].startswith("RELEASE SAVEPOINT")
