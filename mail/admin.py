"""Admin pieces for e-mail: resending, each registration's messages, broadcasts with preview and
confirmation, and the event actions that tell registrants about a change or a cancellation.

The ModelAdmins in admin.py and events/admin.py use these; every action works on the changelist's
queryset, which is already scoped to the user's organizations, and narrows it to rows they may change.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common.admin import (
    OrganizationScopedAdmin,
    ScopedTabularInline,
    TranslatedScopedAdmin,
    WrittenByPortalMixin,
)
from common.languages import Language
from mail import broadcasts, outbox
from mail.models import Broadcast, EmailLog
from organizations import access


@admin.action(description=gettext_lazy("Send the selected e-mails again"))
def resend_emails(modeladmin, request, queryset):
    """Failed or stuck messages go back to the outbox; messages already sent stay as they are."""
    queryset = access.scope_queryset(queryset, request.user, path="event__organization", editable=True)
    count = outbox.resend(queryset)
    modeladmin.message_user(
        request,
        ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
        % {"count": count},
        messages.SUCCESS,
    )


@admin.action(description=gettext_lazy("Tell registrants about a change of time or place"))
def notify_event_changed(modeladmin, request, queryset):
    queryset = access.scope_queryset(queryset, request.user, path="organization", editable=True)
    count = sum(broadcasts.notify_event_changed(event=event) for event in queryset)
    modeladmin.message_user(
        request,
        ngettext("%(count)d message queued.", "%(count)d messages queued.", count) % {"count": count},
        messages.SUCCESS,
    )


@admin.action(description=gettext_lazy("Tell registrants that the event is cancelled"))
def notify_event_cancelled(modeladmin, request, queryset):
    queryset = access.scope_queryset(queryset, request.user, path="organization", editable=True)
    cancelled = queryset.filter(status="cancelled")
    if cancelled.count() < queryset.count():
        modeladmin.message_user(
            request, _("Only events whose status is “cancelled” were included."), messages.WARNING
        )
    count = sum(broadcasts.notify_event_cancelled(event=event) for event in cancelled)
    modeladmin.message_user(
        request,
        ngettext("%(count)d message queued.", "%(count)d messages queued.", count) % {"count": count},
        messages.SUCCESS,
    )


class EmailLogInline(ScopedTabularInline):
    """A registration's messages: what went out, when, and what went wrong."""

    model = EmailLog
    fk_name = "registration"
    fields = ["kind", "status", "attempts", "last_error", "queued_at", "sent_at"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    ordering = ["queued_at"]
    verbose_name_plural = gettext_lazy("e-mails")

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BroadcastSendingMixin:
    """Preview in each language, then a confirmation page with the number of recipients, then sending."""

    def get_urls(self):
        opts = self.model._meta
        urls = [
            path(
                "<path:object_id>/send/",
                self.admin_site.admin_view(self.send_view),
                name=f"{opts.app_label}_{opts.model_name}_send",
            )
        ]
        return urls + super().get_urls()

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        if obj.started_at is None:
            count = broadcasts.recipient_count(obj)
            return ngettext(
                "Not sent yet; %(count)d recipient.", "Not sent yet; %(count)d recipients.", count
            ) % {"count": count}
        state = broadcasts.progress(obj)
        return _("%(sent)d sent, %(failed)d failed, %(queued)d waiting (of %(total)d)") % {
            "sent": state.sent,
            "failed": state.failed,
            "queued": state.queued,
            "total": state.total,
        }

    @admin.display(description=gettext_lazy("preview"))
    def previews(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the message to see a preview.")
        if obj.started_at is not None:
            return self.preview_html(obj)
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_send", args=[obj.pk])
        return format_html(
            '{}<p><a class="button" href="{}">{}</a></p>', self.preview_html(obj), url, _("Send…")
        )

    def preview_html(self, obj):
        """The message as a registrant in each language gets it (text part; values are escaped)."""
        rows = []
        for code, label in Language.choices:
            preview = broadcasts.preview(obj, code)
            rows.append((label, preview["subject"], preview["text"]))
        return format_html_join(
            "", '<h4>{}</h4><p><strong>{}</strong></p><pre style="white-space: pre-wrap">{}</pre>', rows
        )

    def send_view(self, request, object_id):
        broadcast = self.get_object(request, object_id)
        if broadcast is None:
            raise Http404
        if not self.has_change_permission(request, broadcast):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{broadcast._meta.app_label}_{broadcast._meta.model_name}_change", args=[broadcast.pk]
        )
        if request.method == "POST":
            try:
                count = broadcasts.start_broadcast(broadcast=broadcast)
            except broadcasts.BroadcastAlreadySent as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "The message is being sent to %(count)d registrant.",
                        "The message is being sent to %(count)d registrants.",
                        count,
                    )
                    % {"count": count},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Send this message?"),
            "broadcast": broadcast,
            "recipient_count": broadcasts.recipient_count(broadcast),
            "previews": self.preview_html(broadcast),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/registrations/broadcast/send_confirmation.html", context)


@admin.register(EmailLog)
class EmailLogAdmin(WrittenByPortalMixin, OrganizationScopedAdmin):
    """The outbox as sent: organizers see what went out, what failed and why."""

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


@admin.register(Broadcast)
class BroadcastAdmin(BroadcastSendingMixin, TranslatedScopedAdmin):
    """Messages to an event's registrants; once sending has started, a message is kept as it was sent."""

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
