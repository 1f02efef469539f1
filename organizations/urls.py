from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path(
        "invitations/<uuid:public_id>/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]
