"""The embed shown in an <iframe> on another site's page, and the API documentation page under the CSP."""

import functools
import http.server
import threading

import pytest

from tests.factories import EventFactory, OrganizationFactory

from .conftest import new_page

pytestmark = [pytest.mark.browser]


@pytest.fixture
def other_site(tmp_path):
    """A static web server on 127.0.0.1 (the portal's live server runs on localhost): another origin."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def host_page(folder, name: str, frame_url: str) -> str:
    (folder / name).write_text(
        f'<!doctype html><html lang="pl"><title>Koalicja</title><h1>Nasze wydarzenia</h1>'
        f'<iframe src="{frame_url}" title="Wydarzenia" width="600" height="400"></iframe></html>',
        encoding="utf-8",
    )
    return name


def test_embed_shows_inside_an_iframe_on_an_allowed_site_and_other_pages_refuse_frames(
    transactional_db, live_server, browser, other_site
):
    folder, origin = other_site
    organization = OrganizationFactory(embed_origins=origin)
    EventFactory(organization=organization, title="Spotkanie koalicji w Gdańsku")
    portal = live_server.url
    allowed = host_page(folder, "embed.html", f"{portal}/embed/organizations/{organization.slug}/")
    refused = host_page(folder, "page.html", f"{portal}/organizations/{organization.slug}/")
    page = new_page(browser)

    page.goto(f"{origin}/{allowed}")
    frame = page.frame_locator("iframe")
    frame.get_by_role("link", name="Spotkanie koalicji w Gdańsku").wait_for()
    heading = frame.get_by_role("heading", level=1).inner_text()
    shown_violations = list(page.csp_violations)
    with page.expect_console_message(lambda message: "frame-ancestors" in message.text) as refusal:
        page.goto(f"{origin}/{refused}")

    assert organization.name in heading
    assert shown_violations == []
    assert "frame-ancestors 'none'" in refusal.value.text
    assert organization.name not in page.frames[1].content()


def test_embed_refuses_a_site_the_organization_did_not_name(
    transactional_db, live_server, browser, other_site
):
    folder, origin = other_site
    organization = OrganizationFactory(embed_origins="https://elsewhere.example.org")
    EventFactory(organization=organization, title="Spotkanie koalicji w Gdańsku")
    allowed = host_page(folder, "embed.html", f"{live_server.url}/embed/organizations/{organization.slug}/")
    page = new_page(browser)

    with page.expect_console_message(lambda message: "frame-ancestors" in message.text) as refusal:
        page.goto(f"{origin}/{allowed}")

    assert "frame-ancestors https://elsewhere.example.org" in refusal.value.text
    assert "Spotkanie koalicji" not in page.frames[1].content()


def test_api_docs_page_renders_the_schema_without_csp_violations(transactional_db, live_server, browser):
    page = new_page(browser)

    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".opblock").first.wait_for()

    assert page.locator(".opblock").count() >= 10
    assert page.csp_violations == []
    assert page.foreign_requests == []
