"""Every organizer tool of an event, one click away: on the event's change page and in its row of the list.

The tools live in several apps' admins; this module only knows their addresses. Models that other apps
keep (registrations, their form, the messages to them) are reached through the event's relations, so the
links follow those admins wherever their app is.
"""

from dataclasses import dataclass

from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import Event


@dataclass(frozen=True)
class Tool:
    label: str
    url: str


@dataclass(frozen=True)
class ToolGroup:
    title: str
    tools: list[Tool]


def _opts(relation: str):
    return Event._meta.get_field(relation).related_model._meta


def _admin_url(relation: str, view: str, *args) -> str:
    return reverse(admin_urlname(_opts(relation), view), args=args)


def _filtered(url: str, event_id: int) -> str:
    return f"{url}?event__id__exact={event_id}"


def _agenda_url(event: Event) -> str:
    """The event's agenda editor where there is one, else its sessions in the admin's list."""
    try:
        return reverse("admin:events_event_agenda", args=[event.pk])
    except NoReverseMatch:
        return _filtered(_admin_url("sessions", "changelist"), event.pk)


def _attendee_tool(name: str, *args) -> str:
    return reverse(admin_urlname(_opts("registrations"), name), args=args)


def event_tools(event: Event) -> list[ToolGroup]:
    """The event's tools by what the organizer is doing: showing it, building it, handling its people."""
    return [
        ToolGroup(
            _("On the site"),
            [
                Tool(_("Public page"), event.get_absolute_url()),
                Tool(_("Registration form"), reverse("registrations:register", kwargs={"slug": event.slug})),
                Tool(
                    _("Preview the form as a participant"),
                    reverse("admin:events_event_form_preview", args=[event.pk]),
                ),
            ],
        ),
        ToolGroup(
            _("Programme and form"),
            [
                Tool(_("Agenda"), _agenda_url(event)),
                Tool(_("Edit the registration form"), reverse("admin:events_event_form", args=[event.pk])),
            ],
        ),
        ToolGroup(
            _("Attendees"),
            [
                Tool(_("Attendee list"), _filtered(_admin_url("registrations", "changelist"), event.pk)),
                Tool(_("Overview"), _attendee_tool("event_overview", event.pk)),
                Tool(_("Statistics"), _attendee_tool("statistics", event.pk)),
                Tool(_("Export"), _attendee_tool("event_export", event.pk)),
                Tool(_("Attendance lists (PDF)"), _attendee_tool("attendance_list", event.pk)),
                Tool(_("Check-in"), _attendee_tool("checkin", event.pk)),
                Tool(_("Messages to attendees"), _filtered(_admin_url("broadcasts", "changelist"), event.pk)),
                Tool(_("Import from Google Forms"), _attendee_tool("import", event.pk)),
                Tool(_("Personal data requests"), _attendee_tool("privacy")),
            ],
        ),
    ]
