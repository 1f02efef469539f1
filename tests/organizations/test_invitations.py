"""Owners invite members by e-mail with a role; the link sets a password once and gives staff access to
that organization only."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from organizations import invitations
from organizations.models import Invitation, Membership
from organizations.permissions import ensure_organizer_group
from tests.factories import EventFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Kielce-wiosna-2027!"


def organizer(organization, role=Membership.Role.OWNER):
    membership = MembershipFactory(organization=organization, role=role)
    membership.user.groups.add(ensure_organizer_group())
    return membership.user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invite(client, organization, email="nowa@example.org", role=Membership.Role.EDITOR):
    return client.post(
        reverse("admin:organizations_invitation_add"),
        {"email": email, "organization": organization.pk, "role": role},
    )


def link_in(message) -> str:
    return re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)


def test_owner_invites_and_the_person_joins_with_a_password(django_capture_on_commit_callbacks, mailoutbox):
    own, other = OrganizationFactory(name="Fundacja A"), OrganizationFactory(name="Fundacja B")
    EventFactory(organization=own, title="Nasze spotkanie")
    EventFactory(organization=other, title="Cudze spotkanie")
    owner = signed_in(organizer(own))

    with django_capture_on_commit_callbacks(execute=True):
        sent = invite(owner, own)
    [message] = mailoutbox
    link = link_in(message)
    newcomer = Client()
    form = newcomer.get(link)
    joined = newcomer.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    events = newcomer.get(reverse("admin:events_event_changelist"))

    assert sent.status_code == 302
    assert message.to == ["nowa@example.org"]
    assert message.subject == "Zaproszenie do Fundacja A"
    assert form.status_code == 200
    assert joined.url == reverse("admin:index")
    user = get_user_model().objects.get(email="nowa@example.org")
    assert user.is_staff and user.check_password(PASSWORD)
    assert [(m.organization, m.role) for m in user.memberships.all()] == [(own, Membership.Role.EDITOR)]
    assert user.emailaddress_set.get().verified
    assert [event.title for event in events.context["cl"].result_list] == ["Nasze spotkanie"]


def test_a_used_link_is_refused_with_a_clear_page(django_capture_on_commit_callbacks, mailoutbox):
    own = OrganizationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invite(signed_in(organizer(own)), own)
    link = link_in(mailoutbox[0])
    Client().post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    again = Client().post(link, {"new_password1": "Inne-haslo-2027!", "new_password2": "Inne-haslo-2027!"})

    assert again.status_code == 410
    assert "Zaproszenie zostało już przyjęte" in again.content.decode()
    assert get_user_model().objects.get(email="nowa@example.org").check_password(PASSWORD)


def test_an_expired_link_is_refused(django_capture_on_commit_callbacks, mailoutbox):
    own = OrganizationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invite(signed_in(organizer(own)), own)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    response = Client().get(link_in(mailoutbox[0]))

    assert response.status_code == 410
    assert "Zaproszenie wygasło" in response.content.decode()
    assert not get_user_model().objects.filter(email="nowa@example.org").exists()


def test_a_wrong_or_withdrawn_link_is_refused(django_capture_on_commit_callbacks, mailoutbox):
    own = OrganizationFactory()
    owner = signed_in(organizer(own))
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner, own)
    link = link_in(mailoutbox[0])
    invitation = Invitation.objects.get()

    tampered = Client().get(link[:-3] + "00/")
    owner.post(reverse("admin:organizations_invitation_delete", args=[invitation.pk]), {"post": "yes"})
    withdrawn = Client().get(link)

    assert tampered.status_code == 404
    assert withdrawn.status_code == 404
    assert "zaproszenie zostało wycofane" in withdrawn.content.decode()


def test_a_new_invitation_replaces_the_open_one(django_capture_on_commit_callbacks, mailoutbox):
    own = OrganizationFactory()
    owner = signed_in(organizer(own))
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner, own)
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner, own, role=Membership.Role.VIEWER)

    first, second = (Client().get(link_in(message)) for message in mailoutbox)

    assert (first.status_code, second.status_code) == (404, 200)
    assert Invitation.objects.get().role == Membership.Role.VIEWER


def test_an_existing_account_joins_and_keeps_its_password(django_capture_on_commit_callbacks, mailoutbox):
    own = OrganizationFactory()
    person = UserFactory(email="nowa@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invite(signed_in(organizer(own)), own, role=Membership.Role.VIEWER)
    link = link_in(mailoutbox[0])

    page = Client().get(link)
    accepted = Client().post(link)

    assert "Twoje konto zachowuje swoje hasło" in mailoutbox[0].body
    assert page.context["form"] is None
    assert accepted.url.startswith(reverse("account_login"))
    person.refresh_from_db()
    assert person.is_staff and person.check_password("a-long-test-password")
    assert person.memberships.get().role == Membership.Role.VIEWER


def test_only_owners_invite_and_only_into_their_own_organizations(mailoutbox):
    own, other = OrganizationFactory(), OrganizationFactory()
    editor = signed_in(organizer(own, role=Membership.Role.EDITOR))
    owner = signed_in(organizer(own))

    by_editor = invite(editor, own)
    elsewhere = invite(owner, other)

    assert by_editor.status_code == 403
    assert elsewhere.status_code == 200
    assert "organization" in elsewhere.context["adminform"].form.errors
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_link_state_needs_the_right_token():
    invitation = Invitation.objects.create(
        organization=OrganizationFactory(),
        email="a@example.org",
        expires_at=timezone.now() + dt.timedelta(days=1),
    )

    assert (
        invitations.link_state(invitation, invitations.token_for(invitation)) == invitations.LinkState.VALID
    )
    assert invitations.link_state(invitation, "0" * 64) == invitations.LinkState.INVALID


def test_members_list_offers_owners_the_invitation():
    own = OrganizationFactory()
    owner = signed_in(organizer(own))
    editor = signed_in(organizer(own, role=Membership.Role.EDITOR))

    for_owner = owner.get(reverse("admin:organizations_membership_changelist")).content.decode()
    for_editor = editor.get(reverse("admin:organizations_membership_changelist")).content.decode()

    invite_link = f'href="{reverse("admin:organizations_invitation_add")}">Zaproś osobę e-mailem</a>'
    assert invite_link in for_owner
    assert invite_link not in for_editor
