"""Organizers, events and registrations for the attendee-tool tests."""

from django.contrib.auth.models import Permission

from organizations.models import Membership
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationFormFactory,
)


def organizer(organization, *, sensitive: bool = False, role: str = Membership.Role.EDITOR):
    """A staff member of one organization with the admin permissions organizers get."""
    membership = MembershipFactory(organization=organization, role=role, can_view_sensitive_data=sensitive)
    user = membership.user
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["registrations", "mail", "attendees"])
    )
    return user


def two_organizations():
    """Organization A with an organizer and an event, and organization B with its own event and people."""
    org_a, org_b = OrganizationFactory(name="Fundacja A"), OrganizationFactory(name="Fundacja B")
    event_a, event_b = EventFactory(organization=org_a), EventFactory(organization=org_b)
    RegistrationFactory(event=event_a, first_name="Anna", last_name="Alfa", email="anna@a.example")
    RegistrationFactory(event=event_b, first_name="Bożena", last_name="MARKERB", email="marker-b@b.example")
    return org_a, org_b, event_a, event_b


def question(event, **kwargs):
    form = RegistrationFormFactory(event=event)
    return QuestionFactory(form=form, **kwargs)
