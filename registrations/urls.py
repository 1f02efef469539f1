from django.urls import path

from registrations.views import manage, register

app_name = "registrations"

urlpatterns = [
    path(
        "events/<slug:slug>/register/",
        register.RegistrationCreateView.as_view(),
        name="register",
    ),
    path(
        "events/<slug:slug>/register/questions/",
        register.RegistrationQuestionsView.as_view(),
        name="register_questions",
    ),
    path(
        "events/<slug:slug>/register/done/",
        register.RegistrationDoneView.as_view(),
        name="register_done",
    ),
    path("manage/<str:token>/", manage.ManageView.as_view(), name="manage"),
    path("manage/<str:token>/edit/", manage.ManageEditView.as_view(), name="manage_edit"),
    path("manage/<str:token>/cancel/", manage.ManageCancelView.as_view(), name="manage_cancel"),
    path(
        "manage/<str:token>/sessions/",
        manage.ManageSessionsView.as_view(),
        name="manage_sessions",
    ),
    path(
        "manage/<str:token>/calendar.ics",
        manage.ManageCalendarView.as_view(),
        name="manage_calendar",
    ),
    path("manage/<str:token>/accept/", manage.OfferAcceptView.as_view(), name="accept_offer"),
    path(
        "manage/<str:token>/downloads/<int:pk>/",
        manage.ManageDownloadView.as_view(),
        name="manage_download",
    ),
    path("my-registrations/", manage.MyRegistrationsView.as_view(), name="my_registrations"),
]
