"""The Content Security Policy is enforced and nothing the site itself serves breaks it.

A real Chromium walks the public pages and then works in the admin as an organizer (opens an event and
a registration, adds a registration through the autocomplete widget); the console must report 0 CSP
violations on every page.

The browser runs in a thread of its own: the session-wide `browser` of tests/e2e keeps a sync
Playwright loop open in the main thread, and a second one cannot start beside it when both test
directories share a worker.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from events.models import Event
from organizations.models import Membership
from registrations.models import Registration

from ..e2e.conftest import CHROMIUM, CHROMIUM_ARGS, new_page
from .conftest import plant_registrant

pytestmark = pytest.mark.browser

PASSWORD = "Organizer-password-for-csp-42"
MAX_PUBLIC_PAGES = 40
SKIPPED = re.compile(r"^/(uk/|en/)?(admin|accounts|static|media|manage)/|\.ics$|\.xml$")


@dataclass
class Walk:
    base: str
    public_seeds: list[str]
    admin_paths: list[str]
    login: str
    event_title: str
    violations: dict[str, list[str]] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    final_url: str = ""


def organizer_login(organization):
    user = (
        get_user_model()
        .objects.filter(memberships__organization=organization, memberships__role=Membership.Role.OWNER)
        .first()
    )
    user.set_password(PASSWORD)
    user.save()
    return user.email


def visit(page, url: str, walk: Walk):
    response = page.goto(url)
    page.wait_for_load_state("load")
    walk.statuses[url] = response.status
    assert "object-src 'none'" in (response.headers.get("content-security-policy") or ""), url
    collect(page, url, walk)
    return response


def collect(page, label: str, walk: Walk):
    if page.csp_violations:
        walk.violations[label] = list(page.csp_violations)
        page.csp_violations.clear()


def crawl_public_pages(page, walk: Walk):
    queue, seen = list(walk.public_seeds), set(walk.public_seeds)
    while queue and len(walk.statuses) < MAX_PUBLIC_PAGES:
        visit(page, walk.base + queue.pop(0), walk)
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
        for href in hrefs:
            parts = urlsplit(href)
            if parts.netloc or not href.startswith("/") or SKIPPED.search(parts.path) or href in seen:
                continue
            seen.add(href)
            queue.append(href)


def work_in_admin(page, walk: Walk):
    visit(page, f"{walk.base}/admin/login/", walk)
    page.fill("#id_login", walk.login)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{walk.base}/admin/")
    for path in walk.admin_paths:
        visit(page, walk.base + path, walk)

    visit(page, f"{walk.base}/admin/registrations/registration/add/", walk)
    page.click("#id_event + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search--dropdown .select2-search__field", walk.event_title)
    page.locator(".select2-results__option", has_text=walk.event_title).first.click()
    page.fill("#id_first_name", "Mariia")
    page.fill("#id_last_name", "Shevchenko")
    page.fill("#id_email", "mariia.shevchenko@example.org")
    with page.expect_navigation():
        page.click("input[name=_save]")
    collect(page, "admin: add registration", walk)
    walk.final_url = page.url


def browse(walk: Walk) -> Walk:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = new_page(chromium)
            crawl_public_pages(page, walk)
            work_in_admin(page, walk)
        finally:
            chromium.close()
    return walk


def test_public_pages_and_admin_flow_have_no_csp_violations(demo_site):
    event = Event.objects.published().order_by("starts_at").first()
    markers = plant_registrant(event, status=Registration.Status.CONFIRMED)
    registration = Registration.objects.get(first_name=markers[0])
    seeds = ["/", "/uk/", "/en/", "/events/", "/organizations/"]
    for published in Event.objects.published():
        seeds += [f"/events/{published.slug}/{suffix}" for suffix in ("", "agenda/", "register/")]
    admin_paths = [
        "/admin/",
        "/admin/events/event/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/registrations/registration/",
        f"/admin/registrations/registration/{registration.pk}/change/",
        "/admin/agenda/session/",
    ]
    walk = Walk(
        base=demo_site.url,
        public_seeds=seeds,
        admin_paths=admin_paths,
        login=organizer_login(event.organization),
        event_title=event.title[:12],
    )

    with ThreadPoolExecutor(max_workers=1) as pool:
        walk = pool.submit(browse, walk).result()

    assert walk.final_url == f"{demo_site.url}/admin/registrations/registration/"
    assert Registration.objects.filter(event=event, last_name="Shevchenko").count() == 1
    assert len(walk.statuses) >= 20
    assert {url: status for url, status in walk.statuses.items() if status != 200} == {}
    assert walk.violations == {}
