import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from attendees import checkin, needs
from attendees.models import AccessLog
from registrations.models import Answer, Registration, SessionSeat
from tests.factories import ChoiceFactory, EventFactory, RegistrationFactory, SessionFactory

from .attendee_helpers import organizer, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    """Two days; Olena (Ukrainian) comes on day one only, Anna (wheelchair) on both, Jan needs nothing."""
    event = EventFactory(title="Forum")
    event.ends_at = event.starts_at + dt.timedelta(days=1, hours=8)
    event.save()
    first, second = checkin.event_days(event)
    days = question(event, label="Dni", kind="multiple_choice")
    day_one = ChoiceFactory(question=days, label="Dzień I", day=first)
    ChoiceFactory(question=days, label="Dzień II", day=second)
    workshop = SessionFactory(event=event, title="Warsztat", is_selectable=True)
    olena = RegistrationFactory(
        event=event, first_name="Olena", last_name="Bondar", interpretation_language="uk"
    )
    Answer.objects.create(registration=olena, question=days).choices.set([day_one])
    anna = RegistrationFactory(
        event=event,
        first_name="Anna",
        last_name="Nowak",
        accessibility_needs="wózek",
        interpretation_language="pjm",
    )
    jan = RegistrationFactory(event=event, first_name="Jan", last_name="Kos")
    RegistrationFactory(
        event=event,
        status=Registration.Status.CANCELLED,
        interpretation_language="uk",
        accessibility_needs="x",
    )
    for registration in (olena, anna, jan):
        SessionSeat.objects.create(registration=registration, session=workshop)
    SessionSeat.objects.filter(registration=jan).update(status=SessionSeat.Status.WAITLISTED, position=1)
    return event


def test_needs_per_day_and_per_session_count_confirmed_people_who_come(event):
    with translation.override("en"):
        table = needs.needs_table(event=event)

    assert table.languages == [("uk", "Ukrainian"), ("pjm", "Polish Sign Language")]
    day_one, day_two, workshop = table.rows
    assert (day_one.confirmed, day_one.interpretation, day_one.accessibility) == (
        3,
        {"uk": ["Olena Bondar"], "pjm": ["Anna Nowak"]},
        [("Anna Nowak", "wózek")],
    )
    assert (day_two.confirmed, day_two.interpretation) == (2, {"pjm": ["Anna Nowak"]})
    assert (workshop.label, workshop.confirmed) == ("Warsztat", 2)
    assert workshop.interpretation == {"uk": ["Olena Bondar"], "pjm": ["Anna Nowak"]}


def test_overview_shows_counts_without_names_to_members_without_the_sensitive_permission(client, event):
    client.force_login(organizer(event.organization))

    with translation.override("en"):
        page = client.get(reverse("admin:registrations_registration_event_overview", args=[event.pk]))
    content = page.content.decode()

    table = content[
        content.index('id="needs-table"') : content.index("</table>", content.index('id="needs-table"'))
    ]
    assert "Interpretation into Ukrainian" in table and "Interpretation into Polish Sign Language" in table
    assert "Olena Bondar" not in table and "wózek" not in table
    assert [(row.label, cells) for row, cells in page.context["needs_rows"]][2] == (
        "Warsztat",
        [(1, ["Olena Bondar"]), (1, ["Anna Nowak"])],
    )
    assert not AccessLog.objects.exists()


def test_overview_names_who_needs_what_for_members_with_the_sensitive_permission(client, event):
    allowed = organizer(event.organization, sensitive=True)
    client.force_login(allowed)

    with translation.override("en"):
        page = client.get(reverse("admin:registrations_registration_event_overview", args=[event.pk]))
    content = page.content.decode()

    table = content[
        content.index('id="needs-table"') : content.index("</table>", content.index('id="needs-table"'))
    ]
    assert "<li>Olena Bondar</li>" in table and "<li>Anna Nowak: wózek</li>" in table
    assert list(AccessLog.objects.values_list("user", "action")) == [(allowed.pk, "view_needs_sensitive")]


def _download(client, event, fmt):
    with translation.override("en"):
        url = reverse("admin:registrations_registration_needs_download", args=[event.pk, fmt])
        return client.get(url)


def test_needs_download_as_csv_has_counts_only_without_the_permission(client, event):
    client.force_login(organizer(event.organization))

    response = _download(client, event, "csv")

    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    header, day_one, _day_two, _workshop = csv.reader(io.StringIO(text))
    assert header == [
        "Day or session",
        "When",
        "Confirmed",
        "Interpretation into Ukrainian",
        "Interpretation into Polish Sign Language",
        "Accessibility needs",
    ]
    assert day_one[2:] == ["3", "1", "1", "1"]
    assert "Olena" not in text
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["export_needs_csv"]


def test_needs_download_as_xlsx_names_people_for_members_with_the_permission(client, event):
    client.force_login(organizer(event.organization, sensitive=True))

    response = _download(client, event, "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][-3:] == [
        "Interpretation into Ukrainian: who",
        "Interpretation into Polish Sign Language: who",
        "Accessibility needs: who and what",
    ]
    assert rows[1][-3:] == ["Olena Bondar", "Anna Nowak", "Anna Nowak: wózek"]
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["export_needs_xlsx_sensitive"]


def test_needs_download_of_another_organization_is_404(client, event):
    client.force_login(organizer(EventFactory().organization))

    assert _download(client, event, "csv").status_code == 404
