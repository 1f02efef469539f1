"""Registrations in admin for organizers: the attendee list, its change page, check-ins and the access log."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from attendees import filters
from attendees.actions import ACTIONS
from attendees.admin_tools import AttendeeToolsAdminMixin
from attendees.door_admin import DoorToolsAdminMixin
from attendees.list_actions import AttendeeListActionsMixin
from attendees.models import AccessLog, Attendance
from common.admin import (
    OrganizationScopedAdmin,
    ScopedTabularInline,
    WrittenByPortalMixin,
)
from mail.admin import EmailLogInline
from organizations import access
from registrations import services
from registrations.models import Answer, Registration, SessionSeat

SENSITIVE_REGISTRATION_FIELDS = ("accessibility_needs", "other_needs")


def badge(text, *, kind: str, detail: str = "", full: str = "") -> str:
    """A short label for a list cell; a long text is cut on screen and kept whole for screen readers."""
    full = full or (f"{text} ({detail})" if detail else str(text))
    return format_html(
        '<span class="badge badge-{}" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        kind,
        full,
        text,
        full,
    )


SENSITIVE_ANSWER = Q(question__is_sensitive=True)


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


PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "organization",
    "organization_name",
    "position",
    "language",
    "interpretation_language",
    "accessibility_needs",
    "dietary_needs",
    "other_needs",
)


class RegistrationAddForm(forms.ModelForm):
    """Adding a registration in admin goes through the registration service, like every other way in.

    The service runs when the form is checked, inside the admin's transaction, so what it refuses (a full
    event, an address already registered) appears next to its field and nothing is kept.
    """

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        person = services.PersonData(**{name: cleaned.get(name) or "" for name in PERSON_FIELDS})
        person.organization = cleaned.get("organization")
        consent = services.ConsentData.given_to_organizer(
            Registration.Channel.ADMIN,
            participant_list=cleaned.get("consents_to_participant_list", False),
            photos=cleaned.get("consents_to_photos", False),
        )
        try:
            result = services.register(
                event=cleaned["event"],
                contact=person,
                consent=consent,
                user=cleaned.get("user"),
                channel=Registration.Channel.ADMIN,
            )
        except services.RegistrationError as error:
            raise forms.ValidationError(
                {error.field: error.message} if error.field in self.fields else error.message
            ) from error
        self.instance = result.registration
        return cleaned


@admin.register(Registration)
class RegistrationAdmin(
    AttendeeListActionsMixin, DoorToolsAdminMixin, AttendeeToolsAdminMixin, OrganizationScopedAdmin
):
    # Short columns that fit 1280 px; e-mail, language and the details are on the change page.
    list_display = [
        "last_name",
        "first_name",
        "organization_display",
        "event_title",
        "status_badge",
        "chosen_sessions",
        "needs",
        "created_on",
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
        "channel",
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
        "channel",
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

    @admin.display(description=_("event"), ordering="event__starts_at")
    def event_title(self, registration):
        return registration.event.title  # as text, which wraps (a foreign key column does not)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, registration):
        return badge(registration.get_status_display(), kind=f"status badge-{registration.status}")

    @admin.display(description=_("sessions"))
    def chosen_sessions(self, registration):
        waiting = {SessionSeat.Status.WAITLISTED, SessionSeat.Status.REQUESTED}
        return format_html_join(
            " ",
            "{}",
            (
                (
                    badge(
                        seat.session.title,
                        kind="waiting" if seat.status in waiting else "session",
                        detail=seat.get_status_display() if seat.status in waiting else "",
                    ),
                )
                for seat in registration.seats.all()
            ),
        )

    @admin.display(description=_("needs"))
    def needs(self, registration):
        flags = []
        if registration.interpretation_language:
            language = {"language": registration.interpretation_language}
            flags.append(
                badge(
                    _("interp. %(language)s") % language,
                    kind="need",
                    full=_("interpretation: %(language)s") % language,
                )
            )
        if getattr(registration, "shows_accessibility_need", False):
            flags.append(badge(_("accessibility"), kind="need"))
        if registration.dietary_needs:
            flags.append(badge(_("diet"), kind="need"))
        return format_html_join(" ", "{}", ((flag,) for flag in flags))

    @admin.display(description=_("registered"), ordering="created_at")
    def created_on(self, registration):
        return date_format(timezone.localtime(registration.created_at), "SHORT_DATE_FORMAT")

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
            (_("History"), {"fields": ["channel", "public_id", "created_at", "updated_at", "cancelled_at"]}),
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
        if obj is None:
            readonly.append("registered_by")  # colleagues are registered by their contact, on the form
        else:
            # Moving a registration to another event would skip that event's seats and waiting list.
            readonly.append("event")
        return readonly

    def get_inlines(self, request, obj):
        # Answers, seats and e-mails come from the service; a form left invalid by an inline would show
        # errors for a registration the service had already made.
        return self.inlines if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = RegistrationAddForm
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:  # a new registration was made by the service when the form was checked
            super().save_model(request, obj, form, change)


@admin.register(Answer)
class AnswerAdmin(OrganizationScopedAdmin):
    organizer_menu = False  # shown inside the registration
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
    organizer_menu = False  # written by check-in; shown on the attendance lists
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


@admin.register(AccessLog)
class AccessLogAdmin(WrittenByPortalMixin, OrganizationScopedAdmin):
    list_display = ["at", "user", "action", "event"]
    list_filter = ["action", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "event"]
    date_hierarchy = "at"
    search_fields = ["action", "user__username", "user__email"]
    fields = ["at", "user", "action", "event", "detail"]
    readonly_fields = ["at"]
