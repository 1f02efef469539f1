import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from attendees import attendance_lists, checkin, exports, walkins
from attendees.models import Attendance
from mail.models import EmailLog
from registrations import services
from registrations.models import Registration, SessionSeat
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    SessionFactory,
    UserFactory,
)

from .attendee_helpers import organizer

pytestmark = pytest.mark.django_db


def _person(**kwargs):
    values = {"first_name": "Ołena", "last_name": "Szewczenko", "organization_name": "Fundacja Ocalenie"}
    return services.PersonData(**{**values, **kwargs})


@pytest.fixture
def event(time_machine):
    """Running today, registration closed yesterday (people still come to the door).

    The clock starts at noon, so the event's hours stay within today whenever the tests run.
    """
    time_machine.move_to(timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0), tick=True)
    now = timezone.now()
    event = EventFactory(
        title="Forum",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=6),
        registration_closes_at=now - dt.timedelta(days=1),
    )
    RegistrationFormFactory(event=event, consent_version="3")
    return event


def test_a_walk_in_is_registered_on_site_with_consent_and_checked_in_for_the_day(event):
    staff = UserFactory()
    today = timezone.localdate()

    result = walkins.register_walk_in(event=event, person=_person(), by=staff, day=today)

    registration = result.registration
    assert (result.created, result.checked_in) == (True, True)
    assert registration.channel == Registration.Channel.ON_SITE
    assert registration.status == Registration.Status.CONFIRMED
    assert (registration.consent_version, bool(registration.consented_at)) == ("3", True)
    assert list(Attendance.objects.values_list("registration", "day", "session", "checked_in_by")) == [
        (registration.pk, today, None, staff.pk)
    ]
    assert not EmailLog.objects.exists()  # no address, no e-mail


def test_walk_ins_without_an_e_mail_are_different_people(event):
    first = walkins.register_walk_in(event=event, person=_person(), by=None, day=timezone.localdate())
    second = walkins.register_walk_in(
        event=event, person=_person(first_name="Iryna"), by=None, day=timezone.localdate()
    )

    assert second.created is True
    assert second.registration != first.registration
    assert Registration.objects.filter(event=event, channel=Registration.Channel.ON_SITE).count() == 2


def test_a_walk_in_with_the_e_mail_of_someone_registered_is_not_registered_twice(event):
    registered = RegistrationFactory(event=event, email="olena@example.org")

    result = walkins.register_walk_in(
        event=event, person=_person(email="OLENA@example.org"), by=None, day=timezone.localdate()
    )

    assert (result.registration, result.created, result.checked_in) == (registered, False, False)
    assert Registration.objects.filter(event=event).count() == 1


def test_a_walk_in_at_a_full_event_goes_to_the_waiting_list_and_is_not_checked_in(event):
    event.capacity, event.waitlist_enabled = 1, True
    event.save()
    RegistrationFactory(event=event)

    result = walkins.register_walk_in(event=event, person=_person(), by=None, day=timezone.localdate())

    assert result.registration.status == Registration.Status.WAITLISTED
    assert result.checked_in is False
    assert not Attendance.objects.exists()


def test_a_walk_in_takes_the_chosen_sessions_within_their_capacity(event):
    workshop = SessionFactory(event=event, title="Warsztat", is_selectable=True, capacity=1)
    walkins.register_walk_in(
        event=event, person=_person(session_ids=[workshop.pk]), by=None, day=timezone.localdate()
    )
    event.waitlist_enabled = False
    event.save()

    with pytest.raises(services.SessionFull):
        walkins.register_walk_in(
            event=event,
            person=_person(first_name="Iryna", session_ids=[workshop.pk]),
            by=None,
            day=timezone.localdate(),
        )
    assert SessionSeat.objects.get(session=workshop).registration.first_name == "Ołena"


def test_the_day_attendance_list_marks_walk_ins_as_registered_on_site(event):
    walkins.register_walk_in(event=event, person=_person(), by=None, day=timezone.localdate())
    RegistrationFactory(event=event, first_name="Jan", last_name="Online")

    with translation.override("en"):
        html = attendance_lists.render_html(event=event, day=timezone.localdate(), show_attendance=True)

    row = html[html.index("Szewczenko Ołena") : html.index("</tr>", html.index("Szewczenko Ołena"))]
    assert "on-site registration" in row and "✓" in row
    online = html[html.index("Online Jan") : html.index("</tr>", html.index("Online Jan"))]
    assert "on-site registration" not in online


def _checkin_url(event):
    return reverse("admin:registrations_registration_checkin", args=[event.pk])


def _walk_in_url(event):
    return reverse("admin:registrations_registration_walk_in", args=[event.pk])


def test_the_check_in_page_links_the_walk_in_form(client, event):
    client.force_login(organizer(event.organization))

    page = client.get(_checkin_url(event)).content.decode()

    assert f'href="{_walk_in_url(event)}?point=day%3A{timezone.localdate().isoformat()}"' in page


def test_walk_in_form_registers_checks_in_and_returns_to_the_check_in_page(client, event):
    workshop = SessionFactory(event=event, title="Warsztat", is_selectable=True)
    client.force_login(organizer(event.organization))
    point = f"day:{timezone.localdate().isoformat()}"

    form = client.get(_walk_in_url(event), {"point": point})
    response = client.post(
        _walk_in_url(event),
        {
            "point": point,
            "first_name": "Ołena",
            "last_name": "Szewczenko",
            "organization": "Fundacja Ocalenie",
            "email": "",
            "sessions": [str(workshop.pk)],
            "consent": "on",
        },
        follow=True,
    )

    assert "Warsztat" in form.content.decode()
    registration = Registration.objects.get(event=event)
    assert response.redirect_chain == [(f"{_checkin_url(event)}?point=day%3A{point[4:]}", 302)]
    assert "Ołena Szewczenko" in response.content.decode()
    assert registration.channel == Registration.Channel.ON_SITE
    assert SessionSeat.objects.get(registration=registration).session == workshop
    assert Attendance.objects.filter(registration=registration, session=None).count() == 1


def test_walk_in_form_keeps_the_input_and_shows_the_error_next_to_the_field(client, event):
    client.force_login(organizer(event.organization))

    response = client.post(
        _walk_in_url(event), {"first_name": "Ołena", "last_name": "", "organization": "Fundacja Ocalenie"}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"last_name", "consent"}
    assert 'value="Fundacja Ocalenie"' in response.content.decode()
    assert not Registration.objects.exists()


def test_walk_in_form_is_for_editors_of_the_event_only(client, event):
    client.force_login(organizer(EventFactory().organization))

    assert client.get(_walk_in_url(event)).status_code == 404


def test_overview_and_export_count_walk_ins_separately(client, event):
    walkins.register_walk_in(event=event, person=_person(), by=None, day=timezone.localdate())
    RegistrationFactory(event=event, last_name="Online")
    user = organizer(event.organization)
    client.force_login(user)

    with translation.override("en"):
        overview = client.get(reverse("admin:registrations_registration_event_overview", args=[event.pk]))
        response = exports.export_response(
            user=user,
            registrations=Registration.objects.filter(event=event),
            keys=["last_name", "channel"],
            fmt="csv",
            filename="x",
        )
        text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")

    assert (overview.context["walk_ins"], overview.context["walk_ins_came"]) == (1, 1)
    assert "Registered on site" in overview.content.decode()
    assert list(csv.reader(io.StringIO(text))) == [
        ["last name", "registered through"],
        ["Online", "online form"],
        ["Szewczenko", "registered on site"],
    ]
    assert checkin.event_days(event) == [timezone.localdate()]


def test_the_attendee_list_filters_walk_ins_and_their_page_says_they_registered_on_site(client, event):
    walk_in = walkins.register_walk_in(event=event, person=_person(), by=None, day=timezone.localdate())
    RegistrationFactory(event=event, last_name="Online")
    client.force_login(organizer(event.organization))

    with translation.override("en"):
        listed = client.get(
            reverse("admin:registrations_registration_changelist"), {"channel__exact": "on_site"}
        )
        page = client.get(reverse("admin:registrations_registration_change", args=[walk_in.registration.pk]))

    assert [row.pk for row in listed.context["cl"].result_list] == [walk_in.registration.pk]
    assert "on site" in page.content.decode()


def test_an_organizer_registering_at_the_door_is_the_approval(event):
    event.approval_required = True
    event.save()

    result = walkins.register_walk_in(event=event, person=_person(), by=None, day=timezone.localdate())

    assert (result.registration.status, result.checked_in) == (Registration.Status.CONFIRMED, True)


def test_the_online_form_still_needs_approval_and_an_open_registration(event):
    event.approval_required = True
    event.registration_closes_at = None
    event.save()
    consent = services.ConsentData(version="3", text_sha256="x")

    before = event.starts_at - dt.timedelta(days=1)
    online = services.register(
        event=event, contact=_person(email="a@example.org"), consent=consent, now=before
    )

    assert online.registration.status == Registration.Status.PENDING
    assert online.registration.channel == Registration.Channel.ONLINE
    with pytest.raises(services.RegistrationClosed):  # the event has begun
        services.register(event=event, contact=_person(email="b@example.org"), consent=consent)
