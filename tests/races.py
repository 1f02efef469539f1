"""Ways to break the seat service on purpose, for the negative controls of the concurrency tests.

A control proves that its test can see the race it guards against: the same scenario, run with the
protection taken out, must fail. Everything here patches from outside, through `monkeypatch.setattr` in
the test process or through the test-only app `tests.stampede` in a gunicorn worker; production code has
no switch for it.
"""

import functools
import time

from django.db.models import QuerySet

from agenda.models import Session
from registrations.services import capacity

# The counts every capacity decision is taken from.
CAPACITY_COUNTS = ("count_places", "event_seats_held", "session_seats_held")


def remove_row_locks(patch=setattr) -> None:
    """select_for_update() leaves a query as it is: no row is locked anywhere."""
    patch(QuerySet, "select_for_update", lambda self, *args, **kwargs: self)


def pause_after_capacity_counts(seconds: float, patch=setattr) -> None:
    """Wait after every capacity count, so that two requests decide on the same count."""
    for name in CAPACITY_COUNTS:
        patch(capacity, name, _paused(getattr(capacity, name), seconds))


def lock_sessions_in_the_order_chosen(seconds_between: float, patch=setattr) -> None:
    """Take the event lock out and lock sessions one by one in the order the person chose them.

    The event row lock alone serializes the registrations of one event, so it goes too; what is left is
    what primary-key order protects against: two people locking the same two rows from opposite ends.
    """
    patch(capacity, "lock_event", lambda event: capacity.Event.objects.get(pk=getattr(event, "pk", event)))

    def in_the_order_chosen(session_ids):
        sessions = {}
        for session_id in dict.fromkeys(session_ids):
            sessions[session_id] = Session.objects.select_for_update().get(pk=session_id)
            time.sleep(seconds_between)
        return sessions

    patch(capacity, "lock_sessions", in_the_order_chosen)


def pause_before(owner, name: str, seconds: float, patch=setattr) -> None:
    """Wait before each call of `owner.name` (e.g. QuerySet.update): a read and the write that follows
    it drift apart, so two workers running at once both read before either writes."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def paused(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    patch(owner, name, paused)


def _paused(count, seconds: float):
    @functools.wraps(count)
    def paused(*args, **kwargs):
        result = count(*args, **kwargs)
        time.sleep(seconds)
        return result

    return paused
