"""The organizer API: a token's owner reads their organizations' registrations and checks people in.

Which events a token reaches is decided by organizations.access from the owner's memberships, as in admin;
an event of another organization is 404. Accessibility and health answers appear only for members allowed
to see them, and each such read is written to the access log.
"""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from agenda.models import Session
from attendees import checkin, privacy
from attendees.models import Attendance
from events.models import Event
from organizations import access
from registrations.models import Answer, Registration, SessionSeat

from .authentication import ApiTokenAuthentication, HasTokenScope
from .errors import ErrorSerializer

DENIED = {
    401: OpenApiResponse(ErrorSerializer, description="No token, or an unknown, expired or revoked one."),
    403: OpenApiResponse(ErrorSerializer, description="The token lacks the scope."),
    404: OpenApiResponse(ErrorSerializer, description="No such event among your organizations' events."),
}


class OrganizerEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Event.Status.choices)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    organization = serializers.SlugField(source="organization.slug")


class AnswerSerializer(serializers.Serializer):
    question_id = serializers.IntegerField()
    question = serializers.CharField(source="question.label")
    value = serializers.CharField(allow_blank=True)
    choices = serializers.SerializerMethodField()

    def get_choices(self, answer: Answer) -> list[str]:
        return [choice.label for choice in answer.choices.all()]


class SeatSerializer(serializers.Serializer):
    session_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=SessionSeat.Status.choices)


class RegistrationSerializer(serializers.Serializer):
    """One registrant; the sensitive fields are null unless the token's owner may see them."""

    id = serializers.UUIDField(source="public_id")
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.EmailField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    organization = serializers.CharField(source="organization_display", allow_blank=True)
    position = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=Registration.Status.choices)
    waitlist_position = serializers.IntegerField(allow_null=True)
    language = serializers.CharField()
    interpretation_language = serializers.CharField(allow_blank=True)
    dietary_needs = serializers.CharField(allow_blank=True)
    accessibility_needs = serializers.SerializerMethodField()
    other_needs = serializers.SerializerMethodField()
    seats = SeatSerializer(many=True)
    answers = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def _sensitive(self) -> bool:
        return self.context["sensitive"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_accessibility_needs(self, registration: Registration) -> str | None:
        return registration.accessibility_needs if self._sensitive() else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_other_needs(self, registration: Registration) -> str | None:
        return registration.other_needs if self._sensitive() else None

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, registration: Registration) -> list[dict]:
        answers = [
            answer
            for answer in registration.answers.all()
            if self._sensitive() or not answer.question.is_sensitive
        ]
        return AnswerSerializer(answers, many=True).data


class AttendanceSerializer(serializers.Serializer):
    registration = serializers.UUIDField(source="registration.public_id")
    name = serializers.CharField(source="registration.full_name")
    day = serializers.DateField()
    session_id = serializers.IntegerField(allow_null=True)
    checked_in_at = serializers.DateTimeField()


class CheckInRequestSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, max_length=40, help_text="The code from the confirmation.")
    registration = serializers.UUIDField(required=False, help_text="Or the registration's id.")
    day = serializers.DateField(required=False, help_text="Default: today while the event runs, else day 1.")
    session = serializers.IntegerField(required=False, min_value=1, help_text="Check in to one session.")

    def validate(self, data):
        if ("code" in data) == ("registration" in data):
            raise serializers.ValidationError(_("Give either a check-in code or a registration id."))
        return data


class CheckInResultSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="false: the person was checked in already (idempotent).")
    attendance = AttendanceSerializer()


class OrganizerMixin:
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasTokenScope]
    required_scope = "read_registrations"

    def organizer_events(self, *, editable: bool = False) -> QuerySet[Event]:
        events = Event.objects.select_related("organization").order_by("starts_at", "pk")
        return access.scope_queryset(events, self.request.user, editable=editable)

    @cached_property
    def event(self) -> Event:
        return get_object_or_404(self.organizer_events(), pk=self.kwargs["event_id"])


@extend_schema_view(
    get=extend_schema(
        summary="Your organizations' events",
        description="Every event, drafts too, of the organizations the token's owner belongs to.",
        responses={200: OrganizerEventSerializer(many=True), **DENIED},
    )
)
class OrganizerEventListView(OrganizerMixin, ListAPIView):
    serializer_class = OrganizerEventSerializer

    def get_queryset(self):
        return self.organizer_events()


@extend_schema_view(
    get=extend_schema(
        summary="An event's registrations",
        description=(
            "Scope: read registrations. Accessibility needs, other needs and sensitive answers are null or "
            "left out unless the token's owner may see sensitive data."
        ),
        responses={200: RegistrationSerializer(many=True), **DENIED},
    )
)
class RegistrationListView(OrganizerMixin, ListAPIView):
    serializer_class = RegistrationSerializer

    def get_queryset(self):
        answers = (
            Answer.objects.select_related("question").prefetch_related("choices").order_by("question__order")
        )
        return (
            Registration.objects.filter(event=self.event)
            .select_related("organization")
            .prefetch_related(
                Prefetch("answers", queryset=answers),
                Prefetch("seats", queryset=SessionSeat.objects.order_by("session__starts_at", "session_id")),
            )
            .order_by("created_at", "pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["sensitive"] = access.can_view_sensitive_data(self.request.user, self.event)
        return context

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if access.can_view_sensitive_data(request.user, self.event):
            privacy.record_access(user=request.user, event=self.event, action="api_registrations_sensitive")
        return response


@extend_schema_view(
    get=extend_schema(
        summary="Who came",
        description="Scope: read registrations. Check-ins per day and per session, newest first.",
        responses={200: AttendanceSerializer(many=True), **DENIED},
    )
)
class AttendanceListView(OrganizerMixin, ListAPIView):
    serializer_class = AttendanceSerializer

    def get_queryset(self):
        return (
            Attendance.objects.filter(registration__event=self.event)
            .select_related("registration")
            .order_by("-checked_in_at", "-pk")
        )


class CheckInView(OrganizerMixin, GenericAPIView):
    """The door app's check-in: the same service and two-door safety as the admin's check-in page."""

    required_scope = "check_in"
    serializer_class = CheckInRequestSerializer

    @cached_property
    def event(self) -> Event:
        return get_object_or_404(self.organizer_events(editable=True), pk=self.kwargs["event_id"])

    @extend_schema(
        summary="Check a person in",
        description=(
            "Scope: check in. Idempotent: a repeat answers 200 with created false and the first check-in. "
            "409 when the person is not confirmed or the day or session is not of this event."
        ),
        request=CheckInRequestSerializer,
        responses={
            201: CheckInResultSerializer,
            200: CheckInResultSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Neither or both of code and registration."),
            409: OpenApiResponse(ErrorSerializer, description="The person cannot be checked in."),
            **DENIED,
        },
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        registration = self._registration(data)
        session = None
        if "session" in data:
            session = Session.objects.filter(event=self.event, pk=data["session"]).first()
            if session is None:
                raise NotFound(_("No such session in this event."))
        try:
            result = checkin.check_in(
                registration=registration, by=request.user, day=data.get("day"), session=session
            )
        except checkin.CheckInRefused as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        answer = CheckInResultSerializer({"created": result.created, "attendance": result.attendance}).data
        return Response(answer, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)

    def _registration(self, data: dict) -> Registration:
        if "code" in data:
            registration = checkin.find_by_code(event=self.event, code=data["code"])
        else:
            registration = (
                Registration.objects.filter(event=self.event, public_id=data["registration"])
                .select_related("event", "organization")
                .first()
            )
        if registration is None:
            raise NotFound(_("No registration with this code for this event."))
        return registration
