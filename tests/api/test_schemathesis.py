"""Schemathesis against /api/schema/: generated requests to every operation get no 5xx and no answer
outside the schema. Kept to a few examples per operation so the whole run takes about a minute."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from api.models import ApiToken
from api.throttling import ClientAddressThrottle
from api.tokens import assign_new_key
from config.wsgi import application
from tests.factories import (
    EventFactory,
    MembershipFactory,
    RegistrationFactory,
    SeriesFactory,
    SessionFactory,
    SessionRoleFactory,
)

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(autouse=True)
def wsgi_calls(db, monkeypatch):
    # The per-address limit would answer most generated requests with 429.
    monkeypatch.setattr(ClientAddressThrottle, "THROTTLE_RATES", {"client_address": "1000000/min"})
    # As Django's test client does: the WSGI handler would otherwise close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def organizer_key(db):
    member = MembershipFactory()
    event = EventFactory(
        organization=member.organization, series=SeriesFactory(organization=member.organization)
    )
    block = SessionFactory(event=event, kind="other", capacity=5)
    SessionFactory(event=event, parent=block, starts_at=block.starts_at, ends_at=block.ends_at)
    SessionRoleFactory(session=block, is_confirmed=False)
    RegistrationFactory(event=event, accessibility_needs="wózek")
    token = ApiToken(user=member.user, name="schemathesis", can_check_in=True)
    key = assign_new_key(token)
    token.save()
    return key


# Built from the code at collection: the schema view reads no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_within_its_schema(case, organizer_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {organizer_key}"}, checks=CHECKS)
