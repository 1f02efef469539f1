import datetime as dt
import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from attendees import privacy
from attendees.models import AccessLog, Attendance
from attendees.tasks import purge_expired_personal_data_task
from mail.models import EmailLog
from registrations.models import Answer, Registration, SessionSeat
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    SessionFactory,
)

from .attendee_helpers import organizer

pytestmark = pytest.mark.django_db

MARKER = "Qxzmarker"
EMAIL = "qxzmarker@example.org"


def _marker_hits() -> int:
    """Rows in every table of the portal whose text columns contain the marker."""
    hits = 0
    for model in apps.get_models():
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        if not text_fields:
            continue
        query = models.Q()
        for name in text_fields:
            query |= models.Q(**{f"{name}__icontains": MARKER})
        hits += model._default_manager.filter(query).count()
    return hits


def _person(event, **kwargs):
    question = QuestionFactory(form=RegistrationFormFactory(event=event), label="Uwagi")
    registration = RegistrationFactory(
        event=event,
        first_name=f"{MARKER}Anna",
        last_name=f"{MARKER}Nowak",
        email=EMAIL,
        phone="+48 600 000 000",
        organization_name=f"{MARKER} Fundacja",
        accessibility_needs=f"{MARKER} wózek",
        **kwargs,
    )
    Answer.objects.create(registration=registration, question=question, value=f"{MARKER} odpowiedź")
    session = SessionFactory(event=event)
    SessionSeat.objects.create(registration=registration, session=session)
    Attendance.objects.create(registration=registration, day=timezone.localdate(event.starts_at))
    EmailLog.objects.create(
        registration=registration,
        event=event,
        recipient=EMAIL,
        kind="registered",
        subject=f"{MARKER} temat",
    )
    return registration


@pytest.fixture
def person_in_two_organizations():
    org_a, org_b = OrganizationFactory(), OrganizationFactory()
    events_a = [EventFactory(organization=org_a) for _ in range(3)]
    event_b = EventFactory(organization=org_b)
    for event in events_a:
        _person(event)
    _person(event_b)
    return org_a, org_b, events_a, event_b


def test_export_person_has_every_stored_field_and_only_own_organizations(person_in_two_organizations):
    org_a, _org_b, events_a, event_b = person_in_two_organizations
    user = organizer(org_a, sensitive=True)

    data = privacy.export_person(email=EMAIL.upper(), user=user)

    assert sorted(item["event"]["id"] for item in data["registrations"]) == sorted(e.pk for e in events_a)
    first = data["registrations"][0]
    stored = {field.name for field in Registration._meta.concrete_fields} - {"manage_token_hash"}
    assert stored <= set(first)
    assert first["answers"] == [{"question": "Uwagi", "value": f"{MARKER} odpowiedź", "choices": []}]
    assert len(first["sessions"]) == 1 and len(first["attendance"]) == 1
    assert first["emails"][0]["subject"] == f"{MARKER} temat"
    assert first["consents"]["participant_list"] is False
    assert event_b.pk not in [item["event"]["id"] for item in data["registrations"]]
    json.dumps(data)
    assert AccessLog.objects.filter(user=user, action="privacy_export").count() == 3


def test_export_person_hides_sensitive_answers_without_permission(person_in_two_organizations):
    org_a, *_rest = person_in_two_organizations

    data = privacy.export_person(email=EMAIL, user=organizer(org_a))

    assert {item["accessibility_needs"] for item in data["registrations"]} == {None}


def test_erase_person_leaves_no_marker_in_the_database_and_keeps_counts():
    event = EventFactory()
    _person(event)
    RegistrationFactory(event=event)
    user = organizer(event.organization)
    counts_before = dict(Registration.objects.values_list("status").annotate(n=models.Count("pk")))

    erased = privacy.erase_person(email=EMAIL, user=user)
    again = privacy.erase_person(email=EMAIL, user=user)

    assert (erased, again) == (1, 0)
    assert _marker_hits() == 0
    assert dict(Registration.objects.values_list("status").annotate(n=models.Count("pk"))) == counts_before
    assert Attendance.objects.count() == 1 and SessionSeat.objects.count() == 1
    assert EmailLog.objects.count() == 0
    log = AccessLog.objects.get(action="privacy_erase")
    assert log.detail == privacy.email_hash(EMAIL)


def test_erase_person_does_not_touch_another_organization(person_in_two_organizations):
    org_a, _org_b, _events_a, event_b = person_in_two_organizations

    privacy.erase_person(email=EMAIL, user=organizer(org_a))

    assert Registration.objects.get(event=event_b).email == EMAIL
    assert Registration.objects.filter(email=EMAIL).count() == 1


def test_erase_person_needs_an_editing_role():
    event = EventFactory()
    _person(event)

    erased = privacy.erase_person(email=EMAIL, user=organizer(event.organization, role="viewer"))

    assert erased == 0
    assert Registration.objects.get().email == EMAIL


def _ended_event(days_ago: int, **kwargs):
    end = timezone.now() - dt.timedelta(days=days_ago)
    return EventFactory(starts_at=end - dt.timedelta(hours=6), ends_at=end, **kwargs)


def test_purge_keeps_data_until_the_retention_period_ends(settings):
    settings.DATA_RETENTION_DAYS = 30
    before = _ended_event(29)
    _person(before)

    assert privacy.purge_expired_personal_data() == 0
    assert Registration.objects.get().email == EMAIL


def test_purge_anonymizes_events_past_retention_and_is_idempotent(settings):
    settings.DATA_RETENTION_DAYS = 30
    expired, recent = _ended_event(31), _ended_event(5)
    _person(expired)
    kept = RegistrationFactory(event=recent, email="kept@example.org")

    first = purge_expired_personal_data_task.apply().get()
    second = privacy.purge_expired_personal_data()

    assert (first, second) == (1, 0)
    purged = Registration.objects.get(event=expired)
    assert purged.anonymized_at is not None and purged.email == "" and purged.status == "confirmed"
    assert EmailLog.objects.filter(event=expired).count() == 0
    assert Registration.objects.get(pk=kept.pk).email == "kept@example.org"


def test_purge_uses_the_events_own_retention(settings):
    settings.DATA_RETENTION_DAYS = 365
    short = _ended_event(8, retention_days=7)
    _person(short)

    assert privacy.purge_expired_personal_data() == 1


def test_privacy_view_exports_json_and_erases_only_own_data(client, person_in_two_organizations):
    org_a, _org_b, _events_a, event_b = person_in_two_organizations
    client.force_login(organizer(org_a))
    url = reverse("admin:registrations_registration_privacy")

    exported = client.post(url, {"email": EMAIL, "export": "1"})
    refused = client.post(url, {"email": EMAIL, "erase": "1"})
    left_after_refusal = Registration.objects.filter(email=EMAIL).count()
    erased = client.post(url, {"email": EMAIL, "erase": "1", "confirm": "on"})

    assert exported.status_code == 200
    assert len(json.loads(exported.content)["registrations"]) == 3
    assert (refused.status_code, left_after_refusal) == (200, 4)
    assert erased.status_code == 302
    assert list(Registration.objects.filter(email=EMAIL).values_list("event_id", flat=True)) == [event_b.pk]


def test_privacy_view_is_forbidden_for_staff_without_an_organization(client):
    user = organizer(OrganizationFactory(), role="viewer")
    client.force_login(user)

    response = client.get(reverse("admin:registrations_registration_privacy"))

    assert response.status_code == 403
