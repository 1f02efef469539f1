"""Quotation marks as each language writes them, nesting correctly around texts that have quotes of their own.

A session called „People meet People” quoted in a Polish sentence reads „Warsztat «People meet People»”,
in Ukrainian «Майстер-клас „People meet People“», in English “Workshop ‘People meet People’”.
"""

import re

from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

# (outer open, outer close, inner open, inner close)
QUOTES = {
    "pl": ("„", "”", "«", "»"),
    "uk": ("«", "»", "„", "“"),
    "en": ("“", "”", "‘", "’"),
}
OPENING = {"„", "«", "‹"}
CLOSING = {"»", "›"}
# The same mark opens in one language and closes in another: it closes only what is open.
EITHER = {"“", "”", '"', "&quot;"}
MARK = re.compile(r"&quot;|[„«‹»›“”\"]")
TAG = re.compile(r"(<[^>]*>)")


def quoted(text) -> str:
    """The text in the active language's quotation marks; the quotes inside it become the inner ones.

    HTML (a SafeString, e.g. content marked lang="pl") keeps its tags and attributes untouched.
    """
    outer_open, outer_close, inner_open, inner_close = QUOTES.get((get_language() or "pl")[:2], QUOTES["pl"])
    is_html = isinstance(text, SafeData)
    depth = 0

    def swap(match: re.Match) -> str:
        nonlocal depth
        mark = match.group(0)
        if mark in OPENING or (mark in EITHER and depth == 0):
            depth += 1
            return inner_open
        depth = max(depth - 1, 0)
        return inner_close

    parts = TAG.split(str(text)) if is_html else [str(text)]
    body = "".join(part if part.startswith("<") else MARK.sub(swap, part) for part in parts)
    result = f"{outer_open}{body}{outer_close}"
    return mark_safe(result) if is_html else result  # noqa: S308 - only quotation marks were added to safe HTML
