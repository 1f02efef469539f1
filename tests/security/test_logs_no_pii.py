"""Logs hold primary keys, never names, e-mail addresses, phone numbers, answers or secret links.

Every logger is captured at DEBUG while a person registers (e-mails sent eagerly), opens, edits and
cancels through the secret link, hits a dead link, and an organizer works in the admin. Loggers whose
level LOGGING caps on purpose keep it: django.db.backends (SQL parameters, only with DEBUG on) and
django.template (failed lookups logged with the whole template context).
"""

import logging
import re
import secrets
import time
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from registrations.forms.questions import consent_digest
from registrations.models import Registration
from registrations.tokens import issue_form_token
from tests.factories import EventFactory, QuestionFactory, RegistrationFormFactory, UserFactory

from .conftest import new_marker, unique_address

pytestmark = pytest.mark.django_db

# Loggers whose level the settings cap on purpose: they would log SQL parameters or template contexts.
CAPPED_LOGGERS = {name for name, config in settings.LOGGING["loggers"].items() if "level" in config}
MANAGE_LINK = re.compile(r"/manage/([A-Za-z0-9_-]{20,100})/")


@pytest.fixture
def all_logs(caplog):
    """caplog at DEBUG on the root logger and every named logger, except those the settings cap."""
    levels = {}
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and not name.startswith(tuple(CAPPED_LOGGERS)):
            levels[name] = logger.level
            logger.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def log_text(caplog) -> str:
    """Every captured record as a handler would write it, plus its raw arguments and extras."""
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_text:
            parts.append(record.exc_text)
        parts.append(repr({key: value for key, value in vars(record).items() if key not in {"args", "msg"}}))
    return "\n".join(parts)


def random_phone() -> str:
    digits = f"{int(uuid.uuid4().hex[:12], 16) % 10**9:09d}"
    return f"+48 {digits[:3]} {digits[3:6]} {digits[6:]}"


def test_registering_managing_and_admin_work_log_no_personal_data(
    all_logs, django_capture_on_commit_callbacks
):
    event = EventFactory()
    form = RegistrationFormFactory(event=event, asks_diet=True)
    question = QuestionFactory(form=form, label="Skąd wiesz o spotkaniu?")
    markers = {
        name: new_marker(name) for name in ("first", "last", "org", "position", "access", "diet", "other")
    }
    markers["email"] = f"{new_marker('mail').lower()}@example.org"
    markers["phone"] = random_phone()
    markers["answer"] = new_marker("answer")
    client = Client(REMOTE_ADDR=unique_address())
    register_path = reverse("registrations:register", kwargs={"slug": event.slug})
    data = {
        "form_token": issue_form_token(event_id=event.pk, issued_at=time.time() - 60),
        "website": "",
        "first_name": markers["first"],
        "last_name": markers["last"],
        "email": markers["email"],
        "organization": markers["org"],
        "position": markers["position"],
        "phone": markers["phone"],
        "language": "pl",
        "accessibility_needs": markers["access"],
        "dietary_needs": markers["diet"],
        "other_needs": markers["other"],
        f"q_{question.pk}": markers["answer"],
        "consent": "on",
        "consent_digest": consent_digest(form.consent_text),
        "attendee-TOTAL_FORMS": "0",
        "attendee-INITIAL_FORMS": "0",
    }

    client.get(register_path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_path, data)
    registration = Registration.objects.get(event=event)
    [token] = {match for message in mail.outbox for match in MANAGE_LINK.findall(message.body)}
    manage = reverse("registrations:manage", kwargs={"token": token})
    client.get(manage)
    client.get(reverse("registrations:manage_edit", kwargs={"token": token}))
    client.get(reverse("registrations:manage_cancel", kwargs={"token": token}))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registrations:manage_cancel", kwargs={"token": token}))
    gone = client.get(manage)
    wrong = client.get(reverse("registrations:manage", kwargs={"token": secrets.token_urlsafe(32)}))
    client.post(reverse("account_login"), {"login": markers["email"], "password": "wrong-password"})
    client.post(reverse("account_login"), {"login": markers["first"], "password": "wrong-password"})
    organizer = Client(REMOTE_ADDR=unique_address())
    organizer.force_login(UserFactory(username="logs-admin", is_staff=True, is_superuser=True))
    organizer.get(reverse("admin:registrations_registration_changelist"), {"q": markers["last"]})
    organizer.get(reverse("admin:registrations_registration_change", args=[registration.pk]))
    organizer.get(reverse("admin:registrations_registration_change", args=[registration.pk + 1000]))
    organizer.get(reverse("admin:registrations_registration_changelist"), {"q": markers["email"], "bad": "1"})

    assert response.status_code == 302
    assert gone.status_code == 410
    assert wrong.status_code == 404
    assert [message.subject.split(":")[0] for message in mail.outbox] == [
        "Rejestracja potwierdzona",
        "Rejestracja anulowana",
    ]
    assert len(all_logs.records) > 0
    text = log_text(all_logs)
    leaked = {name: value for name, value in markers.items() if value.lower() in text.lower()}
    assert leaked == {}
    assert token not in text
    assert registration.public_id.hex not in text.replace("-", "")
