from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import docs, organizer, views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", docs.ApiDocsView.as_view(), name="docs"),
    path("v1/organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("v1/organizations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("v1/series/", views.SeriesListView.as_view(), name="series_list"),
    path("v1/series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series_detail"),
    path("v1/events/", views.EventListView.as_view(), name="event_list"),
    path("v1/events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("v1/events/<slug:slug>/agenda/", views.AgendaView.as_view(), name="event_agenda"),
    path("v1/people/", views.PersonListView.as_view(), name="person_list"),
    path("v1/people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
]
urlpatterns += [
    path("v1/organizer/events/", organizer.OrganizerEventListView.as_view(), name="organizer_events"),
    path(
        "v1/organizer/events/<int:event_id>/registrations/",
        organizer.RegistrationListView.as_view(),
        name="organizer_registrations",
    ),
    path(
        "v1/organizer/events/<int:event_id>/attendance/",
        organizer.AttendanceListView.as_view(),
        name="organizer_attendance",
    ),
    path(
        "v1/organizer/events/<int:event_id>/check-in/",
        organizer.CheckInView.as_view(),
        name="organizer_checkin",
    ),
]
