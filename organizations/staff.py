"""Staff in the admin: one login (allauth's, with its limits and second factor) and MFA where it is required.

With STAFF_MFA_REQUIRED on (production), superusers and members who may see accessibility and health
answers reach the admin only once they have set up TOTP; until then every admin page sends them to the
setup. The embedded demo leaves it optional and says so after login.
"""

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from organizations.models import Membership


def should_use_mfa(user) -> bool:
    """Superusers and members who may see health answers: their accounts hold the most sensitive data."""
    return bool(
        user.is_authenticated
        and user.is_staff
        and (user.is_superuser or Membership.objects.filter(user=user, can_view_sensitive_data=True).exists())
    )


def lacks_required_mfa(user) -> bool:
    return settings.STAFF_MFA_REQUIRED and should_use_mfa(user) and not is_mfa_enabled(user)


def admin_has_permission(request) -> bool:
    """admin.site.has_permission: active staff, with a second factor where it is required."""
    user = request.user
    return user.is_active and user.is_staff and not lacks_required_mfa(user)


@secure_admin_login
def admin_login(request, extra_context=None):
    """admin.site.login: allauth sends whoever is not signed in to the site's login, which comes back here;
    staff who lack a required second factor are sent to set it up (allauth asks for the password again)."""
    if lacks_required_mfa(request.user):
        messages.warning(
            request,
            _(
                "Your account can see accessibility and health answers, so the administration needs "
                "two-factor authentication. Set it up with an authenticator app, then open the "
                "administration again."
            ),
        )
        return redirect("mfa_activate_totp")
    return redirect("admin:index")


def tell_staff_about_mfa(request, user, **kwargs) -> None:
    """user_logged_in: staff without a second factor learn whether this installation requires one."""
    if request is None or not should_use_mfa(user) or is_mfa_enabled(user):
        return
    if settings.STAFF_MFA_REQUIRED:
        return  # the admin sends them to the setup
    messages.info(
        request,
        _(
            "Two-factor authentication is optional on this installation, so the demo logins work at "
            "once. In production your account must set it up: Two-factor authentication, at the top of "
            "the administration."
        ),
        fail_silently=True,  # logins made outside a request cycle (force_login in tools) carry no messages
    )
