"""What the public API shows: the public pages' fields, never the online link, private e-mails or registrants.

Texts are read in the active language with the pages' fallback to Polish (django-modeltranslation). Links are
absolute, built on SITE_URL.
"""

import uuid

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agenda.models import Person, Session, SessionRole
from events.models import Event, EventPartner, Series, Venue
from organizations.models import Organization, Region
from registrations.selectors import RegistrationStatus

# Stable identifiers of sessions for calendars and conference apps (frab guid): derived from the primary key.
SESSION_GUID_NAMESPACE = uuid.UUID("6f1f5a8e-2c0b-4d8e-9a57-3c1e0f7d2b41")


# A link that may be missing (no logo, no photo, registration not open).
OPTIONAL_URI = serializers.URLField(allow_null=True)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def session_guid(session_id: int) -> str:
    return str(uuid.uuid5(SESSION_GUID_NAMESPACE, f"session:{session_id}"))


def _file_url(field) -> str | None:
    return absolute(field.url) if field else None


class OrganizationLinkSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, organization: Organization) -> str:
        return absolute(organization.get_absolute_url())


class OrganizationSerializer(OrganizationLinkSerializer):
    kind = serializers.ChoiceField(choices=Organization.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    description = serializers.CharField()
    website = serializers.URLField(allow_blank=True)
    email = serializers.EmailField(allow_blank=True, help_text="The organization's public contact address.")
    city = serializers.CharField(allow_blank=True)
    region = serializers.ChoiceField(choices=Region.choices, allow_blank=True)
    logo = serializers.SerializerMethodField()

    @extend_schema_field(OPTIONAL_URI)
    def get_logo(self, organization: Organization) -> str | None:
        return _file_url(organization.logo)


class SeriesSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    description = serializers.CharField()
    organization = OrganizationLinkSerializer()
    url = serializers.SerializerMethodField()

    def get_url(self, series: Series) -> str:
        return absolute(series.get_absolute_url())


class SeriesLinkSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()


class VenueSerializer(serializers.Serializer):
    name = serializers.CharField()
    address = serializers.CharField(allow_blank=True)
    postal_code = serializers.CharField(allow_blank=True)
    city = serializers.CharField()
    region = serializers.ChoiceField(choices=Region.choices, allow_blank=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    directions = serializers.CharField(allow_blank=True)
    accessibility = serializers.CharField(allow_blank=True)

    def to_representation(self, venue: Venue) -> dict:
        data = super().to_representation(venue)
        for name in ("latitude", "longitude"):
            value = getattr(venue, name)
            data[name] = float(value) if value is not None else None
        return data


class TopicSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class PartnerSerializer(serializers.Serializer):
    organization = OrganizationLinkSerializer()
    role = serializers.ChoiceField(choices=EventPartner.Role.choices)
    role_label = serializers.CharField(source="get_role_display")
    note = serializers.CharField(allow_blank=True)


class AttachmentSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, attachment) -> str:
        return attachment.url or absolute(attachment.file.url)


REGISTRATION_STATES = [
    RegistrationStatus.NOT_NEEDED,
    RegistrationStatus.NOT_YET_OPEN,
    RegistrationStatus.OPEN,
    RegistrationStatus.WAITLIST,
    RegistrationStatus.FULL,
    RegistrationStatus.CLOSED,
    RegistrationStatus.CANCELLED,
]


class RegistrationStatusSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=REGISTRATION_STATES)
    accepts_registrations = serializers.BooleanField()
    seats_left = serializers.IntegerField(allow_null=True, help_text="null: no limit or not counted.")
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    @extend_schema_field(OPTIONAL_URI)
    def get_url(self, status: RegistrationStatus) -> str | None:
        if not status.accepts_registrations:
            return None
        return absolute(reverse("registrations:register", kwargs={"slug": self.context["event_slug"]}))


class EventSerializer(serializers.Serializer):
    """An event as a list card shows it."""

    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
    format = serializers.ChoiceField(choices=Event.Format.choices)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    languages = serializers.ListField(child=serializers.CharField(), source="language_codes")
    interpretation = serializers.CharField(allow_blank=True)
    organization = OrganizationLinkSerializer()
    series = SeriesLinkSerializer(allow_null=True)
    venue = VenueSerializer(allow_null=True)
    registration = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    agenda_url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(RegistrationStatusSerializer)
    def get_registration(self, event: Event) -> dict:
        context = {"event_slug": event.slug}
        return RegistrationStatusSerializer(event.public_registration, context=context).data

    def get_url(self, event: Event) -> str:
        return absolute(event.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_agenda_url(self, event: Event) -> str:
        return absolute(reverse("api:event_agenda", kwargs={"slug": event.slug}))


class EventDetailSerializer(EventSerializer):
    """The event page's facts; the online meeting link is for confirmed registrants only and never here."""

    description = serializers.CharField(allow_blank=True, help_text="Markdown.")
    goals = serializers.CharField(allow_blank=True, help_text="Markdown.")
    report = serializers.CharField(allow_blank=True, help_text="Markdown: the post-event report.")
    contact_email = serializers.EmailField(allow_blank=True)
    topics = TopicSerializer(many=True)
    partners = PartnerSerializer(many=True)
    attachments = AttachmentSerializer(many=True, source="public_attachments")


class PersonLinkSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    affiliation = serializers.CharField(source="affiliation_display", allow_blank=True)
    position = serializers.CharField(allow_blank=True)
    url = serializers.SerializerMethodField()

    def get_url(self, person: Person) -> str:
        return absolute(person.get_absolute_url())


class PersonSerializer(PersonLinkSerializer):
    """A speaker as their page shows them; the private e-mail is never included."""

    bio = serializers.CharField(allow_blank=True)
    organization = OrganizationLinkSerializer(allow_null=True)
    photo = serializers.SerializerMethodField()

    @extend_schema_field(OPTIONAL_URI)
    def get_photo(self, person: Person) -> str | None:
        return _file_url(person.photo)


class SessionRoleSerializer(serializers.Serializer):
    person = PersonLinkSerializer()
    is_confirmed = serializers.BooleanField(help_text="false: to be confirmed.")
    note = serializers.CharField(allow_blank=True)


class RoleGroupSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=SessionRole.Role.choices)
    label = serializers.CharField()
    people = SessionRoleSerializer(many=True, source="roles")


class TrackSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SessionItemSerializer(serializers.Serializer):
    """One agenda item; `venue` is set only where it happens elsewhere than the event (a study visit)."""

    id = serializers.IntegerField()
    guid = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=Session.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True, help_text="Markdown.")
    audience = serializers.CharField(allow_blank=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    language = serializers.CharField(allow_blank=True)
    track = TrackSerializer(allow_null=True)
    venue = VenueSerializer(allow_null=True)
    host_organization = OrganizationLinkSerializer(allow_null=True)
    is_selectable = serializers.BooleanField(help_text="Chosen in the registration form.")
    capacity = serializers.IntegerField(allow_null=True)
    seats_left = serializers.SerializerMethodField()
    people = RoleGroupSerializer(many=True)
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.UUID)
    def get_guid(self, session: Session) -> str:
        return session_guid(session.pk)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_seats_left(self, session: Session) -> int | None:
        if session.capacity is None:
            return None
        return max(session.capacity - getattr(session, "taken", 0), 0)

    def get_url(self, session: Session) -> str:
        return absolute(session.get_absolute_url())


class SessionSerializer(SessionItemSerializer):
    items = SessionItemSerializer(many=True, source="nested", help_text="Items nested in this block.")


class AgendaDaySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    date = serializers.DateField()
    sessions = SessionSerializer(many=True, help_text="Top-level sessions in time order.")


class AgendaSerializer(serializers.Serializer):
    event = serializers.SlugField()
    tracks = TrackSerializer(many=True)
    days = AgendaDaySerializer(many=True)


class PersonRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=SessionRole.Role.choices)
    role_label = serializers.CharField(source="get_role_display")
    is_confirmed = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)
    session_id = serializers.IntegerField()
    session_title = serializers.CharField(source="session.title")
    starts_at = serializers.DateTimeField(source="session.starts_at")
    ends_at = serializers.DateTimeField(source="session.ends_at")
    event = serializers.SlugField(source="session.event.slug")
    url = serializers.SerializerMethodField()

    def get_url(self, role: SessionRole) -> str:
        return absolute(role.session.get_absolute_url())


class PersonDetailSerializer(PersonSerializer):
    roles = PersonRoleSerializer(many=True, source="public_roles")
