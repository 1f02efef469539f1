"""Import registrations from a Google Forms / Google Sheets CSV export.

The organizer maps each column to a registration field or a question, looks at a preview, runs a dry run,
then imports. Every row is validated first; a single bad row means nothing is saved.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common.languages import Language
from events.models import Event
from registrations.models import Question, Registration
from registrations.services import AnswerData, ConsentData, PersonData, RegistrationError, register

MAX_ROWS = 5000
IGNORE = ""

FIELD_TARGETS = {
    "full_name": gettext_lazy("full name (first and last)"),
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "email": gettext_lazy("e-mail"),
    "phone": gettext_lazy("phone"),
    "organization_name": gettext_lazy("organization"),
    "position": gettext_lazy("role or position"),
    "language": gettext_lazy("preferred language"),
    "interpretation_language": gettext_lazy("interpretation needed into"),
    "accessibility_needs": gettext_lazy("accessibility needs"),
    "dietary_needs": gettext_lazy("dietary needs"),
    "other_needs": gettext_lazy("other needs"),
    "consents_to_participant_list": gettext_lazy("may appear on the participant list"),
    "created_at": gettext_lazy("registered at (timestamp)"),
}
# Column headers of Google Forms exports (Polish, Ukrainian, English) suggested as a starting mapping.
HEADER_HINTS = {
    "sygnatura czasowa": "created_at",
    "timestamp": "created_at",
    "позначка часу": "created_at",
    "imię i nazwisko": "full_name",
    "name": "full_name",
    "ім'я та прізвище": "full_name",
    "imię": "first_name",
    "first name": "first_name",
    "ім'я": "first_name",
    "nazwisko": "last_name",
    "last name": "last_name",
    "прізвище": "last_name",
    "adres e-mail": "email",
    "e-mail": "email",
    "email": "email",
    "email address": "email",
    "адреса електронної пошти": "email",
    "telefon": "phone",
    "phone": "phone",
    "organizacja": "organization_name",
    "organization": "organization_name",
    "instytucja": "organization_name",
    "організація": "organization_name",
    "stanowisko": "position",
}
TRUE_WORDS = {"1", "tak", "yes", "true", "так", "x", "✓"}
# Google Forms writes its own format, Google Sheets the spreadsheet locale's (Polish, US, or year first with
# slashes, as in 2022/05/20 10:15:00), with or without seconds, in 24-hour or AM/PM time.
TIMESTAMP_FORMATS = tuple(
    f"{date} {time}"
    for date in ("%d.%m.%Y", "%Y/%m/%d", "%m/%d/%Y", "%Y-%m-%d")
    for time in ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p")
)
# Google Forms' CSV download ends a timestamp with its offset from GMT ("GMT+2", "GMT-03:30", "GMT").
GMT_OFFSET = re.compile(r"\s+(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$", re.IGNORECASE)
LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "organization_name": 200,
    "position": 200,
    "phone": 30,
    "interpretation_language": 50,
    "dietary_needs": 300,
}


class ImportFileError(Exception):
    """The file cannot be read as CSV at all."""


@dataclass
class ParsedFile:
    headers: list[str]
    rows: list[list[str]]


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_csv(data: bytes) -> ParsedFile:
    """Decode (UTF-8 with or without a BOM, else Windows-1250) and split into header and rows."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1250")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The file is not a text CSV file.")) from error
    if "\0" in text:
        raise ImportFileError(_("The file is not a text CSV file."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(_("At most %(n)d rows can be imported at once.") % {"n": MAX_ROWS})
    headers = [header.strip() for header in rows[0]]
    return ParsedFile(headers=headers, rows=rows[1:])


def target_choices(event: Event) -> list[tuple[str, str]]:
    questions = Question.objects.filter(form__event=event).order_by("order", "pk")
    return [
        (IGNORE, _("— skip this column —")),
        *((key, str(label)) for key, label in FIELD_TARGETS.items()),
        *(
            (f"q{question.pk}", _("Question: %(label)s") % {"label": question.label})
            for question in questions
        ),
    ]


def suggest_mapping(event: Event, headers: list[str]) -> list[str]:
    by_label = {
        question.label.strip().casefold(): f"q{question.pk}"
        for question in Question.objects.filter(form__event=event)
    }
    suggestions = []
    for header in headers:
        key = header.strip().casefold()
        suggestions.append(HEADER_HINTS.get(key) or by_label.get(key) or IGNORE)
    return suggestions


def _timestamp(value: str) -> dt.datetime:
    """A Google Forms or Sheets timestamp, in the site's time zone unless it names its offset."""
    text = value.strip()
    zone = None
    offset = GMT_OFFSET.search(text)
    if offset:
        sign, hours, minutes = offset.groups()
        delta = dt.timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
        zone = dt.timezone(-delta if sign == "-" else delta)
        text = text[: offset.start()]
    for fmt in TIMESTAMP_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=zone) if zone else timezone.make_aware(parsed)
    raise ValidationError(_("“%(value)s” is not a date and time.") % {"value": value})


def _clean_row(row: list[str], mapping: list[str], questions: dict[str, Question]) -> tuple[dict, dict]:
    fields, answers = {}, {}
    for index, target in enumerate(mapping):
        if target == IGNORE:
            continue
        value = row[index].strip() if index < len(row) else ""
        if target in questions:
            answers[target] = value
        elif target == "full_name":
            first, _sep, last = value.rpartition(" ")
            fields["first_name"], fields["last_name"] = (first, last) if first else (value, "")
        else:
            fields[target] = value
    if not fields.get("first_name") and not fields.get("last_name"):
        raise ValidationError(_("A name is required."))
    for name, limit in LIMITS.items():
        if len(fields.get(name, "")) > limit:
            raise ValidationError(
                _("%(field)s is longer than %(n)d characters.") % {"field": name, "n": limit}
            )
    if fields.get("email"):
        fields["email"] = fields["email"].lower()
        try:
            validate_email(fields["email"])
        except ValidationError as error:
            raise ValidationError(
                _("“%(value)s” is not a valid e-mail address.") % {"value": fields["email"]}
            ) from error
    if "language" in fields:
        language = fields["language"].lower()[:2] or Language.PL
        if language not in Language.values:
            raise ValidationError(_("Unknown language “%(value)s”.") % {"value": fields["language"]})
        fields["language"] = language
    if "consents_to_participant_list" in fields:
        fields["consents_to_participant_list"] = (
            fields["consents_to_participant_list"].casefold() in TRUE_WORDS
        )
    if "created_at" in fields:
        fields["created_at"] = _timestamp(fields["created_at"]) if fields["created_at"] else None
    for key, value in answers.items():
        question = questions[key]
        if question.is_required and not value:
            raise ValidationError(_("“%(question)s” needs an answer.") % {"question": question.label})
    return fields, answers


def _choice_ids(question: Question, value: str) -> tuple[list[int], str]:
    """Google Forms joins several ticked options with ", "; unknown text stays as the free answer."""
    by_label = {choice.label.strip().casefold(): choice.pk for choice in question.choices.all()}
    if value.strip().casefold() in by_label:
        return [by_label[value.strip().casefold()]], ""
    ids, rest = [], []
    for part in value.split(","):
        key = part.strip().casefold()
        if key in by_label:
            ids.append(by_label[key])
        elif key:
            rest.append(part.strip())
    return ids, ", ".join(rest)


def import_registrations(
    *,
    event: Event,
    parsed: ParsedFile,
    mapping: list[str],
    dry_run: bool,
    notify: bool = True,
    over_capacity: bool = False,
) -> ImportResult:
    """Validate every row, then register each person through the registration service in one transaction.

    Every imported person gets a working manage link, seats by the event's rules and, with `notify`, the
    confirmation e-mail. `over_capacity` confirms everyone whatever the places left (people the form
    already accepted). Nothing is saved when any row is invalid or refused, or on a dry run.
    """
    questions = {
        f"q{question.pk}": question
        for question in Question.objects.filter(form__event=event).prefetch_related("choices")
    }
    unknown = [
        target for target in mapping if target and target not in FIELD_TARGETS and target not in questions
    ]
    if unknown or len(mapping) != len(parsed.headers):
        return ImportResult(errors=[RowError(1, _("The column mapping does not match this event."))])
    result = ImportResult(dry_run=dry_run)
    cleaned = []
    seen_emails = set(
        email.lower()
        for email in Registration.objects.filter(event=event)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    for line, row in enumerate(parsed.rows, start=2):
        try:
            fields, answers = _clean_row(row, mapping, questions)
        except ValidationError as error:
            result.errors.append(RowError(line, " ".join(error.messages)))
            continue
        email = fields.get("email", "")
        if email and email in seen_emails:
            result.errors.append(
                RowError(
                    line,
                    _("%(email)s is already registered or appears twice in the file.") % {"email": email},
                )
            )
            continue
        seen_emails.add(email)
        cleaned.append((line, fields, answers))
    if result.errors:
        return result
    with transaction.atomic():
        for line, fields, answers in cleaned:
            created_at = fields.pop("created_at", None)
            consent = ConsentData.given_to_organizer(
                Registration.Channel.IMPORT,
                participant_list=fields.pop("consents_to_participant_list", False),
            )
            person = PersonData(**fields, answers=_answer_data(questions, answers))
            try:
                registration = register(
                    event=event,
                    contact=person,
                    consent=consent,
                    channel=Registration.Channel.IMPORT,
                    notify=notify,
                    over_capacity=over_capacity,
                ).registration
            except RegistrationError as error:
                result.errors.append(RowError(line, error.message))
                transaction.set_rollback(True)
                return result
            if created_at:
                # Keep the form's own timestamp so "registrations over time" stays true.
                Registration.objects.filter(pk=registration.pk).update(created_at=created_at)
            result.created += 1
        if dry_run:
            transaction.set_rollback(True)
    return result


def _answer_data(questions: dict[str, Question], answers: dict[str, str]) -> list[AnswerData]:
    data = []
    for key, value in answers.items():
        if not value:
            continue
        question = questions[key]
        if question.kind in Question.CHOICE_KINDS:
            ids, rest = _choice_ids(question, value)
            chosen = [choice for choice in question.choices.all() if choice.pk in ids]
            data.append(AnswerData(question=question, value=rest, choices=chosen))
        else:
            data.append(AnswerData(question=question, value=value))
    return data


def summary(result: ImportResult, *, notify: bool, over_capacity: bool) -> str:
    """What an import did, in the words the event's history and the confirmation message show."""
    parts = [
        ngettext("%(n)d registration imported.", "%(n)d registrations imported.", result.created)
        % {"n": result.created},
        _("Confirmation e-mails are queued for sending.") if notify else _("No e-mails sent."),
    ]
    if over_capacity:
        parts.append(_("Everyone confirmed regardless of capacity."))
    return " ".join(parts)
