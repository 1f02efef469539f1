"""Demo logins: one administrator and one owner account per organizing organization."""

import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from organizations.models import Membership, Organization
from organizations.permissions import ensure_organizer_group

ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    email: str
    description: str
    # Set only when the account was created in this run; an existing account keeps its password.
    password: str | None


def ensure_accounts(*, organizations: list[Organization]) -> list[DemoAccount]:
    """Create the missing accounts with generated passwords; existing ones are left as they are."""
    group = ensure_organizer_group()
    accounts = [_ensure_user(ADMIN_USERNAME, "superuser", is_superuser=True)[1]]
    for organization in organizations:
        user, account = _ensure_user(organization.slug, f"owner of {organization.name}", is_superuser=False)
        if account.password:
            user.groups.add(group)
        Membership.objects.get_or_create(
            user=user,
            organization=organization,
            defaults={"role": Membership.Role.OWNER, "can_view_sensitive_data": True},
        )
        accounts.append(account)
    return accounts


def _ensure_user(username: str, description: str, *, is_superuser: bool):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is not None:
        return user, DemoAccount(username, user.email, description, None)
    password = secrets.token_urlsafe(12)
    email = f"{username}@example.org"
    user = user_model(username=username, email=email, is_staff=True, is_superuser=is_superuser)
    user.set_password(password)
    user.save()
    # Logins go through allauth, which admits verified addresses only; nobody can read a demo inbox.
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, DemoAccount(username, email, description, password)
