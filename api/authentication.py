"""`Authorization: Bearer <key>` for the organizer API, and the scope each endpoint needs."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from .tokens import token_for_key


class ApiTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after “Bearer ”."))
        token = token_for_key(parts[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown, expired or revoked."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="organizer API"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "organizerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, created in admin under API tokens.",
        }


class HasTokenScope(BasePermission):
    """The token must carry the view's `required_scope`: "read_registrations" or "check_in"."""

    message = _("This token may not do this: create one with the needed scope.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if token is None:
            return False
        return bool(getattr(token, f"can_{view.required_scope}"))
