"""API tokens in admin: each member manages their own; the key is shown once, on the page after creating."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organizations import access

from .models import ApiToken
from .tokens import assign_new_key, revoke_token

NEW_KEY_ATTRIBUTE = "_new_api_key"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Members of an organization create personal tokens for the organizer API; administrators see all."""

    list_display = [
        "name",
        "user",
        "key_prefix",
        "can_read_registrations",
        "can_check_in",
        "expires_at",
        "state",
    ]
    list_filter = ["can_read_registrations", "can_check_in"]
    search_fields = ["name", "key_prefix"]
    actions = ["revoke_selected"]
    fields = ["name", "can_read_registrations", "can_check_in", "expires_at"]
    readonly_fields = ["user", "key_prefix", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return ["name", "user", "key_prefix", "can_read_registrations", "can_check_in", "expires_at"] + [
            "created_at",
            "last_used_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A token's powers are fixed when its key is shown: a new scope needs a new token.
        return [*self.readonly_fields, "can_read_registrations", "can_check_in", "expires_at"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        if access.is_administrator(request.user):
            return queryset
        return queryset.filter(user=request.user)

    def _is_member(self, request) -> bool:
        return access.is_administrator(request.user) or bool(access.organization_ids(request.user))

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and self._is_member(request)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (
            obj is None or access.is_administrator(request.user) or obj.user_id == request.user.pk
        )

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    @admin.display(description=_("state"))
    def state(self, token: ApiToken) -> str:
        if token.revoked_at:
            return _("revoked")
        return _("active") if token.is_usable else _("expired")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = request.user
            setattr(request, NEW_KEY_ATTRIBUTE, assign_new_key(obj))
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Your new API token"),
            "token": obj,
            "key": getattr(request, NEW_KEY_ATTRIBUTE),
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/api/token_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke selected tokens"))
    def revoke_selected(self, request, queryset):
        revoked = sum(
            revoke_token(token=token) for token in self.get_queryset(request).filter(pk__in=queryset)
        )
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked) % {"count": revoked},
            messages.SUCCESS,
        )
