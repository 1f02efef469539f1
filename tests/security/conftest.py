"""Fixtures shared by the cross-cutting security tests."""

import io
import uuid

import pytest
from django.core.management import call_command
from django.test import Client

# The demo site on a live server, as tests/e2e uses it.
from tests.e2e.conftest import demo_site  # noqa: F401


def unique_address() -> str:
    """A client address of its own, so per-IP counters never carry over between tests or runs."""
    random_bytes = uuid.uuid4().bytes
    return f"10.{random_bytes[0]}.{random_bytes[1]}.{random_bytes[2]}"


@pytest.fixture
def client():
    return Client(REMOTE_ADDR=unique_address())


@pytest.fixture
def demo(db):
    """The five demo events with their organizations and organizer accounts."""
    call_command("load_demo", stdout=io.StringIO())


def new_marker(label: str) -> str:
    """A string found nowhere else: planted in an input and searched for in outputs."""
    return f"Zq{label}{uuid.uuid4().hex[:10]}"


def plant_registrant(event, *, status=None, consents_to_participant_list=False) -> list[str]:
    """A registration with a marker in every field a registrant fills in; returns the markers."""
    from registrations.models import Answer, Question, Registration
    from registrations.tokens import manage_token_hash_for
    from tests.factories import RegistrationFactory

    markers = {
        field: new_marker(field.replace("_", ""))
        for field in (
            "first_name",
            "last_name",
            "organization_name",
            "position",
            "phone",
            "interpretation_language",
            "accessibility_needs",
            "dietary_needs",
            "other_needs",
            "email",
        )
    }
    registration = RegistrationFactory(
        event=event,
        status=status or Registration.Status.CONFIRMED,
        consents_to_participant_list=consents_to_participant_list,
        **{field: value for field, value in markers.items() if field != "email"},
        email=f"{markers['email'].lower()}@example.org",
    )
    registration.manage_token_hash = manage_token_hash_for(registration)
    registration.save(update_fields=["manage_token_hash"])
    for question in Question.objects.filter(form__event=event):
        marker = new_marker("answer")
        Answer.objects.create(registration=registration, question=question, value=marker)
        markers[f"answer{question.pk}"] = marker
    return list(markers.values())
