"""Pages with pictures on a phone: every picture arrives, nothing moves while they load, axe finds nothing."""

import pytest

from .conftest import PHONE, new_page, run_axe

pytestmark = pytest.mark.browser

PAGES = (
    "/events/komm-iii-spotkanie-koalicji/",  # header image with its credit, organizer's logo
    "/events/csos-at-the-forefront-of-refugees-support/",  # partners' logos, the report gallery
    "/people/julia-bochenek/",  # speaker photo and bio
)
# Summed from the moment the page starts loading, so late pictures count too.
WATCH_LAYOUT_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { if (!entry.hadRecentInput) window.layoutShift += entry.value; }
}).observe({type: "layout-shift", buffered: true});
"""
ALL_PICTURES_SHOWN = "Array.from(document.images).every((image) => image.complete && image.naturalWidth > 0)"


@pytest.mark.parametrize("path", PAGES)
def test_page_pictures_load_without_moving_the_page_on_a_phone(browser, demo_site, path):
    page = new_page(browser, PHONE)
    page.add_init_script(WATCH_LAYOUT_SHIFTS)

    page.goto(demo_site.url + path)
    sizes = page.evaluate(
        "Array.from(document.images, (image) => [image.getAttribute('width'), image.getAttribute('height')])"
    )
    below_the_top = page.evaluate(
        "Array.from(document.images).filter((image) => !image.hasAttribute('fetchpriority'))"
        ".every((image) => image.loading === 'lazy')"
    )
    # Lazy pictures come in as the person scrolls down to them.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(ALL_PICTURES_SHOWN)

    assert sizes and all(width and height for width, height in sizes)
    assert below_the_top is True
    assert page.evaluate("window.layoutShift") == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert (page.csp_violations, page.console_errors, page.foreign_requests) == ([], [], [])
    page.context.close()


def test_pages_with_pictures_pass_axe(browser, demo_site):
    audit = new_page(browser, PHONE, bypass_csp=True)

    violations = {}
    for path in PAGES:
        audit.goto(demo_site.url + path)
        violations[path] = run_axe(audit)

    assert violations == {path: [] for path in PAGES}
    audit.context.close()
