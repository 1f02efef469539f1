import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.fields import DocumentUploadField, GeneratedImageField, ImageUploadField
from common.media import ATTACHMENT_FOLDER
from common.models import TimeStampedModel
from common.uploads import RandomName, webp_thumbnail
from organizations.models import Organization, Region


class Series(TimeStampedModel):
    """A campaign or cycle of events, such as "Otwarte Miasta i Wsie"."""

    organization_path = "organization"

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="series", verbose_name=_("organization")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:series_detail", kwargs={"slug": self.slug})


class Topic(models.Model):
    """A theme events can be filtered by (housing, labour market, education…)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Venue(TimeStampedModel):
    """A place where an event or a session happens, with directions for getting there."""

    organization_path = "organization"

    organization = models.ForeignKey(
        Organization,
        models.CASCADE,
        related_name="venues",
        verbose_name=_("organization"),
        help_text=_("The organization that manages this venue entry."),
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("region"), max_length=30, choices=Region, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    directions = models.TextField(_("directions"), blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["city", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="venue_coordinates_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    @property
    def full_address(self) -> str:
        city = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.address, city) if part)


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> "EventQuerySet":
        return self.filter(status__in=Event.PUBLIC_STATUSES)

    def upcoming(self) -> "EventQuerySet":
        return self.filter(ends_at__gte=timezone.now())

    def past(self) -> "EventQuerySet":
        return self.filter(ends_at__lt=timezone.now())


@dataclass(frozen=True)
class RegistrationWindow:
    opens_at: dt.datetime | None
    closes_at: dt.datetime

    def contains(self, at: dt.datetime) -> bool:
        return (self.opens_at is None or self.opens_at <= at) and at < self.closes_at


class Event(TimeStampedModel):
    """One meeting, conference or online call that people can read about and register for."""

    # How a row reaches the organization that owns it (organizations.access reads it).
    organization_path = "organization"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", pgettext_lazy("event status", "cancelled")

    # A cancelled event keeps its page, which says so.
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.CANCELLED)

    class Promotion(models.TextChoices):
        AUTOMATIC = "automatic", _("confirm the next person automatically")
        OFFER = "offer", _("offer the seat for a limited time")

    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="events", verbose_name=_("organizer")
    )
    series = models.ForeignKey(
        Series, models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("series")
    )
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is allowed."))
    goals = models.TextField(_("goals"), blank=True, help_text=_("Markdown is allowed."))
    image = ImageUploadField(
        _("header image"),
        upload_to=RandomName("events/images"),
        max_side=1600,
        width_field="image_width",
        height_field="image_height",
        blank=True,
        help_text=_("JPEG, PNG or WebP, landscape. Shown at the top of the event page; resized on upload."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("header image description"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, read out to people who cannot see it."),
    )
    image_credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="events", verbose_name=_("topics"))
    format = models.CharField(_("format"), max_length=10, choices=Format, default=Format.IN_PERSON)
    venue = models.ForeignKey(
        Venue, models.PROTECT, null=True, blank=True, related_name="events", verbose_name=_("venue")
    )
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Secret: shown only to confirmed registrants, never on public pages."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    languages = models.CharField(
        _("languages"),
        max_length=50,
        default="pl",
        help_text=_("Language codes separated by commas, e.g. pl,en."),
    )
    interpretation = models.CharField(
        _("interpretation"),
        max_length=250,
        blank=True,
        help_text=_("E.g. Polish–Ukrainian interpretation on request."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    registration_required = models.BooleanField(_("registration required"), default=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    approval_required = models.BooleanField(_("registrations need approval"), default=False)
    waitlist_enabled = models.BooleanField(_("waiting list when full"), default=True)
    promotion_mode = models.CharField(
        _("when a seat frees up"), max_length=10, choices=Promotion, default=Promotion.AUTOMATIC
    )
    offer_hours = models.PositiveSmallIntegerField(_("hours to accept an offered seat"), default=48)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    reminder_offsets_hours = models.CharField(
        _("reminders (hours before)"),
        max_length=50,
        blank=True,
        help_text=_("Comma-separated hours before the start, e.g. 168,24. Empty: the portal default."),
    )
    email_paragraph = models.TextField(
        _("paragraph for e-mails"), blank=True, help_text=_("Added to the confirmation and reminders.")
    )
    report = models.TextField(_("post-event report"), blank=True, help_text=_("Markdown is allowed."))
    retention_days = models.PositiveIntegerField(
        _("keep personal data for (days after the event)"), null=True, blank=True
    )
    shows_participant_list = models.BooleanField(
        _("public list of participants"),
        default=False,
        help_text=_("Shows organizations (and names) of registrants who agreed to appear on it."),
    )
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)

    objects = EventQuerySet.as_manager()

    # Counted by registrations.selectors.organizer_events for the admin's home page, not stored.
    failed_emails: int
    places_left: int | None

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["status", "ends_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.format in {self.Format.IN_PERSON, self.Format.HYBRID} and not self.venue_id:
            raise ValidationError({"venue": _("An in-person or hybrid event needs a venue.")})
        if self.format == self.Format.IN_PERSON and self.online_url:
            raise ValidationError({"online_url": _("An in-person event has no online link.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})
        if self.registration_closes_at and self.ends_at and self.registration_closes_at > self.ends_at:
            raise ValidationError(
                {"registration_closes_at": _("Registration cannot close after the event has ended.")}
            )

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def reminder_offsets(self) -> list[int]:
        if not self.reminder_offsets_hours.strip():
            return list(settings.REMINDER_OFFSETS_HOURS)
        return [int(hours) for hours in self.reminder_offsets_hours.split(",") if hours.strip()]

    @property
    def is_multi_day(self) -> bool:
        return timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)

    @property
    def is_online(self) -> bool:
        return self.format in {self.Format.ONLINE, self.Format.HYBRID}

    def registration_window(self) -> RegistrationWindow:
        """When registration (and editing one) opens and closes: as set, else when the event starts."""
        return RegistrationWindow(self.registration_opens_at, self.registration_closes_at or self.starts_at)

    def is_registration_open(self, at=None) -> bool:
        at = at or timezone.now()
        if self.status != self.Status.PUBLISHED or not self.registration_required:
            return False
        return self.registration_window().contains(at)


class EventPartner(models.Model):
    """An organization's role in an event other than organizing it: patron, partner, funder…"""

    organization_path = "event__organization"

    class Role(models.TextChoices):
        CO_ORGANIZER = "co_organizer", _("co-organizer")
        MAIN_PATRON = "main_patron", _("main patron")
        PATRON = "patron", _("patron")
        PARTNER = "partner", _("partner")
        FUNDER = "funder", _("funder")
        MEDIA_PATRON = "media_patron", _("media patron")

    event = models.ForeignKey(Event, models.CASCADE, related_name="partners", verbose_name=_("event"))
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="partnerships", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.PARTNER)
    note = models.CharField(_("note"), max_length=250, blank=True, help_text=_("E.g. the funding programme."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization", "role"], name="eventpartner_unique_event_organization_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Attachment(models.Model):
    """A file or link for download ("Do pobrania"), public or for confirmed registrants only.

    Files are never served from a public folder: events.views.AttachmentFileView serves them (public ones to
    anyone, the others to the organizers) and the manage page serves registrants-only ones by the manage link.
    """

    organization_path = "event__organization"

    event = models.ForeignKey(Event, models.CASCADE, related_name="attachments", verbose_name=_("event"))
    title = models.CharField(_("title"), max_length=200)
    file = DocumentUploadField(
        _("file"),
        upload_to=RandomName(ATTACHMENT_FOLDER),
        blank=True,
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT, or a JPEG, PNG or WebP image."),
    )
    url = models.URLField(_("link"), blank=True)
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Otherwise only for registrants."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="attachment_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if bool(self.file) == bool(self.url):
            raise ValidationError(_("Give either a file or a link, not both."))

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url

    @property
    def file_kind(self) -> str:
        """ "PDF", "DOCX"…: said next to the link, so nobody downloads a format they cannot open."""
        return self.file.name.rpartition(".")[2].upper() if self.file else ""

    @property
    def download_name(self) -> str:
        """The file name a download is saved under: the title, with the stored file's extension."""
        return f"{slugify(self.title) or 'download'}.{self.file_kind.lower()}"


REPORT_THUMBNAIL_SIDE = 480


class ReportPhoto(models.Model):
    """A photo of the post-event report's gallery; a small WebP copy is made when it is uploaded."""

    organization_path = "event__organization"

    event = models.ForeignKey(Event, models.CASCADE, related_name="report_photos", verbose_name=_("event"))
    image = ImageUploadField(
        _("photo"),
        upload_to=RandomName("events/report"),
        max_side=1600,
        width_field="image_width",
        height_field="image_height",
        help_text=_("JPEG, PNG or WebP; resized on upload, camera data (EXIF, GPS position) removed."),
    )
    image_width = models.PositiveIntegerField(null=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, editable=False)
    thumbnail = GeneratedImageField(
        upload_to=RandomName("events/report/thumbnails"),
        width_field="thumbnail_width",
        height_field="thumbnail_height",
        editable=False,
    )
    thumbnail_width = models.PositiveIntegerField(null=True, editable=False)
    thumbnail_height = models.PositiveIntegerField(null=True, editable=False)
    caption = models.CharField(
        _("caption"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows; also read by screen readers."),
    )
    credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            thumbnail = webp_thumbnail(self.image, max_side=REPORT_THUMBNAIL_SIDE)
            self.thumbnail.save(thumbnail.name, thumbnail, save=False)
        super().save(*args, **kwargs)
