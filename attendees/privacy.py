"""Data-protection tools: what is stored about a person, erasing it, and purging events past retention.

Scoping: an organizer reaches only the registrations of events their organizations run; administrators
reach everything. Anonymized registrations keep their event, status, organization, language, sessions and
attendance, so per-event counts survive an erasure or a purge.
"""

import datetime as dt
import hashlib
import logging
import secrets
import uuid

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from attendees.models import AccessLog
from events.models import Event
from mail.models import EmailLog
from organizations import access
from registrations.models import Answer, Registration
from workgroups.models import Ranking

logger = logging.getLogger(__name__)

ANONYMOUS = "—"
# The audit-log action of an erasure; its detail is the SHA-256 of the address (email_hash).
ERASURE_ACTION = "privacy_erase"
# Registration fields blanked on erasure; every other field is kept because it is not personal on its own.
ERASED_FIELDS = {
    "first_name": ANONYMOUS,
    "last_name": ANONYMOUS,
    "email": "",
    "organization_name": "",
    "position": "",
    "phone": "",
    "accessibility_needs": "",
    "dietary_needs": "",
    "other_needs": "",
    "user": None,
}
# Kept after erasure: needed for counts and statistics, or not about the person.
KEPT_FIELDS = {
    "id",
    "public_id",
    "event",
    "registered_by",
    "organization",
    "language",
    "interpretation_language",
    "status",
    "waitlist_position",
    "offer_expires_at",
    "manage_token_hash",
    "consent_version",
    "consent_text_sha256",
    "consented_at",
    "consents_to_participant_list",
    "consents_to_photos",
    "cancelled_at",
    "created_at",
    "updated_at",
    "anonymized_at",
    "submission_key",
}


def email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()


def person_registrations(*, email: str, user, editable: bool = False) -> QuerySet[Registration]:
    """Registrations with this e-mail in the events the user may see (or edit)."""
    registrations = Registration.objects.filter(email__iexact=email.strip()).exclude(email="")
    return access.scope_queryset(registrations, user, editable=editable)


def _value(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _registration_data(registration: Registration, *, sensitive: bool) -> dict:
    data = {}
    for model_field in Registration._meta.concrete_fields:
        if model_field.name == "manage_token_hash":
            continue
        data[model_field.name] = _value(getattr(registration, model_field.attname))
    data["event"] = {"id": registration.event_id, "title": registration.event.title}
    data["organization_display"] = registration.organization_display
    data["tags"] = [tag.name for tag in registration.tags.all()]
    data["answers"] = [
        {
            "question": answer.question.label,
            "value": answer.value,
            "choices": [choice.label for choice in answer.choices.all()],
        }
        for answer in registration.answers.all()
        if sensitive or not answer.question.is_sensitive
    ]
    data["sessions"] = [
        {"session": seat.session.title, "status": seat.status, "position": seat.position}
        for seat in registration.seats.all()
    ]
    data["attendance"] = [
        {
            "day": attendance.day.isoformat(),
            "session": attendance.session.title if attendance.session_id else None,
            "checked_in_at": attendance.checked_in_at.isoformat(),
        }
        for attendance in registration.attendances.all()
    ]
    data["consents"] = {
        "version": registration.consent_version,
        "text_sha256": registration.consent_text_sha256,
        "given_at": _value(registration.consented_at),
        "participant_list": registration.consents_to_participant_list,
        "photos": registration.consents_to_photos,
    }
    data["emails"] = [
        {
            "kind": log.kind,
            "recipient": log.recipient,
            "subject": log.subject,
            "status": log.status,
            "queued_at": _value(log.queued_at),
            "sent_at": _value(log.sent_at),
        }
        for log in registration.emails.all()
    ]
    if not sensitive:
        for key in ("accessibility_needs", "other_needs"):
            data[key] = None
    return data


def export_person(*, email: str, user) -> dict:
    """Everything stored about the person in the user's events, as JSON-ready data; the access is audited."""
    registrations = (
        person_registrations(email=email, user=user)
        .select_related("event")
        .prefetch_related(
            "tags",
            "answers__question",
            "answers__choices",
            "seats__session",
            "attendances__session",
            "emails",
        )
    )
    items = []
    for registration in registrations.order_by("created_at", "pk"):
        sensitive = access.can_view_sensitive_data(user, registration.event)
        items.append(_registration_data(registration, sensitive=sensitive))
    other_emails = access.scope_queryset(
        EmailLog.objects.filter(registration__isnull=True, recipient__iexact=email.strip()), user
    )
    event_ids = {item["event"]["id"] for item in items}
    AccessLog.objects.bulk_create(
        [AccessLog(user=user, event_id=event_id, action="privacy_export") for event_id in sorted(event_ids)]
    )
    return {
        "email": email.strip(),
        "exported_at": timezone.now().isoformat(),
        "registrations": items,
        "other_emails": [
            {
                "kind": log.kind,
                "subject": log.subject,
                "status": log.status,
                "queued_at": _value(log.queued_at),
            }
            for log in other_emails
        ],
    }


def _anonymize(registrations: QuerySet[Registration]) -> int:
    """Blank the personal fields of these registrations and delete what only describes the person."""
    ids = list(registrations.filter(anonymized_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    for registration in Registration.objects.filter(pk__in=ids):
        for name, value in ERASED_FIELDS.items():
            setattr(registration, name, value)
        # A new public id and token: old check-in codes and manage links stop working.
        registration.public_id = uuid.uuid4()
        registration.manage_token_hash = hashlib.sha256(secrets.token_bytes(32)).hexdigest()
        registration.anonymized_at = now
        registration.save()
        registration.tags.clear()
    Answer.objects.filter(registration_id__in=ids).update(value="")
    Answer.objects.filter(registration_id__in=ids, choices__isnull=True).delete()
    Ranking.objects.filter(registration_id__in=ids).update(proposal="")  # the order stays, the words go
    EmailLog.objects.filter(registration_id__in=ids).delete()
    content_type = ContentType.objects.get_for_model(Registration)
    LogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in ids]).update(
        object_repr=ANONYMOUS, change_message=""
    )
    return len(ids)


@transaction.atomic
def erase_person(*, email: str, user) -> int:
    """Anonymize the person's registrations in the user's events; returns how many changed (0 on a repeat).

    The e-mails sent to them are deleted; the audit log keeps only a hash of the address.
    """
    registrations = person_registrations(email=email, user=user, editable=True)
    event_ids = sorted(set(registrations.values_list("event_id", flat=True)))
    other_emails = access.scope_queryset(
        EmailLog.objects.filter(registration__isnull=True, recipient__iexact=email.strip()),
        user,
        editable=True,
    )
    other_emails.delete()
    count = _anonymize(registrations)
    if count:
        digest = email_hash(email)
        AccessLog.objects.bulk_create(
            [
                AccessLog(user=user, event_id=event_id, action=ERASURE_ACTION, detail=digest)
                for event_id in event_ids
            ]
        )
        logger.info("Erased %d registrations of person %s", count, digest[:16])
    return count


def erasure_log() -> list[dict]:
    """The erasures recorded in the audit log, oldest first: the address's hash and the event, nothing else.

    Kept with every restore procedure: a backup older than an erasure brings the person back, and
    `reapply_erasures` on this log erases them again.
    """
    entries = AccessLog.objects.filter(action=ERASURE_ACTION).order_by("at", "pk")
    return [
        {"email_sha256": entry.detail, "event_id": entry.event_id, "at": entry.at.isoformat()}
        for entry in entries
    ]


@transaction.atomic
def reapply_erasures(entries: list[dict]) -> int:
    """Erase again everyone an erasure log names, in the events it names; returns how many changed.

    For a database restored from a backup taken before some erasures. Idempotent, like erase_person.
    """
    digests_by_event: dict[int, set[str]] = {}
    for entry in entries:
        digests_by_event.setdefault(entry["event_id"], set()).add(entry["email_sha256"])
    count = 0
    for event_id, digests in sorted(digests_by_event.items()):
        people = Registration.objects.filter(event_id=event_id).exclude(email="")
        ids = [pk for pk, email in people.values_list("pk", "email") if email_hash(email) in digests]
        count += _anonymize(Registration.objects.filter(pk__in=ids))
        other_emails = EmailLog.objects.filter(event_id=event_id, registration__isnull=True)
        matching = [
            pk for pk, email in other_emails.values_list("pk", "recipient") if email_hash(email) in digests
        ]
        EmailLog.objects.filter(pk__in=matching).delete()
        logs = AccessLog.objects.filter(action=ERASURE_ACTION, event_id=event_id)
        logged = set(logs.values_list("detail", flat=True))
        AccessLog.objects.bulk_create(
            AccessLog(event_id=event_id, action=ERASURE_ACTION, detail=digest) for digest in digests - logged
        )
    if count:
        logger.info("Erasure log re-applied to %d registrations", count)
    return count


def retention_cutoff(event: Event, now: dt.datetime) -> dt.datetime:
    days = event.retention_days if event.retention_days is not None else settings.DATA_RETENTION_DAYS
    return now - dt.timedelta(days=days)


def purge_expired_personal_data(*, now: dt.datetime | None = None) -> int:
    """Anonymize every registration of events that ended longer ago than their retention period.

    Idempotent: anonymized rows are skipped, so running it twice (or from two beats) changes nothing more.
    """
    now = now or timezone.now()
    purged = 0
    candidates = Event.objects.filter(ends_at__lt=now).filter(
        Q(registrations__anonymized_at__isnull=True) | Q(emails__isnull=False)
    )
    for event in candidates.distinct().order_by("pk"):
        if event.ends_at >= retention_cutoff(event, now):
            continue
        with transaction.atomic():
            count = _anonymize(Registration.objects.filter(event=event))
            EmailLog.objects.filter(event=event).delete()
        if count:
            logger.info("Purged personal data of %d registrations of event %s", count, event.pk)
        purged += count
    return purged


def record_access(*, user, event: Event, action: str) -> None:
    """An audit entry for a view of an event's sensitive data."""
    AccessLog.objects.create(user=user, event=event, action=action)
