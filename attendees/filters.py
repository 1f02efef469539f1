"""List filters of the attendee list in the admin, each scoped to what the organizer may see."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from agenda.models import Session
from attendees.models import Attendance
from events.models import Event
from organizations import access
from organizations.models import Organization, Region

YES_NO = (("yes", _("Yes")), ("no", _("No")))


class YesNoFilter(admin.SimpleListFilter):
    """A filter with "yes" and "no"; subclasses say what "yes" means as a Q object."""

    def lookups(self, request, model_admin):
        return YES_NO

    def condition(self, request) -> Q:
        raise NotImplementedError

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.condition(request))
        if self.value() == "no":
            return queryset.exclude(self.condition(request))
        return queryset


class SessionFilter(admin.SimpleListFilter):
    """People who chose a session; only sessions of the organizer's events, narrowed to the chosen event."""

    title = _("session")
    parameter_name = "session"

    def _sessions(self, request):
        events = access.scope_queryset(Event.objects.all(), request.user)
        sessions = Session.objects.filter(event__in=events, seats__isnull=False).distinct()
        event_id = request.GET.get("event__id__exact", "")
        if event_id.isdigit():
            sessions = sessions.filter(event_id=int(event_id))
        return sessions.order_by("starts_at", "pk")

    def lookups(self, request, model_admin):
        return [(str(session.pk), str(session)) for session in self._sessions(request)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(seats__session_id=int(value)).distinct()


class InterpretationFilter(YesNoFilter):
    title = _("interpretation needed")
    parameter_name = "interpretation"

    def condition(self, request) -> Q:
        return ~Q(interpretation_language="")


class AccessibilityFilter(YesNoFilter):
    """Accessibility needs are sensitive: both answers cover only events whose sensitive data the user sees.

    The admin adds this filter only for users allowed to see some sensitive data; the narrowing keeps
    anyone from learning about other events' people by toggling it.
    """

    title = _("accessibility needs")
    parameter_name = "accessibility"

    def condition(self, request) -> Q:
        return ~Q(accessibility_needs="")

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"} and not access.is_administrator(request.user):
            queryset = queryset.filter(
                event__organization__in=access.organization_ids(request.user, sensitive=True)
            )
        return super().queryset(request, queryset)


class OrganizationKindFilter(admin.SimpleListFilter):
    title = _("organization kind")
    parameter_name = "organization_kind"

    def lookups(self, request, model_admin):
        return Organization.Kind.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(organization__kind=self.value())
        return queryset


class RegionFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(organization__region=self.value())
        return queryset


class CheckedInFilter(YesNoFilter):
    """Who came: any check-in, for a day or for a session."""

    title = _("checked in")
    parameter_name = "checked_in"

    def condition(self, request) -> Q:
        return Q(Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
