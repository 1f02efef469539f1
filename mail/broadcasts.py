"""Messages an organizer writes to an event's registrants: who gets them, a preview, sending, progress."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mail.models import Broadcast, EmailLog
from mail.outbox import enqueue_many, recipient_for
from registrations.models import Registration

logger = logging.getLogger(__name__)

# Previews show this in place of a registrant's manage link: it looks like one, opens no registration.
PREVIEW_TOKEN = "preview"  # noqa: S105  # nosec B105  # a placeholder in previews, not a secret


class BroadcastAlreadySent(Exception):
    """The broadcast was started before; it is never sent twice."""


@dataclass(frozen=True)
class Progress:
    queued: int
    sent: int
    failed: int

    @property
    def total(self) -> int:
        return self.queued + self.sent + self.failed


def recipients(broadcast: Broadcast) -> QuerySet[Registration]:
    """The registrations a broadcast goes to: the chosen status, or everyone not cancelled or declined."""
    registrations = Registration.objects.filter(event_id=broadcast.event_id)
    if broadcast.status_filter:
        registrations = registrations.filter(status=broadcast.status_filter)
    else:
        registrations = registrations.filter(status__in=Registration.ACTIVE_STATUSES)
    if broadcast.pk and broadcast.recipients.exists():  # people chosen on the attendee list
        registrations = registrations.filter(pk__in=broadcast.recipients.values("pk"))
    # Attendees without an address of their own are written to through their contact.
    return registrations.filter(~Q(email="") | Q(registered_by__isnull=False) & ~Q(registered_by__email=""))


def recipient_count(broadcast: Broadcast) -> int:
    return recipients(broadcast).count()


def broadcast_kind(broadcast: Broadcast) -> str:
    return f"broadcast:{broadcast.pk}"


def preview(broadcast: Broadcast, language: str) -> dict[str, str]:
    """Subject, text and HTML as a registrant with this language would get them (name: a sample).

    The manage link is a placeholder: whoever may read the preview must not get a real registrant's link.
    """
    from mail.render import build_message

    sample = recipients(broadcast).filter(language=language).select_related("event").first()
    log = EmailLog(
        pk=0,
        event=broadcast.event,
        broadcast=broadcast,
        registration=sample,
        recipient=recipient_for(sample) if sample else "preview@example.org",
        kind=broadcast_kind(broadcast),
        language=language,
        queued_at=timezone.now(),
    )
    with translation.override(language):
        placeholder = settings.SITE_URL + reverse("registrations:manage", kwargs={"token": PREVIEW_TOKEN})
        message = build_message(log, manage_url=placeholder)
    return {"subject": message.subject, "text": message.body, "html": message.alternatives[0].content}


def start_broadcast(*, broadcast: Broadcast) -> int:
    """Write one outbox row per recipient and hand them to the workers after commit; returns the count.

    Raises BroadcastAlreadySent if it was started before (the row is locked, so two clicks send once).
    """
    with transaction.atomic():
        broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
        if broadcast.started_at is not None:
            raise BroadcastAlreadySent(_("This message has already been sent."))
        broadcast.started_at = timezone.now()
        broadcast.save(update_fields=["started_at"])
        kind = broadcast_kind(broadcast)
        rows = [
            EmailLog(
                registration=registration,
                event_id=broadcast.event_id,
                broadcast=broadcast,
                recipient=recipient_for(registration),
                kind=kind,
                language=registration.language,
            )
            for registration in recipients(broadcast).select_related("registered_by").order_by("pk")
        ]
        created = EmailLog.objects.bulk_create(rows, batch_size=500)
        ids = [log.pk for log in created]
        if not all(ids):  # backends that do not return primary keys from bulk inserts
            ids = list(
                EmailLog.objects.filter(broadcast=broadcast).order_by("pk").values_list("pk", flat=True)
            )
        transaction.on_commit(lambda: enqueue_many(ids))
    logger.info("Broadcast %s queued to %d registrations", broadcast.pk, len(ids))
    return len(ids)


def progress(broadcast: Broadcast) -> Progress:
    counts = EmailLog.objects.filter(broadcast=broadcast).aggregate(
        sent=Count("pk", filter=Q(status=EmailLog.Status.SENT)),
        failed=Count("pk", filter=Q(status=EmailLog.Status.FAILED)),
        total=Count("pk"),
    )
    return Progress(
        queued=counts["total"] - counts["sent"] - counts["failed"],
        sent=counts["sent"],
        failed=counts["failed"],
    )


def notify_event_changed(*, event) -> int:
    """Tell everyone registered that the time or place changed ("event_changed:<calendar revision>").

    Sent when the organizer chooses to; a second call for the same revision sends nothing new.
    """
    return _notify_all(event, f"event_changed:{event.sequence}")


def notify_event_cancelled(*, event) -> int:
    """Tell everyone registered that the event is cancelled, once."""
    return _notify_all(event, "event_cancelled")


def _notify_all(event, kind: str) -> int:
    from mail.outbox import queue_email

    queued = 0
    registrations = (
        Registration.objects.filter(event=event, status__in=Registration.ACTIVE_STATUSES)
        .select_related("registered_by")
        .order_by("pk")
    )
    with transaction.atomic():
        for registration in registrations:
            if queue_email(registration=registration, kind=kind):
                queued += 1
    logger.info("Queued %d %s messages for event %s", queued, kind, event.pk)
    return queued
