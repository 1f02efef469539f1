from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from agenda.models import Track
from common.admin import TranslatedScopedAdmin, TranslatedTabularInline
from organizations import access
from registrations.admin_attendees import attendee_tools_link
from registrations.admin_email import notify_event_cancelled, notify_event_changed
from registrations.services import promote_waiting

from .models import Attachment, Event, EventPartner, ReportPhoto, Series, Topic, Venue


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    """Topics are shared by all organizations; only administrators maintain the list."""

    list_display = ["name", "slug"]
    search_fields = ["name_pl", "name_uk", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name",)}

    def has_add_permission(self, request):
        return access.is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return access.is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.is_administrator(request.user)


@admin.register(Series)
class SeriesAdmin(TranslatedScopedAdmin):
    organization_path = "organization"
    list_display = ["title", "organization"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization"]
    search_fields = ["title_pl", "title_uk", "title_en", "slug", "organization__name"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["organization"]
    fields = ["organization", "title", "slug", "description"]


@admin.register(Venue)
class VenueAdmin(TranslatedScopedAdmin):
    organization_path = "organization"
    list_display = ["name", "address", "city", "region", "organization"]
    list_filter = ["region", ("organization", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization"]
    search_fields = ["name_pl", "name_uk", "name_en", "address", "city"]
    autocomplete_fields = ["organization"]
    fieldsets = [
        (None, {"fields": ["organization", "name"]}),
        (_("Address"), {"fields": ["address", "postal_code", "city", "region", "latitude", "longitude"]}),
        (_("Getting there"), {"fields": ["directions", "accessibility"]}),
    ]


class EventPartnerInline(TranslatedTabularInline):
    model = EventPartner
    fields = ["organization", "role", "note", "order"]
    autocomplete_fields = ["organization"]
    extra = 0


class AttachmentInline(TranslatedTabularInline):
    model = Attachment
    fields = ["title", "file", "url", "is_public", "order"]
    extra = 0


class ReportPhotoInline(TranslatedTabularInline):
    model = ReportPhoto
    fields = ["image", "caption", "credit", "order"]
    extra = 0
    verbose_name_plural = _("report photos (gallery under the report)")


class TrackInline(TranslatedTabularInline):
    model = Track
    fields = ["name", "order"]
    extra = 0


@admin.register(Event)
class EventAdmin(TranslatedScopedAdmin):
    organization_path = "organization"
    actions = [notify_event_changed, notify_event_cancelled]
    list_display = ["title", "starts_at", "ends_at", "organization", "format", "status", "venue"]
    list_filter = [
        "status",
        "format",
        ("organization", admin.RelatedOnlyFieldListFilter),
        ("series", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["organization", "venue", "series"]
    date_hierarchy = "starts_at"
    search_fields = ["title_pl", "title_uk", "title_en", "slug", "summary_pl", "organization__name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # A raised capacity seats the people waiting, first come first served.
            promote_waiting(event=obj)

    @admin.display(description=_("attendees"))
    def attendees(self, obj):
        return attendee_tools_link(obj)

    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["organization", "series", "venue", "topics"]
    readonly_fields = ["attendees"]
    inlines = [EventPartnerInline, AttachmentInline, TrackInline, ReportPhotoInline]
    fieldsets = [
        (
            _("What"),
            {
                "fields": [
                    "organization",
                    "series",
                    "title",
                    "slug",
                    "summary",
                    "description",
                    "goals",
                    "topics",
                ]
            },
        ),
        (_("Header image"), {"fields": ["image", "image_alt", "image_credit"]}),
        (_("When"), {"fields": ["starts_at", "ends_at", "status"]}),
        (_("Where"), {"fields": ["format", "venue", "online_url", "languages", "interpretation"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "attendees",
                    "registration_required",
                    "capacity",
                    "registration_opens_at",
                    "registration_closes_at",
                    "approval_required",
                    "waitlist_enabled",
                    "promotion_mode",
                    "offer_hours",
                    "retention_days",
                    "shows_participant_list",
                ]
            },
        ),
        (_("E-mails"), {"fields": ["contact_email", "reminder_offsets_hours", "email_paragraph"]}),
        (_("Report"), {"fields": ["report"], "classes": ["collapse"]}),
    ]


@admin.register(EventPartner)
class EventPartnerAdmin(TranslatedScopedAdmin):
    organization_path = "event__organization"
    list_display = ["organization", "role", "event"]
    list_filter = ["role", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization", "event"]
    search_fields = ["organization__name", "event__title_pl", "note_pl"]
    autocomplete_fields = ["event", "organization"]
    fields = ["event", "organization", "role", "note", "order"]


@admin.register(Attachment)
class AttachmentAdmin(TranslatedScopedAdmin):
    organization_path = "event__organization"
    list_display = ["title", "event", "is_public"]
    list_filter = ["is_public", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event"]
    search_fields = ["title_pl", "title_uk", "title_en", "event__title_pl"]
    autocomplete_fields = ["event"]
    fields = ["event", "title", "file", "url", "is_public", "order"]


@admin.register(ReportPhoto)
class ReportPhotoAdmin(TranslatedScopedAdmin):
    organization_path = "event__organization"
    list_display = ["__str__", "event", "credit", "order"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event"]
    search_fields = ["caption_pl", "caption_uk", "caption_en", "credit", "event__title_pl"]
    autocomplete_fields = ["event"]
    fields = ["event", "image", "caption", "credit", "order"]
