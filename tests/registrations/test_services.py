import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event
from mail.models import EmailLog
from registrations import services
from registrations.models import Registration, SessionSeat
from registrations.tokens import hash_token, manage_token_for
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    QuestionFactory,
    RegistrationFormFactory,
    SessionFactory,
)

from ._registration_data import consent, person

pytestmark = pytest.mark.django_db

Status = Registration.Status


def register(event, n=0, **overrides):
    return services.register(event=event, contact=person(n, **overrides), consent=consent()).registration


def kinds(registration):
    return sorted(EmailLog.objects.filter(registration=registration).values_list("kind", flat=True))


def test_register_confirms_while_seats_last_then_waitlists_in_order():
    event = EventFactory(capacity=2)

    registrations = [register(event, n) for n in range(5)]

    assert [r.status for r in registrations] == [Status.CONFIRMED] * 2 + [Status.WAITLISTED] * 3
    assert [r.waitlist_position for r in registrations] == [None, None, 1, 2, 3]
    assert kinds(registrations[0]) == ["registered"]


def test_register_stores_consent_and_a_hashed_manage_token():
    event = EventFactory()

    registration = register(event)

    assert registration.manage_token_hash == hash_token(manage_token_for(registration))
    assert registration.consent_version == "1"
    assert registration.consented_at is not None
    assert len(manage_token_for(registration)) >= 22  # 128 bits and more


def test_register_refuses_when_closed_and_writes_nothing():
    event = EventFactory(registration_closes_at=timezone.now() - dt.timedelta(seconds=1))

    with pytest.raises(services.RegistrationClosed):
        register(event)

    assert Registration.objects.count() == 0
    assert EmailLog.objects.count() == 0


def test_register_accepts_one_second_before_the_deadline():
    closes_at = timezone.now() + dt.timedelta(hours=1)
    event = EventFactory(registration_closes_at=closes_at)

    registration = services.register(
        event=event, contact=person(), consent=consent(), now=closes_at - dt.timedelta(seconds=1)
    ).registration

    assert registration.status == Status.CONFIRMED


def test_register_refuses_before_opening():
    event = EventFactory(registration_opens_at=timezone.now() + dt.timedelta(days=1))

    with pytest.raises(services.RegistrationClosed):
        register(event)


def test_register_same_contact_email_resends_the_manage_link_instead():
    event = EventFactory()
    first = register(event, email="Anna@Example.org")

    result = services.register(event=event, contact=person(1, email="anna@example.ORG"), consent=consent())

    assert result.registration == first
    assert result.duplicate_email is True
    assert Registration.objects.count() == 1
    assert kinds(first) == ["manage_link:1", "registered"]


def test_register_same_submission_key_returns_the_first_registration():
    event = EventFactory()
    first = services.register(event=event, contact=person(), consent=consent(), submission_key="k1")

    again = services.register(event=event, contact=person(), consent=consent(), submission_key="k1")

    assert again.registration == first.registration
    assert again.created is False
    assert EmailLog.objects.filter(kind__startswith="manage_link").count() == 0


def test_register_with_approval_is_pending_and_approval_confirms():
    event = EventFactory(approval_required=True, capacity=1)
    registration = register(event)
    assert registration.status == Status.PENDING

    approved = services.approve_registration(registration=registration)

    assert approved.status == Status.CONFIRMED
    assert kinds(approved) == ["approved", "registered"]


def test_approve_when_full_waitlists_and_decline_frees_nothing_twice():
    event = EventFactory(approval_required=True, capacity=1)
    first, second = register(event, 1), register(event, 2)
    services.approve_registration(registration=first)

    second = services.approve_registration(registration=second)
    declined = services.decline_registration(registration=first)

    second.refresh_from_db()
    assert declined.status == Status.DECLINED
    assert second.status == Status.CONFIRMED
    assert kinds(second) == ["approved", "promoted", "registered"]


def test_register_attendees_in_one_submission():
    form = RegistrationFormFactory(max_attendees_per_submission=3)
    event = form.event
    event.capacity = 2
    event.save()

    result = services.register(
        event=event,
        contact=person(0),
        attendees=[person(1, email=""), person(2, email="")],
        consent=consent(),
    )

    assert [a.registered_by for a in result.attendees] == [result.registration] * 2
    assert [a.status for a in result.attendees] == [Status.CONFIRMED, Status.WAITLISTED]
    assert EmailLog.objects.filter(recipient="olena0@example.org").count() == 3


def test_register_too_many_attendees_refused():
    form = RegistrationFormFactory(max_attendees_per_submission=2)

    with pytest.raises(services.TooManyAttendees):
        services.register(
            event=form.event, contact=person(0), attendees=[person(1), person(2)], consent=consent()
        )

    assert Registration.objects.count() == 0


def test_overlapping_sessions_refused_naming_both_and_half_open_accepted():
    event = EventFactory()
    start = event.starts_at
    w1 = SessionFactory(
        event=event, title="W1", is_selectable=True, starts_at=start, ends_at=start + dt.timedelta(minutes=90)
    )
    w2 = SessionFactory(
        event=event,
        title="W2",
        is_selectable=True,
        starts_at=start + dt.timedelta(minutes=60),
        ends_at=start + dt.timedelta(minutes=120),
    )
    w3 = SessionFactory(
        event=event,
        title="W3",
        is_selectable=True,
        starts_at=start + dt.timedelta(minutes=90),
        ends_at=start + dt.timedelta(minutes=150),
    )

    with pytest.raises(services.SessionClash) as clash:
        register(event, 0, session_ids=[w1.pk, w2.pk])
    accepted = register(event, 1, session_ids=[w1.pk, w3.pk])

    assert "W1" in clash.value.message and "W2" in clash.value.message
    assert Registration.objects.count() == 1
    assert sorted(accepted.seats.values_list("session__title", flat=True)) == ["W1", "W3"]


def test_session_not_selectable_or_of_another_event_refused():
    event = EventFactory()
    hidden = SessionFactory(event=event, is_selectable=False)
    foreign = SessionFactory(is_selectable=True)

    for session in (hidden, foreign):
        with pytest.raises(services.SessionUnavailable):
            register(event, session.pk, session_ids=[session.pk])

    assert SessionSeat.objects.count() == 0


def test_full_session_waitlists_and_cancel_promotes_fifo():
    event = EventFactory()
    workshop = SessionFactory(event=event, capacity=1, is_selectable=True)
    first, second, third = (register(event, n, session_ids=[workshop.pk]) for n in range(3))

    services.cancel_registration(registration=first)

    seats = {s.registration_id: (s.status, s.position) for s in SessionSeat.objects.filter(session=workshop)}
    assert seats == {second.pk: ("confirmed", None), third.pk: ("waitlisted", 1)}
    assert kinds(second) == [f"promoted:session:{workshop.pk}", "registered"]
    assert kinds(first) == ["cancelled", "registered"]


def test_cancel_promotes_next_on_the_event_waitlist_and_keeps_positions_contiguous():
    event = EventFactory(capacity=1)
    workshop = SessionFactory(event=event, capacity=5, is_selectable=True)
    first = register(event, 0)
    waiting = [register(event, n, session_ids=[workshop.pk]) for n in range(1, 4)]
    assert waiting[0].seats.get().status == SessionSeat.Status.REQUESTED

    services.cancel_registration(registration=first)
    services.cancel_registration(registration=first)

    for registration in waiting:
        registration.refresh_from_db()
    assert [(r.status, r.waitlist_position) for r in waiting] == [
        (Status.CONFIRMED, None),
        (Status.WAITLISTED, 1),
        (Status.WAITLISTED, 2),
    ]
    assert waiting[0].seats.get().status == SessionSeat.Status.CONFIRMED
    assert kinds(first) == ["cancelled", "registered"]


def test_cancelling_from_the_middle_of_the_waitlist_closes_the_gap():
    event = EventFactory(capacity=1)
    register(event, 0)
    waiting = [register(event, n) for n in range(1, 5)]

    services.cancel_registration(registration=waiting[1])

    positions = list(
        Registration.objects.filter(event=event, status=Status.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("last_name", "waitlist_position")
    )
    assert positions == [("Kowalenko1", 1), ("Kowalenko3", 2), ("Kowalenko4", 3)]


def test_offer_mode_offers_then_accepting_confirms():
    event = EventFactory(capacity=1, promotion_mode=Event.Promotion.OFFER, offer_hours=24)
    first, second = register(event, 0), register(event, 1)

    services.cancel_registration(registration=first)
    second.refresh_from_db()
    assert second.status == Status.OFFERED
    assert kinds(second) == ["offered", "registered"]

    accepted = services.accept_offer(registration=second)
    assert accepted.status == Status.CONFIRMED


def test_expired_offer_passes_to_the_next_person():
    event = EventFactory(capacity=1, promotion_mode=Event.Promotion.OFFER, offer_hours=2)
    first, second, third = (register(event, n) for n in range(3))
    services.cancel_registration(registration=first)

    expired = services.expire_offers(now=timezone.now() + dt.timedelta(hours=3))

    second.refresh_from_db()
    third.refresh_from_db()
    assert expired == 1
    assert second.status == Status.CANCELLED
    assert (third.status, third.waitlist_position) == (Status.OFFERED, None)
    assert kinds(second) == ["offer_expired", "offered", "registered"]
    with pytest.raises(services.OfferNotAvailable):
        services.accept_offer(registration=second)


def test_an_event_offer_without_a_deadline_cannot_be_taken():
    """As with a session's seat: an offered row without an expiry (written by hand) is no offer to accept."""
    event = EventFactory(capacity=1, promotion_mode=Event.Promotion.OFFER, offer_hours=2)
    first, second = register(event, 0), register(event, 1)
    services.cancel_registration(registration=first)
    Registration.objects.filter(pk=second.pk).update(offer_expires_at=None)

    with pytest.raises(services.OfferNotAvailable):
        services.accept_offer(registration=second)

    second.refresh_from_db()
    assert second.status == Status.OFFERED


def test_session_offer_expires_and_passes_on():
    event = EventFactory(promotion_mode=Event.Promotion.OFFER, offer_hours=1)
    workshop = SessionFactory(event=event, capacity=1, is_selectable=True)
    first, second, third = (register(event, n, session_ids=[workshop.pk]) for n in range(3))
    services.cancel_registration(registration=first)
    assert second.seats.get().status == SessionSeat.Status.OFFERED

    services.expire_offers(now=timezone.now() + dt.timedelta(hours=2))

    assert not second.seats.exists()
    assert third.seats.get().status == SessionSeat.Status.OFFERED
    services.accept_offer(registration=third, session=workshop)
    assert third.seats.get().status == SessionSeat.Status.CONFIRMED


def test_choice_capacity_enforced():
    question = QuestionFactory(kind="single_choice")
    group = ChoiceFactory(question=question, capacity=1)
    event = question.form.event
    answer = services.AnswerData(question=question, value=group.label, choices=[group])
    register(event, 0, answers=[answer])

    with pytest.raises(services.ChoiceFull):
        register(event, 1, answers=[answer])

    assert Registration.objects.count() == 1


def test_update_registration_swaps_sessions_and_promotes_the_next():
    event = EventFactory()
    start = event.starts_at
    a = SessionFactory(event=event, capacity=1, is_selectable=True, starts_at=start)
    b = SessionFactory(event=event, capacity=1, is_selectable=True, starts_at=start)
    first = register(event, 0, session_ids=[a.pk])
    second = register(event, 1, session_ids=[a.pk])

    services.update_registration(registration=first, person=person(0, first_name="Olha", session_ids=[b.pk]))

    first.refresh_from_db()
    assert first.first_name == "Olha"
    assert list(first.seats.values_list("session", "status")) == [(b.pk, "confirmed")]
    assert list(second.seats.values_list("session", "status")) == [(a.pk, "confirmed")]


def test_update_registration_refuses_a_clash_and_after_the_deadline():
    event = EventFactory()
    start = event.starts_at
    a = SessionFactory(event=event, is_selectable=True, starts_at=start)
    b = SessionFactory(event=event, is_selectable=True, starts_at=start)
    registration = register(event, 0, session_ids=[a.pk])

    with pytest.raises(services.SessionClash):
        services.update_registration(registration=registration, person=person(0, session_ids=[a.pk, b.pk]))
    with pytest.raises(services.EditingClosed):
        services.update_registration(
            registration=registration, person=person(0), now=event.starts_at + dt.timedelta(minutes=1)
        )

    assert list(registration.seats.values_list("session", flat=True)) == [a.pk]


def test_promote_waiting_after_capacity_raised():
    event = EventFactory(capacity=1)
    register(event, 0)
    waiting = register(event, 1)
    Event.objects.filter(pk=event.pk).update(capacity=2)

    promoted = services.promote_waiting(event=event)

    assert promoted == [waiting]


def test_event_full_without_waitlist_refused():
    event = EventFactory(capacity=1, waitlist_enabled=False)
    register(event, 0)

    with pytest.raises(services.EventFull):
        register(event, 1)


def test_registration_rolls_back_entirely_when_a_later_attendee_fails():
    form = RegistrationFormFactory(max_attendees_per_submission=3)
    event = form.event
    foreign = SessionFactory(is_selectable=True)

    with pytest.raises(services.SessionUnavailable):
        services.register(
            event=event,
            contact=person(0),
            attendees=[person(1, session_ids=[foreign.pk])],
            consent=consent(),
        )

    assert Registration.objects.count() == 0
    assert EmailLog.objects.count() == 0
