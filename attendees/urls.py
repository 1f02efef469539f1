from django.urls import path

from attendees import views

app_name = "attendees"

urlpatterns = [
    path("events/<slug:slug>/participants/", views.ParticipantListView.as_view(), name="participant_list"),
]
