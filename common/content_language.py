"""Organizer content shown in the visitor's language, or marked as Polish where it falls back to Polish.

Translated fields (django-modeltranslation) show the Polish text when the active language has none. Such a
text is wrapped in `lang="pl"`, so a screen reader pronounces it as Polish, and followed by a short note in
the visitor's language ("(польською)"), so people know why. Pages, form labels and e-mails all go through
`content_html` or `content_text`; the `content` template tag in events/templatetags/portal.py calls them.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import linebreaks_filter, linebreaksbr, truncatechars
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def fallback_language(obj, field: str) -> str:
    """The language the shown text is really in when it is not the active one ("pl"), else ""."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if obj is None or language == source:
        return ""
    try:
        obj._meta.get_field(f"{field}_{language}")
    except (AttributeError, FieldDoesNotExist):
        return ""  # not a translated field: proper names, addresses, typed answers
    if getattr(obj, f"{field}_{language}", "") or not getattr(obj, field, ""):
        return ""
    return source


def fallback_note() -> str:
    return _("(in Polish)")


def content_text(obj, field: str) -> str:
    """The text for a plain-text e-mail: the note follows a text that is shown in Polish."""
    text = str(getattr(obj, field, "") or "")
    if fallback_language(obj, field):
        return f"{text} {fallback_note()}"
    return text


def _render_markdown(text: str) -> str:
    from events.templatetags.portal import render_markdown  # the one Markdown sanitizer of the site

    return render_markdown(text)


RENDERERS: dict[str, Callable[[str], str]] = {
    "inline": conditional_escape,
    "linebreaksbr": lambda text: linebreaksbr(text, autoescape=True),
    "linebreaks": lambda text: linebreaks_filter(text, autoescape=True),
    "markdown": _render_markdown,
}
# Renderers whose output is a block of paragraphs, so the mark is a <div> and the note its own line.
BLOCK_RENDERERS = {"linebreaks", "markdown"}


def content_html(obj, field: str, *, render: str = "inline", truncate: int | None = None) -> SafeString:
    """The field as HTML in the active language, marked `lang="pl"` with the note when it falls back."""
    text = str(getattr(obj, field, "") or "")
    if truncate:
        text = truncatechars(text, truncate)
    html = mark_safe(RENDERERS[render](text))  # noqa: S308 - escaped or sanitized by the renderer
    language = fallback_language(obj, field)
    if not language:
        return html
    note = fallback_note()
    if render in BLOCK_RENDERERS:
        return format_html(
            '<p class="fallback-note small mb-1">{}</p><div lang="{}">{}</div>',
            note,
            language,
            html,
        )
    return format_html(
        '<span lang="{}">{}</span> <small class="fallback-note">{}</small>', language, html, note
    )
