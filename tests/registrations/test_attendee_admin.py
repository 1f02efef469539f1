import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from attendees.models import Attendance
from registrations import services
from registrations.models import Registration, SessionSeat, Tag
from tests.factories import RegistrationFactory, SessionFactory

from .attendee_helpers import organizer, two_organizations

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:registrations_registration_changelist"


def _action(client, action, registrations, **extra):
    data = {"action": action, "_selected_action": [r.pk for r in registrations], "index": 0, **extra}
    return client.post(reverse(CHANGELIST), data)


@pytest.fixture
def setup(client):
    org_a, org_b, event_a, event_b = two_organizations()
    user = organizer(org_a)
    client.force_login(user)
    return {
        "user": user,
        "event_a": event_a,
        "event_b": event_b,
        "own": list(Registration.objects.filter(event=event_a)),
        "foreign": list(Registration.objects.filter(event=event_b)),
    }


def test_export_action_asks_for_columns_then_streams_only_own_rows(client, setup):
    selection = setup["own"] + setup["foreign"]

    form = _action(client, "export_selected", selection)
    download = _action(
        client, "export_selected", selection, apply="1", format="csv", columns=["last_name", "email"]
    )

    assert form.status_code == 200
    assert "columns" in form.context["form"].fields
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1:] == [["Alfa", "anna@a.example"]]
    assert "MARKERB" not in text


def test_export_action_xlsx(client, setup):
    download = _action(
        client, "export_selected", setup["own"], apply="1", format="xlsx", columns=["last_name"]
    )

    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_check_in_and_undo_actions_touch_only_own_rows(client, setup):
    _action(client, "check_in_selected", setup["own"] + setup["foreign"])
    checked = set(Attendance.objects.values_list("registration_id", flat=True))
    _action(client, "undo_check_in_selected", setup["own"] + setup["foreign"])

    assert checked == {setup["own"][0].pk}
    assert Attendance.objects.count() == 0


def test_tag_actions_add_and_remove_organization_tags(client, setup):
    _action(client, "add_tag", setup["own"] + setup["foreign"], apply="1", tag="prelegent")
    tagged = list(Registration.objects.filter(tags__name="prelegent").values_list("pk", flat=True))
    tag = Tag.objects.get()
    _action(client, "remove_tag", setup["own"], apply="1", tag="prelegent")

    assert tagged == [setup["own"][0].pk]
    assert tag.organization == setup["event_a"].organization
    assert Registration.objects.filter(tags__isnull=False).count() == 0


def test_event_overview_shows_counts_session_fill_and_waitlist(client, setup):
    event = setup["event_a"]
    session = SessionFactory(event=event, capacity=2, is_selectable=True)
    SessionSeat.objects.create(registration=setup["own"][0], session=session)
    RegistrationFactory(event=event, last_name="Czekająca", status="waitlisted", waitlist_position=1)

    response = client.get(reverse("admin:registrations_registration_event_overview", args=[event.pk]))

    assert response.status_code == 200
    assert [r.last_name for r in response.context["waitlist"]] == ["Czekająca"]
    assert [(row["confirmed"], row["capacity"]) for row in response.context["sessions"]] == [(1, 2)]
    assert response.context["total"] == 2


def test_event_change_page_links_the_overview_and_shows_what_the_bot_check_held_back(client, setup):
    event = setup["event_a"]
    services.count_screened_submission(event=event, outcome="dropped")
    services.count_screened_submission(event=event, outcome="sent_back")
    services.count_screened_submission(event=event, outcome="sent_back")
    overview_url = reverse("admin:registrations_registration_event_overview", args=[event.pk])
    setup["user"].user_permissions.add(Permission.objects.get(codename="change_event"))

    change = client.get(reverse("admin:events_event_change", args=[event.pk]))
    overview = client.get(overview_url)

    assert f'href="{overview_url}"' in change.content.decode()
    for page in (change, overview):
        assert "1 odrzuconych (wypełnione ukryte pole), 2 pokazanych ponownie" in page.content.decode()


def test_every_attendee_tool_url_of_another_organization_is_404(client, setup):
    event_b = setup["event_b"]
    names = ["event_overview", "statistics", "event_export", "attendance_list", "import", "checkin"]

    statuses = {
        name: client.get(reverse(f"admin:registrations_registration_{name}", args=[event_b.pk])).status_code
        for name in names
    }
    posted = client.post(
        reverse("admin:registrations_registration_event_export", args=[event_b.pk]),
        {"format": "csv", "columns": ["last_name"]},
    )

    assert statuses == dict.fromkeys(names, 404)
    assert posted.status_code == 404


def test_viewer_may_look_but_not_check_in_or_import(client):
    org_a, _org_b, event_a, _event_b = two_organizations()
    client.force_login(organizer(org_a, role="viewer"))

    overview = client.get(reverse("admin:registrations_registration_event_overview", args=[event_a.pk]))
    checkin = client.get(reverse("admin:registrations_registration_checkin", args=[event_a.pk]))
    importing = client.get(reverse("admin:registrations_registration_import", args=[event_a.pk]))

    assert (overview.status_code, checkin.status_code, importing.status_code) == (200, 404, 404)


def test_attendee_tools_need_a_staff_login(client, setup):
    client.logout()

    response = client.get(
        reverse("admin:registrations_registration_event_overview", args=[setup["event_a"].pk])
    )

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_public_participant_list_shows_only_consenting_people(client):
    org_a, _org_b, event_a, _event_b = two_organizations()
    RegistrationFactory(
        event=event_a, first_name="Zgoda", last_name="Jest", consents_to_participant_list=True
    )
    url = reverse("attendees:participant_list", args=[event_a.slug])

    hidden = client.get(url)
    event_a.shows_participant_list = True
    event_a.save()
    shown = client.get(url).content.decode()

    assert hidden.status_code == 404
    assert "Zgoda Jest" in shown
    assert "Alfa" not in shown and "anna@a.example" not in shown
