"""The portal's admin site: its name and logo, and a home showing the organizer's events.

Organizers, not developers, use the admin. Its home lists the upcoming and draft events of their
organizations with the figures they look at first. Which models the menu offers is decided by each
ModelAdmin (common.admin.PortalModelAdminMixin hides the tables the portal writes for itself).
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from organizations import access, staff
from registrations.selectors import organizer_events


class PortalAdminSite(admin.AdminSite):
    site_header = _("Refugee support events")
    site_title = _("Refugee support events")
    index_title = _("Organizer workspace")
    # The home page is the menu; without the sidebar, lists keep the width their columns need.
    enable_nav_sidebar = False

    def login(self, request, extra_context=None):
        # One login for the site and the admin (allauth's: its limits, its second factor).
        return staff.admin_login(request, extra_context)

    def has_permission(self, request):
        return staff.admin_has_permission(request)

    def index(self, request, extra_context=None):
        events = access.scope_queryset(Event.objects.all(), request.user)
        event_admin = self._registry.get(Event)
        context = {
            "organizer_events": organizer_events(events=events, now=timezone.now()),
            "may_add_event": bool(event_admin and event_admin.has_add_permission(request)),
            # The outbox, wherever its app keeps it: the rows of a failing e-mail are one click away.
            "email_opts": Event._meta.get_field("emails").related_model._meta,
            **(extra_context or {}),
        }
        return super().index(request, context)
