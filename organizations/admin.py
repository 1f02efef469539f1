from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from api.embed import embed_snippet
from common.admin import OrganizationScopedAdmin, TranslatedScopedAdmin
from organizations import access

from . import invitations
from .models import Invitation, Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(TranslatedScopedAdmin):
    """Members see their organizations, owners edit them; only administrators add or delete organizations."""

    list_display = ["name", "kind", "city", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "slug", "city"]
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "description", "logo"]}),
        (_("Contact"), {"fields": ["website", "email", "city", "region"]}),
        (_("Event list on other sites"), {"fields": ["embed_origins", "embed_snippet"]}),
    ]
    readonly_fields = ["embed_snippet"]

    @admin.display(description=_("code to paste into your site"))
    def embed_snippet(self, organization: Organization) -> str:
        if organization.pk is None:
            return "–"
        return format_html(
            '<textarea readonly rows="3" cols="80" class="vLargeTextField" aria-label="{}">{}</textarea>',
            _("code to paste into your site"),
            escape(embed_snippet(organization)),  # shown as text, to be copied
        )

    def _may_edit(self, request, obj) -> bool:
        if obj is None and not access.is_administrator(request.user):
            return bool(access.organization_ids(request.user, owned=True))
        return super()._may_edit(request, obj)

    def has_add_permission(self, request):
        return access.is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.is_administrator(request.user)


class UserByEmailField(forms.ModelChoiceField):
    """Picks an account by its e-mail address, so organizers never browse the list of all accounts."""

    widget = forms.EmailInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("The e-mail address the person signed up with."))
        super().__init__(queryset=get_user_model().objects.filter(is_active=True), **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        matches = list(self.queryset.filter(email__iexact=value.strip())[:2])
        if len(matches) != 1:
            raise ValidationError(
                _("There is no single account with this e-mail address."), code="invalid_choice"
            )
        return matches[0]


@admin.register(Membership)
class MembershipAdmin(OrganizationScopedAdmin):
    """Owners add, change and remove the members of their organizations; other members only see them."""

    list_display = ["user", "organization", "role", "can_view_sensitive_data"]
    list_filter = ["role", "can_view_sensitive_data", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "user__email",
        "user__username",
        "user__first_name",
        "user__last_name",
        "organization__name",
    ]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["organization"]
    fields = ["user", "organization", "role", "can_view_sensitive_data"]

    def _may_edit(self, request, obj) -> bool:
        if obj is None and not access.is_administrator(request.user):
            return bool(access.organization_ids(request.user, owned=True))
        return super()._may_edit(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not access.is_administrator(request.user):
            return ["user", "organization"]
        return super().get_readonly_fields(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not access.is_administrator(request.user):
            return UserByEmailField(label=db_field.verbose_name)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_autocomplete_fields(self, request):
        if access.is_administrator(request.user):
            return ["user", "organization"]
        return ["organization"]

    def changelist_view(self, request, extra_context=None):
        invitation_admin = self.admin_site._registry.get(Invitation)
        may_invite = bool(invitation_admin and invitation_admin.has_add_permission(request))
        return super().changelist_view(request, {"may_invite": may_invite, **(extra_context or {})})


@admin.register(Invitation)
class InvitationAdmin(OrganizationScopedAdmin):
    """Owners invite people by e-mail with a role; deleting an open invitation withdraws its link."""

    list_display = ["email", "organization", "role", "state", "invited_by", "expires_at"]
    list_filter = ["role", ("organization", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization", "invited_by"]
    search_fields = ["email", "organization__name"]
    autocomplete_fields = ["organization"]
    fields = ["email", "organization", "role"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [*self.fields, "state", "invited_by", "expires_at", "accepted_at", "accepted_by"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def _may_edit(self, request, obj) -> bool:
        if obj is None and not access.is_administrator(request.user):
            return bool(access.organization_ids(request.user, owned=True))
        return super()._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return False  # a sent invitation is withdrawn (deleted) and sent again, not edited

    @admin.display(description=_("state"))
    def state(self, invitation: Invitation) -> str:
        if invitation.accepted_at is not None:
            return _("accepted")
        if invitation.expires_at <= timezone.now():
            return _("expired")
        return _("waiting for the person")

    def save_model(self, request, obj, form, change):
        if not access.can_edit(request.user, obj, path=self.organization_path):
            raise PermissionDenied
        invitations.invite_member(invitation=obj, invited_by=request.user)
