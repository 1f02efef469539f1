"""Addresses beside the public pages (inside the language prefixes): schedules, embeds and feeds."""

from django.urls import path

from . import embed, feeds, page_views

app_name = "syndication"

urlpatterns = [
    path("events/<slug:slug>/schedule.xml", page_views.schedule_xml_view, name="schedule_xml"),
    path("events/<slug:slug>/schedule.json", page_views.schedule_json_view, name="schedule_json"),
    path("embed/organizations/<slug:slug>/", embed.organization_embed, name="embed_organization"),
    path("embed/series/<slug:slug>/", embed.series_embed, name="embed_series"),
    path("calendar/events.rss", feeds.EventsFeed(), name="events_rss"),
    path("calendar/events.atom", feeds.atom(feeds.EventsFeed), name="events_atom"),
    path("organizations/<slug:slug>/events.rss", feeds.OrganizationEventsFeed(), name="organization_rss"),
    path(
        "organizations/<slug:slug>/events.atom",
        feeds.atom(feeds.OrganizationEventsFeed),
        name="organization_atom",
    ),
    path("series/<slug:slug>/events.rss", feeds.SeriesEventsFeed(), name="series_rss"),
    path("series/<slug:slug>/events.atom", feeds.atom(feeds.SeriesEventsFeed), name="series_atom"),
]
