import datetime as dt

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from agenda.admin_forms import TITLE_FIELD, SessionRowForm, SessionRowFormSet
from agenda.models import Session, Track
from attendees.admin_tools import attendee_tools_link
from common.admin import (
    PortalModelAdminMixin,
    ScopedTabularInline,
    TranslatedScopedAdmin,
    TranslatedTabularInline,
)
from mail.admin import notify_event_cancelled, notify_event_changed
from organizations import access
from registrations.views.register import RegistrationPreviewView
from workgroups.admin import allocation_link

from . import services
from .admin_tools import event_tools
from .forms import DuplicateEventForm, EventAdminForm
from .models import Attachment, Event, EventPartner, ReportPhoto, Series, Topic, Venue


def duplicate_url(event: Event) -> str:
    return reverse("admin:events_event_duplicate", args=[event.pk])


@admin.register(Topic)
class TopicAdmin(PortalModelAdminMixin, TranslationAdmin):
    """Topics are shared by all organizations; only administrators maintain the list."""

    organizer_menu = False  # organizers pick topics on the event
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
    list_display = ["title", "organization"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization"]
    search_fields = ["title_pl", "title_uk", "title_en", "slug", "organization__name"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["organization"]
    fields = ["organization", "title", "slug", "description", "next_event"]
    readonly_fields = ["next_event"]
    actions = ["start_next_event"]

    @admin.display(description=_("next event"))
    def next_event(self, series: Series) -> str:
        last = services.last_event_of(series) if series.pk else None
        if last is None:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            duplicate_url(last),
            _("Start the next event from “%(title)s”") % {"title": last.title},
        )

    @admin.action(description=_("Start the next event from the series' last event"))
    def start_next_event(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one series."), messages.WARNING)
            return None
        last = services.last_event_of(queryset.get())
        if last is None:
            self.message_user(request, _("This series has no event to start from yet."), messages.WARNING)
            return None
        return HttpResponseRedirect(duplicate_url(last))


@admin.register(Venue)
class VenueAdmin(TranslatedScopedAdmin):
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


class SessionInline(ScopedTabularInline):
    """The agenda as one table: a row per session, in the order of the day."""

    model = Session
    template = "admin/events/event/agenda_inline.html"
    form = SessionRowForm
    formset = SessionRowFormSet
    fields = [
        "day",
        "start",
        "end",
        "kind",
        TITLE_FIELD,
        "track",
        "parent",
        "venue",
        "host_organization",
        "capacity",
        "is_selectable",
        "people",
    ]
    autocomplete_fields = ["venue", "host_organization"]
    extra = 1
    verbose_name = _("session")
    verbose_name_plural = _("agenda")

    class Media:
        js = ["js/agenda_rows.js"]
        css = {"all": ["css/admin_agenda.css"]}

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("parent", "track").prefetch_related("roles__person")
        )


@admin.register(Event)
class EventAdmin(TranslatedScopedAdmin):
    form = EventAdminForm
    actions = ["duplicate_event", notify_event_changed, notify_event_cancelled]
    list_display = ["title", "starts_at", "ends_at", "organization", "format", "status", "venue", "tools"]
    list_filter = [
        "status",
        "format",
        ("organization", admin.RelatedOnlyFieldListFilter),
        ("series", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["organization", "venue", "series"]
    date_hierarchy = "starts_at"
    search_fields = ["title_pl", "title_uk", "title_en", "slug", "summary_pl", "organization__name"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        organizations = access.organization_ids(request.user, editable=True)
        if "organization" not in initial and len(organizations) == 1:
            # A member of one organization organizes for it: nothing to pick.
            initial["organization"] = next(iter(organizations))
        return initial

    def get_urls(self):
        return [
            path(
                "<int:event_id>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name="events_event_duplicate",
            ),
            path(
                "<int:event_id>/agenda/",
                self.admin_site.admin_view(self.agenda_view),
                name="events_event_agenda",
            ),
            path(
                "<int:event_id>/form/",
                self.admin_site.admin_view(self.registration_form_view),
                name="events_event_form",
            ),
            path(
                "<int:event_id>/form-preview/",
                self.admin_site.admin_view(self.form_preview_view),
                name="events_event_form_preview",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Duplicate event (to new dates, as a draft)"))
    def duplicate_event(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one event to duplicate."), messages.WARNING)
            return None
        return HttpResponseRedirect(duplicate_url(queryset.get()))

    def duplicate_view(self, request, event_id: int):
        """Ask for the new first day, then copy the event there and open the copy."""
        event = get_object_or_404(self.get_queryset(request), pk=event_id)
        if not (self.has_add_permission(request) and access.can_edit(request.user, event)):
            raise PermissionDenied
        first_day = timezone.localdate(event.starts_at)
        proposed = max(first_day, timezone.localdate()) + dt.timedelta(days=7)
        form = DuplicateEventForm(request.POST or None, initial={"starts_on": proposed})
        if request.method == "POST" and form.is_valid():
            copy = services.duplicate_event(event=event, starts_on=form.cleaned_data["starts_on"])
            sessions = copy.sessions.count()
            self.log_addition(request, copy, [{"added": {}}])
            self.message_user(
                request,
                ngettext(
                    "“%(title)s” copied with %(count)d session as a draft: check it, then publish it.",
                    "“%(title)s” copied with %(count)d sessions as a draft: check it, then publish it.",
                    sessions,
                )
                % {"title": copy.title, "count": sessions},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[copy.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Duplicate “%(title)s”") % {"title": event.title},
            "opts": self.opts,
            "original": event,
            "form": form,
            "first_day": first_day,
            "sessions": event.sessions.count(),
        }
        return TemplateResponse(request, "admin/events/event/duplicate.html", context)

    def agenda_view(self, request, event_id: int):
        """The agenda is the table on the event's own page: go there, to the table."""
        event = get_object_or_404(self.get_queryset(request), pk=event_id)
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]) + "#sessions-group")

    def registration_form_view(self, request, event_id: int):
        """The event's registration form in the form builder, or a new one for this event."""
        event = get_object_or_404(self.get_queryset(request), pk=event_id)
        form_opts = Event._meta.get_field("registration_form").related_model._meta
        form = form_opts.model.objects.filter(event=event).first()
        if form is not None:
            url = reverse(f"admin:{form_opts.app_label}_{form_opts.model_name}_change", args=[form.pk])
        else:
            url = reverse(f"admin:{form_opts.app_label}_{form_opts.model_name}_add") + f"?event={event.pk}"
        return HttpResponseRedirect(url)

    def form_preview_view(self, request, event_id: int):
        event = get_object_or_404(self.get_queryset(request), pk=event_id)
        language = request.GET.get("language", "")
        if language not in dict(settings.LANGUAGES):
            return RegistrationPreviewView.as_view()(request, slug=event.slug)
        with translation.override(language):
            # The form in that language, as a participant on that language's pages sees it.
            request.LANGUAGE_CODE = language
            return RegistrationPreviewView.as_view()(request, slug=event.slug)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, unquote(object_id))
        context = {"event_tools": event_tools(event) if event is not None else [], **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    @admin.display(description=_("tools"))
    def tools(self, event):
        return render_to_string(
            "admin/events/event/_tools.html", {"event_tools": event_tools(event), "compact": True}
        )

    @admin.display(description=_("attendees"))
    def attendees(self, obj):
        return attendee_tools_link(obj)

    @admin.display(description=_("working groups"))
    def working_groups(self, obj):
        return allocation_link(obj)

    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["organization", "series", "venue", "topics"]
    readonly_fields = ["attendees", "working_groups"]
    inlines = [TrackInline, SessionInline, EventPartnerInline, AttachmentInline, ReportPhotoInline]
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
                    "working_groups",
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
    organizer_menu = False  # edited inside the event
    list_display = ["organization", "role", "event"]
    list_filter = ["role", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization", "event"]
    search_fields = ["organization__name", "event__title_pl", "note_pl"]
    autocomplete_fields = ["event", "organization"]
    fields = ["event", "organization", "role", "note", "order"]


@admin.register(Attachment)
class AttachmentAdmin(TranslatedScopedAdmin):
    organizer_menu = False  # edited inside the event
    list_display = ["title", "event", "is_public"]
    list_filter = ["is_public", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event"]
    search_fields = ["title_pl", "title_uk", "title_en", "event__title_pl"]
    autocomplete_fields = ["event"]
    fields = ["event", "title", "file", "url", "is_public", "order"]


@admin.register(ReportPhoto)
class ReportPhotoAdmin(TranslatedScopedAdmin):
    organizer_menu = False  # edited inside the event
    list_display = ["__str__", "event", "credit", "order"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event"]
    search_fields = ["caption_pl", "caption_uk", "caption_en", "credit", "event__title_pl"]
    autocomplete_fields = ["event"]
    fields = ["event", "image", "caption", "credit", "order"]
