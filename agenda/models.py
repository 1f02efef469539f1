from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.fields import ImageUploadField
from common.models import TimeStampedModel
from common.uploads import RandomName

if TYPE_CHECKING:
    from .selectors import RoleGroup


class Track(models.Model):
    """A room or parallel line of one event's agenda."""

    organization_path = "event__organization"

    event = models.ForeignKey("events.Event", models.CASCADE, related_name="tracks", verbose_name=_("event"))
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="track_unique_event_name")]

    def __str__(self) -> str:
        return self.name


class SessionQuerySet(models.QuerySet["Session"]):
    def top_level(self) -> "SessionQuerySet":
        return self.filter(parent__isnull=True)

    def selectable(self) -> "SessionQuerySet":
        return self.filter(is_selectable=True)


class Session(TimeStampedModel):
    """One agenda item of an Event; study visits are Sessions held at another address."""

    organization_path = "event__organization"

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("registration")
        OPENING = "opening", _("opening")
        KEYNOTE = "keynote", _("keynote")
        TALK = "talk", _("talk")
        PANEL = "panel", _("panel")
        DEBATE = "debate", _("debate")
        WORKSHOP = "workshop", _("workshop")
        WORKING_GROUP = "working_group", _("working group")
        STUDY_VISIT = "study_visit", _("study visit")
        NETWORKING = "networking", _("networking")
        BREAK = "break", pgettext_lazy("session kind", "break")
        MEAL = "meal", _("meal")
        OTHER = "other", _("other")

    QUIET_KINDS = frozenset({Kind.BREAK, Kind.MEAL, Kind.REGISTRATION})

    event = models.ForeignKey(
        "events.Event", models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("The block this item is nested in."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.TALK)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is allowed."))
    audience = models.TextField(_("for whom"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    track = models.ForeignKey(
        Track, models.SET_NULL, null=True, blank=True, related_name="sessions", verbose_name=_("track")
    )
    venue = models.ForeignKey(
        "events.Venue",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("own venue"),
        help_text=_("Only when it happens elsewhere than the event, e.g. a study visit."),
    )
    host_organization = models.ForeignKey(
        "organizations.Organization",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_sessions",
        verbose_name=_("host organization"),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    is_selectable = models.BooleanField(
        _("chosen at registration"),
        default=False,
        help_text=_("Participants pick it in the registration form."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SessionQuerySet.as_manager()

    # Set by agenda.selectors for the public pages, not stored: the items nested in this one in time order,
    # whether any of them run at the same time, and the people grouped by role.
    nested: list["Session"]
    has_parallel_children: bool
    people: list["RoleGroup"]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="session_not_own_parent"),
        ]
        indexes = [models.Index(fields=["event", "starts_at"])]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{start:%Y-%m-%d %H:%M} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("events:session_detail", kwargs={"slug": self.event.slug, "pk": self.pk})

    def clean(self) -> None:
        if not (self.starts_at and self.ends_at):
            return
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})
        event = self.event if self.event_id else None
        if event and (self.starts_at < event.starts_at or self.ends_at > event.ends_at):
            raise ValidationError(
                _("The session must take place within the event (%(start)s – %(end)s).")
                % {
                    "start": date_format(timezone.localtime(event.starts_at), "SHORT_DATETIME_FORMAT"),
                    "end": date_format(timezone.localtime(event.ends_at), "SHORT_DATETIME_FORMAT"),
                }
            )
        if self.parent_id:
            parent = self.parent
            if parent.event_id != self.event_id:
                raise ValidationError({"parent": _("The block must belong to the same event.")})
            if parent.parent_id:
                raise ValidationError({"parent": _("Items can be nested only one level deep.")})
            if self.starts_at < parent.starts_at or self.ends_at > parent.ends_at:
                raise ValidationError(
                    {
                        "parent": _("A nested item must fit inside its block (%(start)s – %(end)s).")
                        % {
                            "start": date_format(timezone.localtime(parent.starts_at), "TIME_FORMAT"),
                            "end": date_format(timezone.localtime(parent.ends_at), "TIME_FORMAT"),
                        }
                    }
                )
        if self.track_id and self.track.event_id != self.event_id:
            raise ValidationError({"track": _("The track must belong to the same event.")})

    @property
    def is_quiet(self) -> bool:
        return self.kind in self.QUIET_KINDS

    def overlaps(self, other: "Session") -> bool:
        """Half-open intervals: a session ending at 11:30 does not clash with one starting at 11:30."""
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


class StudyVisitManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Session.Kind.STUDY_VISIT)


class StudyVisit(Session):
    """A session held at a host organization's own place."""

    objects = StudyVisitManager()

    class Meta:
        proxy = True
        verbose_name = _("study visit")
        verbose_name_plural = _("study visits")

    def save(self, *args, **kwargs):
        self.kind = Session.Kind.STUDY_VISIT
        super().save(*args, **kwargs)


class Person(TimeStampedModel):
    """A speaker, moderator, panelist or host; the e-mail is for organizers only."""

    organization_path = "managed_by"

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("affiliated organization"),
    )
    affiliation = models.CharField(
        _("affiliation"), max_length=250, blank=True, help_text=_("Organization or position as free text.")
    )
    position = models.CharField(_("position"), max_length=250, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    photo = ImageUploadField(
        _("photo"),
        upload_to=RandomName("people"),
        max_side=600,
        width_field="photo_width",
        height_field="photo_height",
        blank=True,
        help_text=_("JPEG, PNG or WebP; resized on upload, camera data (EXIF, GPS position) removed."),
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    email = models.EmailField(_("e-mail (private)"), blank=True)
    managed_by = models.ForeignKey(
        "organizations.Organization",
        models.CASCADE,
        related_name="managed_people",
        verbose_name=_("managed by"),
        help_text=_("The organization whose organizers may edit this entry."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:person_detail", kwargs={"slug": self.slug})

    @property
    def affiliation_display(self) -> str:
        return self.affiliation or (self.organization.name if self.organization else "")


class SessionRole(models.Model):
    """A person's part in a session; "to be confirmed" until the person has agreed."""

    organization_path = "session__event__organization"

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("speaker")
        MODERATOR = "moderator", _("moderator")
        PANELIST = "panelist", _("panelist")
        HOST = "host", _("host")
        GUEST = "guest", _("guest")
        HONORARY_GUEST = "honorary_guest", _("honorary guest")

    session = models.ForeignKey(Session, models.CASCADE, related_name="roles", verbose_name=_("session"))
    person = models.ForeignKey(Person, models.CASCADE, related_name="roles", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.SPEAKER)
    is_confirmed = models.BooleanField(
        _("confirmed"), default=True, help_text=_("Unticked: to be confirmed.")
    )
    note = models.CharField(_("topic or note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("role in session")
        verbose_name_plural = _("roles in session")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person", "role"], name="sessionrole_unique_person_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"
