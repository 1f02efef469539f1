"""Raising a capacity in admin seats the people waiting, in order."""

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from agenda.models import Session
from events.models import Event
from mail.models import EmailLog
from registrations.models import Registration, SessionSeat
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, SessionSeatFactory, UserFactory

pytestmark = pytest.mark.django_db


def _save_in_admin(instance, **changes):
    """Submit the instance's admin change form with the given fields changed, as an organizer would."""
    model_admin = admin.site._registry[type(instance)]
    request = RequestFactory().post("/")
    request.user = UserFactory(username="root", is_staff=True, is_superuser=True)
    form_class = model_admin.get_form(request, instance, change=True)
    unbound = form_class(instance=instance)
    data = {}
    for name, field in unbound.fields.items():
        value = unbound[name].value()
        if isinstance(field, forms.SplitDateTimeField):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), local.time().isoformat()
        else:
            data[name] = field.prepare_value(value) if value is not None else ""
    data.update(changes)
    form = form_class(data, instance=instance)
    assert form.is_valid(), form.errors
    model_admin.save_model(request, form.save(commit=False), form, change=True)


def test_raising_event_capacity_in_admin_promotes_the_waiting_list_in_order():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    first, second, third = (
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_position=position)
        for position in (1, 2, 3)
    )

    _save_in_admin(Event.objects.get(pk=event.pk), capacity=3)

    statuses = dict(Registration.objects.filter(event=event).values_list("pk", "status"))
    assert [statuses[r.pk] for r in (first, second, third)] == ["confirmed", "confirmed", "waitlisted"]
    assert Registration.objects.get(pk=third.pk).waitlist_position == 1
    assert sorted(EmailLog.objects.filter(event=event).values_list("kind", flat=True)) == [
        "promoted",
        "promoted",
    ]


def test_raising_session_capacity_in_admin_promotes_its_waiting_list():
    session = SessionFactory(capacity=1, is_selectable=True)
    SessionSeatFactory(session=session, registration__event=session.event)
    waiting = SessionSeatFactory(
        session=session,
        registration__event=session.event,
        status=SessionSeat.Status.WAITLISTED,
        position=1,
    )

    _save_in_admin(Session.objects.get(pk=session.pk), capacity=2)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.position) == (SessionSeat.Status.CONFIRMED, None)


def test_a_capacity_raised_outside_admin_seats_the_waiting_too():
    """The receiver is on the model, so the agenda editor, the API or a script raise capacity alike."""
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_position=1)

    Event.objects.get(pk=event.pk).save()  # saved, capacity unchanged: nobody moves
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.WAITLISTED

    event.capacity = 2
    event.save()

    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED
