"""Real threads, each with its own PostgreSQL connection, racing for the same seats."""

import threading

import pytest
from django.db import connection

from registrations import services
from registrations.models import Registration, SessionSeat
from tests.factories import EventFactory, SessionFactory

from ._registration_data import consent, person

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

Status = Registration.Status


def run_together(jobs):
    """Start every job at the same moment; return the exceptions they raised."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # collected and asserted on by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def registration_job(event, n, session_ids=()):
    def job():
        services.register(event=event, contact=person(n, session_ids=list(session_ids)), consent=consent())

    return job


def test_fifty_concurrent_registrations_for_ten_seats():
    event = EventFactory(capacity=10)

    errors = run_together([registration_job(event, n) for n in range(50)])

    assert errors == []
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == 10
    positions = sorted(
        Registration.objects.filter(event=event, status=Status.WAITLISTED).values_list(
            "waitlist_position", flat=True
        )
    )
    assert positions == list(range(1, 41))


def test_fifty_concurrent_registrations_for_a_ten_seat_session():
    event = EventFactory()
    workshop = SessionFactory(event=event, capacity=10, is_selectable=True)

    errors = run_together([registration_job(event, n, [workshop.pk]) for n in range(50)])

    assert errors == []
    assert SessionSeat.objects.filter(session=workshop, status="confirmed").count() == 10
    positions = sorted(
        SessionSeat.objects.filter(session=workshop, status="waitlisted").values_list("position", flat=True)
    )
    assert positions == list(range(1, 41))


def test_concurrent_cancellations_promote_in_order_and_newcomers_wait():
    event = EventFactory(capacity=10)
    confirmed = [
        services.register(event=event, contact=person(n), consent=consent()).registration for n in range(10)
    ]
    waiting = [
        services.register(event=event, contact=person(n), consent=consent()).registration
        for n in range(10, 20)
    ]

    def cancel(registration):
        return lambda: services.cancel_registration(registration=registration)

    jobs = [cancel(registration) for registration in confirmed[:5]]
    jobs += [registration_job(event, n) for n in range(100, 105)]
    errors = run_together(jobs)

    assert errors == []
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == 10
    promoted = set(
        Registration.objects.filter(event=event, status=Status.CONFIRMED)
        .exclude(pk__in=[r.pk for r in confirmed])
        .values_list("pk", flat=True)
    )
    assert promoted == {registration.pk for registration in waiting[:5]}
    newcomers = Registration.objects.filter(
        event=event, last_name__in=[f"Kowalenko{n}" for n in range(100, 105)]
    )
    assert set(newcomers.values_list("status", flat=True)) == {Status.WAITLISTED}
    positions = sorted(
        Registration.objects.filter(event=event, status=Status.WAITLISTED).values_list(
            "waitlist_position", flat=True
        )
    )
    assert positions == list(range(1, 11))
    assert sum(1 for r in waiting[:5] if r.emails.filter(kind="promoted").exists()) == 5


def test_two_sessions_booked_in_opposite_order_never_deadlock_or_split():
    for iteration in range(20):
        event = EventFactory()
        s1 = SessionFactory(event=event, capacity=1, is_selectable=True, starts_at=event.starts_at)
        s2 = SessionFactory(
            event=event,
            capacity=1,
            is_selectable=True,
            starts_at=event.starts_at + (s1.ends_at - s1.starts_at),
        )

        errors = run_together(
            [
                registration_job(event, 2 * iteration, [s1.pk, s2.pk]),
                registration_job(event, 2 * iteration + 1, [s2.pk, s1.pk]),
            ]
        )

        assert errors == []
        holders = {
            session: set(
                SessionSeat.objects.filter(session=session, status="confirmed").values_list(
                    "registration", flat=True
                )
            )
            for session in (s1, s2)
        }
        assert len(holders[s1]) == 1
        assert holders[s1] == holders[s2]


def test_control_without_locks_oversells(settings):
    """Proves the tests above can see a race: with locking off and a pause after the count, seats oversell."""
    settings.REGISTRATION_TEST_DISABLE_LOCKS = True
    settings.REGISTRATION_TEST_SLEEP_AFTER_CAPACITY_CHECK = 0.05
    event = EventFactory(capacity=10)

    run_together([registration_job(event, n) for n in range(50)])

    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() > 10


def test_control_without_locks_oversells_a_session(settings):
    settings.REGISTRATION_TEST_DISABLE_LOCKS = True
    settings.REGISTRATION_TEST_SLEEP_AFTER_CAPACITY_CHECK = 0.05
    event = EventFactory()
    workshop = SessionFactory(event=event, capacity=10, is_selectable=True)

    run_together([registration_job(event, n, [workshop.pk]) for n in range(50)])

    assert SessionSeat.objects.filter(session=workshop, status="confirmed").count() > 10


def test_locks_with_the_same_pause_still_hold(settings):
    settings.REGISTRATION_TEST_SLEEP_AFTER_CAPACITY_CHECK = 0.01
    event = EventFactory(capacity=5)

    errors = run_together([registration_job(event, n) for n in range(20)])

    assert errors == []
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == 5
