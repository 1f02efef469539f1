"""Per-event statistics, shaped for small server-side SVG charts (no JavaScript library needed)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from agenda.models import Session
from attendees.models import Attendance
from common.languages import INTERPRETATION_LANGUAGES, Language
from events.models import Event
from organizations.models import Organization, Region
from registrations.models import Answer, Question, Registration, SessionSeat

BAR_WIDTH = 320  # pixels of the longest bar in a chart


@dataclass
class Bar:
    label: str
    count: int
    width: int = 0
    percent: int = 0


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    total: int = 0
    note: str = ""
    texts: list[str] = field(default_factory=list)
    empty: str = ""  # said under the title when there is nothing to draw

    @property
    def is_empty(self) -> bool:
        return not self.texts and not any(bar.count for bar in self.bars)

    @property
    def height(self) -> int:
        return 24 * len(self.bars) + 4


def _chart(
    title: str,
    counts: list[tuple[str, int]],
    *,
    total: int | None = None,
    note: str = "",
    empty: str = "",
) -> Chart:
    total = sum(count for _label, count in counts) if total is None else total
    peak = max((count for _label, count in counts), default=0) or 1
    bars = [
        Bar(
            label=str(label),
            count=count,
            width=round(BAR_WIDTH * count / peak),
            percent=round(100 * count / total) if total else 0,
        )
        for label, count in counts
    ]
    return Chart(title=title, bars=bars, total=total, note=note, empty=empty or _("No answers yet."))


@dataclass
class Timeline:
    """Registrations per day and the running total, as SVG polyline points."""

    days: list[tuple[dt.date, int, int]]
    points: str
    width: int = 480
    height: int = 140

    @property
    def total(self) -> int:
        return self.days[-1][2] if self.days else 0

    @property
    def is_drawn(self) -> bool:
        """A line needs two days at least; registrations of one day are told in a sentence."""
        return len(self.days) > 1


def registrations_over_time(registrations) -> Timeline:
    per_day = dict(
        registrations.annotate(day=TruncDate("created_at"))
        .order_by()
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    if not per_day:
        return Timeline(days=[], points="")
    first, last = min(per_day), max(per_day)
    days, running = [], 0
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        running += per_day.get(day, 0)
        days.append((day, per_day.get(day, 0), running))
    width, height = 480, 140
    step = width / max(len(days) - 1, 1)
    points = " ".join(
        f"{round(index * step, 1)},{round(height - height * total / running, 1)}"
        for index, (_day, _n, total) in enumerate(days)
    )
    return Timeline(days=days, points=points, width=width, height=height)


def _labelled(counts: dict, labels: dict, empty: str) -> list[tuple[str, int]]:
    rows = [(labels.get(key, key) if key else empty, count) for key, count in counts.items()]
    return sorted(rows, key=lambda row: -row[1])


def _answer_charts(event: Event, registrations, *, sensitive: bool) -> list[Chart]:
    questions = Question.objects.filter(form__event=event).prefetch_related("choices").order_by("order", "pk")
    if not sensitive:
        questions = questions.filter(is_sensitive=False)
    answers = Answer.objects.filter(registration__in=registrations)
    charts = []
    for question in questions:
        answered = answers.filter(question=question)
        if question.kind in Question.CHOICE_KINDS:
            counts = dict(answered.values_list("choices").annotate(n=Count("pk")).values_list("choices", "n"))
            rows = [(choice.label, counts.get(choice.pk, 0)) for choice in question.choices.all()]
            charts.append(_chart(question.label, rows, total=answered.count()))
        elif question.kind in {
            Question.Kind.CHECKBOX,
            Question.Kind.CONSENT,
            Question.Kind.SCALE,
            Question.Kind.NUMBER,
        }:
            counts = Counter(answered.exclude(value="").values_list("value", flat=True))
            rows = sorted(counts.items(), key=lambda row: (len(row[0]), row[0]))
            charts.append(_chart(question.label, rows))
        else:
            values = list(answered.exclude(value="").values_list("value", flat=True)[:10])
            chart = _chart(question.label, [], total=answered.exclude(value="").count())
            chart.texts = values
            if chart.total:
                chart.note = _("%(n)d answers; the latest ten are listed.") % {"n": chart.total}
            charts.append(chart)
    return charts


def session_fill(event: Event) -> list[dict]:
    """Each selectable session's confirmed seats (and how many of them need interpretation), waitlist and
    attendance against its capacity."""
    sessions = (
        Session.objects.filter(event=event)
        .filter(Q(is_selectable=True) | Q(capacity__isnull=False) | Q(seats__isnull=False))
        .annotate(
            confirmed=Count("seats", filter=Q(seats__status=SessionSeat.Status.CONFIRMED), distinct=True),
            waitlisted=Count("seats", filter=Q(seats__status=SessionSeat.Status.WAITLISTED), distinct=True),
            came=Count("attendances", distinct=True),
            needs_interpretation=Count(
                "seats",
                filter=Q(seats__status=SessionSeat.Status.CONFIRMED)
                & ~Q(seats__registration__interpretation_language=""),
                distinct=True,
            ),
        )
        .distinct()
        .order_by("starts_at", "order", "pk")
    )
    rows = []
    for session in sessions:
        capacity = session.capacity
        percent = round(100 * session.confirmed / capacity) if capacity else None
        rows.append(
            {
                "session": session,
                "confirmed": session.confirmed,
                "waitlisted": session.waitlisted,
                "came": session.came,
                "needs_interpretation": session.needs_interpretation,
                "capacity": capacity,
                "percent": percent,
                "width": round(BAR_WIDTH * min(session.confirmed / capacity, 1)) if capacity else 0,
            }
        )
    return rows


def event_statistics(*, event: Event, sensitive: bool) -> dict:
    """Everything the statistics page shows; sensitive answers only when the viewer may see them."""
    everyone = Registration.objects.filter(event=event)
    active = everyone.filter(status__in=Registration.ACTIVE_STATUSES)
    status_counts = dict(everyone.order_by().values_list("status").annotate(n=Count("pk")))
    statuses = [(label, status_counts.get(value, 0)) for value, label in Registration.Status.choices]
    kinds = dict(active.order_by().values_list("organization__kind").annotate(n=Count("pk")))
    regions = dict(active.order_by().values_list("organization__region").annotate(n=Count("pk")))
    languages = dict(active.order_by().values_list("language").annotate(n=Count("pk")))
    interpretation = dict(
        active.exclude(interpretation_language="")
        .order_by()
        .values_list("interpretation_language")
        .annotate(n=Count("pk"))
    )
    needs = [
        (_("interpretation"), active.exclude(interpretation_language="").count()),
        (_("dietary needs"), active.exclude(dietary_needs="").count()),
    ]
    if sensitive:
        needs.insert(1, (_("accessibility needs"), active.exclude(accessibility_needs="").count()))
    came = Attendance.objects.filter(registration__event=event).values("registration").distinct().count()
    languages_named = dict(Language.choices)
    nobody = _("Nobody yet.")
    return {
        "total": everyone.count(),
        "active": active.count(),
        "came": came,
        "timeline": registrations_over_time(everyone),
        "charts": [
            _chart(_("By status"), statuses, empty=nobody),
            *_organization_charts(active, kinds, regions),
            _chart(_("By preferred language"), _labelled(languages, languages_named, "—"), empty=nobody),
            _chart(_("Needs"), needs, total=active.count(), empty=nobody),
            _chart(
                _("Interpretation into"),
                _labelled(interpretation, dict(INTERPRETATION_LANGUAGES), "—"),
                empty=_("Nobody needs interpretation."),
            ),
        ],
        "answers": _answer_charts(event, active, sensitive=sensitive),
        "sessions": session_fill(event),
    }


def _organization_charts(active, kinds: dict, regions: dict) -> list[Chart]:
    """Kind and region of the directory organizations; when nobody picked one, the names as typed."""
    no_organization = _("no organization in the directory")
    if any(kinds):
        return [
            _chart(
                _("By organization kind"), _labelled(kinds, dict(Organization.Kind.choices), no_organization)
            ),
            _chart(_("By region"), _labelled(regions, dict(Region.choices), no_organization)),
        ]
    typed: Counter = Counter()
    spelling: dict[str, str] = {}
    for name in (
        active.exclude(organization_name="")
        .order_by("created_at", "pk")
        .values_list("organization_name", flat=True)
    ):
        key = " ".join(name.split()).casefold()
        spelling.setdefault(key, " ".join(name.split()))
        typed[key] += 1
    rows = [(spelling[key], count) for key, count in typed.most_common(10)]
    return [
        _chart(
            _("By organization (as typed)"),
            rows,
            total=active.count(),
            note=_("Nobody chose an organization from the directory; the ten most frequent names."),
            empty=_("Nobody gave an organization."),
        )
    ]
