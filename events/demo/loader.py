"""Turns the demo specs into rows, idempotently: a second run finds everything in place and writes nothing."""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from agenda.models import Person, Session, SessionRole, Track
from events.models import Attachment, Event, EventPartner, Series, Topic, Venue
from organizations.models import Organization
from registrations.models import Choice, Question, RegistrationForm

from . import cso_conference, kielce, komm, krakow, pictures, warsaw_districts
from .accounts import DemoAccount, ensure_accounts
from .directory import ORGANIZATIONS, SERIES, TOPICS
from .specs import EventSpec, FormSpec, PersonSpec, ScheduleSpec, SessionSpec, Text, VenueSpec

EVENTS: tuple[EventSpec, ...] = (
    kielce.EVENT,
    warsaw_districts.EVENT,
    cso_conference.EVENT,
    komm.EVENT,
    krakow.EVENT,
)

# Letters that Unicode normalization does not reduce to ASCII, so slugify would drop them.
_SLUG_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O"})


@dataclass
class DemoResult:
    created_events: list[Event] = field(default_factory=list)
    existing_events: list[Event] = field(default_factory=list)
    accounts: list[DemoAccount] = field(default_factory=list)


def load_demo(*, today: date | None = None) -> DemoResult:
    """Create the five demo events with their organizations, agenda, forms and accounts.

    Events that exist already keep their dates (and online link); everything else is brought back to the demo
    content, writing only rows that differ. Passwords are generated only for accounts created now.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    today = today or timezone.localdate(timezone=zone)
    result = DemoResult()
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        known = _Index(Organization.objects.filter(slug__in=[spec.slug for spec in ORGANIZATIONS]), "slug")
        organizations = {spec.slug: _save_organization(spec, known) for spec in ORGANIZATIONS}
        pictures.add_logos(list(organizations.values()))
        known = _Index(Topic.objects.filter(slug__in=[spec.slug for spec in TOPICS]), "slug")
        topics = {
            spec.slug: _upsert(Topic, {"slug": spec.slug}, _texts("name", spec.name), index=known)[0]
            for spec in TOPICS
        }
        slugs = {_person_slug(person.name) for spec in EVENTS for person in _people(spec.sessions)}
        people = _Index(Person.objects.filter(slug__in=slugs), "slug")
        series = {
            spec.slug: _upsert(
                Series,
                {"slug": spec.slug},
                {
                    "organization": organizations[spec.organization],
                    **_texts("title", spec.title),
                    **_texts("description", spec.description),
                },
            )[0]
            for spec in SERIES
        }
        for spec in EVENTS:
            loader = _EventLoader(spec, organizations=organizations, people=people, zone=zone)
            event, created = loader.save(today=today, topics=topics, series=series)
            (result.created_events if created else result.existing_events).append(event)
        pictures.add_portraits(list(people.rows.values()))
        organizers = sorted(
            {event.organization for event in result.created_events + result.existing_events},
            key=lambda organization: organization.name,
        )
        result.accounts = ensure_accounts(organizations=organizers)
    return result


def _save_organization(spec, known: "_Index") -> Organization:
    values = {
        "name": spec.name,
        "kind": spec.kind,
        "city": spec.city,
        "region": spec.region,
        "website": spec.website,
        **_texts("description", spec.description),
    }
    return _upsert(Organization, {"slug": spec.slug}, values, index=known)[0]


class _EventLoader:
    """Saves one EventSpec and everything hanging from it."""

    def __init__(
        self, spec: EventSpec, *, organizations: dict[str, Organization], people: "_Index", zone: ZoneInfo
    ):
        self.spec = spec
        self.organizations = organizations
        self.people = people
        self.organization = organizations[spec.organization]
        self.zone = zone
        self.venues = _Index(Venue.objects.filter(organization=self.organization), "organization", "name_pl")
        self.saved_venues: dict[str, Venue] = {}
        self.tracks: dict[str, Track] = {}

    def save(self, *, today: date, topics: dict[str, Topic], series: dict[str, Series]) -> tuple[Event, bool]:
        spec = self.spec
        first_day = _first_day(spec.schedule, today)
        values = {
            "organization": self.organization,
            "series": series[spec.series] if spec.series else None,
            **_texts("title", spec.title),
            **_texts("summary", spec.summary),
            **_texts("description", spec.description),
            **_texts("goals", spec.goals),
            **_texts("interpretation", spec.interpretation),
            **_texts("email_paragraph", spec.email_paragraph),
            **_texts("report", spec.report),
            "format": spec.format,
            "venue": self._venue(spec.venue) if spec.venue else None,
            "languages": spec.languages,
            "capacity": spec.capacity,
            "contact_email": spec.contact_email,
        }
        create_only = {
            **self._dates(spec.schedule, first_day, today),
            "status": Event.Status.PUBLISHED,
            "online_url": f"{spec.online_url_prefix}{secrets.token_hex(6)}" if spec.online_url_prefix else "",
        }
        event, created = _upsert(Event, {"slug": spec.slug}, values, create_only=create_only)
        # Existing events keep their dates: the agenda follows the event's own first day.
        first_day = timezone.localtime(event.starts_at, self.zone).date()
        event.topics.set([topics[slug] for slug in spec.topics])

        def existing(queryset, *key_fields):
            # Nothing hangs from an event created a moment ago, so there is nothing to read.
            return _Index(queryset.none() if created else queryset, *key_fields)

        partners = existing(event.partners.all(), "event", "organization", "role")
        attachments = existing(event.attachments.all(), "event", "title_pl")
        tracks = existing(event.tracks.all(), "event", "name_pl")
        self.sessions = existing(event.sessions.all(), "event", "parent", "title_pl")
        self.roles = existing(SessionRole.objects.filter(session__event=event), "session", "person", "role")
        for order, partner in enumerate(spec.partners):
            _upsert(
                EventPartner,
                {
                    "event": event,
                    "organization": self.organizations[partner.organization],
                    "role": partner.role,
                },
                {**_texts("note", partner.note), "order": order},
                index=partners,
            )
        for order, attachment in enumerate(spec.attachments):
            document = attachment.document
            _upsert(
                Attachment,
                {"event": event, "title_pl": _polish(attachment.title)},
                {
                    **_texts("title", attachment.title),
                    "url": attachment.url,
                    "is_public": attachment.is_public,
                    "order": order,
                },
                create_only={"file": pictures.document_file(document)} if document else None,
                index=attachments,
            )
        for order, name in enumerate(spec.tracks):
            self.tracks[_polish(name)] = _upsert(
                Track,
                {"event": event, "name_pl": _polish(name)},
                {**_texts("name", name), "order": order},
                index=tracks,
            )[0]
        self._save_sessions(event, spec.sessions, first_day=first_day, parent=None)
        self._save_form(event, spec.form, created=created, first_day=first_day)
        pictures.add_event_pictures(event)
        return event, created

    def _dates(self, schedule: ScheduleSpec, first_day: date, today: date) -> dict[str, datetime]:
        if schedule.days_from_today < 0:
            opens_at = self._at(first_day - timedelta(days=45), "09:00")
        else:
            opens_at = self._at(today - timedelta(days=7), "09:00")
        closes_at = None
        if schedule.closes_days_before is not None:
            closes_at = self._at(first_day - timedelta(days=schedule.closes_days_before), schedule.closes_at)
        return {
            "starts_at": self._at(first_day, schedule.start),
            "ends_at": self._at(first_day + timedelta(days=schedule.days - 1), schedule.end),
            "registration_opens_at": opens_at,
            "registration_closes_at": closes_at,
        }

    def _at(self, day: date, clock: str) -> datetime:
        return datetime.combine(day, time.fromisoformat(clock), tzinfo=self.zone)

    def _venue(self, spec: VenueSpec) -> Venue:
        name = _polish(spec.name)
        if name not in self.saved_venues:
            values = {
                **_texts("name", spec.name),
                "address": spec.address,
                "postal_code": spec.postal_code,
                "city": spec.city,
                "region": spec.region,
                **_texts("directions", spec.directions),
                **_texts("accessibility", spec.accessibility),
            }
            lookup = {"organization": self.organization, "name_pl": name}
            self.saved_venues[name] = _upsert(Venue, lookup, values, index=self.venues)[0]
        return self.saved_venues[name]

    def _person(self, spec: PersonSpec) -> Person:
        values = {
            "name": spec.name,
            "affiliation": spec.affiliation,
            "organization": self.organizations[spec.organization] if spec.organization else None,
            **_texts("position", spec.position),
            **_texts("bio", spec.bio),
            "managed_by": self.organization,
        }
        return _upsert(Person, {"slug": _person_slug(spec.name)}, values, index=self.people)[0]

    def _save_sessions(
        self, event: Event, specs: tuple[SessionSpec, ...], *, first_day: date, parent: Session | None
    ) -> None:
        for order, spec in enumerate(specs):
            day = first_day + timedelta(days=spec.day)
            values = {
                **_texts("title", spec.title),
                **_texts("description", spec.description),
                **_texts("audience", spec.audience),
                "kind": spec.kind,
                "starts_at": self._at(day, spec.start),
                "ends_at": self._at(day, spec.end),
                "track": self.tracks[spec.track] if spec.track else None,
                "venue": self._venue(spec.venue) if spec.venue else None,
                "host_organization": self.organizations[spec.host] if spec.host else None,
                "language": spec.language,
                "capacity": spec.capacity,
                "is_selectable": spec.selectable,
                "order": order,
            }
            lookup = {"event": event, "parent": parent, "title_pl": _polish(spec.title)}
            session, _ = _upsert(Session, lookup, values, index=self.sessions)
            for role_order, role in enumerate(spec.roles):
                _upsert(
                    SessionRole,
                    {"session": session, "person": self._person(role.person), "role": role.role},
                    {"is_confirmed": role.confirmed, **_texts("note", role.note), "order": role_order},
                    index=self.roles,
                )
            self._save_sessions(event, spec.children, first_day=first_day, parent=session)

    def _save_form(self, event: Event, spec: FormSpec, *, created: bool, first_day: date) -> None:
        form, form_created = _upsert(
            RegistrationForm,
            {"event": event},
            {
                **_texts("intro", spec.intro),
                **_texts("confirmation_message", spec.confirmation_message),
                **_texts("consent_text", _consent_text(self.organization, self.spec.title)),
                "consent_version": "1",
                "asks_interpretation": spec.asks_interpretation,
                "asks_accessibility": spec.asks_accessibility,
                "asks_diet": spec.asks_diet,
            },
            index=_Index(RegistrationForm.objects.none(), "event") if created else None,
        )
        existing_questions = Question.objects.none() if form_created else form.questions.all()
        existing_choices = (
            Choice.objects.none() if form_created else Choice.objects.filter(question__form=form)
        )
        known_questions = _Index(existing_questions, "form", "label_pl")
        known_choices = _Index(existing_choices, "question", "label_pl")
        questions: dict[str, Question] = {}
        for order, question_spec in enumerate(spec.questions):
            label = _polish(question_spec.label)
            condition = (
                questions[question_spec.shown_if_question] if question_spec.shown_if_question else None
            )
            question, _ = _upsert(
                Question,
                {"form": form, "label_pl": label},
                {
                    **_texts("label", question_spec.label),
                    **_texts("help_text", question_spec.help_text),
                    "kind": question_spec.kind,
                    "is_required": question_spec.required,
                    "is_sensitive": question_spec.sensitive,
                    "is_per_person": question_spec.per_person,
                    "fills": question_spec.fills,
                    "max_length": question_spec.max_length,
                    "min_ranks": question_spec.min_ranks,
                    "order": order,
                    "condition_question": condition,
                    **_texts("condition_value", question_spec.shown_if_answer),
                },
                index=known_questions,
            )
            questions[label] = question
            for choice_order, choice in enumerate(question_spec.choices):
                _upsert(
                    Choice,
                    {"question": question, "label_pl": _polish(choice.label)},
                    {
                        **_texts("label", choice.label),
                        "order": choice_order,
                        "capacity": choice.capacity,
                        "day": first_day + timedelta(days=choice.day) if choice.day is not None else None,
                        "is_open_topic": choice.open_topic,
                    },
                    index=known_choices,
                )


def _people(specs: tuple[SessionSpec, ...]):
    for spec in specs:
        for role in spec.roles:
            yield role.person
        yield from _people(spec.children)


def _first_day(schedule: ScheduleSpec, today: date) -> date:
    """The nearest day with the schedule's weekday, at least `days_from_today` away (back, when negative)."""
    day = today + timedelta(days=schedule.days_from_today)
    if schedule.days_from_today >= 0:
        day += timedelta(days=(schedule.weekday - day.weekday()) % 7)
        # Nobody holds a working conference between Christmas Eve and Epiphany.
        while (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 6):
            day += timedelta(days=7)
        return day
    return day - timedelta(days=(day.weekday() - schedule.weekday) % 7)


def _consent_text(organization: Organization, title: Text) -> dict[str, str]:
    titles = {"pl": title} if isinstance(title, str) else title
    texts = {
        "pl": "Wyrażam zgodę na przetwarzanie moich danych osobowych przez %(organizer)s w celu organizacji "
        "wydarzenia „%(title)s” i kontaktu ze mną w jego sprawie.",
        "uk": "Я погоджуюся на обробку моїх персональних даних організацією %(organizer)s з метою "
        "організації заходу «%(title)s» та зв’язку зі мною щодо нього.",
        "en": "I agree to %(organizer)s processing my personal data to organize the event “%(title)s” and "
        "to contact me about it.",
    }
    return {
        language: text % {"organizer": organization.name, "title": titles.get(language, titles["pl"])}
        for language, text in texts.items()
    }


def _texts(field_name: str, value: Text) -> dict[str, str]:
    """The translation fields of one text: {"title_pl": ..., "title_en": ...}; missing languages untouched."""
    if isinstance(value, str):
        value = {"pl": value}
    return {f"{field_name}_{language}": text for language, text in value.items()}


def _polish(value: Text) -> str:
    return value if isinstance(value, str) else value["pl"]


def _person_slug(name: str) -> str:
    return slugify(name.translate(_SLUG_LETTERS))


class _Index:
    """Existing rows of one model, read in one query and found by their key fields instead of a query each."""

    def __init__(self, queryset: models.QuerySet, *key_fields: str):
        self.key_fields = key_fields
        self.rows = {self._row_key(row): row for row in queryset}

    def _row_key(self, row: models.Model) -> tuple:
        return tuple(_current(row, name) for name in self.key_fields)

    def find(self, lookup: dict) -> models.Model | None:
        return self.rows.get(tuple(_comparable(lookup[name]) for name in self.key_fields))

    def add(self, row: models.Model) -> None:
        self.rows[self._row_key(row)] = row


def _upsert(
    model: type[models.Model],
    lookup: dict,
    values: dict,
    *,
    create_only: dict | None = None,
    index: _Index | None = None,
):
    """Like update_or_create, but saves an existing row only when a value differs, so reruns write nothing."""
    instance = index.find(lookup) if index is not None else model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**{**values, **(create_only or {}), **lookup})
        instance.save()
        if index is not None:
            index.add(instance)
        return instance, True
    changed = [name for name, value in values.items() if _current(instance, name) != _comparable(value)]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save()
    return instance, False


def _current(instance: models.Model, name: str):
    """A field's stored value; for a relation its id, so comparing does not load the related row."""
    field = instance._meta.get_field(name)
    return getattr(instance, field.attname if field.is_relation else name)


def _comparable(value):
    return value.pk if isinstance(value, models.Model) else value
