from django.urls import path

from . import calendar_views as views

urlpatterns = [
    path("calendar/events.ics", views.events_feed, name="events_feed"),
    path("events/<slug:slug>/calendar.ics", views.event_ics, name="event_ics"),
    path("events/<slug:slug>/sessions/<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("organizations/<slug:slug>/calendar.ics", views.organization_feed, name="organization_feed"),
    path("series/<slug:slug>/calendar.ics", views.series_feed, name="series_feed"),
]
