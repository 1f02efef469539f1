"""Owners manage their own organization in the admin with the Organizers group's permissions, nothing more.

These accounts hold exactly what an organizer gets in a real installation (the Organizers group), not a
test-made set of permissions, so a permission the group lacks shows here as the 403 an owner would see.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from organizations.models import Membership, Organization
from organizations.permissions import ensure_organizer_group
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def organizer(organization, role) -> get_user_model():
    membership = MembershipFactory(organization=organization, role=role)
    membership.user.groups.add(ensure_organizer_group())
    return membership.user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def organization_form(organization, **changes) -> dict:
    data = {
        "name": organization.name,
        "slug": organization.slug,
        "kind": organization.kind,
        "description_pl": "",
        "website": "",
        "email": "",
        "city": "",
        "region": "",
    }
    return {**data, **changes}


@pytest.fixture
def two():
    return OrganizationFactory(name="Fundacja A"), OrganizationFactory(name="Fundacja B")


def test_an_owner_edits_their_organization(two):
    own, _other = two
    client = signed_in(organizer(own, Membership.Role.OWNER))

    page = client.get(reverse("admin:organizations_organization_change", args=[own.pk]))
    saved = client.post(
        reverse("admin:organizations_organization_change", args=[own.pk]),
        organization_form(own, name="Fundacja A – nowa nazwa", city="Lublin"),
    )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is True
    assert saved.status_code == 302
    own.refresh_from_db()
    assert (own.name, own.city) == ("Fundacja A – nowa nazwa", "Lublin")


def test_an_owner_adds_and_removes_members_of_their_organization(two):
    own, _other = two
    client = signed_in(organizer(own, Membership.Role.OWNER))
    newcomer = UserFactory(email="nowa@example.org", is_staff=True)

    added = client.post(
        reverse("admin:organizations_membership_add"),
        {"user": "nowa@example.org", "organization": own.pk, "role": Membership.Role.EDITOR},
    )
    membership = Membership.objects.get(user=newcomer)
    removed = client.post(
        reverse("admin:organizations_membership_delete", args=[membership.pk]), {"post": "yes"}
    )

    assert added.status_code == 302
    assert membership.organization == own
    assert removed.status_code == 302
    assert not Membership.objects.filter(user=newcomer).exists()


def test_an_owner_cannot_touch_another_organization(two):
    own, other = two
    client = signed_in(organizer(own, Membership.Role.OWNER))
    other_member = MembershipFactory(organization=other, role=Membership.Role.VIEWER)

    client.post(
        reverse("admin:organizations_organization_change", args=[other.pk]),
        organization_form(other, name="Przejęta"),
    )
    client.post(
        reverse("admin:organizations_membership_change", args=[other_member.pk]),
        {"role": Membership.Role.OWNER},
    )
    client.post(reverse("admin:organizations_membership_delete", args=[other_member.pk]), {"post": "yes"})

    other.refresh_from_db()
    other_member.refresh_from_db()
    assert other.name == "Fundacja B"
    assert other_member.role == Membership.Role.VIEWER


def test_an_owner_cannot_grant_roles_in_another_organization(two):
    own, other = two
    client = signed_in(organizer(own, Membership.Role.OWNER))
    UserFactory(email="ktos@example.org")

    response = client.post(
        reverse("admin:organizations_membership_add"),
        {"user": "ktos@example.org", "organization": other.pk, "role": Membership.Role.OWNER},
    )

    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(organization=other).exists()


def test_an_owner_cannot_make_themselves_superuser_or_create_organizations(two):
    own, _other = two
    owner = organizer(own, Membership.Role.OWNER)
    client = signed_in(owner)

    user_page = client.get(reverse("admin:auth_user_change", args=[owner.pk]))
    promoted = client.post(
        reverse("admin:auth_user_change", args=[owner.pk]),
        {"username": owner.username, "is_staff": "on", "is_superuser": "on", "is_active": "on"},
    )
    new_organization = client.get(reverse("admin:organizations_organization_add"))

    owner.refresh_from_db()
    assert user_page.status_code == 403
    assert promoted.status_code == 403
    assert not owner.is_superuser
    assert new_organization.status_code == 403


@pytest.mark.parametrize("role", [Membership.Role.EDITOR, Membership.Role.VIEWER])
def test_editors_and_viewers_only_look_at_the_organization_and_its_members(two, role):
    own, _other = two
    client = signed_in(organizer(own, role))
    owner_membership = MembershipFactory(organization=own, role=Membership.Role.OWNER)

    page = client.get(reverse("admin:organizations_organization_change", args=[own.pk]))
    renamed = client.post(
        reverse("admin:organizations_organization_change", args=[own.pk]), organization_form(own, name="Inna")
    )
    demoted = client.post(
        reverse("admin:organizations_membership_change", args=[owner_membership.pk]),
        {"role": Membership.Role.VIEWER},
    )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert renamed.status_code == 403
    assert demoted.status_code == 403
    assert Organization.objects.get(pk=own.pk).name == "Fundacja A"
    assert Membership.objects.get(pk=owner_membership.pk).role == Membership.Role.OWNER
