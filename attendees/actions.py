"""State changes on the attendee list: approve, decline, confirm from the waiting list, cancel, resend the
confirmation and write to the selected people.

Each action calls the service that owns the change (and queues its e-mail), only for users who may edit
(the actions ask for the change permission, which viewers lack), only on rows of organizations they may
edit, and ends with a message that counts what was done and what was skipped and why. Cancelling and
declining ask for confirmation first.
"""

from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mail.models import Broadcast
from registrations import services
from registrations.models import Registration

Status = Registration.Status
CONFIRMATION_TEMPLATE = "admin/registrations/registration/action_confirmation.html"
MESSAGE_TEMPLATE = "admin/registrations/registration/message_form.html"


@dataclass
class Outcome:
    """What an action did: rows changed, and rows skipped counted by reason."""

    done: list[Registration] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)


def _rows(modeladmin, request, queryset: QuerySet) -> tuple[list[Registration], Counter]:
    """The selected rows the user may change, oldest first; the others are counted as skipped."""
    editable = modeladmin.editable_queryset(request, queryset)
    rows = list(editable.select_related("event").order_by("created_at", "pk"))
    skipped = Counter()
    refused = queryset.count() - len(rows)
    if refused:
        skipped[_("you may not change them")] += refused
    return rows, skipped


def _apply(modeladmin, request, queryset, *, allowed, reason: str, change) -> Outcome:
    """Call `change(registration)` for each editable row in one of the `allowed` statuses."""
    rows, skipped = _rows(modeladmin, request, queryset)
    outcome = Outcome(skipped=skipped)
    for registration in rows:
        if registration.status not in allowed:
            outcome.skipped[reason] += 1
            continue
        try:
            outcome.done.append(change(registration))
        except services.RegistrationError as error:
            # The state changed since the page was shown; the service's sentence says why.
            outcome.skipped[error.message] += 1
    return outcome


def _report(modeladmin, request, done_text: str, outcome: Outcome, *extra: str) -> None:
    """One message: "3 approved, 1 skipped: not pending."."""
    parts = [done_text, *extra]
    for reason, count in sorted(outcome.skipped.items(), key=lambda item: str(item[0])):
        parts.append(
            ngettext("%(n)d skipped: %(reason)s", "%(n)d skipped: %(reason)s", count)
            % {"n": count, "reason": reason}
        )
    level = messages.WARNING if outcome.skipped else messages.SUCCESS
    modeladmin.message_user(request, ", ".join(parts) + ".", level)


def _confirmation_page(modeladmin, request, queryset, *, action: str, title: str, question: str, button: str):
    """An intermediate page that lists the people and posts the action again with "post"."""
    rows, skipped = _rows(modeladmin, request, queryset)
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": title,
        "question": question,
        "button": button,
        "action": action,
        "registrations": rows,
        "not_allowed": sum(skipped.values()),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, CONFIRMATION_TEMPLATE, context)


@admin.action(description=gettext_lazy("Approve selected registrations"), permissions=["change"])
def approve_selected(modeladmin, request, queryset):
    """Pending → confirmed, or onto the waiting list when the event is full; e-mail "approved"."""
    outcome = _apply(
        modeladmin,
        request,
        queryset,
        allowed={Status.PENDING},
        reason=_("not pending"),
        change=lambda registration: services.approve_registration(registration=registration),
    )
    count = len(outcome.done)
    waitlisted = sum(registration.status == Status.WAITLISTED for registration in outcome.done)
    extra = []
    if waitlisted:
        extra.append(
            ngettext(
                "%(n)d of them on the waiting list: the event is full",
                "%(n)d of them on the waiting list: the event is full",
                waitlisted,
            )
            % {"n": waitlisted}
        )
    _report(
        modeladmin,
        request,
        ngettext("%(n)d approved", "%(n)d approved", count) % {"n": count},
        outcome,
        *extra,
    )


@admin.action(description=gettext_lazy("Decline selected registrations…"), permissions=["change"])
def decline_selected(modeladmin, request, queryset):
    """Any active registration → declined, freeing its seats for the waiting list; e-mail "declined"."""
    if request.POST.get("post") != "yes":
        return _confirmation_page(
            modeladmin,
            request,
            queryset,
            action="decline_selected",
            title=_("Decline registrations"),
            question=_(
                "These people will be told that their registration was declined; "
                "their places go to the waiting list."
            ),
            button=_("Yes, decline"),
        )
    outcome = _apply(
        modeladmin,
        request,
        queryset,
        allowed=Registration.ACTIVE_STATUSES,
        reason=_("already cancelled or declined"),
        change=lambda registration: services.decline_registration(registration=registration),
    )
    count = len(outcome.done)
    _report(modeladmin, request, ngettext("%(n)d declined", "%(n)d declined", count) % {"n": count}, outcome)


@admin.action(
    description=gettext_lazy("Confirm selected people from the waiting list"), permissions=["change"]
)
def confirm_from_waitlist(modeladmin, request, queryset):
    """Waitlisted → confirmed at the organizer's word, even over capacity; e-mail "promoted"."""
    outcome = _apply(
        modeladmin,
        request,
        queryset,
        allowed={Status.WAITLISTED},
        reason=_("not on the waiting list"),
        change=lambda registration: services.confirm_from_waitlist(
            registration=registration, by=request.user
        ),
    )
    count = len(outcome.done)
    _report(
        modeladmin, request, ngettext("%(n)d confirmed", "%(n)d confirmed", count) % {"n": count}, outcome
    )


@admin.action(description=gettext_lazy("Cancel selected registrations…"), permissions=["change"])
def cancel_by_organizer(modeladmin, request, queryset):
    """Any active registration → cancelled by the organizers, freeing its seats.

    E-mail "cancelled:organizer", which says the organizers cancelled it.
    """
    if request.POST.get("post") != "yes":
        return _confirmation_page(
            modeladmin,
            request,
            queryset,
            action="cancel_by_organizer",
            title=_("Cancel registrations"),
            question=_(
                "These people will be told that the organizers cancelled their registration; "
                "their places go to the waiting list."
            ),
            button=_("Yes, cancel them"),
        )
    outcome = _apply(
        modeladmin,
        request,
        queryset,
        allowed=Registration.ACTIVE_STATUSES,
        reason=_("already cancelled or declined"),
        change=lambda registration: services.cancel_registration(
            registration=registration, by_organizer=True
        ),
    )
    count = len(outcome.done)
    _report(
        modeladmin, request, ngettext("%(n)d cancelled", "%(n)d cancelled", count) % {"n": count}, outcome
    )


@admin.action(description=gettext_lazy("Send the confirmation e-mail again"), permissions=["change"])
def resend_confirmation(modeladmin, request, queryset):
    """The confirmation row of each active registration is queued again; it shows the status as it is now."""
    rows, skipped = _rows(modeladmin, request, queryset)
    outcome = Outcome(skipped=skipped)
    for registration in rows:
        if not registration.is_active:
            outcome.skipped[_("cancelled or declined")] += 1
        elif services.resend_confirmation(registration=registration):
            outcome.done.append(registration)
        else:
            outcome.skipped[_("no e-mail address")] += 1
    count = len(outcome.done)
    _report(modeladmin, request, ngettext("%(n)d queued", "%(n)d queued", count) % {"n": count}, outcome)


class MessageForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("subject"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("message"),
        widget=forms.Textarea,
        help_text=gettext_lazy("Plain text. You may use {name} (the registrant's name) and {event}."),
    )


@admin.action(description=gettext_lazy("Write to the selected people…"), permissions=["change"])
def message_selected(modeladmin, request, queryset):
    """Save a message limited to the selection, then show its preview and the number of recipients.

    Nothing is sent here: the broadcast's own confirmation page sends it and shows the progress.
    """
    rows, skipped = _rows(modeladmin, request, queryset)
    events = {registration.event_id for registration in rows}
    if len(events) != 1:
        modeladmin.message_user(
            request,
            _("Select people of one event to write to them."),
            messages.ERROR,
        )
        return None
    form = MessageForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        broadcast = Broadcast(event_id=events.pop(), created_by=request.user)
        # The text is stored as the Polish version, which the other languages fall back to.
        broadcast.subject_pl = form.cleaned_data["subject"]
        broadcast.body_pl = form.cleaned_data["body"]
        broadcast.save()
        broadcast.recipients.set(rows)
        count = len(rows)
        modeladmin.message_user(
            request,
            ngettext(
                "Message saved for %(n)d selected person. Check the preview and send it.",
                "Message saved for %(n)d selected people. Check the preview and send it.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:mail_broadcast_send", args=[broadcast.pk]))
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": _("Write to the selected people"),
        "form": form,
        "action": "message_selected",
        "registrations": rows,
        "not_allowed": sum(skipped.values()),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, MESSAGE_TEMPLATE, context)


ACTIONS = [
    approve_selected,
    confirm_from_waitlist,
    decline_selected,
    cancel_by_organizer,
    resend_confirmation,
    message_selected,
]
