"""The Content Security Policy is enforced and nothing the site itself serves breaks it.

A real Chromium walks the public pages and then works in the admin as an organizer (opens an event and
a registration, adds a registration through the autocomplete widget); the console must report 0 CSP
violations on every page.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from events.models import Event
from organizations.models import Membership
from registrations.models import Registration

from ..e2e.conftest import new_page
from .conftest import plant_registrant

pytestmark = pytest.mark.browser

PASSWORD = "Organizer-password-for-csp-42"
MAX_PUBLIC_PAGES = 40
SKIPPED = re.compile(r"^/(uk/|en/)?(admin|accounts|static|media|manage)/|\.ics$|\.xml$")


def organizer_login(organization):
    user = (
        get_user_model()
        .objects.filter(memberships__organization=organization, memberships__role=Membership.Role.OWNER)
        .first()
    )
    user.set_password(PASSWORD)
    user.save()
    return user.username


def visit(page, url: str, violations: dict):
    response = page.goto(url)
    page.wait_for_load_state("load")
    assert "object-src 'none'" in (response.headers.get("content-security-policy") or ""), url
    if page.csp_violations:
        violations[url] = list(page.csp_violations)
        page.csp_violations.clear()
    return response


def test_public_pages_and_admin_flow_have_no_csp_violations(demo_site, browser):
    base = demo_site.url
    event = Event.objects.published().order_by("starts_at").first()
    registration_markers = plant_registrant(event, status=Registration.Status.CONFIRMED)
    registration = Registration.objects.get(first_name=registration_markers[0])
    username = organizer_login(event.organization)
    page = new_page(browser)
    violations = {}

    queue, seen, visited = ["/", "/uk/", "/en/", "/events/", "/organizations/"], set(), 0
    for event_ in Event.objects.published():
        queue += [
            f"/events/{event_.slug}/",
            f"/events/{event_.slug}/agenda/",
            f"/events/{event_.slug}/register/",
        ]
    seen.update(queue)
    while queue and visited < MAX_PUBLIC_PAGES:
        path = queue.pop(0)
        response = visit(page, base + path, violations)
        visited += 1
        assert response.status < 500, path
        for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(link => link.getAttribute('href'))"
        ):
            parts = urlsplit(href)
            if (
                not parts.netloc
                and href.startswith("/")
                and not SKIPPED.search(parts.path)
                and href not in seen
            ):
                seen.add(href)
                queue.append(href)

    visit(page, f"{base}/admin/login/", violations)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    for path in (
        "/admin/",
        "/admin/events/event/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/registrations/registration/",
        f"/admin/registrations/registration/{registration.pk}/change/",
        "/admin/agenda/session/",
    ):
        response = visit(page, base + path, violations)
        assert response.status == 200, path

    visit(page, f"{base}/admin/registrations/registration/add/", violations)
    page.click("#id_event + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search--dropdown .select2-search__field", event.title[:12])
    page.locator(".select2-results__option", has_text=event.title[:12]).first.click()
    page.fill("#id_first_name", "Mariia")
    page.fill("#id_last_name", "Shevchenko")
    page.fill("#id_email", "mariia.shevchenko@example.org")
    with page.expect_navigation():
        page.click("input[name=_save]")
    if page.csp_violations:
        violations["admin add registration"] = list(page.csp_violations)

    assert page.url == f"{base}/admin/registrations/registration/"
    assert visited >= 20
    assert Registration.objects.filter(event=event, last_name="Shevchenko").count() == 1
    assert violations == {}
