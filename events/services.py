"""Changes to events that span several models: starting a new event from a copy of an earlier one."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from modeltranslation.translator import NotRegistered, translator

from agenda.models import Session, SessionRole, Track
from registrations.models import Choice, Question, RegistrationForm

from .models import Event, EventPartner, Series

# Fields a copy never takes over: what belongs to the earlier event's past, not to its content.
_NOT_COPIED = {"id", "created_at", "updated_at", "slug", "status", "sequence", "report"}
_DATE_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}(-\d+)?$")


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _shifted(value: dt.datetime | None, days: int) -> dt.datetime | None:
    """The same wall-clock time `days` later in Warsaw, so a 9:00 start stays 9:00 across a clock change."""
    if value is None:
        return None
    local = timezone.localtime(value, _zone()).replace(tzinfo=None)
    return timezone.make_aware(local + dt.timedelta(days=days), _zone())


def _translated_names(model: type[models.Model]) -> set[str]:
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _values(obj: models.Model, *, skip: set[str] = frozenset()) -> dict:
    """The stored column values of a row, every language of a translated field, without its identity."""
    # A translated field's own name reads the active language; its per-language columns hold the texts.
    left_out = _NOT_COPIED | set(skip) | _translated_names(type(obj))
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.attname not in left_out and not field.primary_key
    }


def _copy_slug(event: Event, starts_on: dt.date) -> str:
    base = _DATE_SUFFIX.sub("", event.slug)[: Event._meta.get_field("slug").max_length - 16]
    slug = f"{base}-{starts_on.isoformat()}"
    candidate, number = slug, 2
    while Event.objects.filter(slug=candidate).exists():
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def last_event_of(series: Series) -> Event | None:
    """The series' event that starts last: what its next event is usually copied from."""
    return series.events.order_by("-starts_at", "-pk").first()


@transaction.atomic
def duplicate_event(*, event: Event, starts_on: dt.date) -> Event:
    """Copy an event to a new first day, as a draft with a slug of its own.

    Copied: the event's texts and settings, topics, partners, tracks, every session (nested items, study
    visits with their venue and host) with its people's roles, and the registration form with its questions,
    options and conditions. Every date moves by the same number of days as the start (registration opening
    and closing too). Not copied: registrations, e-mails, attachments, the report and its photos.
    """
    days = (starts_on - timezone.localtime(event.starts_at, _zone()).date()).days
    copy = Event(**_values(event))
    copy.slug = _copy_slug(event, starts_on)
    copy.status = Event.Status.DRAFT
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        setattr(copy, name, _shifted(getattr(event, name), days))
    copy.save()
    copy.topics.set(event.topics.all())

    EventPartner.objects.bulk_create(
        EventPartner(**_values(partner, skip={"event_id"}), event=copy) for partner in event.partners.all()
    )
    tracks = {
        track.pk: Track.objects.create(**_values(track, skip={"event_id"}), event=copy)
        for track in event.tracks.all()
    }
    sessions: dict[int, Session] = {}
    # Blocks first, so nested items find the copy of their block.
    for session in event.sessions.order_by(models.F("parent").asc(nulls_first=True), "starts_at", "pk"):
        sessions[session.pk] = Session.objects.create(
            **_values(session, skip={"event_id", "parent_id", "track_id", "starts_at", "ends_at"}),
            event=copy,
            parent=sessions[session.parent_id] if session.parent_id else None,
            track=tracks.get(session.track_id),
            starts_at=_shifted(session.starts_at, days),
            ends_at=_shifted(session.ends_at, days),
        )
    SessionRole.objects.bulk_create(
        SessionRole(**_values(role, skip={"session_id"}), session=sessions[role.session_id])
        for role in SessionRole.objects.filter(session__event=event)
    )
    _copy_form(event, copy, days=days)
    return copy


def _copy_form(event: Event, copy: Event, *, days: int) -> None:
    form = RegistrationForm.objects.filter(event=event).first()
    if form is None:
        return
    new_form = RegistrationForm.objects.create(**_values(form, skip={"event_id"}), event=copy)
    questions: dict[int, Question] = {}
    choices: dict[int, Choice] = {}
    conditions = {"condition_question_id", "condition_choice_id"}
    for question in form.questions.order_by("pk"):
        questions[question.pk] = Question.objects.create(
            **_values(question, skip={"form_id", *conditions}), form=new_form
        )
        for choice in question.choices.order_by("pk"):
            choices[choice.pk] = Choice.objects.create(
                **_values(choice, skip={"question_id", "day"}),
                question=questions[question.pk],
                day=choice.day + dt.timedelta(days=days) if choice.day else None,
            )
    for question in form.questions.exclude(condition_question=None, condition_choice=None):
        dependent = questions[question.pk]
        dependent.condition_question = questions.get(question.condition_question_id)
        dependent.condition_choice = choices.get(question.condition_choice_id)
        dependent.save(update_fields=["condition_question", "condition_choice"])
