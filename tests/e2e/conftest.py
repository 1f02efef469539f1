"""Browser fixtures for tests/e2e, shared by every browser test.

- `browser` (session scope): one headless Debian chromium (/usr/bin/chromium) driven by sync Playwright,
  without background networking, so the only requests it makes are the pages' own.
- `new_page(browser, viewport, bypass_csp=False)`: a fresh context and page. `viewport` is a (width, height)
  pair such as PHONE or DESKTOP. The page collects `page.console_errors` (console messages of type error),
  `page.csp_violations` (those that mention the Content Security Policy) and `page.foreign_requests` (URLs of
  requests to any host but 127.0.0.1/localhost). Use `bypass_csp=True` only to inject tools such as axe.
- `run_axe(page)`: runs axe-core (tests/e2e/vendor/axe.min.js) on the page's WCAG 2.1 A/AA rules and returns
  the violations whose impact is serious or critical. The page's context must bypass CSP.
- `demo_site` (function scope): pytest-django's `live_server` with the demo data loaded by `load_demo`;
  it needs a transactional database, which it requests itself.

Mark browser tests with @pytest.mark.browser.
"""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

# The sync Playwright API runs an event loop in the test's thread; the ORM calls made by fixtures and
# tests in that thread are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = (390, 844)
DESKTOP = (1280, 900)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def new_page(browser, viewport=DESKTOP, bypass_csp=False):
    """A page in its own context that records console errors, CSP violations and foreign requests."""
    width, height = viewport
    context = browser.new_context(
        viewport={"width": width, "height": height},
        bypass_csp=bypass_csp,
        is_mobile=width < 600,
        has_touch=width < 600,
    )
    page = context.new_page()
    page.console_errors = []
    page.csp_violations = []
    page.foreign_requests = []

    def on_console(message):
        if message.type == "error":
            page.console_errors.append(message.text)
            if "Content Security Policy" in message.text:
                page.csp_violations.append(message.text)

    def on_request(request):
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOCAL_HOSTS:
            page.foreign_requests.append(request.url)

    page.on("console", on_console)
    page.on("request", on_request)
    return page


def run_axe(page) -> list[dict]:
    """Serious and critical WCAG 2.1 AA violations on the current page, as {id, impact, targets}."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def demo_site(transactional_db, live_server):
    call_command("load_demo", stdout=io.StringIO())
    return live_server
