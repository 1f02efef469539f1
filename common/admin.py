"""Admin base classes that scope every screen to the organizations the user belongs to.

Rows, change and delete views, history, actions, autocomplete results and the choices of every
foreign key are narrowed with organizations.access; administrators (superusers) see everything.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.db.models.options import Options
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from organizations import access
from organizations.models import Invitation, Membership, Organization

# Model names as the object of a verb, where Polish or Ukrainian changes the word: "Wybierz rejestrację do
# zmiany", "Додати подію". Keyed by the English verbose name; names missing here read as they are.
ACCUSATIVE_NAMES = {
    "organization": pgettext_lazy("accusative", "organization"),
    "event": pgettext_lazy("accusative", "event"),
    "topic": pgettext_lazy("accusative", "topic"),
    "track": pgettext_lazy("accusative", "track"),
    "session": pgettext_lazy("accusative", "session"),
    "study visit": pgettext_lazy("accusative", "study visit"),
    "person": pgettext_lazy("accusative", "person"),
    "role in session": pgettext_lazy("accusative", "role in session"),
    "registration form": pgettext_lazy("accusative", "registration form"),
    "choice": pgettext_lazy("accusative", "choice"),
    "tag": pgettext_lazy("accusative", "tag"),
    "registration": pgettext_lazy("accusative", "registration"),
    "invitation": pgettext_lazy("accusative", "invitation"),
}


def accusative_name(opts: Options) -> str:
    """The model's name as the admin's sentences need it ("Dodaj %s", "Wybierz %s do zmiany")."""
    return str(ACCUSATIVE_NAMES.get(opts.verbose_name_raw, opts.verbose_name))


def owning_field_name(model: type[Model]) -> str | None:
    """The foreign key through which a model belongs to an organization ("event" for a Session)."""
    path = access.organization_path(model)
    return path.split("__")[0] if path else None


def field_choices(request, model: type[Model], db_field, queryset: QuerySet) -> QuerySet:
    """The objects a user may pick for a foreign key or many-to-many field of `model`.

    Objects owned by organizations are offered only where the user may edit; the organization a new
    object belongs to, likewise. Other organizations (partners, hosts, affiliations) are public data
    and may all be picked. Accounts are limited to members of the user's own organizations.
    """
    user = request.user
    if access.is_administrator(user):
        return queryset
    remote = db_field.remote_field.model
    if remote is Organization:
        if db_field.name != owning_field_name(model):
            return queryset
        owned = model in (Membership, Invitation)
        return queryset.filter(pk__in=access.organization_ids(user, editable=not owned, owned=owned))
    if remote is get_user_model():
        return queryset.filter(memberships__organization__in=access.organization_ids(user)).distinct()
    if access.organization_path(remote) is not None:
        return access.scope_queryset(queryset, user, editable=True)
    return queryset


def autocomplete_source(request) -> tuple[type[Model], object] | None:
    """The model and field an admin autocomplete request searches choices for, if this is one."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None
    try:
        model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        return model, model._meta.get_field(request.GET["field_name"])
    except (KeyError, LookupError, ValueError, FieldDoesNotExist):
        return None


class ScopedChoicesMixin:
    """Narrows foreign key and many-to-many choices of the form to what the user may pick."""

    def _choices_queryset(self, db_field, request, kwargs) -> QuerySet:
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(kwargs.get("using")).all()
        return field_choices(request, self.model, db_field, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._choices_queryset(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._choices_queryset(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OrganizationScopingMixin(ScopedChoicesMixin):
    """Organizers see only rows of organizations they belong to and change only where they may edit."""

    @property
    def organization_path(self) -> str | None:
        return access.organization_path(self.model)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        source = autocomplete_source(request)
        if source is not None:
            source_model, source_field = source
            remote = getattr(source_field.remote_field, "model", None)
            if remote is not None and remote._meta.concrete_model is self.model._meta.concrete_model:
                # Autocomplete offers what the source field may point at, which for partner
                # organizations is wider than the user's own organizations.
                return field_choices(request, source_model, source_field, queryset)
        return access.scope_queryset(queryset, request.user, path=self.organization_path)

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        if access.is_administrator(request.user):
            return True
        if obj is None:
            return bool(access.organization_ids(request.user))
        return access.can_view(request.user, obj, path=self.organization_path)

    def _may_edit(self, request, obj) -> bool:
        if access.is_administrator(request.user):
            return True
        if obj is None:
            return bool(access.organization_ids(request.user, editable=True))
        return access.can_edit(request.user, obj, path=self.organization_path)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._may_edit(request, None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    def save_model(self, request, obj, form, change):
        # The form already limits the choices; this guards against anything that slips past it.
        if not access.can_edit(request.user, obj, path=self.organization_path):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        if not access.can_edit(request.user, obj, path=self.organization_path):
            raise PermissionDenied
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, self.editable_queryset(request, queryset))

    def editable_queryset(self, request, queryset: QuerySet) -> QuerySet:
        """Narrow an action's selection to rows the user may change; viewers' rows drop out."""
        return access.scope_queryset(queryset, request.user, path=self.organization_path, editable=True)


class PortalModelAdminMixin:
    """Admin titles with the model's name in the form the sentence needs, and the organizer's menu.

    Tables the portal writes for itself or that are edited inside another page (answers, seats, the
    outbox, the access log…) set `organizer_menu = False`: they stay reachable as inlines and from the
    pages that link to them, and off the organizer's menu; administrators still see them there.
    """

    organizer_menu = True

    def has_module_permission(self, request):
        if not self.organizer_menu and not access.is_administrator(request.user):
            return False
        return super().has_module_permission(request)

    def changelist_view(self, request, extra_context=None):
        name = accusative_name(self.opts)
        if IS_POPUP_VAR in request.GET:
            title = _("Select %s") % name
        elif self.has_change_permission(request):
            title = _("Select %s to change") % name
        else:
            title = _("Select %s to view") % name
        context = {"title": title, "accusative_name": name, **(extra_context or {})}
        return super().changelist_view(request, context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        name = accusative_name(self.opts)
        defaults = {
            _(sentence) % self.opts.verbose_name: sentence for sentence in ("Add %s", "Change %s", "View %s")
        }
        sentence = defaults.get(context.get("title"))
        if sentence is not None:  # a title of the view's own is kept
            context["title"] = _(sentence) % name
        context["accusative_name"] = name
        return super().render_change_form(request, context, add, change, form_url, obj)


class OrganizationScopedAdmin(PortalModelAdminMixin, OrganizationScopingMixin, admin.ModelAdmin):
    """Organizers see only rows of organizations they belong to."""


class TranslatedScopedAdmin(PortalModelAdminMixin, OrganizationScopingMixin, TranslationAdmin):
    """A scoped admin for models with fields in Polish, Ukrainian and English."""


class ScopedInlineMixin(ScopedChoicesMixin):
    """Inline rows follow the parent object: editable where the parent is, read-only for its viewers."""

    def _may_edit_parent(self, request, obj) -> bool:
        if access.is_administrator(request.user):
            return True
        if obj is None:
            return bool(access.organization_ids(request.user, editable=True))
        return access.can_edit(request.user, obj)

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or access.can_view(request.user, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._may_edit_parent(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit_parent(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit_parent(request, obj)


class ScopedTabularInline(ScopedInlineMixin, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedInlineMixin, admin.StackedInline):
    pass


class TranslatedTabularInline(ScopedInlineMixin, TranslationTabularInline):
    pass


class TranslatedStackedInline(ScopedInlineMixin, TranslationStackedInline):
    pass


class WrittenByPortalMixin:
    """Rows the portal writes itself (outbox, audit, seats): people look; only administrators may delete.

    They stay off the organizer's menu; the pages that need them link to them.
    """

    organizer_menu = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return access.is_administrator(request.user) and super().has_delete_permission(request, obj)
