import datetime as dt
import hashlib
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.tokens import assign_new_key
from attendees.models import AccessLog, Attendance
from organizations.models import Membership
from registrations.models import Answer, Registration
from registrations.tokens import checkin_code
from tests.factories import EventFactory, MembershipFactory, QuestionFactory, RegistrationFactory

from .conftest import unique_address

pytestmark = pytest.mark.django_db


def make_token(user, **fields) -> str:
    token = ApiToken(user=user, name="door", **{"can_check_in": True, **fields})
    key = assign_new_key(token)
    token.save()
    return key


def api(key: str | None = None) -> Client:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return Client(REMOTE_ADDR=unique_address(), **headers)


@pytest.fixture
def member():
    return MembershipFactory(role=Membership.Role.EDITOR)


def test_token_is_created_in_admin_shown_once_and_stored_hashed(member, client):
    client.force_login(member.user)

    response = client.post(
        "/admin/api/apitoken/add/",
        {
            "name": "Bramka A",
            "can_read_registrations": "on",
            "expires_at_0": "2030-01-01",
            "expires_at_1": "10:00",
        },
    )
    listing = client.get("/admin/api/apitoken/")

    key = response.context["key"]
    token = ApiToken.objects.get()
    assert response.status_code == 200
    assert key in response.content.decode()
    assert (token.user, token.can_read_registrations, token.can_check_in) == (member.user, True, False)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in listing.content.decode()
    assert key not in client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()


def test_token_reads_own_registrations_and_nothing_of_another_organization(member):
    own = RegistrationFactory(event=EventFactory(organization=member.organization), first_name="Ola")
    foreign = RegistrationFactory(first_name="Obca")
    client = api(make_token(member.user))

    events = client.get("/api/v1/organizer/events/").json()["results"]
    mine = client.get(f"/api/v1/organizer/events/{own.event_id}/registrations/")
    guessed = [
        client.get(f"/api/v1/organizer/events/{foreign.event_id}/{what}/").status_code
        for what in ("registrations", "attendance")
    ]
    checkin = client.post(
        f"/api/v1/organizer/events/{foreign.event_id}/check-in/",
        {"registration": str(foreign.public_id)},
        content_type="application/json",
    )

    assert [event["id"] for event in events] == [own.event_id]
    assert [item["first_name"] for item in mine.json()["results"]] == ["Ola"]
    assert guessed == [404, 404]
    assert checkin.status_code == 404
    assert Attendance.objects.count() == 0


def test_expired_revoked_missing_and_wrong_scope_tokens_are_refused(member):
    event = EventFactory(organization=member.organization)
    url = f"/api/v1/organizer/events/{event.pk}/registrations/"
    expired = make_token(member.user, expires_at=timezone.now() - dt.timedelta(minutes=1))
    revoked = make_token(member.user)
    ApiToken.objects.filter(key_prefix=revoked[:10]).update(revoked_at=timezone.now())
    check_in_only = make_token(member.user, can_read_registrations=False)

    statuses = [api(key).get(url).status_code for key in (expired, revoked, None, "pw_not-a-real-key")]
    wrong_scope = api(check_in_only).get(url)

    assert statuses == [401, 401, 401, 401]
    assert wrong_scope.status_code == 403


def test_sensitive_answers_only_for_members_allowed_to_see_them(member):
    event = EventFactory(organization=member.organization)
    health = QuestionFactory(form__event=event, is_sensitive=True, label="Zdrowie")
    plain = QuestionFactory(form=health.form, label="Warsztat")
    registration = RegistrationFactory(event=event, accessibility_needs="wózek")
    Answer.objects.create(registration=registration, question=health, value="astma")
    Answer.objects.create(registration=registration, question=plain, value="A")
    allowed = MembershipFactory(organization=member.organization, can_view_sensitive_data=True)
    url = f"/api/v1/organizer/events/{event.pk}/registrations/"

    [hidden] = api(make_token(member.user)).get(url).json()["results"]
    [shown] = api(make_token(allowed.user)).get(url).json()["results"]

    assert hidden["accessibility_needs"] is None
    assert [answer["value"] for answer in hidden["answers"]] == ["A"]
    assert "astma" not in str(hidden)
    assert shown["accessibility_needs"] == "wózek"
    assert sorted(answer["value"] for answer in shown["answers"]) == ["A", "astma"]
    assert list(AccessLog.objects.values_list("user", "action")) == [
        (allowed.user.pk, "api_registrations_sensitive")
    ]


def test_check_in_is_idempotent_and_refuses_people_not_confirmed(member):
    event = EventFactory(organization=member.organization, starts_at=timezone.now() - dt.timedelta(hours=1))
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_position=1)
    client = api(make_token(member.user))
    url = f"/api/v1/organizer/events/{event.pk}/check-in/"

    first = client.post(url, {"code": checkin_code(confirmed)}, content_type="application/json")
    again = client.post(url, {"registration": str(confirmed.public_id)}, content_type="application/json")
    refused = client.post(url, {"registration": str(waiting.public_id)}, content_type="application/json")
    unknown = client.post(url, {"code": "AAAAA-AAAAA"}, content_type="application/json")

    assert (first.status_code, first.json()["created"]) == (201, True)
    assert (again.status_code, again.json()["created"]) == (200, False)
    assert again.json()["attendance"]["checked_in_at"] == first.json()["attendance"]["checked_in_at"]
    assert refused.status_code == 409
    assert unknown.status_code == 404
    assert Attendance.objects.filter(registration=confirmed).count() == 1
    assert not Attendance.objects.filter(registration=waiting).exists()


def test_check_in_needs_the_scope_and_an_editing_membership(member):
    viewer = MembershipFactory(organization=member.organization, role=Membership.Role.VIEWER)
    registration = RegistrationFactory(event=EventFactory(organization=member.organization))
    url = f"/api/v1/organizer/events/{registration.event_id}/check-in/"
    body = {"registration": str(registration.public_id)}

    read_only = api(make_token(member.user, can_check_in=False)).post(
        url, body, content_type="application/json"
    )
    by_viewer = api(make_token(viewer.user)).post(url, body, content_type="application/json")

    assert read_only.status_code == 403
    assert by_viewer.status_code == 404
    assert Attendance.objects.count() == 0


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_check_in_from_two_door_apps_at_once_records_one_attendance():
    member = MembershipFactory()
    registration = RegistrationFactory(event=EventFactory(organization=member.organization))
    keys = [make_token(member.user), make_token(member.user)]
    url = f"/api/v1/organizer/events/{registration.event_id}/check-in/"
    barrier = threading.Barrier(2)
    statuses, errors = [], []

    def door(key):
        try:
            client = api(key)
            barrier.wait()
            response = client.post(
                url, {"registration": str(registration.public_id)}, content_type="application/json"
            )
            statuses.append(response.status_code)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=door, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(statuses) == [200, 201]
    assert Attendance.objects.filter(registration=registration).count() == 1
