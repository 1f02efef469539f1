import hashlib
import secrets

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from common.admin import (
    OrganizationScopedAdmin,
    ScopedTabularInline,
    TranslatedScopedAdmin,
    TranslatedTabularInline,
)
from organizations import access

from . import filters
from .admin_actions import ACTIONS
from .admin_attendees import AttendeeToolsAdminMixin
from .admin_email import BroadcastSendingMixin, EmailLogInline, resend_emails
from .models import (
    AccessLog,
    Answer,
    Attendance,
    Broadcast,
    Choice,
    EmailLog,
    Question,
    Registration,
    RegistrationForm,
    ScreenedSubmissions,
    SessionSeat,
    Tag,
)

SENSITIVE_REGISTRATION_FIELDS = ("accessibility_needs", "other_needs")
SENSITIVE_ANSWER = Q(question__is_sensitive=True)


class WrittenByPortalMixin:
    """Rows the portal writes itself (outbox, audit, seats): people look; only administrators may delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return access.is_administrator(request.user) and super().has_delete_permission(request, obj)


class QuestionInline(TranslatedTabularInline):
    model = Question
    fields = ["label", "kind", "is_required", "is_per_person", "is_sensitive", "order"]
    show_change_link = True
    extra = 0


@admin.register(RegistrationForm)
class RegistrationFormAdmin(TranslatedScopedAdmin):
    organization_path = "event__organization"
    list_display = ["__str__", "consent_version", "allows_additional_attendees", "requires_session_choice"]
    list_filter = ["allows_additional_attendees", "requires_session_choice"]
    list_select_related = ["event"]
    ordering = ["-event__starts_at"]
    search_fields = ["event__title_pl", "event__title_uk", "event__title_en", "event__slug"]
    autocomplete_fields = ["event"]
    inlines = [QuestionInline]
    fieldsets = [
        (None, {"fields": ["event", "intro", "confirmation_message"]}),
        (_("Consent"), {"fields": ["consent_text", "consent_version"]}),
        (
            _("What the form asks"),
            {
                "fields": [
                    "allows_additional_attendees",
                    "max_attendees_per_submission",
                    "asks_interpretation",
                    "asks_accessibility",
                    "asks_diet",
                    "requires_session_choice",
                ]
            },
        ),
    ]


class ChoiceInline(TranslatedTabularInline):
    model = Choice
    fields = ["label", "order", "capacity", "is_open_topic", "day"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(TranslatedScopedAdmin):
    organization_path = "form__event__organization"
    list_display = ["label", "kind", "form", "is_required", "is_per_person", "is_sensitive", "order"]
    list_filter = ["kind", "is_required", "is_sensitive", ("form__event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["form__event"]
    search_fields = ["label_pl", "label_uk", "label_en", "form__event__title_pl"]
    autocomplete_fields = ["form", "condition_question"]
    inlines = [ChoiceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "form",
                    "label",
                    "help_text",
                    "kind",
                    "is_required",
                    "is_per_person",
                    "fills",
                    "is_sensitive",
                    "order",
                ]
            },
        ),
        (
            _("Validation"),
            {"fields": ["min_length", "max_length", "min_value", "max_value", "pattern", "min_ranks"]},
        ),
        (_("Condition"), {"fields": ["condition_question", "condition_value"]}),
    ]


@admin.register(Choice)
class ChoiceAdmin(TranslatedScopedAdmin):
    organization_path = "question__form__event__organization"
    list_display = ["label", "question", "order", "capacity"]
    list_filter = [("question__form__event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["question"]
    search_fields = ["label_pl", "label_uk", "label_en", "question__label_pl"]
    autocomplete_fields = ["question"]
    fields = ["question", "label", "order", "capacity", "is_open_topic", "day"]


@admin.register(Tag)
class TagAdmin(OrganizationScopedAdmin):
    organization_path = "organization"
    list_display = ["name", "organization"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization"]
    search_fields = ["name"]
    autocomplete_fields = ["organization"]
    fields = ["organization", "name"]


class AnswerInline(ScopedTabularInline):
    model = Answer
    fields = ["question", "value", "choices"]
    readonly_fields = ["question", "value", "choices"]
    can_delete = False
    extra = 0

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("question")
        return access.without_sensitive_rows(
            queryset, request.user, sensitive=SENSITIVE_ANSWER, path="registration__event__organization"
        )

    def has_add_permission(self, request, obj):
        return False


class SessionSeatInline(ScopedTabularInline):
    model = SessionSeat
    fields = ["session", "status", "position", "offer_expires_at"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj):
        return False


class AttendeeChangeList(ChangeList):
    """The attendee list page: chosen sessions in one query, and the accessibility flag only where allowed."""

    def get_results(self, request):
        user = request.user
        flagged = ~Q(accessibility_needs="")
        if not access.is_administrator(user):
            flagged &= Q(event__organization__in=access.organization_ids(user, sensitive=True))
        self.queryset = self.queryset.annotate(
            shows_accessibility_need=ExpressionWrapper(flagged, output_field=BooleanField())
        ).prefetch_related(
            Prefetch(
                "seats",
                queryset=SessionSeat.objects.select_related("session").order_by("session__starts_at", "pk"),
            )
        )
        super().get_results(request)


@admin.register(Registration)
class RegistrationAdmin(AttendeeToolsAdminMixin, OrganizationScopedAdmin):
    organization_path = "event__organization"
    list_display = [
        "last_name",
        "first_name",
        "organization_display",
        "email",
        "event",
        "status",
        "chosen_sessions",
        "needs",
        "language",
        "created_at",
    ]
    list_filter = [
        ("event", admin.RelatedOnlyFieldListFilter),
        "status",
        filters.SessionFilter,
        filters.InterpretationFilter,
        filters.AccessibilityFilter,
        "language",
        filters.OrganizationKindFilter,
        filters.RegionFilter,
        filters.CheckedInFilter,
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["event", "organization"]
    actions = ACTIONS
    date_hierarchy = "created_at"
    search_fields = ["first_name", "last_name", "email", "organization_name", "organization__name", "phone"]
    autocomplete_fields = ["event", "registered_by", "organization", "tags"]
    # The status changes only through the actions, which keep seats and waiting lists right.
    readonly_fields = [
        "status",
        "public_id",
        "waitlist_position",
        "offer_expires_at",
        "consent_version",
        "consent_text_sha256",
        "consented_at",
        "cancelled_at",
        "created_at",
        "updated_at",
    ]
    inlines = [AnswerInline, SessionSeatInline, EmailLogInline]

    @admin.display(description=_("organization"))
    def organization_display(self, registration):
        return registration.organization_display

    @admin.display(description=_("sessions"))
    def chosen_sessions(self, registration):
        waiting = {SessionSeat.Status.WAITLISTED, SessionSeat.Status.REQUESTED}
        return "; ".join(
            f"{seat.session.title} ({seat.get_status_display()})"
            if seat.status in waiting
            else seat.session.title
            for seat in registration.seats.all()
        )

    @admin.display(description=_("needs"))
    def needs(self, registration):
        flags = []
        if registration.interpretation_language:
            flags.append(
                _("interpretation: %(language)s") % {"language": registration.interpretation_language}
            )
        if getattr(registration, "shows_accessibility_need", False):
            flags.append(_("accessibility"))
        if registration.dietary_needs:
            flags.append(_("diet"))
        return ", ".join(str(flag) for flag in flags)

    def get_changelist(self, request, **kwargs):
        return AttendeeChangeList

    def get_list_filter(self, request):
        list_filter = list(super().get_list_filter(request))
        if not self._may_see_sensitive(request, None):
            list_filter.remove(filters.AccessibilityFilter)
        return list_filter

    def get_fieldsets(self, request, obj=None):
        needs = ["interpretation_language", "accessibility_needs", "dietary_needs", "other_needs"]
        if not self._may_see_sensitive(request, obj):
            needs = [field for field in needs if field not in SENSITIVE_REGISTRATION_FIELDS]
        return [
            (None, {"fields": ["event", "status", "waitlist_position", "offer_expires_at", "tags"]}),
            (
                _("Person"),
                {
                    "fields": [
                        "first_name",
                        "last_name",
                        "email",
                        "phone",
                        "organization",
                        "organization_name",
                        "position",
                        "language",
                        "registered_by",
                        "user",
                    ]
                },
            ),
            (_("Needs"), {"fields": needs}),
            (
                _("Consent"),
                {
                    "fields": [
                        "consent_version",
                        "consent_text_sha256",
                        "consented_at",
                        "consents_to_participant_list",
                        "consents_to_photos",
                    ]
                },
            ),
            (_("History"), {"fields": ["public_id", "created_at", "updated_at", "cancelled_at"]}),
        ]

    def _may_see_sensitive(self, request, obj) -> bool:
        if obj is not None:
            return access.can_view_sensitive_data(request.user, obj.event)
        return access.is_administrator(request.user) or bool(
            access.organization_ids(request.user, editable=True)
            & access.organization_ids(request.user, sensitive=True)
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not access.is_administrator(request.user):
            readonly.append("user")
        if obj is not None:
            # Moving a registration to another event would skip that event's seats and waiting list.
            readonly.append("event")
        return readonly

    def save_model(self, request, obj, form, change):
        if not obj.manage_token_hash:
            # The token itself is never stored; a registration added here is managed by the organizers.
            obj.manage_token_hash = hashlib.sha256(secrets.token_bytes(32)).hexdigest()
        super().save_model(request, obj, form, change)


@admin.register(Answer)
class AnswerAdmin(OrganizationScopedAdmin):
    organization_path = "registration__event__organization"
    list_display = ["registration", "question", "value"]
    list_filter = [("question__form__event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["registration", "question"]
    search_fields = ["value", "registration__last_name", "registration__email"]
    autocomplete_fields = ["registration", "question", "choices"]
    fields = ["registration", "question", "value", "choices"]

    def get_queryset(self, request):
        return access.without_sensitive_rows(
            super().get_queryset(request),
            request.user,
            sensitive=SENSITIVE_ANSWER,
            path="registration__event__organization",
        )

    def get_readonly_fields(self, request, obj=None):
        return ["registration", "question"] if obj is not None else []


@admin.register(SessionSeat)
class SessionSeatAdmin(WrittenByPortalMixin, OrganizationScopedAdmin):
    """Seats change only through registration and cancellation, which keep capacity and waitlist right."""

    organization_path = "registration__event__organization"
    list_display = ["registration", "session", "status", "position", "offer_expires_at"]
    list_filter = ["status", ("session__event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["registration", "session"]
    search_fields = [
        "registration__first_name",
        "registration__last_name",
        "registration__email",
        "session__title_pl",
    ]


@admin.register(Attendance)
class AttendanceAdmin(OrganizationScopedAdmin):
    organization_path = "registration__event__organization"
    list_display = ["registration", "day", "session", "checked_in_at", "checked_in_by"]
    list_filter = ["day", ("registration__event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["registration", "session", "checked_in_by"]
    date_hierarchy = "checked_in_at"
    search_fields = ["registration__first_name", "registration__last_name", "registration__email"]
    autocomplete_fields = ["registration", "session"]
    fields = ["registration", "day", "session", "checked_in_at", "checked_in_by"]
    readonly_fields = ["checked_in_at", "checked_in_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.checked_in_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(EmailLog)
class EmailLogAdmin(WrittenByPortalMixin, OrganizationScopedAdmin):
    """The outbox as sent: organizers see what went out, what failed and why."""

    organization_path = "event__organization"
    list_display = ["kind", "recipient", "event", "status", "attempts", "queued_at", "sent_at"]
    list_filter = ["status", "kind", "language", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event"]
    date_hierarchy = "queued_at"
    search_fields = ["recipient", "subject", "kind", "registration__last_name"]
    actions = [resend_emails]
    fields = [
        "event",
        "registration",
        "broadcast",
        "recipient",
        "kind",
        "language",
        "subject",
        "status",
        "attempts",
        "last_error",
        "message_id",
        "queued_at",
        "due_at",
        "claimed_at",
        "sent_at",
    ]


@admin.register(AccessLog)
class AccessLogAdmin(WrittenByPortalMixin, OrganizationScopedAdmin):
    organization_path = "event__organization"
    list_display = ["at", "user", "action", "event"]
    list_filter = ["action", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "event"]
    date_hierarchy = "at"
    search_fields = ["action", "user__username", "user__email"]
    fields = ["at", "user", "action", "event", "detail"]
    readonly_fields = ["at"]


@admin.register(ScreenedSubmissions)
class ScreenedSubmissionsAdmin(WrittenByPortalMixin, OrganizationScopedAdmin):
    organization_path = "event__organization"
    list_display = ["event", "dropped", "sent_back", "updated_at"]
    list_select_related = ["event"]
    search_fields = ["event__title_pl", "event__title_uk", "event__title_en"]
    fields = ["event", "dropped", "sent_back", "updated_at"]
    readonly_fields = ["dropped", "sent_back", "updated_at"]


@admin.register(Broadcast)
class BroadcastAdmin(BroadcastSendingMixin, TranslatedScopedAdmin):
    """Messages to an event's registrants; once sending has started, a message is kept as it was sent."""

    organization_path = "event__organization"
    list_display = ["subject", "event", "status_filter", "created_by", "created_at", "started_at", "progress"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter), "status_filter"]
    list_select_related = ["event", "created_by"]
    date_hierarchy = "created_at"
    search_fields = ["subject", "body"]
    autocomplete_fields = ["event"]
    fields = [
        "event",
        "subject",
        "body",
        "status_filter",
        "recipients",
        "created_by",
        "created_at",
        "started_at",
        "progress",
        "previews",
    ]
    # Chosen on the attendee list ("Write to the selected people"), where the selection is scoped.
    readonly_fields = ["recipients", "created_by", "created_at", "started_at", "progress", "previews"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.started_at:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
