"""An organizer, not a superuser, builds an event by clicking through the admin, and a participant registers.

The test counts what the organizer does after signing in: field interactions (typing into a field, picking
from a list or an autocomplete, ticking a box), clicks on links and buttons, and screens (pages loaded, the
admin home included). README's organizer section quotes these figures; the asserts keep them true.
"""

import datetime as dt
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from organizations.models import Membership
from organizations.permissions import ensure_organizer_group
from registrations.models import Registration
from tests.factories import MembershipFactory, OrganizationFactory, VenueFactory

from .conftest import DESKTOP, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# E2E_SCREENSHOTS=/some/folder saves a full-page picture of each step there.
SHOTS = os.environ.get("E2E_SCREENSHOTS", "")


class Person:
    """A browser page with counters: what a person fills in, what they click and which pages they see."""

    def __init__(self, page):
        self.page = page
        self.interactions = 0
        self.clicks = 0
        self.screens = [page.url] if page.url != "about:blank" else []
        page.on("framenavigated", lambda frame: frame == page.main_frame and self.screens.append(frame.url))

    def fill(self, selector, value):
        self.interactions += 1
        self.page.locator(selector).fill(value)

    def select(self, selector, label):
        self.interactions += 1
        self.page.locator(selector).select_option(label=label)

    def check(self, locator):
        self.interactions += 1
        locator.check()

    def autocomplete(self, selector, text):
        """An autocomplete list: open it, type a few letters, pick the match. One interaction."""
        self.interactions += 1
        self.page.locator(selector).locator(
            "xpath=following-sibling::span[contains(@class,'select2')]"
        ).click()
        self.page.locator(".select2-container--open .select2-search__field").fill(text)
        self.page.locator(".select2-results__option", has_text=text).first.click()

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def shot(self, name):
        if SHOTS:
            self.page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _log_in(page, live_server, user):
    user.emailaddress_set.get_or_create(email=user.email, defaults={"verified": True, "primary": True})
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_login", user.email)
    page.fill("#id_password", "a-long-test-password")
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))


def test_an_organizer_builds_a_two_day_event_with_a_form_and_a_person_registers(
    browser, live_server, settings
):
    settings.REGISTRATION_MIN_FILL_SECONDS = 0  # the bot check's wait has tests of its own
    organization = OrganizationFactory(name="Fundacja Otwarte Miejsca")
    VenueFactory(organization=organization, name="Centrum Zabłocie", city="Kraków")
    VenueFactory(organization=organization, name="Klub Sąsiedzki", city="Skawina")
    OrganizationFactory(name="Stowarzyszenie Sąsiedzi", city="Skawina")
    membership = MembershipFactory(organization=organization, role=Membership.Role.EDITOR)
    membership.user.groups.add(ensure_organizer_group())
    first_day = timezone.localdate() + dt.timedelta(days=30)
    second_day = first_day + dt.timedelta(days=1)
    page = new_page(browser, DESKTOP)
    _log_in(page, live_server, membership.user)
    organizer = Person(page)  # screen 1: the admin home

    # Screen 2: a new event. The organization is filled in already: the organizer belongs to one.
    organizer.click(page.locator(".organizer-events a.addlink"))
    organizer.fill("#id_title_pl", "Miejsca otwarte – spotkanie")
    organizer.fill("#id_starts_at_0", first_day.strftime("%d.%m.%Y"))
    organizer.fill("#id_starts_at_1", "09:00")
    organizer.fill("#id_ends_at_0", second_day.strftime("%d.%m.%Y"))
    organizer.fill("#id_ends_at_1", "17:00")
    organizer.autocomplete("#id_venue", "Zabłocie")
    # The agenda: a block, two parallel workshops after it, a study visit elsewhere on the second day.
    # The first row starts when the event does: the day and 09:00 are proposed.
    assert page.locator("#id_sessions-0-day").input_value() == first_day.isoformat()
    assert page.locator("#id_sessions-0-start").input_value() == "09:00"
    organizer.fill("#id_sessions-0-end", "12:00")
    organizer.fill("#id_sessions-0-title_pl", "Sesje inspiracyjne")
    add_session = page.locator("#sessions-group .add-row a")
    organizer.click(add_session)  # proposes the same day from 12:00, as long as the block: until 15:00
    assert page.locator("#id_sessions-1-day").input_value() == first_day.isoformat()
    assert page.locator("#id_sessions-1-start").input_value() == "12:00"
    assert page.locator("#id_sessions-1-end").input_value() == "15:00"
    organizer.select("#id_sessions-1-kind", "warsztaty")
    organizer.fill("#id_sessions-1-title_pl", "Warsztat A")
    organizer.click(add_session)  # the second workshop runs beside the first
    organizer.fill("#id_sessions-2-end", "14:00")
    organizer.fill("#id_sessions-2-start", "12:00")
    organizer.select("#id_sessions-2-kind", "warsztaty")
    organizer.fill("#id_sessions-2-title_pl", "Warsztat B")
    organizer.click(add_session)
    organizer.fill("#id_sessions-3-day", second_day.isoformat())
    organizer.fill("#id_sessions-3-start", "10:00")
    organizer.fill("#id_sessions-3-end", "13:00")
    organizer.select("#id_sessions-3-kind", "wizyta studyjna")
    organizer.fill("#id_sessions-3-title_pl", "Wizyta w Klubie Sąsiedzkim")
    organizer.autocomplete("#id_sessions-3-venue", "Klub")
    organizer.autocomplete("#id_sessions-3-host_organization", "Sąsiedzi")
    organizer.shot("01-new-event")
    with page.expect_navigation():  # the saved page, not the one it replaces, is read next
        organizer.click(page.locator("input[name=_continue]"))

    # Screen 3: the saved event. Its block exists now: a nested item goes into it, and the event is published.
    event = Event.objects.get(title_pl="Miejsca otwarte – spotkanie")
    assert event.sessions.count() == 4
    nested = page.locator("#sessions-group tr.form-row:not(.empty-form)").last.get_attribute("id")
    organizer.fill(f"#id_{nested}-title_pl", "Otwarte miejsca w małych gminach")
    block = page.locator(f"#id_{nested}-parent option", has_text="Sesje inspiracyjne").inner_text()
    organizer.select(f"#id_{nested}-parent", block)
    # Put into the block, the row takes the block's day and start, for an hour.
    assert page.locator(f"#id_{nested}-day").input_value() == first_day.isoformat()
    assert page.locator(f"#id_{nested}-start").input_value() == "09:00"
    assert page.locator(f"#id_{nested}-end").input_value() == "10:00"
    organizer.select("#id_status", "opublikowane")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP[0]
    organizer.shot("02-agenda")
    with page.expect_navigation():  # the saved page, not the one it replaces, is read next
        organizer.click(page.locator("input[name=_continue]"))
    block = event.sessions.get(title_pl="Sesje inspiracyjne")
    assert block.children.get().title_pl == "Otwarte miejsca w małych gminach"
    workshops = event.sessions.filter(title_pl__startswith="Warsztat")
    assert workshops[0].overlaps(workshops[1])
    visit = event.sessions.get(kind="study_visit")
    assert (visit.venue.name, visit.host_organization.name) == ("Klub Sąsiedzki", "Stowarzyszenie Sąsiedzi")

    # Screen 4: the form builder, from the event's tools: a required choice question with its options.
    organizer.click(page.locator("nav.event-tools").get_by_role("link", name="Edytuj formularz rejestracji"))
    organizer.fill("#id_questions-0-label_pl", "Sektor")
    organizer.select("#id_questions-0-kind", "jednokrotny wybór")
    organizer.check(page.locator("#id_questions-0-is_required"))
    organizer.fill("#id_questions-0-options", "Organizacja pozarządowa\nSamorząd\nInstytucja kultury")
    organizer.shot("03-form")
    # Screen 5: the saved form.
    with page.expect_navigation():  # the saved page, not the one it replaces, is read next
        organizer.click(page.locator("input[name=_continue]"))
    question = event.registration_form.questions.get()
    assert [choice.label_pl for choice in question.choices.all()] == [
        "Organizacja pozarządowa",
        "Samorząd",
        "Instytucja kultury",
    ]

    # A participant finds the event on the portal's home page and registers, by clicking.
    participant = Person(new_page(browser, DESKTOP))
    participant.page.goto(live_server.url + "/")
    participant.click(participant.page.get_by_role("link", name="Miejsca otwarte – spotkanie").first)
    participant.click(participant.page.get_by_role("link", name="Zarejestruj się").first)
    participant.fill("#id_first_name", "Olena")
    participant.fill("#id_last_name", "Kowalenko")
    participant.fill("#id_email", "olena@example.org")
    participant.check(participant.page.get_by_label("Samorząd"))
    participant.check(participant.page.locator("#id_consent"))
    participant.click(participant.page.get_by_role("button", name="Zarejestruj się"))
    participant.page.wait_for_load_state()
    participant.shot("04-registered")
    registration = Registration.objects.get(event=event)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.answers.get().value == "Samorząd"

    # The figures README states for the organizer.
    assert (organizer.interactions, organizer.clicks, len(organizer.screens)) == (28, 8, 6)
    assert page.console_errors == [] and page.csp_violations == []
