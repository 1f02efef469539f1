"""Read queries behind the public pages: published events, their filters, partners and registration status."""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from agenda.models import Session
from organizations.models import Organization

from .models import Attachment, Event, EventPartner, EventQuerySet, Series

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Partner roles in the order a participant reads them on the event page.
PARTNER_ROLE_ORDER = [
    EventPartner.Role.MAIN_PATRON,
    EventPartner.Role.CO_ORGANIZER,
    EventPartner.Role.PATRON,
    EventPartner.Role.PARTNER,
    EventPartner.Role.FUNDER,
    EventPartner.Role.MEDIA_PATRON,
]


def public_events() -> EventQuerySet:
    """Published and cancelled events with what a list card shows; drafts never leave this module."""
    return Event.objects.published().select_related("organization", "venue", "series")


def upcoming_events() -> QuerySet[Event]:
    return public_events().upcoming().order_by("starts_at", "pk")


def past_events() -> QuerySet[Event]:
    return public_events().past().order_by("-starts_at", "-pk")


def search_events(
    events: QuerySet[Event],
    *,
    text: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    city: str = "",
    region: str = "",
    event_format: str = "",
    language: str = "",
    organization: Organization | None = None,
    series: Series | None = None,
    topic=None,
) -> QuerySet[Event]:
    """Narrow a queryset of public events by the list page's filters; empty values do not filter."""
    if text:
        # Each word must appear somewhere: in any language version of the title, summary or description,
        # in the organizer's name, or in the name, street or town of the event's venue or of a place one of
        # its sessions is held at ("Skawina" finds the Kraków conference that visits Skawina).
        for word in text.split()[:8]:
            matches = Q(organization__name__icontains=word) | _venue_matches("venue__", word)
            for field in ("title", "summary", "description"):
                for code in ("pl", "uk", "en"):
                    matches |= Q(**{f"{field}_{code}__icontains": word})
            session_venues = Session.objects.filter(event=OuterRef("pk")).filter(
                _venue_matches("venue__", word)
            )
            events = events.filter(matches | Exists(session_venues))
    if date_from:
        events = events.filter(ends_at__date__gte=date_from)
    if date_to:
        events = events.filter(starts_at__date__lte=date_to)
    if city:
        events = events.filter(venue__city__iexact=city)
    if region:
        events = events.filter(Q(venue__region=region) | Q(venue__isnull=True, organization__region=region))
    if event_format:
        events = events.filter(format=event_format)
    if language:
        events = events.filter(Q(languages__icontains=language) | Q(interpretation__icontains=language))
    if organization:
        events = events.filter(Q(organization=organization) | Q(partners__organization=organization))
    if series:
        events = events.filter(series=series)
    if topic:
        events = events.filter(topics=topic)
    if organization or topic:
        events = events.distinct()
    return events


def _venue_matches(path: str, word: str) -> Q:
    matches = Q(**{f"{path}city__icontains": word}) | Q(**{f"{path}address__icontains": word})
    for code in ("pl", "uk", "en"):
        matches |= Q(**{f"{path}name_{code}__icontains": word})
    return matches


def event_cities() -> list[str]:
    """Cities that have at least one public event, for the filter's choices."""
    cities = public_events().exclude(venue__isnull=True).values_list("venue__city", flat=True).distinct()
    return sorted(set(cities))


# What the event page shows beside the event itself: topics, partners, public downloads, report photos.
EVENT_PAGE_PREFETCH = (
    "topics",
    Prefetch("partners", queryset=EventPartner.objects.select_related("organization")),
    Prefetch("attachments", queryset=Attachment.objects.filter(is_public=True), to_attr="public_attachments"),
    "report_photos",
)


def event_for_public_page(*, slug: str) -> Event:
    """One public event with its topics, partners, public downloads and report photos in fixed queries."""
    return public_events().prefetch_related(*EVENT_PAGE_PREFETCH).get(slug=slug)


@dataclass(frozen=True)
class PartnerGroup:
    role: str
    label: "StrOrPromise"
    partners: list[EventPartner]


def partners_by_role(*, event: Event) -> list[PartnerGroup]:
    """The event's partners grouped by role, main patron first; reads the prefetched partners."""
    groups = []
    partners = list(event.partners.all())
    for role in PARTNER_ROLE_ORDER:
        members = [partner for partner in partners if partner.role == role]
        if members:
            groups.append(PartnerGroup(role=role, label=EventPartner.Role(role).label, partners=members))
    return groups


@dataclass(frozen=True)
class RegistrationStatus:
    """What the event page says about registration."""

    NOT_NEEDED = "not_needed"
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    WAITLIST = "waitlist"
    FULL = "full"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    state: str
    seats_left: int | None = None
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None

    @property
    def accepts_registrations(self) -> bool:
        return self.state in {self.OPEN, self.WAITLIST}


def _holding_registrations():
    from registrations.models import Registration

    holding = [Registration.Status.CONFIRMED, Registration.Status.OFFERED]
    return Registration.objects.filter(status__in=holding)


def taken_seats(*, event: Event) -> int:
    return _holding_registrations().filter(event=event).count()


def taken_seats_by_event(*, events: list[Event]) -> dict[int, int]:
    """Taken seats of several events in one grouped query (for lists), by event id."""
    rows = (
        _holding_registrations()
        .filter(event__in=[event.pk for event in events if event.capacity is not None])
        .order_by()
        .values("event_id")
        .annotate(taken=Count("pk"))
        .values_list("event_id", "taken")
    )
    return dict(rows)


def registration_status(
    *, event: Event, at: dt.datetime | None = None, taken: int | None = None
) -> RegistrationStatus:
    """Registration state for the public page; counts the seats only when the event has a capacity.

    `taken` is the count from taken_seats_by_event() when the caller already has it.
    """
    at = at or timezone.now()
    closes_at = event.registration_closes_at or event.starts_at
    if event.status == Event.Status.CANCELLED:
        return RegistrationStatus(RegistrationStatus.CANCELLED)
    if not event.registration_required:
        return RegistrationStatus(RegistrationStatus.NOT_NEEDED)
    if event.registration_opens_at and at < event.registration_opens_at:
        return RegistrationStatus(
            RegistrationStatus.NOT_YET_OPEN, opens_at=event.registration_opens_at, closes_at=closes_at
        )
    if at >= closes_at:
        return RegistrationStatus(RegistrationStatus.CLOSED)
    if event.capacity is None:
        return RegistrationStatus(RegistrationStatus.OPEN, closes_at=closes_at)
    if taken is None:
        taken = taken_seats(event=event)
    seats_left = max(event.capacity - taken, 0)
    if seats_left:
        return RegistrationStatus(RegistrationStatus.OPEN, seats_left=seats_left, closes_at=closes_at)
    if event.waitlist_enabled:
        return RegistrationStatus(RegistrationStatus.WAITLIST, seats_left=0, closes_at=closes_at)
    return RegistrationStatus(RegistrationStatus.FULL, seats_left=0)


def with_registration_status(events) -> list[Event]:
    """The events with `public_registration` set for list cards, their seats counted in one query."""
    events = list(events)
    taken = taken_seats_by_event(events=events)
    for event in events:
        event.public_registration = registration_status(event=event, taken=taken.get(event.pk, 0))
    return events


def organization_events(*, organization: Organization) -> QuerySet[Event]:
    """Public events the organization organizes or supports as a partner, newest first."""
    return (
        public_events()
        .filter(Q(organization=organization) | Q(partners__organization=organization))
        .distinct()
        .order_by("-starts_at", "-pk")
    )


def hosted_sessions(*, organization: Organization) -> QuerySet[Session]:
    """Sessions of public events held at the organization as their host (study visits), in time order."""
    return (
        Session.objects.filter(host_organization=organization, event__in=public_events())
        .select_related("event", "venue")
        .order_by("starts_at", "pk")
    )


def public_organizations(*, region: str = "", kind: str = "") -> QuerySet[Organization]:
    organizations = Organization.objects.all()
    if region:
        organizations = organizations.filter(region=region)
    if kind:
        organizations = organizations.filter(kind=kind)
    return organizations.order_by("name")
