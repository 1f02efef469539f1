"""Read queries behind the public pages: published events, their filters, partners and registration status."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from agenda.models import Session
from common import languages
from organizations.models import Organization

from . import page_cache
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


def cached_published_event(*, slug: str, part: str, load: Callable[[EventQuerySet], Event]) -> Event:
    """The published event at `slug` as `load` reads it from its one-row queryset, kept in the cache.

    Which event holds the slug is kept under the slug's version, the event under its own (page_cache), so a
    save of the event or of anything its pages show replaces them; `part` names what `load` reads. A copy
    only shows: whatever decides (a registration's rules) is read again under the event's lock.
    Raises Event.DoesNotExist.
    """
    events = Event.objects.published()
    slug_version, owner = page_cache.slug_key(slug), f"event-at:{slug}"
    pk = page_cache.Fragments([slug_version], [owner]).get(
        owner, [slug_version], lambda: events.values_list("pk", flat=True).get(slug=slug)
    )
    event = cached_published_event_by_pk(pk=pk, part=part, load=load)
    if event.slug != slug:  # the event took another slug since: whichever holds this one now
        return load(events.filter(slug=slug))
    return event


def cached_published_event_by_pk(*, pk: int, part: str, load: Callable[[EventQuerySet], Event]) -> Event:
    """The published event `pk` as `load` reads it, kept under the event's version (see above)."""
    version, name = page_cache.event_key(pk), f"{part}:{pk}"
    return page_cache.Fragments([version], [name]).get(
        name, [version], lambda: load(Event.objects.published().filter(pk=pk))
    )


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
                for code in languages.CODES:
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
    for code in languages.CODES:
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
