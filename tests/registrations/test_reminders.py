import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from mail.models import EmailLog
from mail.reminders import queue_due_reminders, queue_organizer_digests, reminder_due_at
from registrations.models import Registration, SessionSeat
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WARSAW)


def registered_at(moment: dt.datetime, **fields) -> Registration:
    registration = RegistrationFactory(**fields)
    Registration.objects.filter(pk=registration.pk).update(created_at=moment)
    registration.refresh_from_db()
    return registration


def reminder_kinds(event) -> list[tuple[int, str]]:
    return sorted(
        EmailLog.objects.filter(event=event, kind__startswith="reminder:").values_list(
            "registration_id", "kind"
        )
    )


@pytest.fixture
def event():
    return EventFactory(starts_at=at(2030, 5, 20, 10), ends_at=at(2030, 5, 20, 16))


def test_reminder_is_queued_once_when_due(event):
    early = registered_at(at(2030, 5, 1, 12), event=event)

    first = queue_due_reminders(now=at(2030, 5, 19, 10, 5))
    second = queue_due_reminders(now=at(2030, 5, 19, 10, 10))

    assert (first, second) == (1, 0)
    assert reminder_kinds(event) == [(early.pk, "reminder:24")]


def test_nothing_is_queued_before_the_first_offset(event):
    registered_at(at(2030, 5, 1, 12), event=event)

    assert queue_due_reminders(now=at(2030, 5, 13, 9, 55)) == 0
    assert queue_due_reminders(now=at(2030, 5, 13, 10, 0)) == 1
    assert reminder_kinds(event)[0][1] == "reminder:168"


def test_reminder_whose_time_passed_before_registering_is_not_sent(event):
    registered_at(at(2030, 5, 19, 10, 30), event=event)

    assert queue_due_reminders(now=at(2030, 5, 19, 11)) == 0


def test_only_the_nearest_of_several_missed_offsets_is_sent(event):
    early = registered_at(at(2030, 5, 1, 12), event=event)

    queue_due_reminders(now=at(2030, 5, 19, 12))

    assert reminder_kinds(event) == [(early.pk, "reminder:24")]


def test_only_confirmed_registrants_are_reminded(event):
    confirmed = registered_at(at(2030, 5, 1), event=event)
    registered_at(at(2030, 5, 1), event=event, status=Registration.Status.WAITLISTED, waitlist_position=1)
    registered_at(at(2030, 5, 1), event=event, status=Registration.Status.CANCELLED)
    registered_at(at(2030, 5, 1), event=event, status=Registration.Status.PENDING)

    queue_due_reminders(now=at(2030, 5, 19, 12))

    assert reminder_kinds(event) == [(confirmed.pk, "reminder:24")]


def test_event_sets_its_own_offsets():
    event = EventFactory(
        starts_at=at(2030, 5, 20, 10), ends_at=at(2030, 5, 20, 16), reminder_offsets_hours="48, 2"
    )
    registered_at(at(2030, 5, 1), event=event)

    queue_due_reminders(now=at(2030, 5, 18, 10, 1))
    queue_due_reminders(now=at(2030, 5, 19, 10, 1))
    queue_due_reminders(now=at(2030, 5, 20, 8, 1))

    assert [kind for _pk, kind in reminder_kinds(event)] == ["reminder:2", "reminder:48"]


def test_reminder_time_keeps_the_local_hour_across_daylight_saving():
    starts_at = at(2026, 10, 25, 9)

    due = reminder_due_at(starts_at, 24)

    assert timezone.localtime(due, WARSAW) == at(2026, 10, 24, 9)
    assert starts_at.astimezone(dt.UTC) - due.astimezone(dt.UTC) == dt.timedelta(hours=25)


def test_chosen_session_elsewhere_or_on_another_day_gets_its_own_reminder():
    event = EventFactory(starts_at=at(2030, 5, 20, 9), ends_at=at(2030, 5, 21, 17))
    elsewhere = VenueFactory(organization=event.organization)
    visit = SessionFactory(
        event=event, venue=elsewhere, starts_at=at(2030, 5, 20, 13), ends_at=at(2030, 5, 20, 15)
    )
    day_two = SessionFactory(event=event, starts_at=at(2030, 5, 21, 10), ends_at=at(2030, 5, 21, 12))
    at_the_venue = SessionFactory(event=event, starts_at=at(2030, 5, 20, 11), ends_at=at(2030, 5, 20, 12))
    registration = registered_at(at(2030, 5, 1), event=event)
    for session in (visit, day_two, at_the_venue):
        seat = SessionSeat.objects.create(registration=registration, session=session)
        SessionSeat.objects.filter(pk=seat.pk).update(created_at=at(2030, 5, 1))

    queue_due_reminders(now=at(2030, 5, 19, 13, 1))
    queue_due_reminders(now=at(2030, 5, 20, 10, 1))

    assert [kind for _pk, kind in reminder_kinds(event)] == sorted(
        ["reminder:24", f"reminder:24:session:{visit.pk}", f"reminder:24:session:{day_two.pk}"]
    )


def test_reminders_are_sent_with_eager_workers(event, django_capture_on_commit_callbacks, mailoutbox):
    registered_at(at(2030, 5, 1), event=event, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        queue_due_reminders(now=at(2030, 5, 19, 10, 5))

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Reminder: ")
    assert EmailLog.objects.get(kind="reminder:24").status == EmailLog.Status.SENT


def test_daily_digest_goes_to_the_contact_address_once(django_capture_on_commit_callbacks, mailoutbox):
    event = EventFactory(contact_email="biuro@example.org")
    quiet = EventFactory(contact_email="cisza@example.org")
    now = timezone.now()
    registered_at(now - dt.timedelta(hours=3), event=event, first_name="Iryna", last_name="Bondar")
    registered_at(now - dt.timedelta(days=3), event=event, first_name="Stara", last_name="Rejestracja")
    registered_at(now - dt.timedelta(days=3), event=quiet)

    with django_capture_on_commit_callbacks(execute=True):
        first = queue_organizer_digests(now=now)
    second = queue_organizer_digests(now=now)

    assert (first, second) == (1, 0)
    log = EmailLog.objects.get(kind__startswith="digest:")
    assert log.registration is None
    assert log.recipient == "biuro@example.org"
    [message] = mailoutbox
    assert "Iryna Bondar" in message.body
    assert "Stara" not in message.body
