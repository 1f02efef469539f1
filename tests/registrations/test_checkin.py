import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from attendees import checkin
from attendees.models import Attendance
from registrations import tokens
from registrations import tokens as registrations_tokens
from registrations.models import Answer, Registration
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSeatFactory,
    UserFactory,
)

from .attendee_helpers import organizer, question, two_organizations

pytestmark = pytest.mark.django_db


def test_check_in_records_once_and_warns_on_the_second_time():
    registration = RegistrationFactory()
    staff = UserFactory()

    first = checkin.check_in(registration=registration, by=staff)
    second = checkin.check_in(registration=registration, by=staff)

    assert (first.created, second.created) == (True, False)
    assert second.attendance.pk == first.attendance.pk
    assert second.attendance.checked_in_at == first.attendance.checked_in_at
    assert Attendance.objects.count() == 1


def test_check_in_per_session_is_separate_from_the_day():
    registration = RegistrationFactory()
    session = SessionFactory(event=registration.event)
    staff = UserFactory()

    checkin.check_in(registration=registration, by=staff)
    result = checkin.check_in(registration=registration, by=staff, session=session)

    assert result.created is True
    assert result.attendance.day == timezone.localdate(session.starts_at)
    assert Attendance.objects.filter(registration=registration).count() == 2


def test_check_in_into_a_session_the_person_did_not_choose_asks_first():
    registration = RegistrationFactory(first_name="Ołena", last_name="Szewczenko")
    chosen = SessionFactory(event=registration.event, is_selectable=True, title="Warsztat A")
    other = SessionFactory(event=registration.event, is_selectable=True, title="Warsztat B")
    SessionSeatFactory(registration=registration, session=chosen)
    staff = UserFactory()

    with pytest.raises(checkin.SessionNotChosen) as refused:
        checkin.check_in(registration=registration, by=staff, session=other)
    assert not Attendance.objects.exists()
    assert "Ołena Szewczenko" in str(refused.value) and "Warsztat B" in str(refused.value)

    assert checkin.check_in(registration=registration, by=staff, session=chosen).created is True
    anyway = checkin.check_in(registration=registration, by=staff, session=other, outside_choice=True)
    assert anyway.created is True
    assert Attendance.objects.filter(registration=registration).count() == 2


def test_checkin_page_warns_about_an_unchosen_session_and_checks_in_when_confirmed(client):
    registration = RegistrationFactory(first_name="Ołena", last_name="Szewczenko")
    other = SessionFactory(event=registration.event, is_selectable=True, title="Warsztat B")
    client.force_login(organizer(registration.event.organization))
    url = reverse("admin:registrations_registration_checkin", args=[registration.event.pk])
    point = f"session:{other.pk}"
    code = registrations_tokens.checkin_code(registration)

    asked = client.post(url, {"point": point, "code": code})

    assert asked.context["outcome"]["level"] == "warning"
    assert asked.context["outcome"]["confirm"] is True
    assert not Attendance.objects.exists()
    page = asked.content.decode()
    assert 'name="outside_choice"' in page and f'value="{registration.public_id}"' in page

    done = client.post(
        url, {"point": point, "registration": str(registration.public_id), "outside_choice": "1"}
    )

    assert done.context["outcome"]["level"] == "success"
    assert Attendance.objects.get(registration=registration).session == other


def test_check_in_refuses_people_who_are_not_confirmed():
    registration = RegistrationFactory(status=Registration.Status.WAITLISTED, waitlist_position=1)

    with pytest.raises(checkin.CheckInRefused):
        checkin.check_in(registration=registration, by=None)

    assert Attendance.objects.count() == 0


def test_check_in_refuses_a_day_outside_the_event():
    registration = RegistrationFactory()
    outside = timezone.localdate(registration.event.ends_at) + dt.timedelta(days=3)

    with pytest.raises(checkin.CheckInRefused):
        checkin.check_in(registration=registration, by=None, day=outside)


def test_undo_check_in_removes_the_record():
    registration = RegistrationFactory()
    checkin.check_in(registration=registration, by=None)

    assert checkin.undo_check_in(registration=registration) is True
    assert checkin.undo_check_in(registration=registration) is False
    assert Attendance.objects.count() == 0


def test_checkin_code_is_found_even_when_typed_sloppily():
    registration = RegistrationFactory()
    RegistrationFactory(event=registration.event)
    code = tokens.checkin_code(registration)

    typed = code.lower().replace("-", " ")

    assert checkin.find_by_code(event=registration.event, code=typed) == registration
    assert checkin.find_by_code(event=EventFactory(), code=code) is None
    assert checkin.find_by_code(event=registration.event, code="AAAAA-AAAAA") is None


def test_checkin_qr_svg_is_an_svg_image():
    svg = tokens.checkin_qr_svg(RegistrationFactory())

    assert svg.startswith("<svg ")  # inline in HTML: no XML declaration
    assert "<path" in svg


def test_checkin_page_checks_in_by_code_and_warns_the_second_time(client):
    registration = RegistrationFactory(first_name="Ołena", last_name="Szewczenko")
    client.force_login(organizer(registration.event.organization))
    url = reverse("admin:registrations_registration_checkin", args=[registration.event.pk])
    code = tokens.checkin_code(registration)

    first = client.post(url, {"code": code})
    second = client.post(url, {"code": code})

    assert first.status_code == 200
    assert first.context["outcome"]["level"] == "success"
    assert second.context["outcome"]["level"] == "warning"
    assert Attendance.objects.filter(registration=registration).count() == 1
    assert f'value="{registration.public_id}"' in second.content.decode()


def test_checkin_page_search_by_name_and_undo(client):
    registration = RegistrationFactory(first_name="Ołena", last_name="Szewczenko")
    client.force_login(organizer(registration.event.organization))
    url = reverse("admin:registrations_registration_checkin", args=[registration.event.pk])

    found = client.get(url, {"q": "szewcz"})
    client.post(url, {"registration": str(registration.public_id)})
    client.post(url, {"registration": str(registration.public_id), "undo": "1"})

    assert [item[0] for item in found.context["found"]] == [registration]
    assert Attendance.objects.count() == 0


def test_checkin_page_of_another_organization_is_404(client):
    org_a, _org_b, _event_a, event_b = two_organizations()
    client.force_login(organizer(org_a))
    url = reverse("admin:registrations_registration_checkin", args=[event_b.pk])
    registration_b = event_b.registrations.get()

    assert client.get(url).status_code == 404
    assert client.post(url, {"code": tokens.checkin_code(registration_b)}).status_code == 404
    assert Attendance.objects.count() == 0


def test_checkin_page_does_not_check_in_another_events_registration(client):
    org_a, _org_b, event_a, event_b = two_organizations()
    client.force_login(organizer(org_a))
    url = reverse("admin:registrations_registration_checkin", args=[event_a.pk])
    registration_b = event_b.registrations.get()

    response = client.post(url, {"code": tokens.checkin_code(registration_b)})
    by_id = client.post(url, {"registration": str(registration_b.public_id)})

    assert response.context["outcome"]["level"] == "danger"
    assert by_id.context["outcome"]["level"] == "danger"
    assert Attendance.objects.count() == 0


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_check_in_from_two_doors_at_once_records_one_attendance():
    registration = RegistrationFactory()
    doors = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def door(staff):
        try:
            barrier.wait()
            results.append(checkin.check_in(registration=registration, by=staff))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=door, args=(staff,)) for staff in doors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(result.created for result in results) == [False, True]
    assert Attendance.objects.filter(registration=registration).count() == 1
    assert results[0].attendance.pk == results[1].attendance.pk


def test_checkin_page_counts_the_people_expected_on_that_day(client):
    event = EventFactory()
    event.ends_at = event.starts_at + dt.timedelta(days=1, hours=2)
    event.save()
    first, second = checkin.event_days(event)
    days = question(event, label="Dni", kind="multiple_choice")
    day_two = ChoiceFactory(question=days, label="Dzień II", day=second)
    ChoiceFactory(question=days, label="Dzień I", day=first)
    Answer.objects.create(registration=RegistrationFactory(event=event), question=days).choices.set([day_two])
    RegistrationFactory(event=event)
    client.force_login(organizer(event.organization))
    url = reverse("admin:registrations_registration_checkin", args=[event.pk])

    on_first = client.get(url, {"point": f"day:{first.isoformat()}"})
    on_second = client.get(url, {"point": f"day:{second.isoformat()}"})

    assert (on_first.context["confirmed_count"], on_second.context["confirmed_count"]) == (1, 2)
