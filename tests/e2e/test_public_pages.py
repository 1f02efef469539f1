"""A participant's walk through the public pages in a real browser, on a phone and a desktop, in pl and uk."""

import re

import pytest
from playwright.sync_api import expect

from events.models import Event

from .conftest import DESKTOP, PHONE, new_page, run_axe

pytestmark = pytest.mark.browser

KRAKOW_SLUG = "konferencja-miejsc-otwartych-krakow"


def _walk(page, base: str, language: str) -> dict[str, str]:
    """Home → list filtered by city → the Kraków event → agenda day 2 → a parallel session → a speaker.

    Returns the URL of each page visited, by name, for the accessibility checks.
    """
    prefix = "" if language == "pl" else f"/{language}"
    visited = {}

    page.goto(f"{base}/")
    if language != "pl":
        page.locator(f'.language-switcher a[hreflang="{language}"]').click()
        page.wait_for_url(f"{base}{prefix}/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    visited["home"] = page.url

    page.locator(f'.main-nav a[href="{prefix}/events/"]').click()
    page.wait_for_url(f"{base}{prefix}/events/")
    page.select_option("#id_city", "Kraków")
    page.locator("form.event-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"city=Krak"))
    # The form asks on "change" and again on "submit": a link clicked while the second answer replaces the
    # results is gone before it navigates. Wait until htmx has no request open and no swap under way.
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    results = page.locator("#event-results article.event-card")
    results.first.wait_for()
    krakow_events = Event.objects.published().upcoming().filter(venue__city="Kraków").count()
    assert results.count() == krakow_events
    visited["list"] = page.url

    page.locator(f'#event-results a[href="{prefix}/events/{KRAKOW_SLUG}/"]').click()
    page.wait_for_url(f"{base}{prefix}/events/{KRAKOW_SLUG}/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    visited["event"] = page.url
    visited["organization"] = base + page.locator(".facts a[href*='/organizations/']").first.get_attribute(
        "href"
    )

    page.locator(f'a[href="{prefix}/events/{KRAKOW_SLUG}/agenda/?day=2"]').first.click()
    page.wait_for_url(re.compile(r"/agenda/\?day=2$"))
    visited["agenda"] = page.url
    parallel = page.locator(".agenda-parallel").first
    first, second = (
        box.bounding_box() for box in parallel.locator(".agenda-columns > .agenda-session").all()[:2]
    )
    if page.viewport_size["width"] >= 768:
        assert abs(first["y"] - second["y"]) < 1 and second["x"] > first["x"] + first["width"] / 2
    else:
        assert second["y"] >= first["y"] + first["height"] and abs(first["x"] - second["x"]) < 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    session_link = page.locator(
        ".agenda-parallel .agenda-session:has(.session-people a) .agenda-title a"
    ).first
    session_title = session_link.inner_text().strip()
    session_link.click()
    page.wait_for_url(re.compile(r"/sessions/\d+/$"))
    assert page.locator("h1").inner_text().strip() == session_title
    visited["session"] = page.url

    person_link = page.locator(".session-people a").first
    person_name = person_link.inner_text().strip()
    person_link.click()
    page.wait_for_url(re.compile(rf"^{re.escape(base)}{prefix}/people/[\w-]+/$"))
    assert page.locator("h1").inner_text().strip() == person_name
    assert page.locator(f'a[href="{prefix}/events/{KRAKOW_SLUG}/"]').count() >= 1
    visited["speaker"] = page.url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    return visited


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["pl", "uk"])
def test_participant_walks_from_home_to_a_speaker(browser, demo_site, language, viewport):
    page = new_page(browser, viewport)

    visited = _walk(page, demo_site.url, language)

    assert page.csp_violations == []
    assert page.foreign_requests == []
    assert page.console_errors == []
    audit = new_page(browser, viewport, bypass_csp=True)
    violations = {}
    for name, url in visited.items():
        audit.goto(url)
        violations[name] = run_axe(audit)
    assert violations == {name: [] for name in visited}
    page.context.close()
    audit.context.close()


def test_language_switcher_keeps_the_page_and_its_filters(browser, demo_site):
    page = new_page(browser, DESKTOP)
    page.goto(f"{demo_site.url}/events/{KRAKOW_SLUG}/agenda/?day=2")

    page.locator('.language-switcher a[hreflang="uk"]').click()
    page.wait_for_url(f"{demo_site.url}/uk/events/{KRAKOW_SLUG}/agenda/?day=2")
    uk_lang = page.locator("html").get_attribute("lang")
    page.locator('.language-switcher a[hreflang="en"]').click()
    page.wait_for_url(f"{demo_site.url}/en/events/{KRAKOW_SLUG}/agenda/?day=2")
    en_lang = page.locator("html").get_attribute("lang")
    page.locator('.language-switcher a[hreflang="pl"]').click()
    page.wait_for_url(f"{demo_site.url}/events/{KRAKOW_SLUG}/agenda/?day=2")

    assert (uk_lang, en_lang, page.locator("html").get_attribute("lang")) == ("uk", "en", "pl")
    assert page.csp_violations == []
    page.context.close()


def test_filters_work_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{demo_site.url}/events/")

    page.select_option("#id_city", "Kraków")
    page.locator("form.event-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"city=Krak"))

    assert page.locator(f'#event-results a[href="/events/{KRAKOW_SLUG}/"]').count() == 1
    assert page.locator("#event-results a[href='/events/']").count() == 0
    context.close()


def test_archive_and_directory_pages_pass_axe(browser, demo_site):
    audit = new_page(browser, PHONE, bypass_csp=True)
    urls = [
        f"{demo_site.url}/events/archive/",
        f"{demo_site.url}/organizations/",
        f"{demo_site.url}/uk/organizations/",
        f"{demo_site.url}/events/{KRAKOW_SLUG}/agenda/",
    ]

    violations = {}
    for url in urls:
        audit.goto(url)
        violations[url] = run_axe(audit)

    assert violations == {url: [] for url in urls}
    audit.context.close()
