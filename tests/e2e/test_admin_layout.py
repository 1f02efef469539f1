"""Organizer pages that fit: the registrations list at 1280 px, check-in and overview on a 390 px phone."""

import pytest
from django.urls import reverse

from agenda.models import Session
from organizations.models import Membership
from organizations.permissions import ensure_organizer_group
from registrations.models import Registration, SessionSeat
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    RegistrationFactory,
    SessionFactory,
)

from .conftest import DESKTOP, PHONE, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"


def _log_in(page, live_server, user):
    user.emailaddress_set.get_or_create(email=user.email, defaults={"verified": True, "primary": True})
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_login", user.email)
    page.fill("#id_password", "a-long-test-password")
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))


@pytest.fixture
def busy_event():
    """An event whose people have long names, organizations, several sessions and needs."""
    organization = OrganizationFactory(name="Stowarzyszenie Interwencji Prawnej i Pomocy Uchodźcom")
    event = EventFactory(
        organization=organization,
        title="Ogólnopolska konferencja organizacji społecznych wspierających osoby uchodźcze",
    )
    sessions = [
        SessionFactory(event=event, title=title, kind=Session.Kind.WORKSHOP, capacity=30)
        for title in (
            "Warsztat: dostęp do rynku pracy dla osób z Ukrainy i innych krajów",
            "Wizyta studyjna w Centrum Wielokulturowym i Punkcie Informacyjnym dla Cudzoziemców",
            "Panel: edukacja dzieci w szkołach i przedszkolach w dużych miastach i na wsi",
        )
    ]
    for number in range(12):
        registration = RegistrationFactory(
            event=event,
            first_name="Ołeksandra-Wiktoria",
            last_name=f"Kowalczuk-Szewczenko{number}",
            email=f"oleksandra.wiktoria.kowalczuk-szewczenko{number}@przyklad-organizacji.org.pl",
            organization_name="Fundacja na rzecz Różnorodności Społecznej i Integracji Cudzoziemców",
            position="koordynatorka projektów integracyjnych",
            interpretation_language="uk",
            accessibility_needs="pętla indukcyjna",
            dietary_needs="wegańska",
            status=Registration.Status.WAITLISTED if number % 3 else Registration.Status.CONFIRMED,
        )
        for session in sessions:
            SessionSeat.objects.create(
                registration=registration, session=session, status=SessionSeat.Status.CONFIRMED
            )
    membership = MembershipFactory(
        organization=organization, role=Membership.Role.EDITOR, can_view_sensitive_data=True
    )
    membership.user.groups.add(ensure_organizer_group())
    return event, membership.user


def test_registrations_list_fits_1280_px_without_cutting_columns(browser, live_server, busy_event):
    event, user = busy_event
    page = new_page(browser, DESKTOP)
    _log_in(page, live_server, user)

    page.goto(live_server.url + reverse("admin:registrations_registration_changelist"))
    table = page.locator("#result_list").bounding_box()
    headers = page.locator("#result_list thead th").all_inner_texts()

    assert page.evaluate(OVERFLOW) <= 0
    assert table["x"] + table["width"] <= DESKTOP[0]
    assert [header.strip().lower() for header in headers][1:] == [
        "nazwisko",
        "imię",
        "organizacja",
        "wydarzenie",
        "status",
        "sesje",
        "potrzeby",
        "zgłoszono",
    ]


@pytest.mark.parametrize("tool", ["event_overview", "checkin"])
def test_check_in_and_overview_fit_a_390_px_phone(browser, live_server, busy_event, tool):
    event, user = busy_event
    page = new_page(browser, PHONE)
    _log_in(page, live_server, user)

    page.goto(live_server.url + reverse(f"admin:registrations_registration_{tool}", args=[event.pk]))
    if tool == "checkin":
        page.locator("#checkin-search").fill("Kowalczuk")
        page.locator("#checkin-search").press("Enter")
        page.wait_for_url("**q=Kowalczuk**")

    assert page.evaluate(OVERFLOW) <= 0
