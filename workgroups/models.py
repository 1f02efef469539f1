"""Working groups formed from ranked preferences: each person's ranking, the allocation of an event, its
groups and who is in which."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel


class Ranking(models.Model):
    """One place in one person's ranking for a "rank your preferences" question: 1 is the first choice.
    The open-topic option carries the person's proposal."""

    organization_path = "registration__event__organization"

    registration = models.ForeignKey(
        "registrations.Registration", models.CASCADE, related_name="rankings", verbose_name=_("registration")
    )
    question = models.ForeignKey(
        "registrations.Question", models.CASCADE, related_name="rankings", verbose_name=_("question")
    )
    choice = models.ForeignKey(
        "registrations.Choice", models.CASCADE, related_name="rankings", verbose_name=_("option")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    proposal = models.CharField(_("proposed topic"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        ordering = ["registration", "question", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question", "rank"], name="ranking_unique_registration_question_rank"
            ),
            models.UniqueConstraint(
                fields=["registration", "question", "choice"],
                name="ranking_unique_registration_question_choice",
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="ranking_rank_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.choice}"


class Allocation(TimeStampedModel):
    """The split of one event's participants into working groups, from the rankings of one question."""

    organization_path = "event__organization"

    event = models.OneToOneField(
        "events.Event", models.CASCADE, related_name="group_allocation", verbose_name=_("event")
    )
    question = models.ForeignKey(
        "registrations.Question",
        models.CASCADE,
        related_name="allocations",
        verbose_name=_("ranking question"),
    )
    seed = models.PositiveIntegerField(
        _("tie-break seed"),
        default=0,
        help_text=_("The same seed and the same rankings give the same groups."),
    )
    ran_at = models.DateTimeField(_("last run at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    summary = models.JSONField(_("summary of the last run"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("working-group allocation")
        verbose_name_plural = _("working-group allocations")

    def __str__(self) -> str:
        return str(self.event)


class WorkingGroup(models.Model):
    """A group people are allocated to: one option of the ranking question, or a topic someone proposed."""

    organization_path = "allocation__event__organization"

    class Dissolved(models.TextChoices):
        NO = "", _("open")
        BY_ORGANIZER = "organizer", _("dissolved by the organizer")
        BELOW_MINIMUM = "below_minimum", _("dissolved: too few people for its minimum")

    allocation = models.ForeignKey(
        Allocation, models.CASCADE, related_name="groups", verbose_name=_("allocation")
    )
    choice = models.ForeignKey(
        "registrations.Choice",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="working_groups",
        verbose_name=_("ranked option"),
        help_text=_("Empty for a group made from a proposed topic."),
    )
    title = models.CharField(_("title"), max_length=300)
    capacity = models.PositiveIntegerField(_("capacity"))
    minimum = models.PositiveIntegerField(_("minimum"), default=0, help_text=_("0: no minimum."))
    dissolved = models.CharField(_("dissolved"), max_length=20, choices=Dissolved, blank=True, default="")
    session = models.OneToOneField(
        "agenda.Session",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="working_group",
        verbose_name=_("agenda session"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "choice"],
                condition=Q(choice__isnull=False),
                name="workinggroup_unique_allocation_choice",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """Where the last run put one person; a locked assignment is kept by every later run."""

    organization_path = "allocation__event__organization"

    allocation = models.ForeignKey(
        Allocation, models.CASCADE, related_name="assignments", verbose_name=_("allocation")
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        models.CASCADE,
        related_name="group_assignments",
        verbose_name=_("person"),
    )
    group = models.ForeignKey(
        WorkingGroup,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("group"),
    )
    rank = models.PositiveSmallIntegerField(
        _("choice"), null=True, blank=True, help_text=_("1: first choice; empty: none of their choices.")
    )
    unplaced_reason = models.CharField(_("why not placed"), max_length=30, blank=True)
    is_locked = models.BooleanField(_("locked by hand"), default=False)
    notified_group = models.ForeignKey(
        WorkingGroup,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group last e-mailed"),
    )
    notifications = models.PositiveSmallIntegerField(_("e-mails about the group"), default=0, editable=False)

    class Meta:
        verbose_name = _("group assignment")
        verbose_name_plural = _("group assignments")
        ordering = ["allocation", "group", "registration"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "registration"], name="assignment_unique_allocation_registration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} → {self.group or '—'}"
