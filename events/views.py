"""Public pages: discovery, the event page, its agenda, sessions, speakers, series and organizations."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView, View

from agenda.models import Person
from agenda.selectors import agenda_days, person_public_roles, session_for_public_page
from common.media import ATTACHMENT_FOLDER, stored_file_response
from organizations import access
from organizations.models import Organization

from .forms import EventFilterForm, OrganizationFilterForm
from .models import Attachment, Event, Series
from .selectors import (
    event_for_public_page,
    hosted_sessions,
    organization_events,
    partners_by_role,
    past_events,
    public_events,
    public_organizations,
    registration_status,
    search_events,
    upcoming_events,
    with_registration_status,
)

FEATURED_COUNT = 3
# Shown first on the list page; the other filters sit under "More filters".
PRIMARY_FILTERS = ("q", "city", "format")


class HomeView(TemplateView):
    template_name = "events/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = with_registration_status(upcoming_events()[: FEATURED_COUNT + 9])
        context["featured"] = events[:FEATURED_COUNT]
        context["upcoming"] = events[FEATURED_COUNT:]
        context["filter_form"] = EventFilterForm()
        return context


class EventListView(ListView):
    """Upcoming events with GET filters; an htmx request gets only the results."""

    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 12
    heading = "upcoming"

    @cached_property
    def filter_form(self) -> EventFilterForm:
        return EventFilterForm(self.request.GET or None)

    def base_queryset(self):
        return upcoming_events()

    def get_queryset(self):
        return search_events(self.base_queryset(), **self.filter_form.filters())

    def get_template_names(self):
        htmx = self.request.htmx
        if htmx and not htmx.boosted and not htmx.history_restore_request:
            return ["events/_event_list.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        more_filters_active = any(
            self.request.GET.get(name) for name in self.filter_form.fields if name not in PRIMARY_FILTERS
        )
        context["events"] = with_registration_status(context["events"])
        context.update(
            filter_form=self.filter_form,
            primary_filters=PRIMARY_FILTERS,
            more_filters_active=more_filters_active,
            query_string=query.urlencode(),
            heading=self.heading,
        )
        return context


class EventArchiveView(EventListView):
    heading = "archive"

    def base_queryset(self):
        return past_events()


class PublicEventMixin:
    """Sets self.event from the URL's slug; drafts are 404."""

    @cached_property
    def event(self) -> Event:
        try:
            return event_for_public_page(slug=self.kwargs["slug"])
        except Event.DoesNotExist as error:
            raise Http404 from error

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        return context


class EventDetailView(PublicEventMixin, TemplateView):
    template_name = "events/event_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            partner_groups=partners_by_role(event=self.event),
            registration=registration_status(event=self.event),
            days=agenda_days(event=self.event),
        )
        return context


class EventAgendaView(PublicEventMixin, TemplateView):
    """The agenda day by day; ?day=2 shows only the second day."""

    template_name = "agenda/agenda.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = agenda_days(event=self.event)
        selected = self.request.GET.get("day", "")
        shown = [day for day in days if str(day.number) == selected] if selected.isdigit() else days
        if selected and not shown:
            raise Http404
        context.update(days=days, shown_days=shown, selected_day=shown[0] if len(shown) == 1 else None)
        return context


class SessionDetailView(PublicEventMixin, TemplateView):
    template_name = "agenda/session_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["session"] = session_for_public_page(event=self.event, pk=self.kwargs["pk"])
        except ObjectDoesNotExist as error:
            raise Http404 from error
        return context


class PersonDetailView(DetailView):
    """A speaker's page: only sessions of published events; a person with none of them is 404."""

    template_name = "agenda/person_detail.html"
    context_object_name = "person"
    queryset = Person.objects.select_related("organization")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roles = person_public_roles(person=self.object)
        if not roles:
            raise Http404
        context["roles"] = roles
        return context


class SeriesDetailView(DetailView):
    template_name = "events/series_detail.html"
    context_object_name = "series"
    queryset = Series.objects.select_related("organization")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = public_events().filter(series=self.object)
        context["upcoming"] = with_registration_status(events.upcoming().order_by("starts_at"))
        context["past"] = events.past().order_by("-starts_at")
        return context


class OrganizationListView(ListView):
    template_name = "events/organization_list.html"
    context_object_name = "organizations"
    paginate_by = 30

    @cached_property
    def filter_form(self) -> OrganizationFilterForm:
        return OrganizationFilterForm(self.request.GET or None)

    def get_queryset(self):
        return public_organizations(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter_form=self.filter_form, query_string=query.urlencode())
        return context


class OrganizationDetailView(DetailView):
    template_name = "events/organization_detail.html"
    context_object_name = "organization"
    queryset = Organization.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = list(organization_events(organization=self.object).prefetch_related("partners"))
        for event in events:
            event.partner_roles = [
                partner.get_role_display()
                for partner in event.partners.all()
                if partner.organization_id == self.object.pk
            ]
        now = timezone.now()
        context["upcoming"] = sorted((e for e in events if e.ends_at >= now), key=lambda e: e.starts_at)
        context["past"] = [event for event in events if event.ends_at < now]
        hosted = list(hosted_sessions(organization=self.object))
        context["hosted_upcoming"] = [session for session in hosted if session.ends_at >= now]
        context["hosted_past"] = [session for session in reversed(hosted) if session.ends_at < now]
        return context


@method_decorator(require_safe, name="dispatch")
class AttachmentFileView(View):
    """An attachment's file at its storage URL: public ones of public events to anyone, every one to the
    event's organizers (admin links here). Registrants get theirs from the manage page instead."""

    def get(self, request, name: str):
        attachment = (
            Attachment.objects.select_related("event").filter(file=f"{ATTACHMENT_FOLDER}/{name}").first()
        )
        if attachment is None:
            raise Http404
        published = attachment.event.status in Event.PUBLIC_STATUSES
        if attachment.is_public and published:
            return stored_file_response(
                attachment.file.name, private=False, download_name=attachment.download_name
            )
        if access.can_view(request.user, attachment):
            return stored_file_response(
                attachment.file.name, private=True, download_name=attachment.download_name
            )
        raise Http404
