import datetime as dt
import hashlib
import secrets

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from agenda.models import Person, Session, SessionRole, Track
from events.models import Event, EventPartner, Series, Venue
from organizations.models import Membership, Organization
from registrations.models import Choice, Question, Registration, RegistrationForm, SessionSeat


def in_days(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Fundacja Testowa {n}")
    slug = factory.Sequence(lambda n: f"fundacja-testowa-{n}")
    kind = Organization.Kind.NGO
    city = "Kraków"
    region = "malopolskie"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, is_staff=True)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.EDITOR


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Cykl {n}")
    slug = factory.Sequence(lambda n: f"cykl-{n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Sala {n}")
    address = "ul. Zabłocie 22"
    postal_code = "30-701"
    city = "Kraków"
    region = "malopolskie"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Spotkanie {n}")
    slug = factory.Sequence(lambda n: f"spotkanie-{n}")
    summary = "Spotkanie organizacji wspierających osoby uchodźcze."
    venue = factory.SubFactory(VenueFactory, organization=factory.SelfAttribute("..organization"))
    starts_at = factory.LazyFunction(lambda: in_days(14, 9))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + dt.timedelta(hours=8))
    status = Event.Status.PUBLISHED


class EventPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPartner

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = EventPartner.Role.PARTNER


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Sala {n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    kind = Session.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Warsztat {n}")
    starts_at = factory.LazyAttribute(lambda session: session.event.starts_at + dt.timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + dt.timedelta(minutes=90))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Anna Nowak {n}")
    slug = factory.Sequence(lambda n: f"anna-nowak-{n}")
    affiliation = "Fundacja Biuro Inicjatyw Społecznych"
    managed_by = factory.SubFactory(OrganizationFactory)


class SessionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRole

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(
        PersonFactory, managed_by=factory.SelfAttribute("..session.event.organization")
    )
    role = SessionRole.Role.SPEAKER


class RegistrationFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationForm
        django_get_or_create = ("event",)

    event = factory.SubFactory(EventFactory)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    form = factory.SubFactory(RegistrationFormFactory)
    label = factory.Sequence(lambda n: f"Pytanie {n}")
    kind = Question.Kind.SHORT_TEXT


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.SINGLE_CHOICE)
    label = factory.Sequence(lambda n: f"Grupa {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    first_name = "Olena"
    last_name = factory.Sequence(lambda n: f"Kowalenko{n}")
    email = factory.Sequence(lambda n: f"olena{n}@example.org")
    status = Registration.Status.CONFIRMED
    manage_token_hash = factory.LazyFunction(lambda: hashlib.sha256(secrets.token_bytes(32)).hexdigest())


class SessionSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSeat

    registration = factory.SubFactory(RegistrationFactory)
    session = factory.SubFactory(SessionFactory, event=factory.SelfAttribute("..registration.event"))
