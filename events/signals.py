"""Receivers that keep calendar copies in step: a change people must notice bumps Event.sequence."""

from django.conf import settings
from django.db.models import F
from django.db.models.signals import pre_save
from django.dispatch import receiver

from agenda.models import Session, StudyVisit

from .models import Event

# Calendar programs replace their copy of an event only when SEQUENCE grows.
EVENT_CALENDAR_FIELDS = ("starts_at", "ends_at", "venue_id", "format", "status", "title")
SESSION_CALENDAR_FIELDS = ("starts_at", "ends_at", "venue_id", "title")


def _with_translations(fields: tuple[str, ...]) -> list[str]:
    translated = []
    for field in fields:
        if field == "title":
            translated += [f"title_{code}" for code, _name in settings.LANGUAGES]
        else:
            translated.append(field)
    return translated


def _changed(model, instance, fields: tuple[str, ...]) -> bool:
    names = _with_translations(fields)
    previous = model._base_manager.filter(pk=instance.pk).values(*names).first()
    if previous is None:
        return False
    return any(previous[name] != getattr(instance, name) for name in names)


@receiver(pre_save, sender=Event, dispatch_uid="events.bump_event_sequence")
def bump_event_sequence(sender, instance: Event, raw: bool, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None or instance._state.adding:
        return
    if update_fields is not None and not set(update_fields) & set(_with_translations(EVENT_CALENDAR_FIELDS)):
        return
    if not _changed(Event, instance, EVENT_CALENDAR_FIELDS):
        return
    instance.sequence += 1
    if update_fields is not None and "sequence" not in update_fields:
        # update_fields cannot be widened from a receiver, so the new revision is written directly.
        Event.objects.filter(pk=instance.pk).update(sequence=F("sequence") + 1)


@receiver(pre_save, sender=Session, dispatch_uid="events.bump_sequence_for_session")
@receiver(pre_save, sender=StudyVisit, dispatch_uid="events.bump_sequence_for_study_visit")
def bump_sequence_for_session(sender, instance: Session, raw: bool, **kwargs) -> None:
    """A session's calendar file carries its event's SEQUENCE, so moving a session bumps the event's."""
    if raw or instance.pk is None or instance._state.adding:
        return
    if _changed(Session, instance, SESSION_CALENDAR_FIELDS):
        Event.objects.filter(pk=instance.event_id).update(sequence=F("sequence") + 1)
