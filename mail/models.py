"""The outbox (one EmailLog row per message) and the organizers' messages to registrants.

Both tables keep the names they had in the registrations app."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.languages import Language
from registrations.models import Registration


class Broadcast(models.Model):
    """A message an organizer writes to all or some registrants of an event; sent once, one e-mail each."""

    organization_path = "event__organization"

    event = models.ForeignKey(
        "events.Event", models.CASCADE, related_name="broadcasts", verbose_name=_("event")
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("message"), help_text=_("Plain text. You may use {name} (the registrant's name) and {event}.")
    )
    status_filter = models.CharField(
        _("send to"),
        max_length=12,
        choices=Registration.Status,
        blank=True,
        help_text=_("Empty: everyone registered (not cancelled or declined)."),
    )
    recipients = models.ManyToManyField(
        Registration,
        blank=True,
        related_name="+",
        verbose_name=_("only to"),
        help_text=_("Chosen people of the attendee list; empty: everyone matching “send to”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)

    class Meta:
        db_table = "registrations_broadcast"
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class EmailLog(models.Model):
    """The outbox: one row per message, written with the change that causes it, sent once."""

    organization_path = "event__organization"

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("retrying")
        FAILED = "failed", _("failed")

    registration = models.ForeignKey(
        Registration,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("registration"),
    )
    event = models.ForeignKey("events.Event", models.CASCADE, related_name="emails", verbose_name=_("event"))
    broadcast = models.ForeignKey(
        Broadcast,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("message to registrants"),
    )
    recipient = models.EmailField(_("recipient"))
    kind = models.CharField(_("kind"), max_length=60, help_text=_("registered, reminder:24, broadcast:7 …"))
    language = models.CharField(_("language"), max_length=2, choices=Language, default=Language.PL)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=300, blank=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by task"), max_length=64, blank=True, editable=False)
    due_at = models.DateTimeField(
        _("due at"), default=timezone.now, help_text=_("When the row was last handed to a worker or retries.")
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        db_table = "registrations_emaillog"
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-queued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"],
                condition=Q(registration__isnull=False),
                name="emaillog_unique_registration_kind",
            ),
            models.UniqueConstraint(
                fields=["event", "recipient", "kind"],
                condition=Q(registration__isnull=True),
                name="emaillog_unique_event_recipient_kind",
            ),
        ]
        indexes = [models.Index(fields=["status", "queued_at"]), models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.get_status_display()})"
