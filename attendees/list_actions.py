"""Actions on the selected rows of the attendee list: export, check in or undo it, add or remove a tag.

The state changes (approve, decline, cancel…) are in attendees.actions; these need only the rows.
"""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from attendees import checkin, exports
from attendees.forms import ExportForm, TagForm
from organizations import access
from registrations.models import Tag


class AttendeeListActionsMixin:
    """Adds the row actions to a Registration ModelAdmin; every action works only on rows the user may see
    (or edit, for those that change something)."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        for name in (
            "export_selected",
            "check_in_selected",
            "undo_check_in_selected",
            "add_tag",
            "remove_tag",
        ):
            function = getattr(type(self), name)
            actions[name] = (function, name, function.short_description)
        return actions

    def _scoped(self, request, queryset, *, editable: bool = False):
        return access.scope_queryset(queryset, request.user, editable=editable)

    def export_selected(self, request, queryset):
        queryset = self._scoped(request, queryset)
        columns = exports.choose_columns(request.user, queryset)
        form = ExportForm(request.POST if "apply" in request.POST else None, columns=columns)
        if form.is_valid():
            return exports.export_response(
                user=request.user,
                registrations=queryset,
                keys=form.cleaned_data["columns"],
                fmt=form.cleaned_data["format"],
                filename=f"registrations-{timezone.localdate().isoformat()}",
            )
        return TemplateResponse(
            request,
            "admin/registrations/export_form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Export registrations"),
                "form": form,
                "queryset": queryset,
                "action": "export_selected",
                "count": queryset.count(),
            },
        )

    export_selected.short_description = gettext_lazy("Export selected registrations (CSV/XLSX)")

    def check_in_selected(self, request, queryset):
        done = already = refused = 0
        for registration in self._scoped(request, queryset, editable=True).select_related("event"):
            try:
                result = checkin.check_in(registration=registration, by=request.user)
            except checkin.CheckInRefused:
                refused += 1
                continue
            done += result.created
            already += result.already
        self.message_user(
            request,
            _("Checked in: %(done)d; already checked in: %(already)d; not confirmed: %(refused)d.")
            % {"done": done, "already": already, "refused": refused},
        )

    check_in_selected.short_description = gettext_lazy("Check in selected people (today)")

    def undo_check_in_selected(self, request, queryset):
        undone = sum(
            checkin.undo_check_in(registration=registration)
            for registration in self._scoped(request, queryset, editable=True).select_related("event")
        )
        self.message_user(
            request, ngettext("%(n)d check-in undone.", "%(n)d check-ins undone.", undone) % {"n": undone}
        )

    undo_check_in_selected.short_description = gettext_lazy("Undo today's check-in of selected people")

    def _tag_action(self, request, queryset, *, add: bool):
        queryset = self._scoped(request, queryset, editable=True).select_related("event")
        form = TagForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            name = form.cleaned_data["tag"].strip()
            changed = 0
            for registration in queryset:
                if add:
                    tag, _created = Tag.objects.get_or_create(
                        organization_id=registration.event.organization_id, name=name
                    )
                    registration.tags.add(tag)
                    changed += 1
                else:
                    changed += registration.tags.through.objects.filter(
                        registration=registration, tag__name=name
                    ).delete()[0]
            self.message_user(
                request,
                ngettext("%(n)d registration changed.", "%(n)d registrations changed.", changed)
                % {"n": changed},
            )
            return None
        return TemplateResponse(
            request,
            "admin/registrations/tag_form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Add a tag") if add else _("Remove a tag"),
                "form": form,
                "queryset": queryset,
                "action": "add_tag" if add else "remove_tag",
                "count": queryset.count(),
            },
        )

    def add_tag(self, request, queryset):
        return self._tag_action(request, queryset, add=True)

    add_tag.short_description = gettext_lazy("Add a tag to selected registrations")

    def remove_tag(self, request, queryset):
        return self._tag_action(request, queryset, add=False)

    remove_tag.short_description = gettext_lazy("Remove a tag from selected registrations")

    # Per-event views -----------------------------------------------------------------------------------
