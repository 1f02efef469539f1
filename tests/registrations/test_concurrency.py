"""Real threads, each with its own PostgreSQL connection, racing for the same seats."""

import threading

import pytest
from django.db import connection

from registrations import services
from registrations.models import Registration, SessionSeat
from tests import races
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


def cancellations_and_newcomers_at_once(confirmed_count=20, waiting_count=10, leaving=5, arriving=5):
    """A4: a full event with a waiting list; some confirmed people cancel while newcomers register.

    Returns what went wrong: an empty list when the freed seats went to the first people waiting, in
    order, each told once, and every newcomer waits.
    """
    event = EventFactory(capacity=confirmed_count)
    confirmed = [
        services.register(event=event, contact=person(n), consent=consent()).registration
        for n in range(confirmed_count)
    ]
    waiting = [
        services.register(event=event, contact=person(n), consent=consent()).registration
        for n in range(confirmed_count, confirmed_count + waiting_count)
    ]

    def cancel(registration):
        return lambda: services.cancel_registration(registration=registration)

    jobs = [cancel(registration) for registration in confirmed[:leaving]]
    jobs += [registration_job(event, n) for n in range(1000, 1000 + arriving)]
    errors = run_together(jobs)

    registrations = Registration.objects.filter(event=event)
    now_confirmed = set(registrations.filter(status=Status.CONFIRMED).values_list("pk", flat=True))
    promoted = now_confirmed - {registration.pk for registration in confirmed}
    newcomers = registrations.filter(last_name__in=[f"Kowalenko{n}" for n in range(1000, 1000 + arriving)])
    positions = sorted(
        registrations.filter(status=Status.WAITLISTED).values_list("waitlist_position", flat=True)
    )
    told = [r.emails.filter(kind="promoted").count() for r in waiting[:leaving]]
    problems = [
        f"errors: {errors}" if errors else "",
        f"{len(now_confirmed)} confirmed" if len(now_confirmed) != confirmed_count else "",
        "promoted out of order"
        if promoted != {registration.pk for registration in waiting[:leaving]}
        else "",
        "a newcomer confirmed"
        if set(newcomers.values_list("status", flat=True)) != {Status.WAITLISTED}
        else "",
        f"positions {positions}" if positions != list(range(1, waiting_count + 1)) else "",
        f"promotion e-mails {told}" if told != [1] * leaving else "",
    ]
    return [problem for problem in problems if problem]


def test_concurrent_cancellations_promote_in_order_and_newcomers_wait():
    assert cancellations_and_newcomers_at_once() == []


def test_control_without_locks_promotes_wrongly(monkeypatch):
    """Proves the test above can see a race: without row locks the same scenario goes wrong."""
    races.remove_row_locks(monkeypatch.setattr)
    races.pause_after_capacity_counts(0.05, monkeypatch.setattr)

    assert any(cancellations_and_newcomers_at_once() for _run in range(3))


def opposite_order_bookings(iterations: int) -> list[str]:
    """A3: two people book sessions S1 and S2 (one seat each) at once, X as [S1, S2] and Y as [S2, S1].

    Returns what went wrong, iteration by iteration, stopping at the first: a deadlock (SQLSTATE
    40P01) or any other error, or the two seats split between the two people.
    """
    for iteration in range(iterations):
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

        holders = [
            set(
                SessionSeat.objects.filter(session=session, status="confirmed").values_list(
                    "registration", flat=True
                )
            )
            for session in (s1, s2)
        ]
        if errors:
            return [f"iteration {iteration}: {[sqlstate(error) or error for error in errors]}"]
        if len(holders[0]) != 1 or holders[0] != holders[1]:
            return [f"iteration {iteration}: seats held by {holders}"]
    return []


def sqlstate(error: Exception) -> str | None:
    return getattr(error.__cause__, "sqlstate", None)


def test_two_sessions_booked_in_opposite_order_never_deadlock_or_split():
    assert opposite_order_bookings(50) == []


def test_control_locking_in_the_order_chosen_deadlocks(monkeypatch):
    """Proves the test above can see a deadlock: sessions locked in the order chosen (and no event lock)."""
    races.lock_sessions_in_the_order_chosen(0.05, monkeypatch.setattr)

    [problem] = opposite_order_bookings(5)

    assert "40P01" in problem


def test_control_without_locks_oversells(monkeypatch):
    """Proves the tests above can see a race: with locking off and a pause after the count, seats oversell."""
    races.remove_row_locks(monkeypatch.setattr)
    races.pause_after_capacity_counts(0.05, monkeypatch.setattr)
    event = EventFactory(capacity=10)

    run_together([registration_job(event, n) for n in range(50)])

    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() > 10


def test_control_without_locks_oversells_a_session(monkeypatch):
    races.remove_row_locks(monkeypatch.setattr)
    races.pause_after_capacity_counts(0.05, monkeypatch.setattr)
    event = EventFactory()
    workshop = SessionFactory(event=event, capacity=10, is_selectable=True)

    run_together([registration_job(event, n, [workshop.pk]) for n in range(50)])

    assert SessionSeat.objects.filter(session=workshop, status="confirmed").count() > 10


def test_locks_with_the_same_pause_still_hold(monkeypatch):
    races.pause_after_capacity_counts(0.01, monkeypatch.setattr)
    event = EventFactory(capacity=5)

    errors = run_together([registration_job(event, n) for n in range(20)])

    assert errors == []
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == 5
