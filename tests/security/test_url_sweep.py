"""Default deny: every route is classified, and an anonymous visitor gets nothing from the protected ones.

A route added without a line in the classification below fails `test_every_route_is_classified`, so
whoever adds it decides whether it is public, token-protected or for signed-in people only.
"""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from agenda.models import Person, Session
from events.models import Event, Series
from organizations.models import Organization

from .conftest import unique_address

# Pages anyone may open: the public site, feeds, health, sitemap and the account entrance pages.
PUBLIC = {
    "health",
    "favicon",
    "set_language",
    "sitemap",
    "events:home",
    "events:event_list",
    "events:event_archive",
    "events:event_detail",
    "events:event_agenda",
    "events:session_detail",
    "events:person_detail",
    "events:series_detail",
    "events:organization_list",
    "events:organization_detail",
    "events:events_feed",
    "events:event_ics",
    "events:session_ics",
    "events:organization_feed",
    "events:series_feed",
    # The public read API, its schema and documentation (api/): published data only.
    "api:schema",
    "api:docs",
    "api:organization_list",
    "api:organization_detail",
    "api:series_list",
    "api:series_detail",
    "api:event_list",
    "api:event_detail",
    "api:event_agenda",
    "api:person_list",
    "api:person_detail",
    "syndication:schedule_xml",
    "syndication:schedule_json",
    "syndication:embed_organization",
    "syndication:embed_series",
    "syndication:events_rss",
    "syndication:events_atom",
    "syndication:organization_rss",
    "syndication:organization_atom",
    "syndication:series_rss",
    "syndication:series_atom",
    "registrations:register",
    "registrations:register_questions",
    "registrations:register_done",
    # Lists only participants who consented to appear on it.
    "attendees:participant_list",
    # Uploaded files: public ones with safe headers; a registrants-only attachment is refused here.
    "media",
    "attachment_file",
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_email_verification_sent",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_email",
    "account_confirm_login_code",
    # The second step of a login: without a password step in the session it sends back to the login.
    "mfa_authenticate",
    "admin:login",
    # Signing out an anonymous visitor only redirects to the admin index, which asks to sign in.
    "admin:logout",
}
# Open to whoever holds the secret link; with a wrong token they are 404.
TOKEN_PROTECTED = {
    "registrations:manage",
    "registrations:manage_edit",
    "registrations:manage_cancel",
    "registrations:manage_calendar",
    "registrations:manage_sessions",
    "registrations:manage_download",
    "registrations:accept_offer",
    "organizations:invitation_accept",
}
# For signed-in people only. Every other admin route is swept as protected too (see `classify`).
SIGNED_IN = {
    "registrations:my_registrations",
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_reauthenticate",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
}
# The organizer API, for holders of a personal API token (401 without one).
ORGANIZER_API = {
    "api:organizer_events",
    "api:organizer_registrations",
    "api:organizer_attendance",
    "api:organizer_checkin",
}
DENIED_STATUSES = {401, 403, 404, 405, 429}
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
WRONG_TOKEN = "wrong-token-" + "x" * 32


@dataclass(frozen=True)
class Route:
    name: str | None
    route: str
    pattern: URLPattern


def walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Route(name=name, route=prefix + str(pattern.pattern), pattern=pattern)


def all_routes() -> list[Route]:
    return list(walk(get_resolver().url_patterns))


def classify(route: Route) -> str | None:
    if route.name in PUBLIC:
        return "public"
    if route.name in TOKEN_PROTECTED:
        return "token"
    if route.name in SIGNED_IN or route.name in ORGANIZER_API:
        return "signed_in"
    if (route.name or "").startswith("admin:") or (route.name is None and route.route.startswith("admin/")):
        return "signed_in"
    return None


def admin_model_for(route: Route):
    """The model behind an admin route such as admin/events/event/<path:object_id>/change/."""
    for model in admin.site._registry:
        if route.route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def any_pk(model) -> str:
    instance = model._default_manager.order_by("pk").first()
    return str(instance.pk) if instance is not None else "1"


def fill(route: Route) -> dict:
    """Path parameters from the demo data, so protected routes are tried against real objects."""
    parameters = list(route.pattern.pattern.regex.groupindex)
    event = Event.objects.published().order_by("pk").first()
    values = {}
    for parameter in parameters:
        if parameter == "slug":
            if route.route.startswith("people/"):
                values["slug"] = Person.objects.order_by("pk").first().slug
            elif route.route.startswith("series/"):
                values["slug"] = Series.objects.order_by("pk").first().slug
            elif route.route.startswith("organizations/"):
                values["slug"] = Organization.objects.order_by("pk").first().slug
            else:
                values["slug"] = event.slug
        elif parameter == "pk":
            values["pk"] = Session.objects.filter(event=event).order_by("pk").first().pk
        elif parameter == "token":
            values["token"] = WRONG_TOKEN
        elif parameter == "event_id":
            values["event_id"] = event.pk
        elif parameter == "object_id":
            model = admin_model_for(route) or get_user_model()
            values["object_id"] = any_pk(model)
        elif parameter == "id":
            values["id"] = any_pk(get_user_model())
        elif parameter == "content_type_id":
            values["content_type_id"] = ContentType.objects.get_for_model(Event).pk
        elif parameter == "app_label":
            values["app_label"] = "registrations"
        elif parameter == "url":
            values["url"] = "registrations/registration/nothing-here/"
        elif parameter == "key":
            values["key"] = "MQ:dummy-key"
        elif parameter in {"name", "path"}:
            values[parameter] = "nothing-here.pdf"
        elif parameter == "uidb36":
            values["uidb36"] = "1"
        elif parameter == "public_id":
            values["public_id"] = "00000000-0000-4000-8000-000000000000"
        elif parameter == "fmt":
            values["fmt"] = "csv"
        else:
            raise AssertionError(f"No value for path parameter {parameter!r} of {route.route}")
    return values


def fill_route(route: str, kwargs: dict) -> str:
    """An unnamed route's path: `<conv:name>` and `(?P<name>...)` groups replaced by their values."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[match.group(1)]), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda match: str(kwargs[match.group(1)]), path)
    return path.lstrip("^").rstrip("$")


def paths_for(route: Route) -> list[str]:
    """The route's address in each site language (the default one has no prefix)."""
    kwargs = fill(route)
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if route.name:
                paths.append(reverse(route.name, kwargs=kwargs))
            else:
                prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
                paths.append(prefix + "/" + fill_route(route.route, kwargs))
    return sorted(set(paths))


def is_denied(response) -> bool:
    if response.status_code in DENIED_STATUSES:
        return True
    if response.status_code in {301, 302}:
        location = re.sub(r"^/(uk|en)/", "/", response["Location"])
        return location.startswith(LOGIN_PATHS)
    return False


def test_every_route_is_classified():
    unclassified = [(route.name, route.route) for route in all_routes() if classify(route) is None]

    assert unclassified == []


def test_classification_names_only_existing_routes():
    names = {route.name for route in all_routes()}

    stale = (PUBLIC | TOKEN_PROTECTED | SIGNED_IN | ORGANIZER_API) - names

    assert stale == set()


@pytest.mark.django_db
def test_anonymous_visitor_is_denied_every_protected_route(demo, client):
    assert apps.is_installed("django.contrib.admin")
    allowed = []
    for route in all_routes():
        if classify(route) not in {"signed_in", "token"}:
            continue
        for path in paths_for(route):
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                if not is_denied(response):
                    allowed.append((method.upper(), path, response.status_code, response.get("Location")))

    assert allowed == [], "\n".join(map(str, allowed))


@pytest.mark.django_db
def test_token_pages_with_a_wrong_token_are_not_found(demo):
    statuses = {}
    for route in all_routes():
        if classify(route) == "token":
            for path in paths_for(route):
                client = Client(REMOTE_ADDR=unique_address())
                statuses[path] = (client.get(path).status_code, client.post(path).status_code)

    assert set(statuses.values()) == {(404, 404)}


@pytest.mark.django_db
def test_public_routes_answer_without_a_server_error(demo, client):
    errors = []
    for route in all_routes():
        if classify(route) != "public":
            continue
        for path in paths_for(route):
            response = client.get(path)
            if response.status_code >= 500:
                errors.append((path, response.status_code))

    assert errors == []
