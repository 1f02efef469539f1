"""Dates and times as people write them in the active language, from Django's formats and the portal's own.

The portal's own format names (WEEKDAY_ABBREVIATIONS, SHORT_DAY_FORMAT) live beside Django's in
config/formats/<language>/formats.py; Django's get_format does not know them, so they are read here.
"""

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format, get_format_modules


def portal_format(name: str, default):
    """A format of the portal's own for the active language, or `default`."""
    for module in get_format_modules():
        if hasattr(module, name):
            return getattr(module, name)
    return default


def short_day(value: dt.date | dt.datetime) -> str:
    """A day on a tab or in a short list: "śr 13.01", "ср 13.01", "Wed 13 Jan"."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    abbreviations = portal_format("WEEKDAY_ABBREVIATIONS", None)
    weekday = abbreviations[value.weekday()] if abbreviations else date_format(value, "D")
    return f"{weekday} {date_format(value, portal_format('SHORT_DAY_FORMAT', 'd.m'))}"


def time_range(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """ "15:00–16:00" in the active language's time format."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return f"{date_format(start, 'TIME_FORMAT')}–{date_format(end, 'TIME_FORMAT')}"
