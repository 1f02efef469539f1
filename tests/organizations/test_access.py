import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from agenda.models import Session, SessionRole, StudyVisit
from events.models import Event
from organizations import access
from organizations.models import Membership, Organization
from registrations.models import Choice, Registration
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    RegistrationFactory,
    SessionFactory,
    SessionRoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def member_of(organization, role, **extra):
    return MembershipFactory(organization=organization, role=role, **extra).user


def test_managed_organizations_lists_memberships_only():
    own, other = OrganizationFactory(), OrganizationFactory()
    user = member_of(own, Membership.Role.VIEWER)

    assert list(access.managed_organizations(user)) == [own]
    assert list(access.managed_organizations(user, editable=True)) == []
    assert other not in access.managed_organizations(user)


def test_managed_organizations_editable_for_editors_and_owners():
    edited, owned, viewed = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    user = member_of(edited, Membership.Role.EDITOR)
    Membership.objects.create(user=user, organization=owned, role=Membership.Role.OWNER)
    Membership.objects.create(user=user, organization=viewed, role=Membership.Role.VIEWER)

    assert set(access.managed_organizations(user, editable=True)) == {edited, owned}
    assert set(access.managed_organizations(user, owned=True)) == {owned}
    assert set(access.managed_organizations(user)) == {edited, owned, viewed}


def test_superuser_manages_every_organization():
    organizations = {OrganizationFactory(), OrganizationFactory()}
    root = UserFactory(is_superuser=True, is_staff=True)

    assert set(access.managed_organizations(root, editable=True)) == organizations
    assert access.can_edit(root, EventFactory())


def test_anonymous_and_inactive_users_manage_nothing():
    organization = OrganizationFactory()
    inactive = member_of(organization, Membership.Role.OWNER)
    inactive.is_active = False
    inactive.save()

    assert list(access.managed_organizations(AnonymousUser())) == []
    assert list(access.managed_organizations(inactive)) == []


def test_scope_queryset_follows_the_organization_path():
    own_event, other_event = EventFactory(), EventFactory()
    own_choice = ChoiceFactory(question__form__event=own_event)
    ChoiceFactory(question__form__event=other_event)
    user = member_of(own_event.organization, Membership.Role.VIEWER)

    assert list(access.scope_queryset(Event.objects.all(), user)) == [own_event]
    assert list(access.scope_queryset(Choice.objects.all(), user)) == [own_choice]
    assert list(access.scope_queryset(Choice.objects.all(), user, editable=True)) == []


def test_scope_queryset_of_proxy_study_visits():
    visit = SessionFactory(kind=Session.Kind.STUDY_VISIT)
    SessionFactory(kind=Session.Kind.STUDY_VISIT)
    user = member_of(visit.event.organization, Membership.Role.EDITOR)

    assert [s.pk for s in access.scope_queryset(StudyVisit.objects.all(), user)] == [visit.pk]


def test_scope_queryset_refuses_models_without_an_owner():
    with pytest.raises(ValueError):
        access.scope_queryset(get_user_model().objects.all(), UserFactory())


def test_can_edit_by_role():
    role = SessionRoleFactory()
    organization = role.session.event.organization
    editor = member_of(organization, Membership.Role.EDITOR)
    viewer = member_of(organization, Membership.Role.VIEWER)
    stranger = member_of(OrganizationFactory(), Membership.Role.OWNER)

    assert access.can_edit(editor, role)
    assert access.can_view(viewer, role)
    assert not access.can_edit(viewer, role)
    assert not access.can_view(stranger, role)
    assert not access.can_edit(stranger, role)


def test_only_owners_edit_their_organization_and_its_memberships():
    organization = OrganizationFactory()
    owner = member_of(organization, Membership.Role.OWNER)
    editor = member_of(organization, Membership.Role.EDITOR)
    membership = Membership.objects.get(user=editor)

    assert access.can_edit(owner, organization)
    assert access.can_edit(owner, membership)
    assert not access.can_edit(editor, organization)
    assert not access.can_edit(editor, membership)
    assert access.can_view(editor, organization)


def test_can_edit_unsaved_object_of_own_organization():
    event = EventFactory()
    editor = member_of(event.organization, Membership.Role.EDITOR)

    assert access.can_edit(editor, SessionRole(session=SessionFactory(event=event)))
    assert not access.can_edit(editor, Registration(event=EventFactory()))
    assert not access.can_edit(editor, Registration())


def test_can_view_sensitive_data_needs_the_flag():
    event = EventFactory()
    allowed = member_of(event.organization, Membership.Role.VIEWER, can_view_sensitive_data=True)
    editor = member_of(event.organization, Membership.Role.OWNER)
    stranger = member_of(OrganizationFactory(), Membership.Role.OWNER, can_view_sensitive_data=True)

    assert access.can_view_sensitive_data(allowed, event)
    assert not access.can_view_sensitive_data(editor, event)
    assert not access.can_view_sensitive_data(stranger, event)


def test_without_sensitive_rows_keeps_them_for_allowed_members():
    registration = RegistrationFactory(accessibility_needs="pętla indukcyjna")
    other = RegistrationFactory(event=registration.event)
    allowed = member_of(registration.event.organization, Membership.Role.EDITOR, can_view_sensitive_data=True)
    plain = member_of(registration.event.organization, Membership.Role.EDITOR)
    sensitive = ~Q(accessibility_needs="")

    def visible(user):
        queryset = Registration.objects.filter(event=registration.event)
        return set(
            access.without_sensitive_rows(queryset, user, sensitive=sensitive, path="event__organization")
        )

    assert visible(allowed) == {registration, other}
    assert visible(plain) == {other}


def test_memberships_are_read_once_per_user_object(django_assert_num_queries):
    organization = OrganizationFactory()
    user = member_of(organization, Membership.Role.EDITOR)
    access.forget_memberships(user)

    with django_assert_num_queries(1):
        access.role_in(user, organization)
        access.organization_ids(user, editable=True)
        access.can_edit(user, Organization(pk=organization.pk))

    assert access.role_in(user, organization) == Membership.Role.EDITOR
