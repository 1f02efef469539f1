"""Working groups in admin: the allocation page of an event (run, lock, dissolve, publish) and the groups'
settings on the allocation's change page; everything scoped by organizations.access."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin import OrganizationScopedAdmin, TranslatedTabularInline
from events.models import Event
from organizations import access

from . import services
from .models import Allocation, Assignment, WorkingGroup


class WorkingGroupInline(TranslatedTabularInline):
    model = WorkingGroup
    fields = ["title", "capacity", "minimum", "dissolved", "order"]
    readonly_fields = ["dissolved"]
    extra = 0


class LockForm(forms.Form):
    assignment = forms.ModelChoiceField(queryset=Assignment.objects.none(), widget=forms.HiddenInput)
    group = forms.ModelChoiceField(queryset=WorkingGroup.objects.none(), required=False, label=_("group"))

    def __init__(self, *args, allocation: Allocation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = allocation.assignments.all()
        self.fields["group"].queryset = allocation.groups.filter(dissolved="")
        self.fields["group"].empty_label = _("— unlock —")


class ProposalGroupForm(forms.Form):
    title_pl = forms.CharField(label=_("title (Polish)"), max_length=300)
    title_uk = forms.CharField(label=_("title (Ukrainian)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("title (English)"), max_length=300, required=False)
    capacity = forms.IntegerField(label=_("capacity"), min_value=1)
    minimum = forms.IntegerField(label=_("minimum"), min_value=0, initial=0)


def allocation_link(event: Event) -> str:
    """For the event's change page: the way to its working-group allocation."""
    if event.pk is None:
        return "—"
    return format_html(
        '<a class="button" href="{}">{}</a>',
        reverse("admin:workgroups_allocation_event", args=[event.pk]),
        _("Working groups: allocate by ranked preferences"),
    )


@admin.register(Allocation)
class AllocationAdmin(OrganizationScopedAdmin):
    list_display = ["event", "question", "ran_at", "published_at", "page"]
    list_select_related = ["event", "question"]
    fields = ["event", "question", "seed", "ran_at", "published_at"]
    readonly_fields = ["event", "question", "ran_at", "published_at"]
    inlines = [WorkingGroupInline]
    search_fields = ["event__title_pl", "event__title_en"]

    def has_add_permission(self, request):
        return False  # made on the event's allocation page, from its ranking question

    @admin.display(description=_("allocation page"))
    def page(self, obj):
        return allocation_link(obj.event)

    def get_urls(self):
        return [
            path(
                "event/<int:event_id>/",
                self.admin_site.admin_view(self.event_view),
                name="workgroups_allocation_event",
            ),
            *super().get_urls(),
        ]

    def event_view(self, request, event_id: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        event = get_object_or_404(
            access.scope_queryset(Event.objects.select_related("organization"), request.user), pk=event_id
        )
        may_edit = access.can_edit(request.user, event) and self.has_change_permission(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "event": event,
            "title": _("Working groups of %(event)s") % {"event": event.title},
            "may_edit": may_edit,
        }
        if request.method == "POST" and not may_edit:
            raise PermissionDenied
        exists = Allocation.objects.filter(event=event).exists()
        if not exists and not (may_edit and services.ranking_questions(event)):
            # Nothing to show yet; only someone who may edit makes the allocation by opening the page.
            context["has_question"] = bool(services.ranking_questions(event))
            return TemplateResponse(request, "admin/workgroups/allocation.html", context)
        allocation = services.allocation_for(event)
        lock_form = None
        proposal_form = ProposalGroupForm()
        if request.method == "POST":
            response, lock_form, proposal_form = self._act(request, allocation)
            if response is not None:
                return response
        report = services.report(allocation)
        members = {}
        for assignment in allocation.assignments.select_related("registration").order_by(
            "registration__last_name", "registration__first_name"
        ):
            members.setdefault(assignment.group_id, []).append(assignment)
        for entry in report.groups:
            entry.people = members.get(entry.group.pk, [])
        context.update(
            allocation=allocation,
            report=report,
            unplaced_people=members.get(None, []),
            rank_numbers=range(1, report.ranks + 1),
            open_groups=allocation.groups.filter(dissolved=""),
            lock_form=lock_form,
            proposal_form=proposal_form,
            change_url=reverse("admin:workgroups_allocation_change", args=[allocation.pk]),
        )
        return TemplateResponse(request, "admin/workgroups/allocation.html", context)

    def _act(self, request, allocation: Allocation):
        """One button of the page; the redirect after it, or the form to show again with its errors."""
        action = request.POST.get("action")
        here = redirect("admin:workgroups_allocation_event", allocation.event_id)
        try:
            if action == "run":
                result = services.run(allocation)
                messages.success(
                    request,
                    _("Allocated: %(placed)d placed, %(unplaced)d not placed.")
                    % {"placed": len(result.assignments), "unplaced": len(result.unplaced)},
                )
                return here, None, ProposalGroupForm()
            if action == "publish":
                emailed = services.publish(allocation)
                messages.success(
                    request, _("Published in the agenda; %(count)d people e-mailed.") % {"count": emailed}
                )
                return here, None, ProposalGroupForm()
            if action in {"dissolve", "restore"}:
                group = get_object_or_404(allocation.groups, pk=request.POST.get("group"))
                (services.dissolve if action == "dissolve" else services.restore)(group)
                messages.success(request, _("Saved. Run the allocation again to move people."))
                return here, None, ProposalGroupForm()
            if action == "lock":
                form = LockForm(request.POST, allocation=allocation)
                if form.is_valid():
                    services.lock(form.cleaned_data["assignment"], form.cleaned_data["group"])
                    messages.success(request, _("Saved. Run the allocation again to move the others."))
                    return here, None, ProposalGroupForm()
                return None, form, ProposalGroupForm()
            if action == "add_group":
                form = ProposalGroupForm(request.POST)
                if form.is_valid():
                    data = form.cleaned_data
                    services.add_group_from_proposal(
                        allocation,
                        titles={language: data[f"title_{language}"] for language in ("pl", "uk", "en")},
                        capacity=data["capacity"],
                        minimum=data["minimum"],
                    )
                    messages.success(request, _("Group added. Run the allocation again to fill it."))
                    return here, None, ProposalGroupForm()
                return None, None, form
        except services.AllocationError as error:
            messages.error(request, str(error))
            return here, None, ProposalGroupForm()
        return here, None, ProposalGroupForm()
