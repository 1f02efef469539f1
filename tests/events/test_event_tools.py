"""Every organizer tool of an event is linked from its change page and from its row in the event list."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event
from organizations.models import Membership
from organizations.permissions import ensure_organizer_group
from tests.factories import (
    EventFactory,
    MembershipFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

TOOL_LABELS = [
    "Public page",
    "Registration form",
    "Preview the form as a participant",
    "Agenda",
    "Edit the registration form",
    "Attendee list",
    "Overview",
    "Statistics",
    "Export",
    "Attendance lists (PDF)",
    "Check-in",
    "Messages to attendees",
    "Import from Google Forms",
    "Personal data requests",
]


def organizer_client(organization, role=Membership.Role.EDITOR) -> Client:
    membership = MembershipFactory(organization=organization, role=role)
    membership.user.groups.add(ensure_organizer_group())
    client = Client(headers={"accept-language": "en"})
    client.force_login(membership.user)
    return client


def test_event_change_page_links_every_tool_and_each_opens_for_an_organizer():
    event = EventFactory(title="Kielce")
    RegistrationFormFactory(event=event)
    RegistrationFactory(event=event)
    client = organizer_client(event.organization)

    page = client.get(reverse("admin:events_event_change", args=[event.pk]))
    tools = [tool for group in page.context["event_tools"] for tool in group.tools]
    with translation.override("en"):
        labels = [str(tool.label) for tool in tools]
    opened = {
        label: client.get(tool.url, follow=True).status_code
        for label, tool in zip(labels, tools, strict=True)
    }

    assert labels == TOOL_LABELS
    assert opened == dict.fromkeys(TOOL_LABELS, 200)
    content = page.content.decode()
    assert all(f'href="{tool.url}"' in content for tool in tools)


def test_event_list_row_carries_the_tools():
    event = EventFactory(title="Kielce")
    client = organizer_client(event.organization)

    content = client.get(reverse("admin:events_event_changelist")).content.decode()

    assert reverse("admin:registrations_registration_checkin", args=[event.pk]) in content
    assert reverse("admin:events_event_form_preview", args=[event.pk]) in content


def test_form_link_opens_the_form_builder_or_starts_a_form_for_the_event():
    with_form = EventFactory()
    form = RegistrationFormFactory(event=with_form)
    without_form = EventFactory(organization=with_form.organization)
    client = organizer_client(with_form.organization)

    existing = client.get(reverse("admin:events_event_form", args=[with_form.pk]))
    new = client.get(reverse("admin:events_event_form", args=[without_form.pk]))

    assert existing.url == reverse("admin:registrations_registrationform_change", args=[form.pk])
    assert new.url == reverse("admin:registrations_registrationform_add") + f"?event={without_form.pk}"


def test_participant_preview_shows_a_draft_form_that_cannot_be_sent():
    event = EventFactory(status=Event.Status.DRAFT)
    RegistrationFormFactory(event=event)
    client = organizer_client(event.organization)
    url = reverse("admin:events_event_form_preview", args=[event.pk])

    page = client.get(url)
    sent = client.post(url, {"first_name": "Anna"})

    assert page.status_code == 200
    content = page.content.decode()
    assert "Podgląd: tak formularz widzą uczestnicy" in content
    assert 'class="btn btn-primary btn-lg" disabled>' in content
    assert sent.status_code == 405
    assert event.registrations.count() == 0


def test_tools_of_another_organizations_event_are_not_found():
    event = EventFactory()
    client = organizer_client(EventFactory().organization)

    preview = client.get(reverse("admin:events_event_form_preview", args=[event.pk]))
    form = client.get(reverse("admin:events_event_form", args=[event.pk]))

    assert (preview.status_code, form.status_code) == (404, 404)


def test_attendance_lists_page_offers_each_day_and_session_in_one_click():
    event = EventFactory(title="Kielce")
    workshop = SessionFactory(event=event, title="Warsztat prawny")
    client = organizer_client(event.organization)
    url = reverse("admin:registrations_registration_attendance_list", args=[event.pk])
    day = event.starts_at.astimezone(timezone.get_current_timezone()).date()

    content = client.get(url).content.decode()
    day_list = client.get(f"{url}?day={day.isoformat()}")
    session_list = client.get(f"{url}?session={workshop.pk}")

    assert f'href="?day={day.isoformat()}"' in content
    assert f'href="?session={workshop.pk}"' in content
    assert (day_list["Content-Type"], session_list["Content-Type"]) == ("application/pdf", "application/pdf")
