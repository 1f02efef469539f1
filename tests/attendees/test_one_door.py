"""Every way into the attendee list goes through services.register(): the admin's "add" and the import."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mail.models import EmailLog
from registrations.models import Registration
from registrations.tokens import manage_path_for
from tests.factories import EventFactory, RegistrationFactory
from tests.registrations.attendee_helpers import organizer

pytestmark = pytest.mark.django_db

CSV = (
    "Sygnatura czasowa,Imię i nazwisko,Adres e-mail\n"
    "12.05.2026 10:15:00,Olena Kowalenko,olena@example.org\n"
    "13.05.2026 08:00:00,Jan Łącki,jan@example.org\n"
    "13.05.2026 09:00:00,Iryna Bondar,iryna@example.org\n"
).encode()


def _add_url():
    return reverse("admin:registrations_registration_add")


def _add_data(event, **overrides):
    return {
        "event": event.pk,
        "first_name": "Mariia",
        "last_name": "Shevchenko",
        "email": "mariia@example.org",
        "organization_name": "Fundacja Ocalenie",
        "language": "uk",
        **overrides,
    }


def test_a_registration_added_in_admin_gets_seats_by_the_rules_and_a_working_manage_link(client):
    event = EventFactory(capacity=1, waitlist_enabled=True)
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    client.force_login(organizer(event.organization))

    response = client.post(_add_url(), _add_data(event))

    assert response.status_code == 302
    added = Registration.objects.get(email="mariia@example.org")
    assert (added.channel, added.status, added.waitlist_position) == ("admin", "waitlisted", 1)
    assert added.consent_version == "admin"
    assert list(EmailLog.objects.filter(registration=added).values_list("kind", flat=True)) == ["registered"]
    assert client.get(manage_path_for(added)).status_code == 200


def test_adding_an_address_already_registered_is_refused_next_to_the_field_and_keeps_the_form(client):
    event = EventFactory()
    RegistrationFactory(event=event, email="mariia@example.org")
    client.force_login(organizer(event.organization))

    response = client.post(_add_url(), _add_data(event))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "Adres mariia@example.org jest już zarejestrowany na to wydarzenie."
    ]
    assert response.context["adminform"].form["last_name"].value() == "Shevchenko"
    assert Registration.objects.filter(email="mariia@example.org").count() == 1


def test_a_full_event_without_a_waiting_list_refuses_the_admin_add(client):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    client.force_login(organizer(event.organization))

    response = client.post(_add_url(), _add_data(event))

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["Na to wydarzenie nie ma już miejsc."]
    assert not Registration.objects.filter(email="mariia@example.org").exists()


def _import(client, event, **options):
    url = reverse("admin:registrations_registration_import", args=[event.pk])
    uploaded = client.post(url, {"upload": "1", "file": SimpleUploadedFile("form.csv", CSV, "text/csv")})
    mapping = {f"column_{column['index']}": column["selected"] for column in uploaded.context["columns"]}
    return client.post(url, {**mapping, "import": "1", **options})


def test_imported_people_get_the_confirmation_and_a_manage_link_that_works(client):
    event = EventFactory()
    client.force_login(organizer(event.organization))

    response = _import(client, event)

    assert response.status_code == 302
    imported = Registration.objects.filter(event=event).order_by("created_at")
    assert [(r.channel, r.status) for r in imported] == [("import", "confirmed")] * 3
    assert EmailLog.objects.filter(event=event, kind="registered").count() == 3
    assert all(client.get(manage_path_for(registration)).status_code == 200 for registration in imported)


def test_import_keeps_the_capacity_unless_the_organizer_ticks_otherwise(client):
    event = EventFactory(capacity=2, waitlist_enabled=True)
    client.force_login(organizer(event.organization))

    _import(client, event)

    statuses = list(Registration.objects.filter(event=event).order_by("email").values_list("email", "status"))
    assert statuses == [
        ("iryna@example.org", "waitlisted"),
        ("jan@example.org", "confirmed"),
        ("olena@example.org", "confirmed"),
    ]


def test_import_without_emails_beyond_capacity_is_done_only_when_ticked_and_recorded(client):
    event = EventFactory(capacity=2, waitlist_enabled=False)
    client.force_login(organizer(event.organization))

    _import(client, event, without_emails="on", over_capacity="on")

    assert Registration.objects.filter(event=event, status="confirmed").count() == 3
    assert not EmailLog.objects.filter(event=event).exists()
    entry = LogEntry.objects.get(object_id=str(event.pk))
    assert entry.get_change_message() == (
        "Zaimportowano 3 rejestracje. Nie wysłano e-maili. Wszyscy potwierdzeni bez względu na liczbę miejsc."
    )


def test_an_import_the_capacity_refuses_saves_nothing_and_names_the_row(client):
    event = EventFactory(capacity=2, waitlist_enabled=False)
    client.force_login(organizer(event.organization))

    response = _import(client, event)

    assert response.status_code == 200
    assert [(error.line, error.message) for error in response.context["result"].errors] == [
        (4, "Na to wydarzenie nie ma już miejsc.")
    ]
    assert not Registration.objects.filter(event=event).exists()
