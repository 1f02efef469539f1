"""Attendee exports to CSV and XLSX, streamed row by row so a large event never sits in memory at once.

Every user-derived value passes through `neutralize_formula()`: a spreadsheet must never run what a registrant
typed (ASVS 1.2.10). CSV cells get a leading apostrophe; XLSX cells are typed as text with the quote prefix,
so the original characters survive.
"""

import codecs
import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from events.models import Event
from organizations import access

from .models import AccessLog, Answer, Attendance, Question, Registration, SessionSeat

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
CHUNK_SIZE = 2000


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_TRIGGERS)


def neutralize_formula(value: str) -> str:
    """The one place where CSV cells are defused: a leading apostrophe makes spreadsheets show text."""
    return "'" + value if is_formula_like(value) else value


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Registration], str]
    sensitive: bool = False


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _sessions(registration: Registration) -> str:
    return registration.export_data["sessions"]


def _tags(registration: Registration) -> str:
    return registration.export_data["tags"]


def _checked_in(registration: Registration) -> str:
    return registration.export_data["checked_in"]


BASE_COLUMNS = (
    Column("event", _("event"), lambda r: r.event.title),
    Column("first_name", _("first name"), lambda r: r.first_name),
    Column("last_name", _("last name"), lambda r: r.last_name),
    Column("email", _("e-mail"), lambda r: r.email),
    Column("phone", _("phone"), lambda r: r.phone),
    Column("organization", _("organization"), lambda r: r.organization_display),
    Column(
        "organization_kind",
        _("organization kind"),
        lambda r: r.organization.get_kind_display() if r.organization_id else "",
    ),
    Column("region", _("region"), lambda r: r.organization.get_region_display() if r.organization_id else ""),
    Column("position", _("role or position"), lambda r: r.position),
    Column("status", _("status"), lambda r: str(r.get_status_display())),
    Column("waitlist_position", _("waiting list position"), lambda r: str(r.waitlist_position or "")),
    Column("language", _("preferred language"), lambda r: r.language),
    Column("sessions", _("sessions"), _sessions),
    Column("interpretation_language", _("interpretation needed into"), lambda r: r.interpretation_language),
    Column("accessibility_needs", _("accessibility needs"), lambda r: r.accessibility_needs, sensitive=True),
    Column("dietary_needs", _("dietary needs"), lambda r: r.dietary_needs),
    Column("other_needs", _("other needs"), lambda r: r.other_needs, sensitive=True),
    Column(
        "consents_to_participant_list",
        _("may appear on the participant list"),
        lambda r: "1" if r.consents_to_participant_list else "0",
    ),
    Column("consents_to_photos", _("agrees to photos"), lambda r: "1" if r.consents_to_photos else "0"),
    Column("tags", _("tags"), _tags),
    Column("checked_in", _("checked in at"), _checked_in),
    Column("created_at", _("registered at"), lambda r: _local(r.created_at)),
)
COLUMNS_BY_KEY = {column.key: column for column in BASE_COLUMNS}
DEFAULT_COLUMN_KEYS = (
    "event",
    "first_name",
    "last_name",
    "email",
    "organization",
    "status",
    "sessions",
    "created_at",
)


def _question_column(question: Question) -> Column:
    def value(registration: Registration) -> str:
        return registration.export_data["answers"].get(question.pk, "")

    return Column(f"q{question.pk}", question.label, value, sensitive=question.is_sensitive)


def questions_for(registrations: QuerySet[Registration]) -> QuerySet[Question]:
    event_ids = registrations.order_by().values("event_id").distinct()
    return Question.objects.filter(form__event__in=event_ids).order_by("form__event_id", "order", "pk")


def available_columns(registrations: QuerySet[Registration]) -> list[Column]:
    """Every column the export of these registrations can have: the fixed ones, then one per question."""
    return [*BASE_COLUMNS, *(_question_column(question) for question in questions_for(registrations))]


def sensitive_allowed(user, registrations: QuerySet[Registration]) -> bool:
    """Sensitive columns appear only if the user may see sensitive data of every event in the selection."""
    event_ids = registrations.order_by().values_list("event_id", flat=True).distinct()
    return all(
        access.can_view_sensitive_data(user, event) for event in Event.objects.filter(pk__in=event_ids)
    )


def choose_columns(
    user, registrations: QuerySet[Registration], keys: Iterable[str] | None = None
) -> list[Column]:
    """The requested columns (all when none are given), without sensitive ones the user may not see."""
    columns = available_columns(registrations)
    if keys is not None:
        wanted = list(keys)
        by_key = {column.key: column for column in columns}
        columns = [by_key[key] for key in wanted if key in by_key]
    if not sensitive_allowed(user, registrations):
        columns = [column for column in columns if not column.sensitive]
    return columns


def _chunk_data(ids: list[int]) -> dict[int, dict]:
    """Answers, sessions, tags and first check-in of a chunk of registrations, read as plain values.

    Plain value queries instead of prefetched model instances keep a 10,000-row export fast and small.
    """
    data = {pk: {"answers": {}, "sessions": [], "tags": [], "checked_in": None} for pk in ids}
    choice_labels: dict[int, list[str]] = {}
    for answer_id, label in (
        Answer.choices.through.objects.filter(answer__registration_id__in=ids)
        .order_by("choice__order", "choice_id")
        .values_list("answer_id", "choice__label")
    ):
        choice_labels.setdefault(answer_id, []).append(label)
    answers = Answer.objects.filter(registration_id__in=ids).values_list(
        "pk", "registration_id", "question_id", "value"
    )
    for answer_id, registration_id, question_id, value in answers:
        parts = choice_labels.get(answer_id, []) + ([value] if value else [])
        data[registration_id]["answers"][question_id] = "; ".join(parts)
    seats = SessionSeat.objects.filter(registration_id__in=ids).order_by("session__starts_at")
    for registration_id, title in seats.values_list("registration_id", "session__title"):
        data[registration_id]["sessions"].append(title)
    tags = Registration.tags.through.objects.filter(registration_id__in=ids).order_by("tag__name")
    for registration_id, name in tags.values_list("registration_id", "tag__name"):
        data[registration_id]["tags"].append(name)
    attendances = Attendance.objects.filter(registration_id__in=ids).order_by("checked_in_at")
    for registration_id, at in attendances.values_list("registration_id", "checked_in_at"):
        if data[registration_id]["checked_in"] is None:
            data[registration_id]["checked_in"] = at
    for item in data.values():
        item["sessions"] = "; ".join(item["sessions"])
        item["tags"] = ", ".join(item["tags"])
        item["checked_in"] = _local(item["checked_in"])
    return data


def iter_registrations(registrations: QuerySet[Registration]) -> Iterator[Registration]:
    """Registrations in export order, CHUNK_SIZE at a time, each with its `export_data` attached."""
    ordered = registrations.order_by("event_id", "last_name", "first_name", "pk")
    ids = list(ordered.values_list("pk", flat=True))
    events: dict[int, Event] = {}
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        data = _chunk_data(chunk)
        rows = Registration.objects.filter(pk__in=chunk).select_related("organization").in_bulk()
        # Events are shared by many rows: load each once, not once per registration.
        missing = {row.event_id for row in rows.values()} - events.keys()
        events.update(Event.objects.in_bulk(missing))
        for pk in chunk:
            registration = rows[pk]
            registration.event = events[registration.event_id]
            registration.export_data = data[pk]
            yield registration


def iter_rows(registrations: QuerySet[Registration], columns: list[Column]) -> Iterator[list[str]]:
    """The header, then one list of strings per registration, reading the database in chunks."""
    yield [str(column.label) for column in columns]
    for registration in iter_registrations(registrations):
        yield [column.value(registration) or "" for column in columns]


def record_export(user, registrations: QuerySet[Registration], columns: list[Column], fmt: str) -> None:
    """Write one audit entry per event exported; sensitive columns are named in the action."""
    action = f"export_{fmt}" + ("_sensitive" if any(column.sensitive for column in columns) else "")
    event_ids = registrations.order_by().values_list("event_id", flat=True).distinct()
    AccessLog.objects.bulk_create(
        [AccessLog(user=user, event_id=event_id, action=action) for event_id in event_ids]
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def iter_csv(rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text with a UTF-8 byte order mark so Excel reads Polish and Ukrainian letters correctly."""
    writer = csv.writer(_Echo())
    yield codecs.BOM_UTF8.decode("utf-8")
    for row in rows:
        yield writer.writerow([neutralize_formula(value) for value in row])


def write_xlsx(rows: Iterable[list[str]], target) -> None:
    """Write a write-only workbook (rows flushed to a temporary file as they come) to a path or file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("Registrations"))[:31])
    for row in rows:
        sheet.append([_text_cell(sheet, value) if is_formula_like(value) else value for value in row])
    workbook.save(target)


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    """openpyxl would store "=…" as a formula; as typed text with the quote prefix it stays inert."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def csv_response(rows: Iterable[list[str]], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in iter_csv(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def xlsx_response(rows: Iterable[list[str]], filename: str) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after streaming
    write_xlsx(rows, spool)
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "no-store"
    return response


def export_response(*, user, registrations: QuerySet[Registration], keys, fmt: str, filename: str):
    """Scope the registrations to the user's organizations, drop disallowed columns, audit, and stream."""
    registrations = access.scope_queryset(registrations, user)
    columns = choose_columns(user, registrations, keys)
    record_export(user, registrations, columns, fmt)
    rows = iter_rows(registrations, columns)
    if fmt == "xlsx":
        return xlsx_response(rows, filename)
    return csv_response(rows, filename)
