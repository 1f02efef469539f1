"""The embeddable list of an organization's (or a series') upcoming events, for other sites' pages.

Only these pages may be shown in a frame: their Content-Security-Policy names the organization's sites in
frame-ancestors (any site when none are named), while the rest of the portal keeps frame-ancestors 'none'.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.html import format_html
from django.utils.translation import gettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from events.models import Series
from events.selectors import upcoming_events
from organizations.models import Organization
from registrations.selectors import with_registration_status

SHOWN_EVENTS = 10


def embed_snippet(organization: Organization) -> str:
    """The HTML an organizer pastes into their own site."""
    url = settings.SITE_URL + reverse("syndication:embed_organization", kwargs={"slug": organization.slug})
    title = gettext("Events of %(name)s") % {"name": organization.name}
    return str(
        format_html(
            '<iframe src="{}" title="{}" width="100%" height="480" loading="lazy"></iframe>', url, title
        )
    )


def _framed(response, organization: Organization):
    ancestors = organization.embed_origin_list or ["*"]
    response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ancestors, "base-uri": [CSP.NONE]}
    response["Cache-Control"] = "public, max-age=300"
    return response


def _render(request, *, heading: str, organization: Organization, events):
    events = with_registration_status(events[:SHOWN_EVENTS])
    context = {"heading": heading, "events": events, "site_url": settings.SITE_URL}
    return _framed(render(request, "api/embed.html", context), organization)


@require_safe
@xframe_options_exempt
def organization_embed(request, slug: str):
    organization = get_object_or_404(Organization, slug=slug)
    events = upcoming_events().filter(organization=organization)
    return _render(request, heading=organization.name, organization=organization, events=events)


@require_safe
@xframe_options_exempt
def series_embed(request, slug: str):
    series = get_object_or_404(Series.objects.select_related("organization"), slug=slug)
    events = upcoming_events().filter(series=series)
    return _render(request, heading=series.title, organization=series.organization, events=events)
