"""An organizer reaches every tool of an event from the admin's home by clicking only."""

import pytest
from django.urls import reverse

from organizations.models import Membership
from organizations.permissions import ensure_organizer_group
from tests.factories import EventFactory, MembershipFactory, RegistrationFactory, RegistrationFormFactory

from .conftest import DESKTOP, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Tool link → the heading of the page it opens (the browser asks for no language: Polish).
TITLE = "Kielce: spotkanie organizacji"
TOOLS = {
    "Strona publiczna": TITLE,
    "Formularz rejestracji": "Rejestracja",
    "Podgląd formularza oczami uczestnika": "Rejestracja",
    "Program": "Zmień wydarzenie",
    "Edytuj formularz rejestracji": "Zmień formularz rejestracji",
    "Lista uczestników": "Wybierz rejestrację do zmiany",
    "Przegląd": f"Uczestnicy i uczestniczki: {TITLE}",
    "Statystyki": f"Statystyki: {TITLE}",
    "Eksport": f"Eksport: {TITLE}",
    "Listy obecności (PDF)": f"Lista obecności: {TITLE}",
    "Potwierdzanie obecności": f"Potwierdzanie obecności: {TITLE}",
    "Wiadomości do uczestników": "Wybierz wiadomość do zarejestrowanych do zmiany",
    "Import z Formularzy Google": f"Import rejestracji: {TITLE}",
    "Wnioski dotyczące danych osobowych": "Wnioski dotyczące danych osobowych",
}


def _log_in(page, live_server, user):
    user.emailaddress_set.get_or_create(email=user.email, defaults={"verified": True, "primary": True})
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_login", user.email)
    page.fill("#id_password", "a-long-test-password")
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))


def test_organizer_reaches_every_event_tool_by_clicking(browser, live_server):
    event = EventFactory(title=TITLE)
    RegistrationFormFactory(event=event)
    RegistrationFactory(event=event)
    membership = MembershipFactory(organization=event.organization, role=Membership.Role.EDITOR)
    membership.user.groups.add(ensure_organizer_group())
    page = new_page(browser, DESKTOP)
    _log_in(page, live_server, membership.user)

    page.locator(".organizer-events").get_by_role("link", name=event.title).click()
    event_page = page.url
    headings = {}
    for label in TOOLS:
        page.locator("nav.event-tools").get_by_role("link", name=label, exact=True).click()
        page.wait_for_load_state()
        headings[label] = page.locator("h1").first.inner_text().strip()
        page.go_back()
        page.wait_for_url(event_page)

    assert headings == TOOLS
    assert page.console_errors == []
