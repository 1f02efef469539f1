import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from attendees.admin import badge
from attendees.filters import AccessibilityFilter, SessionFilter
from attendees.models import Attendance
from organizations.models import Organization
from registrations.models import Registration, SessionSeat, Tag
from tests.factories import EventFactory, OrganizationFactory, RegistrationFactory, SessionFactory

from .attendee_helpers import organizer

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:registrations_registration_changelist"


@pytest.fixture(autouse=True)
def _english_admin():
    """The admin at /en/admin/, so messages and labels do not depend on the Polish translation."""
    with translation.override("en"):
        yield


def _shown(client, **params) -> set[str]:
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return {registration.last_name for registration in response.context["cl"].result_list}


@pytest.fixture
def world(client):
    """Organization A's event with varied people; organization B's look-alike person is never shown."""
    org_a = OrganizationFactory(name="Fundacja A")
    city_hall = OrganizationFactory(
        name="Urząd Miasta Kielce", kind=Organization.Kind.LOCAL_GOVERNMENT, region="swietokrzyskie"
    )
    event = EventFactory(organization=org_a)
    other_event = EventFactory(organization=org_a)
    workshop = SessionFactory(event=event, title="Warsztat prawny")
    visit = SessionFactory(event=event, title="Wizyta studyjna")
    RegistrationFactory(event=event, last_name="Plain", language="pl", organization_name="Stowarzyszenie Dom")
    interpreted = RegistrationFactory(
        event=event, last_name="Interpreted", language="uk", interpretation_language="uk"
    )
    accessible = RegistrationFactory(
        event=event, last_name="Accessible", accessibility_needs="pętla indukcyjna"
    )
    official = RegistrationFactory(event=event, last_name="Official", organization=city_hall, language="en")
    RegistrationFactory(event=other_event, last_name="Elsewhere", status=Registration.Status.PENDING)
    SessionSeat.objects.create(registration=interpreted, session=workshop)
    SessionSeat.objects.create(
        registration=official, session=visit, status=SessionSeat.Status.WAITLISTED, position=1
    )
    Attendance.objects.create(registration=accessible, day=timezone.localdate(event.starts_at))
    accessible.tags.add(Tag.objects.create(organization=org_a, name="prelegent"))

    org_b = OrganizationFactory(name="Fundacja B")
    event_b = EventFactory(organization=org_b)
    foreign_session = SessionFactory(event=event_b, title="Obcy warsztat")
    foreign = RegistrationFactory(
        event=event_b,
        last_name="MARKERB",
        organization=city_hall,
        interpretation_language="uk",
        accessibility_needs="wózek",
    )
    SessionSeat.objects.create(registration=foreign, session=foreign_session)
    Attendance.objects.create(registration=foreign, day=timezone.localdate(event_b.starts_at))

    user = organizer(org_a, sensitive=True)
    client.force_login(user)
    return {
        "org_a": org_a,
        "event": event,
        "workshop": workshop,
        "visit": visit,
        "foreign_session": foreign_session,
    }


def test_session_filter_offers_only_own_sessions_and_filters(client, world):
    response = client.get(reverse(CHANGELIST))
    session_filter = next(
        spec for spec in response.context["cl"].filter_specs if isinstance(spec, SessionFilter)
    )

    offered = {label for _value, label in session_filter.lookup_choices}

    assert offered == {str(world["workshop"]), str(world["visit"])}
    assert _shown(client, session=world["workshop"].pk) == {"Interpreted"}
    assert _shown(client, session=world["visit"].pk) == {"Official"}
    assert _shown(client, session=world["foreign_session"].pk) == set()


def test_session_filter_narrows_to_the_chosen_event(client, world):
    other = EventFactory(organization=world["org_a"])
    SessionSeat.objects.create(
        registration=RegistrationFactory(event=other), session=SessionFactory(event=other, title="Inny")
    )

    response = client.get(reverse(CHANGELIST), {"event__id__exact": world["event"].pk})
    session_filter = next(
        spec for spec in response.context["cl"].filter_specs if isinstance(spec, SessionFilter)
    )

    assert {label for _value, label in session_filter.lookup_choices} == {
        str(world["workshop"]),
        str(world["visit"]),
    }


def test_yes_no_filters(client, world):
    assert _shown(client, interpretation="yes") == {"Interpreted"}
    assert _shown(client, interpretation="no") == {"Plain", "Accessible", "Official", "Elsewhere"}
    assert _shown(client, accessibility="yes") == {"Accessible"}
    assert _shown(client, checked_in="yes") == {"Accessible"}
    assert _shown(client, checked_in="no") == {"Plain", "Interpreted", "Official", "Elsewhere"}


def test_field_filters(client, world):
    assert _shown(client, status__exact="pending") == {"Elsewhere"}
    assert _shown(client, language__exact="uk") == {"Interpreted"}
    assert _shown(client, event__id__exact=world["event"].pk) == {
        "Plain",
        "Interpreted",
        "Accessible",
        "Official",
    }
    assert _shown(client, organization_kind="local_government") == {"Official"}
    assert _shown(client, region="swietokrzyskie") == {"Official"}
    assert _shown(client, tags__id__exact=Tag.objects.get().pk) == {"Accessible"}


def test_search_by_name_email_and_organization(client, world):
    assert _shown(client, q="Interpreted") == {"Interpreted"}
    assert _shown(client, q=Registration.objects.get(last_name="Plain").email) == {"Plain"}
    assert _shown(client, q="Stowarzyszenie Dom") == {"Plain"}
    assert _shown(client, q="Urząd Miasta") == {"Official"}


def test_accessibility_filter_and_flag_hidden_without_sensitive_permission(client, world):
    client.force_login(organizer(world["org_a"], sensitive=False))

    response = client.get(reverse(CHANGELIST))
    probe = client.get(reverse(CHANGELIST), {"accessibility": "yes"})

    assert AccessibilityFilter not in [type(spec) for spec in response.context["cl"].filter_specs]
    row = next(r for r in response.context["cl"].result_list if r.last_name == "Accessible")
    assert response.context["cl"].model_admin.needs(row) == ""
    assert probe.status_code == 302
    assert "e=1" in probe.url


def test_accessibility_filter_covers_only_events_with_sensitive_permission(client, world):
    viewed = OrganizationFactory(name="Fundacja C")
    user = organizer(world["org_a"], sensitive=True)
    user.memberships.create(organization=viewed, role="viewer", can_view_sensitive_data=False)
    RegistrationFactory(
        event=EventFactory(organization=viewed), last_name="Hidden", accessibility_needs="wózek"
    )
    client.force_login(user)

    assert _shown(client, accessibility="yes") == {"Accessible"}
    assert "Hidden" not in _shown(client, accessibility="no")
    assert "Hidden" in _shown(client)


def test_list_shows_sessions_and_needs(client, world):
    response = client.get(reverse(CHANGELIST))
    model_admin = response.context["cl"].model_admin
    rows = {registration.last_name: registration for registration in response.context["cl"].result_list}

    assert model_admin.chosen_sessions(rows["Interpreted"]) == (
        '<span class="badge badge-session" title="Warsztat prawny"><span aria-hidden="true">'
        'Warsztat prawny</span><span class="visually-hidden">Warsztat prawny</span></span>'
    )
    assert model_admin.chosen_sessions(rows["Official"]) == (
        '<span class="badge badge-waiting" title="Wizyta studyjna (on the waiting list)">'
        '<span aria-hidden="true">Wizyta studyjna</span>'
        '<span class="visually-hidden">Wizyta studyjna (on the waiting list)</span></span>'
    )
    assert model_admin.needs(rows["Interpreted"]) == badge(
        "interp. uk", kind="need", full="interpretation: uk"
    )
    assert model_admin.needs(rows["Accessible"]) == badge("accessibility", kind="need")
    assert "MARKERB" not in response.content.decode()


def _changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    return len(queries)


def test_changelist_queries_do_not_grow_with_registrations(client):
    organization = OrganizationFactory()
    event = EventFactory(organization=organization)
    sessions = [SessionFactory(event=event) for _ in range(3)]
    tag = Tag.objects.create(organization=organization, name="prelegent")
    client.force_login(organizer(organization, sensitive=True))

    def add(count):
        for _ in range(count):
            registration = RegistrationFactory(
                event=event, organization=OrganizationFactory(), interpretation_language="uk"
            )
            for session in sessions[:2]:
                SessionSeat.objects.create(registration=registration, session=session)
            Attendance.objects.create(registration=registration, day=timezone.localdate(event.starts_at))
            registration.tags.add(tag)

    add(1)
    with_one = _changelist_queries(client)
    add(49)
    with_fifty = _changelist_queries(client)

    assert Registration.objects.count() == 50
    assert with_fifty == with_one
