"""Attendee exports to CSV and XLSX, streamed row by row so a large event never sits in memory at once.

Every user-derived value passes through `neutralize_formula()`: a spreadsheet must never run what a registrant
typed (ASVS 1.2.10). CSV cells get a leading apostrophe; XLSX cells are typed as text with the quote prefix,
so the original characters survive, except controls XML 1.0 cannot hold, which become U+FFFD.
"""

import codecs
import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from attendees.models import AccessLog, Attendance
from events.models import Event
from organizations import access
from organizations.models import Organization
from registrations.models import Answer, Question, Registration, SessionSeat

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Characters XML 1.0 cannot carry: the C0 controls other than tab, line feed and carriage return, and the two
# non-characters. openpyxl refuses a cell holding one, so each becomes U+FFFD in XLSX (CSV keeps them).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A line break in a cell is a line feed (whether a carriage return survives depends on openpyxl's writer).
CARRIAGE_RETURN = re.compile("\r\n?")
CHUNK_SIZE = 2000
CSV_ROWS_PER_PIECE = 200


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_TRIGGERS)


def neutralize_formula(value: str) -> str:
    """The one place where CSV cells are defused: a leading apostrophe makes spreadsheets show text."""
    return "'" + value if is_formula_like(value) else value


@dataclass(frozen=True)
class Column:
    """One export column: a key from BASE_COLUMNS, or "q<question id>" for a custom question."""

    key: str
    label: str
    sensitive: bool = False
    question_id: int | None = None


BASE_COLUMNS = (
    Column("event", _("event")),
    Column("first_name", _("first name")),
    Column("last_name", _("last name")),
    Column("email", _("e-mail")),
    Column("phone", _("phone")),
    Column("organization", _("organization")),
    Column("organization_kind", _("organization kind")),
    Column("region", _("region")),
    Column("position", _("role or position")),
    Column("status", _("status")),
    Column("waitlist_position", _("waiting list position")),
    Column("language", _("preferred language")),
    Column("sessions", _("sessions")),
    Column("interpretation_language", _("interpretation needed into")),
    Column("accessibility_needs", _("accessibility needs"), sensitive=True),
    Column("dietary_needs", _("dietary needs")),
    Column("other_needs", _("other needs"), sensitive=True),
    Column("consents_to_participant_list", _("may appear on the participant list")),
    Column("consents_to_photos", _("agrees to photos")),
    Column("tags", _("tags")),
    Column("checked_in", _("checked in at")),
    Column("created_at", _("registered at")),
    Column("channel", _("registered through")),
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
    "channel",
)
# Fields of Registration read for the base columns; the organization's name, kind and region come joined.
REGISTRATION_FIELDS = (
    "pk",
    "event_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "organization_id",
    "organization_name",
    "organization__name",
    "organization__kind",
    "organization__region",
    "position",
    "status",
    "waitlist_position",
    "language",
    "interpretation_language",
    "accessibility_needs",
    "dietary_needs",
    "other_needs",
    "consents_to_participant_list",
    "consents_to_photos",
    "created_at",
    "channel",
)


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _question_column(question: Question) -> Column:
    return Column(f"q{question.pk}", question.label, sensitive=question.is_sensitive, question_id=question.pk)


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


def _answers_by_registration(ids: list[int]) -> dict[int, dict[int, str]]:
    """Each registration's answers keyed by question id, chosen options first: two value queries.

    The form stores the chosen labels (in the registrant's language) as the answer's text too, so text that is
    a label of a chosen option in any language is shown once, as the option in the export's language; only
    text that matches no chosen option (kept by an import) follows it.
    """
    label_fields = [f"choice__label_{code}" for code, _name in settings.LANGUAGES]
    choice_labels: dict[int, list[str]] = {}
    known_texts: dict[int, set[str]] = {}
    for answer_id, label, *translations in (
        Answer.choices.through.objects.filter(answer__registration_id__in=ids)
        .order_by("choice__order", "choice_id")
        .values_list("answer_id", "choice__label", *label_fields)
    ):
        choice_labels.setdefault(answer_id, []).append(label)
        known_texts.setdefault(answer_id, set()).update(
            text.strip().casefold() for text in (label, *translations) if text
        )
    answers: dict[int, dict[int, str]] = {}
    for answer_id, registration_id, question_id, value in Answer.objects.filter(
        registration_id__in=ids
    ).values_list("pk", "registration_id", "question_id", "value"):
        labels = choice_labels.get(answer_id)
        if labels:
            known = known_texts[answer_id]
            parts = (part.strip() for part in value.split("; "))
            rest = [part for part in parts if part and part.casefold() not in known]
            value = "; ".join([*labels, *rest])
        answers.setdefault(registration_id, {})[question_id] = value
    return answers


def _joined(pairs: Iterable[tuple[int, str]], separator: str) -> dict[int, str]:
    grouped: dict[int, list[str]] = {}
    for registration_id, text in pairs:
        grouped.setdefault(registration_id, []).append(text)
    return {registration_id: separator.join(texts) for registration_id, texts in grouped.items()}


@dataclass
class _Chunk:
    """What one chunk of registrations needs besides its own row, each read with one value query."""

    answers: dict[int, dict[int, str]]
    sessions: dict[int, str]
    tags: dict[int, str]
    checked_in: dict[int, str]


def _chunk_data(ids: list[int], keys: set[str], *, with_answers: bool) -> _Chunk:
    """Answers, sessions, tags and first check-in of a chunk, read only for the columns asked for.

    Plain value queries instead of prefetched model instances keep a 10,000-row export fast and small.
    """
    sessions = tags = checked_in = {}
    if "sessions" in keys:
        seats = SessionSeat.objects.filter(registration_id__in=ids).order_by("session__starts_at")
        sessions = _joined(seats.values_list("registration_id", "session__title"), "; ")
    if "tags" in keys:
        tagged = Registration.tags.through.objects.filter(registration_id__in=ids).order_by("tag__name")
        tags = _joined(tagged.values_list("registration_id", "tag__name"), ", ")
    if "checked_in" in keys:
        first: dict[int, object] = {}
        attendances = Attendance.objects.filter(registration_id__in=ids).order_by("checked_in_at")
        for registration_id, at in attendances.values_list("registration_id", "checked_in_at"):
            first.setdefault(registration_id, at)
        checked_in = {registration_id: _local(at) for registration_id, at in first.items()}
    answers = _answers_by_registration(ids) if with_answers else {}
    return _Chunk(answers=answers, sessions=sessions, tags=tags, checked_in=checked_in)


def _choice_labels(model, field_name: str) -> dict[str, str]:
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


class _Labels:
    """Display texts computed once per export rather than once per cell."""

    def __init__(self):
        self.status = _choice_labels(Registration, "status")
        self.channel = _choice_labels(Registration, "channel")
        self.kind = _choice_labels(Organization, "kind")
        self.region = _choice_labels(Organization, "region")
        self.event_titles: dict[int, str] = {}
        self.timezone = timezone.get_current_timezone()

    def load_events(self, event_ids: set[int]) -> None:
        missing = event_ids - self.event_titles.keys()
        if missing:
            # Titles are translated: read through the model for the active language and its fallback.
            for event in Event.objects.filter(pk__in=missing):
                self.event_titles[event.pk] = event.title

    def local(self, value) -> str:
        return value.astimezone(self.timezone).strftime("%Y-%m-%d %H:%M") if value else ""


def _base_values(row: dict, chunk: _Chunk, labels: _Labels) -> dict[str, str]:
    pk = row["pk"]
    organization = row["organization_id"] is not None
    return {
        "event": labels.event_titles[row["event_id"]],
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "email": row["email"],
        "phone": row["phone"],
        "organization": row["organization__name"] if organization else row["organization_name"],
        "organization_kind": labels.kind.get(row["organization__kind"], row["organization__kind"])
        if organization
        else "",
        "region": labels.region.get(row["organization__region"], row["organization__region"])
        if organization
        else "",
        "position": row["position"],
        "status": labels.status.get(row["status"], row["status"]),
        "waitlist_position": str(row["waitlist_position"] or ""),
        "language": row["language"],
        "sessions": chunk.sessions.get(pk, ""),
        "interpretation_language": row["interpretation_language"],
        "accessibility_needs": row["accessibility_needs"],
        "dietary_needs": row["dietary_needs"],
        "other_needs": row["other_needs"],
        "consents_to_participant_list": "1" if row["consents_to_participant_list"] else "0",
        "consents_to_photos": "1" if row["consents_to_photos"] else "0",
        "tags": chunk.tags.get(pk, ""),
        "checked_in": chunk.checked_in.get(pk, ""),
        "created_at": labels.local(row["created_at"]),
        "channel": labels.channel.get(row["channel"], row["channel"]),
    }


def iter_rows(registrations: QuerySet[Registration], columns: list[Column]) -> Iterator[list[str]]:
    """The header, then one list of strings per registration, reading the database CHUNK_SIZE rows at a time.

    Registrations come in export order (event, last name, first name); every value is a plain string.
    """
    yield [str(column.label) for column in columns]
    keys = {column.key for column in columns}
    plan = [(column.question_id, column.key) for column in columns]
    with_answers = any(question_id is not None for question_id, _key in plan)
    labels = _Labels()
    ordered = registrations.order_by("event_id", "last_name", "first_name", "pk")
    ids = list(ordered.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk_ids = ids[start : start + CHUNK_SIZE]
        chunk = _chunk_data(chunk_ids, keys, with_answers=with_answers)
        rows = {
            row["pk"]: row
            for row in Registration.objects.filter(pk__in=chunk_ids).order_by().values(*REGISTRATION_FIELDS)
        }
        labels.load_events({row["event_id"] for row in rows.values()})
        for pk in chunk_ids:
            base = _base_values(rows[pk], chunk, labels)
            answers = chunk.answers.get(pk, {})
            yield [
                base[key] if question_id is None else answers.get(question_id, "")
                for question_id, key in plan
            ]


def record_export(user, registrations: QuerySet[Registration], columns: list[Column], fmt: str) -> None:
    """Write one audit entry per event exported; sensitive columns are named in the action."""
    action = f"export_{fmt}" + ("_sensitive" if any(column.sensitive for column in columns) else "")
    event_ids = registrations.order_by().values_list("event_id", flat=True).distinct()
    AccessLog.objects.bulk_create(
        [AccessLog(user=user, event_id=event_id, action=action) for event_id in event_ids]
    )


def iter_csv(rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text with a UTF-8 byte order mark so Excel reads Polish and Ukrainian letters correctly.

    Rows are handed out CSV_ROWS_PER_PIECE at a time: a piece per row would mean one write per row.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield codecs.BOM_UTF8.decode("utf-8")
    for count, row in enumerate(rows, 1):
        writer.writerow([neutralize_formula(value) for value in row])
        if count % CSV_ROWS_PER_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def write_xlsx(rows: Iterable[list[str]], target) -> None:
    """Write a write-only workbook (rows flushed to a temporary file as they come) to a path or file.

    Empty strings are left out as absent cells (None), which spreadsheets read the same and openpyxl
    skips without building a cell; characters XML cannot hold are replaced, line breaks become line
    feeds; formula-like text goes in as typed text.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("Registrations"))[:31])
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])
    workbook.save(target)


def _xlsx_value(sheet, value: str):
    if not value:
        return None
    value = CARRIAGE_RETURN.sub("\n", XML_FORBIDDEN.sub("\ufffd", value))
    return _text_cell(sheet, value) if value.startswith(FORMULA_TRIGGERS) else value


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
