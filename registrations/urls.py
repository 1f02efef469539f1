from django.urls import path

from . import public_views, views

app_name = "registrations"

urlpatterns = [
    path("events/<slug:slug>/register/", views.RegistrationCreateView.as_view(), name="register"),
    path(
        "events/<slug:slug>/register/questions/",
        views.RegistrationQuestionsView.as_view(),
        name="register_questions",
    ),
    path("events/<slug:slug>/register/done/", views.RegistrationDoneView.as_view(), name="register_done"),
    path("manage/<str:token>/", views.ManageView.as_view(), name="manage"),
    path("manage/<str:token>/edit/", views.ManageEditView.as_view(), name="manage_edit"),
    path("manage/<str:token>/cancel/", views.ManageCancelView.as_view(), name="manage_cancel"),
    path("manage/<str:token>/sessions/", views.ManageSessionsView.as_view(), name="manage_sessions"),
    path("manage/<str:token>/calendar.ics", views.ManageCalendarView.as_view(), name="manage_calendar"),
    path("manage/<str:token>/accept/", views.OfferAcceptView.as_view(), name="accept_offer"),
    path(
        "manage/<str:token>/downloads/<int:pk>/", views.ManageDownloadView.as_view(), name="manage_download"
    ),
    path("my-registrations/", views.MyRegistrationsView.as_view(), name="my_registrations"),
    path(
        "events/<slug:slug>/participants/",
        public_views.ParticipantListView.as_view(),
        name="participant_list",
    ),
]
