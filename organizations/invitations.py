"""Inviting members: an owner names an e-mail address and a role; the person sets a password by the link
sent there and becomes a staff member of that organization only.

A link is refused once it has been used, after it expires, or when the owner withdrew the invitation.
"""

import datetime as dt
import logging
from enum import StrEnum

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Invitation, Membership
from .permissions import ensure_organizer_group

logger = logging.getLogger(__name__)

INVITATION_VALID_FOR = dt.timedelta(days=7)
LINK_SALT = "organizations.invitation"


class LinkState(StrEnum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    INVALID = "invalid"


def token_for(invitation: Invitation) -> str:
    return salted_hmac(LINK_SALT, str(invitation.public_id), algorithm="sha256").hexdigest()


def accept_url_for(invitation: Invitation) -> str:
    path = reverse(
        "organizations:invitation_accept",
        kwargs={"public_id": invitation.public_id, "token": token_for(invitation)},
    )
    return settings.SITE_URL.rstrip("/") + path


def link_state(invitation: Invitation | None, token: str, *, now: dt.datetime | None = None) -> LinkState:
    """What a link's invitation allows: acceptance, or the reason it is refused."""
    if invitation is None or not constant_time_compare(token, token_for(invitation)):
        return LinkState.INVALID
    if invitation.accepted_at is not None:
        return LinkState.USED
    if invitation.expires_at <= (now or timezone.now()):
        return LinkState.EXPIRED
    return LinkState.VALID


def account_for(email: str):
    """The account with this e-mail address, if there is exactly one."""
    matches = list(get_user_model().objects.filter(email__iexact=email)[:2])
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def invite_member(*, invitation: Invitation, invited_by) -> Invitation:
    """Save the invitation (organization, e-mail, role) with its expiry and send its link after commit.

    An earlier open invitation to the same address for this organization is withdrawn, so only the
    newest link works.
    """
    invitation.email = invitation.email.strip()
    Invitation.objects.filter(
        organization=invitation.organization, email__iexact=invitation.email, accepted_at__isnull=True
    ).exclude(pk=invitation.pk).delete()
    invitation.invited_by = invited_by
    invitation.expires_at = timezone.now() + INVITATION_VALID_FOR
    invitation.save()
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: _queue_invitation_email(invitation.pk, language))
    return invitation


def _queue_invitation_email(invitation_id: int, language: str) -> None:
    from .tasks import send_invitation_email_task

    send_invitation_email_task.delay(invitation_id, language)


def send_invitation_email(invitation_id: int, language: str) -> None:
    """Send the invitation's link, in the language the owner used; a withdrawn or used one is skipped."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.accepted_at is not None:
        return
    with translation.override(language):
        context = {
            "invitation": invitation,
            "organization": invitation.organization,
            "role": invitation.get_role_display(),
            "url": accept_url_for(invitation),
            "expires_at": invitation.expires_at,
            "has_account": account_for(invitation.email) is not None,
        }
        subject = render_to_string("organizations/email/invitation_subject.txt", context).strip()
        body = render_to_string("organizations/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
    logger.info("invitation %s sent", invitation.pk)


@transaction.atomic
def accept_invitation(*, invitation: Invitation, password: str | None):
    """Make the invited person a staff member of the organization with the invited role.

    A new account is created with `password`; an existing account with this address keeps its password
    (None is passed for it). The address counts as verified: the link reached it. Returns the account.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
        raise InvitationNotUsable(invitation)
    user = account_for(invitation.email)
    if user is None:
        user = get_user_model().objects.create_user(
            username=_free_username(invitation.email), email=invitation.email, password=password
        )
    user.is_staff = True
    user.is_active = True
    user.save(update_fields=["is_staff", "is_active"])
    user.groups.add(ensure_organizer_group())
    Membership.objects.update_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=invitation.email, defaults={"email": invitation.email}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    if not EmailAddress.objects.filter(user=user, primary=True).exists():
        address.set_as_primary()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return user


class InvitationNotUsable(Exception):
    """The invitation was used or expired while the form was open."""


def _free_username(email: str) -> str:
    user_model = get_user_model()
    base = email.split("@")[0][:140] or "member"
    candidate, number = base, 1
    while user_model.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate
