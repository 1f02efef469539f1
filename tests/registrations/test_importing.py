import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from attendees import importing
from registrations.models import Answer, Registration
from tests.factories import ChoiceFactory, EventFactory, RegistrationFactory

from .attendee_helpers import organizer, question, two_organizations

pytestmark = pytest.mark.django_db

GOOD = (
    "Sygnatura czasowa,Imię i nazwisko,Adres e-mail,Organizacja,Grupa robocza,Uwagi\n"
    '12.05.2026 10:15:00,Olena Kowalenko,olena@example.org,Fundacja Ocalenie,Edukacja,=HYPERLINK("x")\n'
    "13.05.2026 08:00:00,Jan Łącki,jan@example.org,,Praca,\n"
).encode("utf-8-sig")
BAD = (
    "Sygnatura czasowa,Imię i nazwisko,Adres e-mail,Organizacja,Grupa robocza,Uwagi\n"
    "12.05.2026 10:15:00,Olena Kowalenko,olena@example.org,Fundacja Ocalenie,Edukacja,\n"
    "wczoraj,Jan Łącki,jan@@example.org,,Praca,\n"
    "13.05.2026 08:00:00,,anon@example.org,,Praca,\n"
).encode()


@pytest.fixture
def event():
    event = EventFactory()
    group = question(event, label="Grupa robocza", kind="single_choice")
    for label in ("Edukacja", "Praca"):
        ChoiceFactory(question=group, label=label)
    question(event, label="Uwagi")
    return event


def _mapping(event, parsed):
    return importing.suggest_mapping(event, parsed.headers)


def test_suggest_mapping_recognizes_google_forms_headers_and_questions(event):
    parsed = importing.parse_csv(GOOD)

    mapping = _mapping(event, parsed)

    assert mapping[:4] == ["created_at", "full_name", "email", "organization_name"]
    assert mapping[4].startswith("q") and mapping[5].startswith("q")


def test_import_saves_every_row_with_answers_and_timestamps(event):
    parsed = importing.parse_csv(GOOD)

    result = importing.import_registrations(
        event=event, parsed=parsed, mapping=_mapping(event, parsed), dry_run=False
    )

    assert (result.created, result.errors) == (2, [])
    olena = Registration.objects.get(email="olena@example.org")
    assert (olena.first_name, olena.last_name, olena.organization_name) == (
        "Olena",
        "Kowalenko",
        "Fundacja Ocalenie",
    )
    assert olena.created_at.strftime("%Y-%m-%d") == "2026-05-12"
    assert sorted(Answer.objects.filter(registration=olena).values_list("question__label", "value")) == [
        ("Grupa robocza", ""),
        ("Uwagi", '=HYPERLINK("x")'),
    ]
    assert [
        c.label for c in Answer.objects.get(registration=olena, question__label="Grupa robocza").choices.all()
    ] == ["Edukacja"]
    assert Registration.objects.get(email="jan@example.org").last_name == "Łącki"


def test_dry_run_saves_nothing(event):
    parsed = importing.parse_csv(GOOD)

    result = importing.import_registrations(
        event=event, parsed=parsed, mapping=_mapping(event, parsed), dry_run=True
    )

    assert result.created == 2 and result.ok
    assert Registration.objects.count() == 0


def test_bad_file_reports_each_bad_row_and_saves_nothing(event):
    parsed = importing.parse_csv(BAD)

    result = importing.import_registrations(
        event=event, parsed=parsed, mapping=_mapping(event, parsed), dry_run=False
    )

    assert [error.line for error in result.errors] == [3, 4]
    assert Registration.objects.count() == 0
    assert Answer.objects.count() == 0


def test_already_registered_email_is_an_error(event):
    RegistrationFactory(event=event, email="olena@example.org")
    parsed = importing.parse_csv(GOOD)

    result = importing.import_registrations(
        event=event, parsed=parsed, mapping=_mapping(event, parsed), dry_run=False
    )

    assert [error.line for error in result.errors] == [2]
    assert Registration.objects.count() == 1


def test_mapping_to_another_events_question_is_rejected(event):
    other_question = question(EventFactory(), label="Obce")
    parsed = importing.parse_csv(GOOD)
    mapping = _mapping(event, parsed)
    mapping[5] = f"q{other_question.pk}"

    result = importing.import_registrations(event=event, parsed=parsed, mapping=mapping, dry_run=False)

    assert not result.ok
    assert Registration.objects.count() == 0


def test_parse_csv_reads_semicolons_and_windows_1250():
    parsed = importing.parse_csv("Imię;Nazwisko\nŁucja;Żak\n".encode("cp1250"))

    assert parsed.headers == ["Imię", "Nazwisko"]
    assert parsed.rows == [["Łucja", "Żak"]]


def test_parse_csv_rejects_binary_files():
    with pytest.raises(importing.ImportFileError):
        importing.parse_csv(b"\x00\x01\x02PK\x03\x04")


def test_import_view_upload_dry_run_and_import(client, event):
    client.force_login(organizer(event.organization))
    url = reverse("admin:registrations_registration_import", args=[event.pk])

    uploaded = client.post(url, {"upload": "1", "file": SimpleUploadedFile("form.csv", GOOD, "text/csv")})
    mapping = {f"column_{column['index']}": column["selected"] for column in uploaded.context["columns"]}
    dry = client.post(url, {**mapping, "dry_run": "1"})
    done = client.post(url, {**mapping, "import": "1"})

    assert uploaded.status_code == 200
    assert dry.context["result"].created == 2
    assert done.status_code == 302
    assert Registration.objects.filter(event=event).count() == 2
    assert "attendee_import" not in client.session


def test_import_view_of_another_organization_is_404(client):
    org_a, _org_b, _event_a, event_b = two_organizations()
    client.force_login(organizer(org_a))
    url = reverse("admin:registrations_registration_import", args=[event_b.pk])

    response = client.post(url, {"upload": "1", "file": SimpleUploadedFile("form.csv", GOOD, "text/csv")})

    assert response.status_code == 404
    assert Registration.objects.filter(event=event_b).count() == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022/05/20 10:15:00", "2022-05-20 10:15"),
        ("2022/05/20 10:15", "2022-05-20 10:15"),
        ("2022/05/20 1:05:09 PM", "2022-05-20 13:05"),
        ("2022/05/20 1:05:09 PM GMT+2", "2022-05-20 13:05"),
        ("2022/05/20 11:05:09 AM GMT", "2022-05-20 13:05"),
        ("2022/05/20 10:15:00 GMT+02:00", "2022-05-20 10:15"),
        ("20.05.2022 10:15:00", "2022-05-20 10:15"),
        ("20.05.2022 10:15", "2022-05-20 10:15"),
        ("5/20/2022 10:15:00", "2022-05-20 10:15"),
        ("2022-05-20 10:15:00", "2022-05-20 10:15"),
    ],
)
def test_timestamps_as_google_forms_and_sheets_write_them(text, expected):
    # Local time of the site (Warsaw, summer: UTC+2) unless the value names its offset.
    assert timezone.localtime(importing._timestamp(text)).strftime("%Y-%m-%d %H:%M") == expected


def test_import_accepts_a_sheets_timestamp_with_slashes(event):
    parsed = importing.parse_csv(
        (
            "Sygnatura czasowa,Imię i nazwisko,Adres e-mail,Organizacja,Grupa robocza,Uwagi\n"
            "2022/05/20 10:15:00,Olena Kowalenko,olena@example.org,Fundacja Ocalenie,Edukacja,\n"
        ).encode()
    )

    result = importing.import_registrations(
        event=event, parsed=parsed, mapping=_mapping(event, parsed), dry_run=False
    )

    assert (result.created, result.errors) == (1, [])
    created = timezone.localtime(Registration.objects.get(email="olena@example.org").created_at)
    assert created.strftime("%Y-%m-%d %H:%M") == "2022-05-20 10:15"
