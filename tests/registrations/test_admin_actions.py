import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from mail import broadcasts, render
from mail.models import Broadcast, EmailLog
from organizations.models import Membership
from registrations.models import Registration, SessionSeat
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)

from .attendee_helpers import organizer

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:registrations_registration_changelist"


@pytest.fixture(autouse=True)
def _english_admin():
    """The admin at /en/admin/, so messages and labels do not depend on the Polish translation."""
    with translation.override("en"):
        yield


Status = Registration.Status


def _action(client, action, registrations, **extra):
    data = {"action": action, "_selected_action": [r.pk for r in registrations], "index": 0, **extra}
    return client.post(reverse(CHANGELIST), data)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _status(registration) -> str:
    return Registration.objects.values_list("status", flat=True).get(pk=registration.pk)


def _kinds(registration) -> list[str]:
    return sorted(EmailLog.objects.filter(registration=registration).values_list("kind", flat=True))


@pytest.fixture
def world(client):
    """An editor of organization A logged in; organization B has a pending and a confirmed person."""
    org_a, org_b = OrganizationFactory(name="Fundacja A"), OrganizationFactory(name="Fundacja B")
    user = organizer(org_a)
    client.force_login(user)
    event_b = EventFactory(organization=org_b, capacity=5, approval_required=True)
    foreign = [
        RegistrationFactory(event=event_b, status=Status.PENDING, last_name="MARKERB"),
        RegistrationFactory(event=event_b, status=Status.CONFIRMED, last_name="MARKERB"),
    ]
    return {"org_a": org_a, "user": user, "foreign": foreign}


def _foreign_untouched(world):
    assert [_status(registration) for registration in world["foreign"]] == [Status.PENDING, Status.CONFIRMED]
    assert EmailLog.objects.filter(registration__in=world["foreign"]).count() == 0


def test_approve_confirms_while_seats_last_then_waitlists(client, world):
    event = EventFactory(organization=world["org_a"], capacity=3, approval_required=True)
    RegistrationFactory(event=event, status=Status.CONFIRMED)
    first = RegistrationFactory(event=event, status=Status.PENDING)
    second = RegistrationFactory(event=event, status=Status.PENDING)
    confirmed = RegistrationFactory(event=event, status=Status.CONFIRMED)

    response = _action(client, "approve_selected", [first, second, confirmed, *world["foreign"]])

    assert response.status_code == 302
    assert [_status(first), _status(second), _status(confirmed)] == [
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.CONFIRMED,
    ]
    assert Registration.objects.get(pk=second.pk).waitlist_position == 1
    assert [_kinds(first), _kinds(second), _kinds(confirmed)] == [["approved"], ["approved"], []]
    assert _messages(response) == [
        "2 approved, 1 of them on the waiting list: the event is full, 1 skipped: not pending."
    ]
    _foreign_untouched(world)


def test_decline_asks_for_confirmation_then_passes_the_seat_on(client, world):
    event = EventFactory(organization=world["org_a"], capacity=1)
    confirmed = RegistrationFactory(event=event, status=Status.CONFIRMED)
    waiting = RegistrationFactory(event=event, status=Status.WAITLISTED, waitlist_position=1)
    cancelled = RegistrationFactory(event=event, status=Status.CANCELLED)
    selection = [confirmed, cancelled, *world["foreign"]]

    page = _action(client, "decline_selected", selection)
    unchanged = _status(confirmed)
    response = _action(client, "decline_selected", selection, post="yes")

    assert page.status_code == 200
    assert page.templates[0].name == "admin/registrations/registration/action_confirmation.html"
    assert [r.pk for r in page.context["registrations"]] == [confirmed.pk, cancelled.pk]
    assert "MARKERB" not in page.content.decode()
    assert unchanged == Status.CONFIRMED
    assert [_status(confirmed), _status(waiting), _status(cancelled)] == [
        Status.DECLINED,
        Status.CONFIRMED,
        Status.CANCELLED,
    ]
    assert [_kinds(confirmed), _kinds(waiting)] == [["declined"], ["promoted"]]
    assert _messages(response) == ["1 declined, 1 skipped: already cancelled or declined."]
    _foreign_untouched(world)


def test_confirm_from_waitlist_may_exceed_capacity_and_closes_the_gap(client, world):
    event = EventFactory(organization=world["org_a"], capacity=1)
    confirmed = RegistrationFactory(event=event, status=Status.CONFIRMED)
    first, second, third = (
        RegistrationFactory(event=event, status=Status.WAITLISTED, waitlist_position=position)
        for position in (1, 2, 3)
    )
    workshop = SessionFactory(event=event, is_selectable=True)
    SessionSeat.objects.create(registration=second, session=workshop, status=SessionSeat.Status.REQUESTED)

    response = _action(client, "confirm_from_waitlist", [second, confirmed, *world["foreign"]])

    assert _status(second) == Status.CONFIRMED
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == 2
    positions = dict(
        Registration.objects.filter(event=event, status=Status.WAITLISTED).values_list(
            "pk", "waitlist_position"
        )
    )
    assert positions == {first.pk: 1, third.pk: 2}
    assert SessionSeat.objects.get(registration=second).status == SessionSeat.Status.CONFIRMED
    assert _kinds(second) == ["promoted"]
    assert _messages(response) == ["1 confirmed, 1 skipped: not on the waiting list."]
    _foreign_untouched(world)


def test_cancel_by_organizer_says_so_in_the_email(client, world):
    event = EventFactory(organization=world["org_a"])
    confirmed = RegistrationFactory(event=event, status=Status.CONFIRMED)
    pending = RegistrationFactory(event=event, status=Status.PENDING)
    selection = [confirmed, pending, *world["foreign"]]

    page = _action(client, "cancel_by_organizer", selection)
    response = _action(client, "cancel_by_organizer", selection, post="yes")

    assert page.status_code == 200
    assert [r.pk for r in page.context["registrations"]] == [confirmed.pk, pending.pk]
    assert [_status(confirmed), _status(pending)] == [Status.CANCELLED, Status.CANCELLED]
    assert Registration.objects.get(pk=confirmed.pk).cancelled_at is not None
    assert [_kinds(confirmed), _kinds(pending)] == [["cancelled:organizer"], ["cancelled:organizer"]]
    message = render.build_message(EmailLog.objects.get(registration=confirmed))
    assert "The organizers have cancelled your registration" in message.body
    assert _messages(response) == ["2 cancelled."]
    _foreign_untouched(world)


def test_resend_confirmation_queues_the_sent_row_again(
    client, world, django_capture_on_commit_callbacks, mailoutbox
):
    event = EventFactory(organization=world["org_a"])
    sent = RegistrationFactory(event=event, email="olena@example.org")
    log = EmailLog.objects.create(
        registration=sent,
        event=event,
        recipient=sent.email,
        kind="registered",
        status=EmailLog.Status.SENT,
        attempts=1,
        message_id="<old@example.org>",
        sent_at=timezone.now(),
    )
    never = RegistrationFactory(event=event)
    cancelled = RegistrationFactory(event=event, status=Status.CANCELLED)
    no_address = RegistrationFactory(event=event, email="")

    with django_capture_on_commit_callbacks(execute=True):
        response = _action(
            client, "resend_confirmation", [sent, never, cancelled, no_address, *world["foreign"]]
        )

    log.refresh_from_db()
    assert log.status == EmailLog.Status.SENT
    assert log.attempts == 1
    assert log.message_id != "<old@example.org>"
    assert EmailLog.objects.filter(kind="registered").count() == 2
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [f"Olena {sent.last_name} <olena@example.org>", f"Olena {never.last_name} <{never.email}>"]
    )
    assert _messages(response) == [
        "2 queued, 1 skipped: cancelled or declined, 1 skipped: no e-mail address."
    ]
    _foreign_untouched(world)


def test_message_to_selection_saves_a_broadcast_limited_to_it(client, world):
    event = EventFactory(organization=world["org_a"])
    chosen = RegistrationFactory(event=event)
    cancelled = RegistrationFactory(event=event, status=Status.CANCELLED)
    RegistrationFactory(event=event)  # not selected
    selection = [chosen, cancelled, *world["foreign"]]

    page = _action(client, "message_selected", selection)
    response = _action(
        client, "message_selected", selection, apply="1", subject="Zmiana sali", body="Dzień dobry {name}"
    )

    assert page.status_code == 200
    assert "body" in page.context["form"].fields
    broadcast = Broadcast.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:mail_broadcast_send", args=[broadcast.pk])
    assert (broadcast.event, broadcast.subject, broadcast.created_by) == (event, "Zmiana sali", world["user"])
    assert broadcast.started_at is None
    assert set(broadcast.recipients.all()) == {chosen, cancelled}
    assert list(broadcasts.recipients(broadcast)) == [chosen]


def test_message_to_selection_sends_only_to_the_selected(client, world, django_capture_on_commit_callbacks):
    event = EventFactory(organization=world["org_a"])
    chosen = RegistrationFactory(event=event)
    other = RegistrationFactory(event=event)
    _action(client, "message_selected", [chosen], apply="1", subject="Temat", body="Treść")
    broadcast = Broadcast.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:mail_broadcast_send", args=[broadcast.pk]))

    assert _kinds(chosen) == [f"broadcast:{broadcast.pk}"]
    assert _kinds(other) == []


def test_message_to_people_of_two_events_is_refused(client, world):
    first, second = (RegistrationFactory(event=EventFactory(organization=world["org_a"])) for _ in range(2))

    response = _action(client, "message_selected", [first, second], apply="1", subject="Temat", body="Treść")

    assert response.status_code == 302
    assert Broadcast.objects.count() == 0
    assert _messages(response) == ["Select people of one event to write to them."]


STATE_ACTIONS = [
    "approve_selected",
    "confirm_from_waitlist",
    "decline_selected",
    "cancel_by_organizer",
    "resend_confirmation",
    "message_selected",
]


def test_viewer_gets_no_state_changing_actions(client, world):
    viewer = organizer(world["org_a"], role=Membership.Role.VIEWER)
    event = EventFactory(organization=world["org_a"])
    pending = RegistrationFactory(event=event, status=Status.PENDING)
    client.force_login(viewer)

    listing = client.get(reverse(CHANGELIST))
    offered = {name for name, _label in listing.context["action_form"].fields["action"].choices}
    for action in STATE_ACTIONS:
        _action(client, action, [pending], post="yes", apply="1", subject="Temat", body="Treść")

    assert "export_selected" in offered
    assert set(STATE_ACTIONS) & offered == set()
    assert _status(pending) == Status.PENDING
    assert EmailLog.objects.count() == 0
    assert Broadcast.objects.count() == 0


def test_rows_of_organizations_the_editor_only_views_are_skipped(client, world):
    viewed = OrganizationFactory(name="Fundacja C")
    Membership.objects.create(user=world["user"], organization=viewed, role=Membership.Role.VIEWER)
    own = RegistrationFactory(
        event=EventFactory(organization=world["org_a"], approval_required=True), status=Status.PENDING
    )
    only_viewed = RegistrationFactory(
        event=EventFactory(organization=viewed, approval_required=True), status=Status.PENDING
    )

    response = _action(client, "approve_selected", [own, only_viewed])

    assert [_status(own), _status(only_viewed)] == [Status.CONFIRMED, Status.PENDING]
    assert _messages(response) == ["1 approved, 1 skipped: you may not change them."]


def test_superuser_may_act_on_every_organization(client, world):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    _action(client, "approve_selected", world["foreign"])

    assert _status(world["foreign"][0]) == Status.CONFIRMED


def test_status_is_read_only_in_the_change_form(client, world):
    registration = RegistrationFactory(event=EventFactory(organization=world["org_a"]))

    page = client.get(reverse("admin:registrations_registration_change", args=[registration.pk]))

    form = page.context["adminform"].form
    assert "status" not in form.fields
    assert "event" not in form.fields
    assert "first_name" in form.fields
    assert "status" in page.context["adminform"].readonly_fields
