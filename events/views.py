"""Public pages: discovery, the event page, its agenda, sessions, speakers, series and organizations."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView, View

from agenda.models import Person
from agenda.selectors import agenda_days, person_public_roles, session_for_public_page
from common.media import ATTACHMENT_FOLDER, stored_file_response
from organizations import access
from organizations.models import Organization
from registrations.selectors import registration_status, with_registration_status

from . import page_cache
from .forms import EventFilterForm, OrganizationFilterForm
from .models import Attachment, Event, EventQuerySet, Series
from .selectors import (
    EVENT_PAGE_PREFETCH,
    cached_published_event,
    cached_published_event_by_pk,
    hosted_sessions,
    organization_events,
    partners_by_role,
    past_events,
    public_events,
    public_organizations,
    search_events,
    upcoming_events,
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
    """Upcoming events with GET filters; an htmx request gets only the results.

    The cards and the unfiltered filter form are parts cached under the versions of what they show
    (events/page_cache.py): a card is rendered again after a change to its event or to its seats.
    """

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
        filters = self.filter_form.filters() if self.request.GET else {}
        # The page's events with what a card's expiry needs; a card not cached reads the whole event.
        events = search_events(self.base_queryset(), **filters)
        return events.select_related(None).only(*EVENT_PAGE_FIELDS)

    def get_template_names(self):
        htmx = self.request.htmx
        if htmx and not htmx.boosted and not htmx.history_restore_request:
            return ["events/_event_list.html"]
        return [self.template_name]

    def get_paginator(self, queryset, per_page, **kwargs):
        """A first page holding the whole list is read with its rows, without a query to count them."""
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self.request.GET.get(self.page_kwarg, "1") == "1":
            rows = self.first_rows(queryset, per_page + 1)
            if len(rows) <= per_page:
                paginator.object_list, paginator.count = rows, len(rows)
        return paginator

    def first_rows(self, queryset, count: int) -> list[Event]:
        """The list's first rows; unfiltered, kept until an event changes or the first of them ends."""
        if self.request.GET:
            return list(queryset[:count])
        key, name = page_cache.CATALOG_KEY, f"event-rows:{self.heading}"
        return page_cache.Fragments([key], [name]).get(
            name, [key], lambda: list(queryset[:count]), timeout=self.rows_timeout
        )

    @staticmethod
    def rows_timeout(rows: list[Event]) -> int:
        """Seconds until the first of the rows ends, leaving the upcoming events."""
        now = timezone.now()
        seconds = [int((event.ends_at - now).total_seconds()) + 1 for event in rows]
        return max(1, min([page_cache.MAX_SECONDS, *seconds]))

    def render_filters(self) -> str:
        context = {
            "filter_form": self.filter_form,
            "primary_filters": PRIMARY_FILTERS,
            "more_filters_active": any(
                self.request.GET.get(name) for name in self.filter_form.fields if name not in PRIMARY_FILTERS
            ),
            "list_path": self.request.path,
        }
        return render_to_string("events/_event_filters.html", context)

    def filters_html(self, fragments: page_cache.Fragments) -> str:
        if self.request.GET:
            return self.render_filters()
        # Without filters the form is the same for everyone until an event or its choices change.
        return fragments.get(f"event-filters:{self.heading}", [page_cache.CATALOG_KEY], self.render_filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = context["events"]
        query = self.request.GET.copy()
        query.pop("page", None)
        names = {event.pk: f"event-card:{event.pk}" for event in events}
        version_keys = [page_cache.CATALOG_KEY]
        for event in events:
            version_keys += [page_cache.event_key(event.pk), page_cache.seats_key(event.pk)]
        fragments = page_cache.Fragments(version_keys, [*names.values(), f"event-filters:{self.heading}"])
        full_events: dict[int, Event] = {}

        def card(event: Event) -> str:
            if not full_events:
                missing = [pk for pk, name in names.items() if not _is_current(fragments, name, pk)]
                fulls = with_registration_status(public_events().filter(pk__in=missing))
                full_events.update((full.pk, full) for full in fulls)
            return render_to_string("events/_event_card.html", {"event": full_events[event.pk], "level": 2})

        cards = [
            mark_safe(  # noqa: S308 - rendered template
                fragments.get(
                    names[event.pk],
                    [page_cache.event_key(event.pk), page_cache.seats_key(event.pk)],
                    lambda event=event: card(event),
                    timeout=page_cache.registration_timeout(event),
                )
            )
            for event in events
        ]
        context.update(
            cards=cards,
            filters_html=mark_safe(self.filters_html(fragments)),  # noqa: S308 - rendered template
            query_string=query.urlencode(),
            heading=self.heading,
        )
        return context


def _is_current(fragments: page_cache.Fragments, name: str, pk: int) -> bool:
    stored = fragments.found.get(fragments.names[name])
    versions = fragments.versions([page_cache.event_key(pk), page_cache.seats_key(pk)])
    return stored is not None and stored[0] == versions


class EventArchiveView(EventListView):
    heading = "archive"

    def base_queryset(self):
        return past_events()

    def first_rows(self, queryset, count: int) -> list[Event]:
        # Not kept: an event that ends joins the archive, and nothing but a query tells when.
        return list(queryset[:count])


class PublicEventMixin:
    """Sets self.event from the URL's slug (one query); drafts are 404."""

    @cached_property
    def event(self) -> Event:
        try:
            return public_events().get(slug=self.kwargs["slug"])
        except Event.DoesNotExist as error:
            raise Http404 from error

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        return context


# What a page built from cached parts reads of its event on every request: its title, and its registration
# state (the box, and when a cached copy must expire by the clock).
EVENT_PAGE_FIELDS = (
    "slug",
    "title",
    "status",
    "starts_at",
    "ends_at",
    "capacity",
    "waitlist_enabled",
    "registration_required",
    "registration_opens_at",
    "registration_closes_at",
)


EVENT_PAGE_PART = "event-page-event"


def _event_page_fields(events: EventQuerySet) -> Event:
    return events.only(*EVENT_PAGE_FIELDS).get()


class CachedPartsMixin:
    """A public event page built from parts cached under the versions of what they show (page_cache.py).

    Each part is rendered again only after a change to its event (or to what it shows); the response tells
    the whole-page cache which versions it was built from.
    """

    page_versions: tuple[list[str], tuple] | None = None

    @cached_property
    def event(self) -> Event:
        """The event's few fields every request needs, from the cache while the event is unchanged; the
        parts read the whole of it when rendered."""
        try:
            return cached_published_event(
                slug=self.kwargs["slug"], part=EVENT_PAGE_PART, load=_event_page_fields
            )
        except Event.DoesNotExist as error:
            raise Http404 from error

    @cached_property
    def full_event(self) -> Event:
        return public_events().get(pk=self.event.pk)

    def render_part(self, template_name: str, context: dict) -> str:
        # No request: a part is shared by every visitor; the CSP nonce is filled in per request.
        return render_to_string(template_name, {"csp_nonce": page_cache.NONCE_PLACEHOLDER, **context})

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response.page_versions = self.page_versions
        return response


class EventDetailView(CachedPartsMixin, PublicEventMixin, TemplateView):
    template_name = "events/event_detail.html"
    BOX_MARKER = SafeString("<!-- registration box -->")

    def page_parts(self) -> tuple[str, str, str]:
        event = self.full_event
        prefetch_related_objects([event], *EVENT_PAGE_PREFETCH)
        days = agenda_days(event=event)
        context = {"event": event, "days": days, "partner_groups": partners_by_role(event=event)}
        head = self.render_part("events/_event_page_head.html", context)
        body = self.render_part(
            "events/_event_page_body.html", {**context, "registration_box_marker": self.BOX_MARKER}
        )
        top, bottom = body.split(self.BOX_MARKER, 1)
        return head, top, bottom

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pk = self.event.pk
        content, seats = page_cache.event_key(pk), page_cache.seats_key(pk)
        address = page_cache.slug_key(self.event.slug)
        names = [f"event-page:{pk}", page_cache.box_name(pk)]
        parts = page_cache.Fragments([content, seats, address], names)
        head, top, bottom = parts.get(f"event-page:{pk}", [content], self.page_parts)
        box = registration_box(self.event, parts)
        self.page_versions = ([content, address], parts.versions([content, address]))
        self.box = mark_safe(box)  # noqa: S308 - rendered by the template engine above
        context.update(
            page_head=mark_safe(page_cache.fill_nonce(head, self.request)),  # noqa: S308 - rendered template
            page_top=mark_safe(top),  # noqa: S308 - rendered template
            page_bottom=mark_safe(bottom),  # noqa: S308 - rendered template
            registration_box=self.box,
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response.registration_box = (self.event.pk, self.box)
        return response


def registration_box(event: Event, parts: page_cache.Fragments) -> str:
    """The event page's registration box (open or not, seats left): its copy while the event and its seats
    are unchanged, else rendered again; `event` needs only EVENT_PAGE_FIELDS."""

    def render() -> str:
        context = {"event": event, "registration": registration_status(event=event)}
        return render_to_string("events/_registration_box.html", context)

    return parts.get(
        page_cache.box_name(event.pk),
        page_cache.box_versions(event.pk),
        render,
        timeout=page_cache.registration_timeout(event),
    )


def fresh_registration_box(event_pk: int, found: dict) -> str | None:
    """The box of a cached event page whose seats changed, rendered without the rest of the page.

    The page's copy is current, so the event is unchanged since it was stored; None if it is gone anyway.
    """
    try:
        event = cached_published_event_by_pk(pk=event_pk, part=EVENT_PAGE_PART, load=_event_page_fields)
    except Event.DoesNotExist:
        return None
    return registration_box(event, page_cache.Fragments([], found=found))


class EventAgendaView(CachedPartsMixin, PublicEventMixin, TemplateView):
    """The agenda day by day; ?day=2 shows only the second day."""

    template_name = "agenda/agenda.html"

    def agenda_part(self, selected: str) -> str | None:
        """The agenda's HTML for all days (selected == "") or for one; None when there is no such day."""
        days = agenda_days(event=self.full_event)
        shown = [day for day in days if str(day.number) == selected] if selected else days
        if selected and not shown:
            return None
        context = {
            "event": self.full_event,
            "days": days,
            "shown_days": shown,
            "selected_day": shown[0] if len(shown) == 1 else None,
        }
        return self.render_part("agenda/_agenda_page.html", context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selected = self.request.GET.get("day", "")
        if selected and not selected.isdigit():
            selected = ""
        pk = self.event.pk
        content, address = page_cache.event_key(pk), page_cache.slug_key(self.event.slug)
        name = f"agenda:{pk}:{selected}"
        parts = page_cache.Fragments([content, address], [name])
        html = parts.get(name, [content], lambda: self.agenda_part(selected))
        if html is None:
            raise Http404
        self.page_versions = ([content, address], parts.versions([content, address]))
        context["page_content"] = mark_safe(html)  # noqa: S308 - rendered template
        return context


class SessionDetailView(CachedPartsMixin, PublicEventMixin, TemplateView):
    template_name = "agenda/session_detail.html"

    def session_part(self) -> tuple[str, str] | None:
        try:
            session = session_for_public_page(event=self.full_event, pk=self.kwargs["pk"])
        except ObjectDoesNotExist:
            return None
        context = {"event": self.full_event, "session": session}
        html = self.render_part("agenda/_session_page.html", context)
        return session.title, html

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pk = self.event.pk
        content = page_cache.event_key(pk)
        name = f"session:{pk}:{self.kwargs['pk']}"
        part = page_cache.Fragments([content], [name]).get(name, [content], self.session_part)
        if part is None:
            raise Http404
        context["session_title"], html = part
        context["page_content"] = mark_safe(html)  # noqa: S308 - rendered template
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
