"""Interpretation and accessibility needs of the confirmed people, per day and per session of an event.

Who needs what is sensitive: the table always holds the people, and the caller shows names only to members
allowed to see sensitive data (counts to everyone else); the download follows the same rule.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agenda.models import Session
from attendees.checkin import event_days
from common.languages import INTERPRETATION_LANGUAGES
from events.models import Event
from registrations.models import Registration, SessionSeat
from registrations.selectors import confirmed_on_day

NEEDS_FIELDS = ("pk", "first_name", "last_name", "interpretation_language", "accessibility_needs")


@dataclass
class NeedsRow:
    """One day or one session: how many confirmed people, who needs interpretation into what, who has
    accessibility needs."""

    label: str
    when: str
    confirmed: int
    interpretation: dict[str, list[str]] = field(default_factory=dict)  # language code -> names
    accessibility: list[tuple[str, str]] = field(default_factory=list)  # (name, what they need)

    def interpretation_cells(self, languages: list[tuple[str, str]]) -> list[tuple[int, list[str]]]:
        return [
            (len(self.interpretation.get(code, [])), self.interpretation.get(code, []))
            for code, _label in languages
        ]


@dataclass
class NeedsTable:
    rows: list[NeedsRow]
    languages: list[tuple[str, str]]  # (code, name) of every language asked for, in a stable order

    @property
    def has_needs(self) -> bool:
        return any(row.interpretation or row.accessibility for row in self.rows)


def _row(label: str, when: str, people: QuerySet[Registration]) -> NeedsRow:
    row = NeedsRow(label=label, when=when, confirmed=0)
    for person in people.order_by("last_name", "first_name", "pk").values(*NEEDS_FIELDS):
        row.confirmed += 1
        name = f"{person['first_name']} {person['last_name']}".strip()
        if person["interpretation_language"]:
            row.interpretation.setdefault(person["interpretation_language"], []).append(name)
        if person["accessibility_needs"].strip():
            row.accessibility.append((name, person["accessibility_needs"].strip()))
    return row


def _chosen_sessions(event: Event) -> QuerySet[Session]:
    """The sessions people choose or hold seats in; the others are attended by everyone of that day."""
    return (
        Session.objects.filter(event=event)
        .filter(Q(is_selectable=True) | Q(seats__isnull=False))
        .distinct()
        .order_by("starts_at", "order", "pk")
    )


def _day_label(day: dt.date) -> str:
    return formats.date_format(day, "l, j E Y").capitalize()


def needs_table(*, event: Event) -> NeedsTable:
    """A row per day of the event (the people coming that day), then a row per chosen session (its
    confirmed seats)."""
    rows = [
        _row(
            _day_label(day),
            formats.date_format(day, "SHORT_DATE_FORMAT"),
            confirmed_on_day(event=event, day=day),
        )
        for day in event_days(event)
    ]
    for session in _chosen_sessions(event):
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        people = Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            seats__session=session,
            seats__status=SessionSeat.Status.CONFIRMED,
        )
        rows.append(_row(session.title, f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}", people))
    named = dict(INTERPRETATION_LANGUAGES)
    asked = {code for row in rows for code in row.interpretation}
    order = [code for code in named if code in asked] + sorted(asked - named.keys())
    return NeedsTable(rows=rows, languages=[(code, str(named.get(code, code))) for code in order])


def export_rows(table: NeedsTable, *, names: bool) -> list[list[str]]:
    """The table as spreadsheet rows: counts, and with `names` who needs what.

    A list, not a generator: the texts are translated now, in the request's language.
    """
    return list(_export_rows(table, names=names))


def _export_rows(table: NeedsTable, *, names: bool) -> Iterator[list[str]]:
    header = [_("Day or session"), _("When"), _("Confirmed")]
    header += [
        _("Interpretation into %(language)s") % {"language": label} for _code, label in table.languages
    ]
    header.append(_("Accessibility needs"))
    if names:
        header += [
            _("Interpretation into %(language)s: who") % {"language": label}
            for _code, label in table.languages
        ]
        header.append(_("Accessibility needs: who and what"))
    yield header
    for row in table.rows:
        cells = row.interpretation_cells(table.languages)
        values = [row.label, row.when, str(row.confirmed), *(str(count) for count, _who in cells)]
        values.append(str(len(row.accessibility)))
        if names:
            values += ["; ".join(who) for _count, who in cells]
            values.append("; ".join(f"{name}: {need}" for name, need in row.accessibility))
        yield values
