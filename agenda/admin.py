from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import TranslatedScopedAdmin, TranslatedTabularInline

from .models import Person, Session, SessionRole, StudyVisit, Track


@admin.register(Track)
class TrackAdmin(TranslatedScopedAdmin):
    organizer_menu = False  # edited inside the event
    list_display = ["name", "event", "order"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event"]
    search_fields = ["name_pl", "name_uk", "name_en", "event__title_pl"]
    autocomplete_fields = ["event"]
    fields = ["event", "name", "order"]


class SessionRoleInline(TranslatedTabularInline):
    model = SessionRole
    fields = ["person", "role", "is_confirmed", "note", "order"]
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Session)
class SessionAdmin(TranslatedScopedAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "event",
        "track",
        "parent",
        "is_selectable",
        "capacity",
    ]
    list_filter = [
        ("event", admin.RelatedOnlyFieldListFilter),
        "kind",
        ("track", admin.RelatedOnlyFieldListFilter),
        "is_selectable",
    ]
    list_select_related = ["event", "track", "parent"]
    date_hierarchy = "starts_at"
    search_fields = ["title_pl", "title_uk", "title_en", "event__title_pl", "roles__person__name"]
    autocomplete_fields = ["event", "parent", "track", "venue", "host_organization"]
    inlines = [SessionRoleInline]
    fieldsets = [
        (None, {"fields": ["event", "kind", "title", "parent", "track"]}),
        (_("When"), {"fields": ["starts_at", "ends_at", "order"]}),
        (_("Where and with whom"), {"fields": ["venue", "host_organization", "language"]}),
        (_("Description"), {"fields": ["description", "audience"]}),
        (_("Registration"), {"fields": ["is_selectable", "capacity"]}),
    ]


@admin.register(StudyVisit)
class StudyVisitAdmin(SessionAdmin):
    """Study visits only: sessions held at a host organization's own address."""

    exclude = ["kind"]  # always a study visit
    list_display = ["title", "starts_at", "ends_at", "venue", "host_organization", "event", "capacity"]
    list_filter = [
        ("event", admin.RelatedOnlyFieldListFilter),
        ("host_organization", admin.RelatedOnlyFieldListFilter),
        "is_selectable",
    ]
    list_select_related = ["event", "venue", "host_organization"]
    fieldsets = [
        (None, {"fields": ["event", "title", "parent", "track"]}),
        (_("When"), {"fields": ["starts_at", "ends_at", "order"]}),
        (_("Where and with whom"), {"fields": ["venue", "host_organization", "language"]}),
        (_("Description"), {"fields": ["description", "audience"]}),
        (_("Registration"), {"fields": ["is_selectable", "capacity"]}),
    ]


@admin.register(Person)
class PersonAdmin(TranslatedScopedAdmin):
    list_display = ["name", "affiliation", "organization", "managed_by"]
    list_filter = [("managed_by", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization", "managed_by"]
    search_fields = ["name", "affiliation", "organization__name", "email"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["organization", "managed_by"]
    fieldsets = [
        (None, {"fields": ["managed_by", "name", "slug", "organization", "affiliation", "position"]}),
        (_("About"), {"fields": ["bio", "photo"]}),
        (_("Private"), {"fields": ["email"]}),
    ]


@admin.register(SessionRole)
class SessionRoleAdmin(TranslatedScopedAdmin):
    organizer_menu = False  # edited inside the session
    list_display = ["person", "role", "session", "is_confirmed"]
    list_filter = ["role", "is_confirmed", ("session__event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["person", "session"]
    search_fields = ["person__name", "session__title_pl"]
    autocomplete_fields = ["session", "person"]
    fields = ["session", "person", "role", "is_confirmed", "note", "order"]
