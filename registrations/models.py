import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel


class Language(models.TextChoices):
    PL = "pl", _("Polish")
    UK = "uk", _("Ukrainian")
    EN = "en", _("English")


# The languages interpretation can be asked for (Registration.interpretation_language holds the code).
INTERPRETATION_LANGUAGES = [
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
    ("en", _("English")),
    ("ru", _("Russian")),
    ("pjm", _("Polish Sign Language")),
]


class RegistrationForm(TimeStampedModel):
    """The registration form of one event: its intro, consent text and custom questions."""

    event = models.OneToOneField(
        "events.Event", models.CASCADE, related_name="registration_form", verbose_name=_("event")
    )
    intro = models.TextField(_("introduction"), blank=True)
    consent_text = models.TextField(
        _("consent to data processing"),
        default=_("I agree to the processing of my personal data for the purpose of organizing this event."),
    )
    consent_version = models.CharField(
        _("consent text version"),
        max_length=20,
        default="1",
        help_text=_("Change it whenever the text changes."),
    )
    confirmation_message = models.TextField(_("message after registering"), blank=True)
    allows_additional_attendees = models.BooleanField(_("one person may register others"), default=True)
    max_attendees_per_submission = models.PositiveSmallIntegerField(
        _("people per submission at most"), default=5
    )
    asks_interpretation = models.BooleanField(_("ask about interpretation"), default=True)
    asks_accessibility = models.BooleanField(_("ask about accessibility needs"), default=True)
    asks_diet = models.BooleanField(_("ask about dietary needs"), default=False)
    requires_session_choice = models.BooleanField(
        _("a session must be chosen in every time slot"), default=False
    )

    class Meta:
        verbose_name = _("registration form")
        verbose_name_plural = _("registration forms")

    def __str__(self) -> str:
        return str(self.event)


class Question(models.Model):
    """A custom question of a registration form, optionally shown only when another answer matches."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        SINGLE_CHOICE = "single_choice", _("single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("multiple choice")
        DROPDOWN = "dropdown", _("dropdown")
        CHECKBOX = "checkbox", _("checkbox")
        EMAIL = "email", _("e-mail")
        PHONE = "phone", _("phone")
        NUMBER = "number", _("number")
        DATE = "date", _("date")
        SCALE = "scale", _("linear scale")
        CONSENT = "consent", _("consent")
        RANKING = "ranking", _("rank your preferences")

    class Fills(models.TextChoices):
        NOTHING = "", _("nothing: kept as an answer")
        INTERPRETATION = "interpretation_language", _("the interpretation needed")

    CHOICE_KINDS = frozenset({Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.DROPDOWN})

    form = models.ForeignKey(
        RegistrationForm, models.CASCADE, related_name="questions", verbose_name=_("form")
    )
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SHORT_TEXT)
    is_required = models.BooleanField(_("required"), default=False)
    is_sensitive = models.BooleanField(
        _("health or accessibility data"),
        default=False,
        help_text=_("Answers are visible only to organizers allowed to see sensitive data."),
    )
    is_per_person = models.BooleanField(
        _("asked of every person"),
        default=False,
        help_text=_(
            "Colleagues and family members registered in the same form answer it too, each in their own "
            "block. Otherwise it is asked once per submission, of the person who fills in the form."
        ),
    )
    fills = models.CharField(
        _("the answer also fills"),
        max_length=30,
        choices=Fills,
        blank=True,
        help_text=_(
            "For a language-support question: the answer (a language) counts as the interpretation this "
            "person needs, in the filters, the statistics and the overview."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    min_length = models.PositiveIntegerField(_("minimum length"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    min_value = models.IntegerField(_("minimum value"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum value"), null=True, blank=True)
    pattern = models.CharField(
        _("pattern"), max_length=200, blank=True, help_text=_("A regular expression the answer must match.")
    )
    condition_question = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependent_questions",
        verbose_name=_("show only if question"),
    )
    condition_value = models.CharField(_("has the answer"), max_length=300, blank=True)
    min_ranks = models.PositiveSmallIntegerField(
        _("choices to rank at least"),
        default=3,
        help_text=_("For a ranking question: how many options each person must put in order."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_length__isnull=True)
                | Q(max_length__isnull=True)
                | Q(max_length__gte=models.F("min_length")),
                name="question_length_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="question_value_range_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Choice(models.Model):
    """An option of a choice question; a capacity makes it a limited group (a working group of 20)."""

    question = models.ForeignKey(Question, models.CASCADE, related_name="choices", verbose_name=_("question"))
    label = models.CharField(_("label"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    is_open_topic = models.BooleanField(
        _("another topic, proposed by the person"),
        default=False,
        help_text=_("Whoever ranks this option is asked for their proposal in a text box."),
    )
    day = models.DateField(
        _("stands for coming on"),
        null=True,
        blank=True,
        help_text=_(
            "For a question such as “Which days will you attend?”: the day this option means. Day attendance "
            "lists and needs count only the people who come that day."
        ),
    )

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class ScreenedSubmissions(models.Model):
    """How many submissions of one event's form the bot check held back, for the organizers to see."""

    event = models.OneToOneField(
        "events.Event", models.CASCADE, related_name="screened_submissions", verbose_name=_("event")
    )
    dropped = models.PositiveIntegerField(
        _("dropped: the hidden field was filled"), default=0, editable=False
    )
    sent_back = models.PositiveIntegerField(
        _("shown again: sent faster than a person types"), default=0, editable=False
    )
    updated_at = models.DateTimeField(_("last one at"), auto_now=True)

    class Meta:
        verbose_name = _("submissions held back by the bot check")
        verbose_name_plural = _("submissions held back by the bot check")

    def __str__(self) -> str:
        return str(self.event)


class Tag(models.Model):
    """An organizer's own label for registrations ("speaker", "needs invoice"), kept per organization."""

    organization = models.ForeignKey(
        "organizations.Organization", models.CASCADE, related_name="tags", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="tag_unique_organization_name")
        ]

    def __str__(self) -> str:
        return self.name


class Registration(TimeStampedModel):
    """One attendee of one event; "registered by" points at the contact who submitted it for them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        OFFERED = "offered", _("seat offered")
        CANCELLED = "cancelled", _("cancelled")
        DECLINED = "declined", _("declined")

    ACTIVE_STATUSES = frozenset({Status.PENDING, Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED})

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        "events.Event", models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("account"),
    )
    registered_by = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="attendees",
        verbose_name=_("registered by"),
        help_text=_("The contact person who submitted this registration; messages go to them."),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("organization"),
    )
    organization_name = models.CharField(_("organization (as typed)"), max_length=200, blank=True)
    position = models.CharField(_("role or position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(_("preferred language"), max_length=2, choices=Language, default=Language.PL)
    interpretation_language = models.CharField(_("interpretation needed into"), max_length=50, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    other_needs = models.TextField(_("other needs"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.CONFIRMED)
    waitlist_position = models.PositiveIntegerField(_("waiting list position"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    manage_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    consent_version = models.CharField(_("consent version"), max_length=20, blank=True)
    consent_text_sha256 = models.CharField(_("consent text hash"), max_length=64, blank=True)
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consents_to_participant_list = models.BooleanField(_("may appear on the participant list"), default=False)
    consents_to_photos = models.BooleanField(_("agrees to photos"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    submission_key = models.CharField(
        _("submission key"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Issued with the form, so a repeated submit finds the registration it already made."),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="registrations", verbose_name=_("tags"))
    anonymized_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True, editable=False)
    # The person's own calendar: its revision grows with every edit or cancellation (SEQUENCE follows it),
    # and "event" / "session:<id>" name the entries sent earlier that must now be cancelled.
    calendar_revision = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    withdrawn_calendar_entries = models.JSONField(
        _("calendar entries withdrawn"), default=list, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "waitlist_position"],
                condition=Q(waitlist_position__isnull=False),
                name="registration_unique_waitlist_position",
            ),
            models.CheckConstraint(
                condition=Q(waitlist_position__isnull=True) | Q(status="waitlisted"),
                name="registration_position_only_when_waitlisted",
            ),
            models.UniqueConstraint(
                fields=["event", "submission_key"],
                condition=~Q(submission_key=""),
                name="registration_unique_submission_key",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["event", "email"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("admin:registrations_registration_change", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def organization_display(self) -> str:
        return self.organization.name if self.organization_id else self.organization_name

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class Answer(models.Model):
    """A registrant's answer to one custom question, stored as typed."""

    registration = models.ForeignKey(
        Registration, models.CASCADE, related_name="answers", verbose_name=_("registration")
    )
    question = models.ForeignKey(Question, models.CASCADE, related_name="answers", verbose_name=_("question"))
    value = models.TextField(_("answer"), blank=True)
    choices = models.ManyToManyField(
        Choice, blank=True, related_name="answers", verbose_name=_("chosen options")
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="answer_unique_registration_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class SessionSeat(TimeStampedModel):
    """A registration's place in a chosen session: confirmed, waitlisted in order, or offered."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        OFFERED = "offered", _("offered")
        REQUESTED = "requested", _("chosen, waiting for a place at the event")

    HOLDING_STATUSES = frozenset({Status.CONFIRMED, Status.OFFERED})

    registration = models.ForeignKey(
        Registration, models.CASCADE, related_name="seats", verbose_name=_("registration")
    )
    session = models.ForeignKey(
        "agenda.Session", models.CASCADE, related_name="seats", verbose_name=_("session")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.CONFIRMED)
    position = models.PositiveIntegerField(_("waiting list position"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session seat")
        verbose_name_plural = _("session seats")
        ordering = ["session", "position", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="sessionseat_unique_registration_session"
            ),
            models.UniqueConstraint(
                fields=["session", "position"],
                condition=Q(position__isnull=False),
                name="sessionseat_unique_waitlist_position",
            ),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(status="waitlisted"),
                name="sessionseat_position_only_when_waitlisted",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.registration} → {self.session} ({self.get_status_display()})"


class Attendance(models.Model):
    """Who actually came: a check-in for one day of the event, or for one session."""

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


class Broadcast(models.Model):
    """A message an organizer writes to all or some registrants of an event; sent once, one e-mail each."""

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
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class EmailLog(models.Model):
    """The outbox: one row per message, written with the change that causes it, sent once."""

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
    kind = models.CharField(_("kind"), max_length=60, help_text=_("confirmation, reminder:24, broadcast:7 …"))
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


class AccessLog(models.Model):
    """An audit entry: a user looked at or exported an event's personal or sensitive data."""

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
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"
