"""The sitemap: public events, their sessions, speakers, organizations and series, in every language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, QuerySet

from agenda.models import Person, Session, SessionRole
from organizations.models import Organization

from .models import Event, Series


class PortalSitemap(Sitemap):
    """Addresses built from settings.SITE_URL, with hreflang alternates for pl, uk and en."""

    i18n = True
    alternates = True
    x_default = True
    # Each item is listed in three languages; a sitemap file holds at most 50,000 addresses.
    limit = 15000

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class EventSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 0.9

    def items(self) -> QuerySet[Event]:
        return Event.objects.published().order_by("-starts_at", "pk")

    def lastmod(self, event: Event):
        return event.updated_at


class SessionSitemap(PortalSitemap):
    priority = 0.5

    def items(self) -> QuerySet[Session]:
        return (
            Session.objects.filter(event__in=Event.objects.published())
            .select_related("event")
            .order_by("event__starts_at", "starts_at", "pk")
        )

    def lastmod(self, session: Session):
        return session.updated_at


class PersonSitemap(PortalSitemap):
    priority = 0.4

    def items(self) -> QuerySet[Person]:
        # Only people with a role in a published event have a public page.
        public_roles = SessionRole.objects.filter(
            person=OuterRef("pk"), session__event__in=Event.objects.published()
        )
        return Person.objects.filter(Exists(public_roles)).order_by("slug")

    def lastmod(self, person: Person):
        return person.updated_at


class OrganizationSitemap(PortalSitemap):
    priority = 0.5

    def items(self) -> QuerySet[Organization]:
        return Organization.objects.order_by("slug")

    def lastmod(self, organization: Organization):
        return organization.updated_at


class SeriesSitemap(PortalSitemap):
    priority = 0.6

    def items(self) -> QuerySet[Series]:
        return Series.objects.order_by("slug")

    def lastmod(self, series: Series):
        return series.updated_at


SITEMAPS = {
    "events": EventSitemap,
    "sessions": SessionSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "series": SeriesSitemap,
}
