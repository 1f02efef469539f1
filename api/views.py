"""The public read API (/api/v1/): thin views over the selectors that also feed the public pages."""

from django.db.models import Q
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny

from agenda.models import Person
from agenda.selectors import agenda_days, person_public_roles
from events.forms import EventFilterForm, OrganizationFilterForm
from events.models import Event, Series
from events.selectors import (
    event_for_public_page,
    past_events,
    public_events,
    public_organizations,
    search_events,
    upcoming_events,
)
from organizations.models import Organization, Region
from registrations.selectors import registration_status
from registrations.services.capacity import count_session_seats
from registrations.services.capacity import event_seats_held_by_event as taken_seats_by_event

from . import serializers
from .caching import cached_answer
from .errors import ErrorSerializer, ValidationErrorSerializer
from .language import SUPPORTED, requested_language

LANG = OpenApiParameter(
    "lang",
    str,
    enum=list(SUPPORTED),
    description="Language of the content (falls back to Polish field by field); otherwise Accept-Language.",
)
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="No such public object.")}
INVALID = {400: OpenApiResponse(ValidationErrorSerializer, description="A filter has an invalid value.")}
PERIODS = {
    "upcoming": upcoming_events,
    "past": past_events,
    "all": lambda: public_events().order_by("starts_at", "pk"),
}
EVENT_FILTERS = [
    OpenApiParameter("period", str, enum=list(PERIODS), description="upcoming (default), past or all."),
    OpenApiParameter("q", str, description="Words to find in the title, summary, description or organizer."),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Events that end on or after this day."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Events that start on or before this day."),
    OpenApiParameter("city", str, description="A city with public events."),
    OpenApiParameter("region", str, enum=Region.values),
    OpenApiParameter("format", str, enum=Event.Format.values),
    OpenApiParameter("language", str, enum=list(SUPPORTED), description="Spoken or interpreted."),
    OpenApiParameter("organization", str, description="Slug of an organizer or partner."),
    OpenApiParameter("series", str, description="Slug of a series."),
    OpenApiParameter("topic", str, description="Slug of a topic."),
]
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Content-Language",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


def _form_errors(form) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


class PublicReadMixin:
    """Anonymous GETs in the asked language, from the cache with ETag/Last-Modified, open to CORS."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def dispatch(self, request, *args, **kwargs):
        with translation.override(requested_language(request)):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # error texts in the requested language
            response["Content-Language"] = translation.get_language()
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for header, value in CORS_HEADERS.items():
            response[header] = value
        if request.method == "OPTIONS":
            for header, value in PREFLIGHT_HEADERS.items():
                response[header] = value
        patch_vary_headers(response, ["Accept-Language"])
        response["Cache-Control"] = "no-cache"  # stored, but revalidated with the ETag every time
        return response

    def get(self, request, *args, **kwargs):
        return cached_answer(request, lambda: self.read(request, *args, **kwargs))

    def read(self, request, *args, **kwargs):
        """The answer's data; a view without a get() of its own builds it here."""
        return super().get(request, *args, **kwargs).data


@extend_schema_view(
    get=extend_schema(
        summary="Organizations",
        parameters=[
            LANG,
            OpenApiParameter("region", str, enum=Region.values),
            OpenApiParameter("kind", str, enum=Organization.Kind.values),
        ],
        responses={200: serializers.OrganizationSerializer(many=True), **INVALID},
    )
)
class OrganizationListView(PublicReadMixin, ListAPIView):
    serializer_class = serializers.OrganizationSerializer

    def get_queryset(self):
        form = OrganizationFilterForm(self.request.GET)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        return public_organizations(**form.filters()).order_by("name", "pk")


@extend_schema_view(
    get=extend_schema(
        summary="One organization",
        parameters=[LANG],
        responses={200: serializers.OrganizationSerializer, **NOT_FOUND},
    )
)
class OrganizationDetailView(PublicReadMixin, RetrieveAPIView):
    serializer_class = serializers.OrganizationSerializer
    queryset = Organization.objects.all()
    lookup_field = "slug"


@extend_schema_view(
    get=extend_schema(
        summary="Series of events",
        parameters=[
            LANG,
            OpenApiParameter("organization", str, description="Slug of the owning organization."),
        ],
        responses={200: serializers.SeriesSerializer(many=True)},
    )
)
class SeriesListView(PublicReadMixin, ListAPIView):
    serializer_class = serializers.SeriesSerializer

    def get_queryset(self):
        series = Series.objects.select_related("organization").order_by("title", "pk")
        organization = self.request.GET.get("organization")
        if organization:
            series = series.filter(organization__slug=organization)
        return series


@extend_schema_view(
    get=extend_schema(
        summary="One series", parameters=[LANG], responses={200: serializers.SeriesSerializer, **NOT_FOUND}
    )
)
class SeriesDetailView(PublicReadMixin, RetrieveAPIView):
    serializer_class = serializers.SeriesSerializer
    queryset = Series.objects.select_related("organization")
    lookup_field = "slug"


def _with_registration_status(events: list[Event]) -> list[Event]:
    taken = taken_seats_by_event(events=events)
    for event in events:
        event.public_registration = registration_status(event=event, taken=taken.get(event.pk, 0))
    return events


@extend_schema_view(
    get=extend_schema(
        summary="Published events",
        description="The event list's filters; upcoming events by default, in start order.",
        parameters=[LANG, *EVENT_FILTERS],
        responses={200: serializers.EventSerializer(many=True), **INVALID},
    )
)
class EventListView(PublicReadMixin, ListAPIView):
    serializer_class = serializers.EventSerializer

    def get_queryset(self):
        period = self.request.GET.get("period") or "upcoming"
        form = EventFilterForm(self.request.GET)
        errors = _form_errors(form) if not form.is_valid() else {}
        if period not in PERIODS:
            errors["period"] = [f"Choose one of: {', '.join(PERIODS)}."]
        if errors:
            raise ValidationError(errors)
        return search_events(PERIODS[period](), **form.filters())

    def list(self, request, *args, **kwargs):
        page = _with_registration_status(list(self.paginate_queryset(self.get_queryset())))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    get=extend_schema(
        summary="One event",
        description="Published or cancelled events; drafts are 404.",
        parameters=[LANG],
        responses={200: serializers.EventDetailSerializer, **NOT_FOUND},
    )
)
class EventDetailView(PublicReadMixin, RetrieveAPIView):
    serializer_class = serializers.EventDetailSerializer

    def get_object(self):
        try:
            event = event_for_public_page(slug=self.kwargs["slug"])
        except Event.DoesNotExist as error:
            raise Http404 from error
        event.public_registration = registration_status(event=event)
        return event


@extend_schema_view(
    get=extend_schema(
        summary="An event's agenda",
        description=(
            "Days of top-level sessions in time order, each with its nested items, track, own venue (study "
            "visits), host, people by role (is_confirmed false: to be confirmed) and seats left."
        ),
        parameters=[LANG],
        responses={200: serializers.AgendaSerializer, **NOT_FOUND},
    )
)
class AgendaView(PublicReadMixin, GenericAPIView):
    serializer_class = serializers.AgendaSerializer

    def read(self, request, *args, **kwargs):
        try:
            event = public_events().get(slug=kwargs["slug"])
        except Event.DoesNotExist as error:
            raise Http404 from error
        days = agenda_days(event=event)
        tops = {day.number: [session for slot in day.slots for session in slot.sessions] for day in days}
        limited = [
            item
            for sessions in tops.values()
            for top in sessions
            for item in (top, *top.nested)
            if item.capacity is not None
        ]
        count_session_seats(limited)
        agenda = {
            "event": event.slug,
            "tracks": list(event.tracks.all()),
            "days": [{"number": day.number, "date": day.date, "sessions": tops[day.number]} for day in days],
        }
        return self.get_serializer(agenda).data


@extend_schema_view(
    get=extend_schema(
        summary="Speakers, moderators and guests",
        description="People with a part in a published event's agenda, by name.",
        parameters=[LANG],
        responses={200: serializers.PersonSerializer(many=True)},
    )
)
class PersonListView(PublicReadMixin, ListAPIView):
    serializer_class = serializers.PersonSerializer

    def get_queryset(self):
        in_public_events = Q(roles__session__event__in=Event.objects.published())
        people = Person.objects.filter(pk__in=Person.objects.filter(in_public_events).values("pk"))
        return people.select_related("organization").order_by("name", "pk")


@extend_schema_view(
    get=extend_schema(
        summary="One person with their parts in published events",
        parameters=[LANG],
        responses={200: serializers.PersonDetailSerializer, **NOT_FOUND},
    )
)
class PersonDetailView(PublicReadMixin, RetrieveAPIView):
    serializer_class = serializers.PersonDetailSerializer
    queryset = Person.objects.select_related("organization")
    lookup_field = "slug"

    def get_object(self):
        person = super().get_object()
        person.public_roles = person_public_roles(person=person)
        if not person.public_roles:
            raise Http404
        return person
