from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from common.media import ATTACHMENT_FOLDER, serve_public_media
from events.sitemaps import SITEMAPS
from events.views import AttachmentFileView

from . import errors, health

MEDIA_PREFIX = settings.MEDIA_URL.lstrip("/")

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler429 = errors.too_many_requests  # looked up by allauth's rate limits
handler500 = errors.server_error

urlpatterns = [
    path("health/", health.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Browsers and feed readers that ignore <link rel="icon"> still ask for /favicon.ico.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True), name="favicon"),
    # Language by ?lang= or Accept-Language, not by a path prefix: one address per resource for apps.
    path("api/", include("api.urls")),
    # Uploads are served here in every environment, with headers that keep them from acting as pages.
    path(
        f"{MEDIA_PREFIX}{ATTACHMENT_FOLDER}/<str:name>", AttachmentFileView.as_view(), name="attachment_file"
    ),
    path(f"{MEDIA_PREFIX}<path:path>", serve_public_media, name="media"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("organizations.urls")),
    path("", include("events.urls")),
    path("", include("api.page_urls")),
    path("", include("registrations.urls")),
    path("", include("attendees.urls")),
    prefix_default_language=False,
)
