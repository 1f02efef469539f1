"""Who came (check-ins) and who looked at personal data (the access log).

Both tables keep the names they had in the registrations app."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registrations.models import Registration


class Attendance(models.Model):
    """Who actually came: a check-in for one day of the event, or for one session."""

    organization_path = "registration__event__organization"

    registration = models.ForeignKey(
        Registration, models.CASCADE, related_name="attendances", verbose_name=_("registration")
    )
    day = models.DateField(_("day"))
    session = models.ForeignKey(
        "agenda.Session",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("session"),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        db_table = "registrations_attendance"
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["-checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day"],
                condition=Q(session__isnull=True),
                name="attendance_unique_registration_day",
            ),
            models.UniqueConstraint(
                fields=["registration", "session"],
                condition=Q(session__isnull=False),
                name="attendance_unique_registration_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} – {self.session or self.day}"


class AccessLog(models.Model):
    """An audit entry: a user looked at or exported an event's personal or sensitive data."""

    organization_path = "event__organization"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("user")
    )
    event = models.ForeignKey(
        "events.Event", models.CASCADE, null=True, related_name="access_logs", verbose_name=_("event")
    )
    action = models.CharField(_("action"), max_length=60)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        db_table = "registrations_accesslog"
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"
