from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from . import invitations
from .models import Invitation

REFUSED_STATUS = {
    invitations.LinkState.USED: 410,
    invitations.LinkState.EXPIRED: 410,
    invitations.LinkState.INVALID: 404,
}


class InvitationAcceptView(View):
    """The link in an invitation: set a password (or confirm, with an existing account) and join."""

    template_name = "organizations/invitation_accept.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.invitation = (
            Invitation.objects.select_related("organization").filter(public_id=kwargs["public_id"]).first()
        )
        self.state = invitations.link_state(self.invitation, kwargs["token"])
        self.account = invitations.account_for(self.invitation.email) if self.invitation else None

    def dispatch(self, request, *args, **kwargs):
        if self.state != invitations.LinkState.VALID:
            context = {"state": self.state, "invitation": self.invitation}
            response = render(
                request, "organizations/invitation_refused.html", context, status=REFUSED_STATUS[self.state]
            )
        else:
            response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        return response

    def password_form(self, data=None):
        if self.account is not None:
            return None
        # The validators compare the password with the future account's address and name.
        newcomer = get_user_model()(email=self.invitation.email, username=self.invitation.email.split("@")[0])
        return SetPasswordForm(newcomer, data)

    def render_form(self, form, status=200):
        context = {"invitation": self.invitation, "form": form, "account": self.account}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(self.password_form())

    def post(self, request, *args, **kwargs):
        form = self.password_form(request.POST)
        if form is not None and not form.is_valid():
            return self.render_form(form, status=400)
        password = form.cleaned_data["new_password1"] if form is not None else None
        try:
            user = invitations.accept_invitation(invitation=self.invitation, password=password)
        except invitations.InvitationNotUsable:
            return redirect(request.path)
        organization = self.invitation.organization.name
        if form is None:
            messages.success(
                request,
                _(
                    "You are now a member of %(organization)s. Sign in with your account to open the "
                    "administration."
                )
                % {"organization": organization},
            )
            if request.user.is_authenticated and request.user.pk == user.pk:
                return redirect("admin:index")
            return redirect(reverse("account_login") + "?next=" + reverse("admin:index"))
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Welcome to %(organization)s.") % {"organization": organization})
        return redirect("admin:index")
