"""RSS and Atom feeds of upcoming events, beside the iCal feeds: all events, per organization, per series."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from events.models import Event, Series
from events.selectors import upcoming_events
from organizations.models import Organization

FEED_SIZE = 50


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


class EventsFeed(Feed):
    """Upcoming published and cancelled events, soonest first."""

    def title(self, obj=None) -> str:
        return gettext("Refugee support events")

    def link(self, obj=None) -> str:
        return _absolute(obj.get_absolute_url() if obj is not None else "/events/")

    def description(self, obj=None) -> str:
        return gettext("Upcoming events")

    def events(self, obj):
        return upcoming_events()

    def items(self, obj=None):
        return self.events(obj)[:FEED_SIZE]

    def item_title(self, event: Event) -> str:
        if event.status == Event.Status.CANCELLED:
            return gettext("Cancelled: %(title)s") % {"title": event.title}
        return event.title

    def item_description(self, event: Event) -> str:
        return event.summary

    def item_link(self, event: Event) -> str:
        return _absolute(event.get_absolute_url())

    def item_pubdate(self, event: Event):
        return event.created_at

    def item_updateddate(self, event: Event):
        return event.updated_at


class OrganizationEventsFeed(EventsFeed):
    def get_object(self, request, slug: str) -> Organization:
        return get_object_or_404(Organization, slug=slug)

    def title(self, obj=None) -> str:
        return obj.name

    def events(self, obj):
        return upcoming_events().filter(organization=obj)


class SeriesEventsFeed(EventsFeed):
    def get_object(self, request, slug: str) -> Series:
        return get_object_or_404(Series, slug=slug)

    def title(self, obj=None) -> str:
        return obj.title

    def events(self, obj):
        return upcoming_events().filter(series=obj)


def atom(feed_class: type[EventsFeed]) -> EventsFeed:
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.description},
    )()
