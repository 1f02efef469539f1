"""Template helpers of the public pages: content in the visitor's language, Markdown, date ranges,
the language switcher, registration link."""

import datetime as dt
import functools
import re
from urllib.parse import urlencode

import markdown as markdown_lib
import nh3
from django import template
from django.conf import settings
from django.template.defaultfilters import date as format_date
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info

from common import dates
from common.content_language import content_html, content_text
from common.typography import quoted as quote_text

register = template.Library()

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
HEADING = re.compile(r"<(/?)h([1-6])>")


def _demote_heading(match: re.Match) -> str:
    # Page sections already use h1 and h2; headings inside organizer text start at h3.
    return f"<{match.group(1)}h{min(int(match.group(2)) + 2, 6)}>"


@register.filter(name="markdown")
def render_markdown(text: str) -> str:
    """Organizer Markdown as sanitized HTML: no scripts, styles, images or event handlers survive."""
    if not text:
        return ""
    return mark_safe(_sanitized_markdown(str(text)))  # noqa: S308 - sanitized by nh3 in _sanitized_markdown


@functools.lru_cache(maxsize=256)
def _sanitized_markdown(text: str) -> str:
    """Markdown and nh3 once per text and process: the HTML depends on the text alone, never stale."""
    html = HEADING.sub(_demote_heading, markdown_lib.markdown(text, extensions=["sane_lists", "tables"]))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@register.simple_tag
def content(obj, field: str, render: str = "inline", truncate: int | None = None) -> str:
    """Organizer content in the visitor's language; a Polish fallback is marked lang="pl" with a note.

    `{% content event "title" %}`, `{% content event "description" render="markdown" %}`, `render="text"`
    in plain-text e-mails (the note in brackets after the text).
    """
    if render == "text":
        return content_text(obj, field)
    return content_html(obj, field, render=render, truncate=truncate)


@register.filter
def quoted(text) -> str:
    """The text in the visitor's language's quotation marks, nested quotes turned into the inner ones."""
    return quote_text(text)


@register.filter
def date_range(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """'29–30 listopada 2025', '18 kwietnia 2023, 10:00–15:00' or two full dates, in the active language."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    date_format = get_format("DATE_FORMAT")
    if start.date() == end.date():
        return f"{format_date(start, 'DATE_FORMAT')}, {time_range(start, end)}"
    if (start.year, start.month) == (end.year, end.month):
        if date_format[:1] in {"j", "d"}:
            return f"{format_date(start, 'j')}–{format_date(end, 'DATE_FORMAT')}"
        if date_format.startswith("N j, Y"):
            return f"{format_date(start, 'N j')}–{format_date(end, 'j, Y')}"
    return f"{format_date(start, 'DATE_FORMAT')} – {format_date(end, 'DATE_FORMAT')}"


time_range = register.filter(dates.time_range)
short_day = register.filter(dates.short_day)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in each language: the URL is reversed with that language's prefix, query kept.

    A page may fix the path instead (error pages: the failing address may carry a secret token).
    """
    request = context.get("request")
    path = context.get("language_links_path") or (request.get_full_path() if request else "/")
    current = get_language()
    return [{**link, "is_current": link["code"] == current} for link in _language_links(path, current)]


@functools.lru_cache(maxsize=2048)
def _language_links(path: str, current: str) -> tuple[dict, ...]:
    """Reversed once per path, language and process: nothing else changes the addresses (the URL patterns
    resolve `path` under the current language's prefix)."""
    return tuple(
        {"code": code, "name": get_language_info(code)["name_local"], "url": translate_url(path, code)}
        for code, _name in settings.LANGUAGES
    )


@register.simple_tag
def registration_url(event) -> str:
    """The registration page of the event, or "" while no registration view is installed."""
    try:
        return reverse("registrations:register", kwargs={"slug": event.slug})
    except NoReverseMatch:
        try:
            return reverse("registrations:register", args=[event.slug])
        except NoReverseMatch:
            return ""


@register.filter
def language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


@register.filter
def osm_url(venue) -> str:
    """A plain OpenStreetMap search link for the venue's address: no embedded map, no third-party request."""
    query = venue.full_address or venue.name
    if venue.city and venue.city not in query:
        query = f"{query}, {venue.city}"
    return f"https://www.openstreetmap.org/search?{urlencode({'query': query})}"


@register.simple_tag
def stored_image(file, width=None, height=None, *, alt: str = "", css_class: str = "", eager: bool = False):
    """An uploaded picture with its size written out, so nothing moves when it arrives.

    Pictures load lazily, except the one at the top of a page (`eager`), which the browser fetches first.
    """
    if not file:
        return ""
    size = format_html(' width="{}" height="{}"', width, height) if width and height else ""
    css = format_html(' class="{}"', css_class) if css_class else ""
    loading = SafeString(' fetchpriority="high"') if eager else SafeString(' loading="lazy"')
    return format_html('<img src="{}" alt="{}"{}{}{} decoding="async">', file.url, alt, size, css, loading)
