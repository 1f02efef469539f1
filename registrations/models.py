"""Registration forms with their questions and options, registrations, answers and session seats."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.languages import Language
from common.models import TimeStampedModel


class RegistrationForm(TimeStampedModel):
    """The registration form of one event: its intro, consent text and custom questions."""

    organization_path = "event__organization"

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

    organization_path = "form__event__organization"

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
    condition_choice = models.ForeignKey(
        "Choice",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependent_questions",
        verbose_name=_("show only if the answer is"),
        help_text=_("An option of the question above; it replaces a typed answer."),
    )
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

    organization_path = "question__form__event__organization"

    question = models.ForeignKey(Question, models.CASCADE, related_name="choices", verbose_name=_("question"))
    label = models.CharField(_("label"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
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

    organization_path = "event__organization"

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

    organization_path = "organization"

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

    organization_path = "event__organization"

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        OFFERED = "offered", _("seat offered")
        CANCELLED = "cancelled", _("cancelled")
        DECLINED = "declined", _("declined")

        @classmethod
        def holding(cls) -> frozenset[str]:
            """The statuses that take one of the event's places (services.capacity counts them)."""
            return frozenset({cls.CONFIRMED, cls.OFFERED})

    ACTIVE_STATUSES = frozenset({Status.PENDING, Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED})

    class Channel(models.TextChoices):
        """How the registration came in; grant reports count those registered at the door."""

        ONLINE = "online", _("online form")
        ADMIN = "admin", _("added by the organizers")
        IMPORT = "import", _("imported from a file")
        ON_SITE = "on_site", _("registered on site")

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
    channel = models.CharField(_("registered through"), max_length=8, choices=Channel, default=Channel.ONLINE)
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

    organization_path = "registration__event__organization"

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

    organization_path = "registration__event__organization"

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        OFFERED = "offered", _("offered")
        REQUESTED = "requested", _("chosen, waiting for a place at the event")

        @classmethod
        def holding(cls) -> frozenset[str]:
            """The statuses that take one of the session's places."""
            return frozenset({cls.CONFIRMED, cls.OFFERED})

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
