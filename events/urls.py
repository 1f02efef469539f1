from django.urls import path

from . import calendar_urls, views
from .page_cache import cache_public_page

app_name = "events"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/archive/", views.EventArchiveView.as_view(), name="event_archive"),
    path(
        "events/<slug:slug>/",
        cache_public_page(views.EventDetailView.as_view(), render_box=views.fresh_registration_box),
        name="event_detail",
    ),
    path(
        "events/<slug:slug>/agenda/", cache_public_page(views.EventAgendaView.as_view()), name="event_agenda"
    ),
    path("events/<slug:slug>/sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series_detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
]
# Calendar files and feeds (events/calendar_urls.py).
urlpatterns += calendar_urls.urlpatterns
