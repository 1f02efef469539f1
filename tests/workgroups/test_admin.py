"""The allocation page of an event in admin, as an organizer with the Organizers group's permissions."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from agenda.models import Session
from organizations.models import Membership
from organizations.permissions import ensure_organizer_group
from registrations.models import Question
from tests.factories import EventFactory, MembershipFactory, QuestionFactory
from tests.workgroups.conftest import person
from workgroups import services
from workgroups.models import Allocation, Assignment

pytestmark = pytest.mark.django_db


def organizer_client(organization, role=Membership.Role.EDITOR) -> Client:
    membership = MembershipFactory(organization=organization, role=role)
    membership.user.is_staff = True
    membership.user.save()
    membership.user.groups.add(ensure_organizer_group())
    client = Client()
    client.force_login(membership.user)
    return client


def page(event):
    return reverse("admin:workgroups_allocation_event", args=[event.pk])


def test_event_change_page_links_to_the_allocation(event, question):
    client = organizer_client(event.organization)

    response = client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert response.status_code == 200
    assert page(event) in response.content.decode()


def test_organizer_runs_locks_and_publishes(event, question, django_capture_on_commit_callbacks):
    ola = person(event, question, "Mieszkania", "Praca")
    person(event, question, "Mieszkania", "Praca")
    person(event, question, "Mieszkania", "Edukacja")
    client = organizer_client(event.organization)

    response = client.post(page(event), {"action": "run"})
    assert response.status_code == 302
    response = client.get(page(event))
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.total, report.placed, report.first_choice) == (3, 3, 2)
    assert "Mieszkania – 2 / 2" in response.content.decode()

    assignment = Assignment.objects.get(registration=ola)
    education = assignment.allocation.groups.get(title_pl="Edukacja")
    response = client.post(
        page(event), {"action": "lock", "assignment": assignment.pk, "group": education.pk}
    )
    assert response.status_code == 302
    client.post(page(event), {"action": "run"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page(event), {"action": "publish"})

    assert response.status_code == 302
    assert Session.objects.get(event=event, title_pl="Edukacja").seats.get().registration == ola
    assert len(mail.outbox) == 3


def test_lock_into_a_group_of_another_event_is_refused_next_to_the_field(event, question):
    ola = person(event, question, "Mieszkania", "Praca")
    client = organizer_client(event.organization)
    client.post(page(event), {"action": "run"})
    assignment = Assignment.objects.get(registration=ola)

    response = client.post(page(event), {"action": "lock", "assignment": assignment.pk, "group": 999999})

    assert response.status_code == 200
    assert response.context["lock_form"].errors["group"]
    assert Assignment.objects.get(pk=assignment.pk).is_locked is False


def test_other_organizations_event_is_not_found(event, question):
    stranger = organizer_client(EventFactory().organization)

    assert stranger.get(page(event)).status_code == 404


def test_viewer_sees_but_cannot_run(event, question):
    person(event, question, "Mieszkania")
    viewer = organizer_client(event.organization, role=Membership.Role.VIEWER)

    response = viewer.get(page(event))
    assert response.status_code == 200
    assert "Nikt jeszcze nie przydzielił" in response.content.decode()
    assert not Allocation.objects.exists(), "looking changes nothing"
    assert viewer.post(page(event), {"action": "run"}).status_code == 403
    assert not Assignment.objects.exists()


def test_an_event_without_a_ranking_question_says_how_to_add_one():
    event = EventFactory()
    client = organizer_client(event.organization)

    response = client.get(page(event))

    assert response.status_code == 200
    assert "nie ma pytania „uszereguj swoje preferencje”" in response.content.decode()


def test_allocation_list_and_change_page_are_scoped_to_the_organization(event, question):
    own = services.allocation_for(event)
    other_event = EventFactory()
    other = services.allocation_for(
        other_event, question=QuestionFactory(form__event=other_event, kind=Question.Kind.RANKING)
    )
    client = organizer_client(event.organization)

    listed = client.get(reverse("admin:workgroups_allocation_changelist"))
    assert [allocation.pk for allocation in listed.context["cl"].result_list] == [own.pk]
    assert client.get(reverse("admin:workgroups_allocation_change", args=[own.pk])).status_code == 200
    foreign = client.get(reverse("admin:workgroups_allocation_change", args=[other.pk]))
    assert foreign.status_code == 302  # Django admin sends a missing object back to the index
    assert foreign.url == reverse("admin:index")
