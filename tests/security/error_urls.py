"""The portal's URLs plus one view that fails, to see the 500 page as a visitor would."""

from django.urls import path

from config.urls import *  # noqa: F403  (the error handlers)
from config.urls import urlpatterns as portal_urlpatterns

FAILURE_MESSAGE = "secret-detail-from-the-failure"


def failing_view(request):
    raise RuntimeError(FAILURE_MESSAGE)


urlpatterns = [path("failing/", failing_view), *portal_urlpatterns]
