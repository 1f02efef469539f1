"""From rankings to groups, sessions, seats and e-mails."""

import pytest
from django.core import mail

from agenda.models import Session
from mail.models import EmailLog
from registrations.models import Registration, SessionSeat
from tests.workgroups.conftest import person
from workgroups import services
from workgroups.models import Assignment, WorkingGroup

pytestmark = pytest.mark.django_db


def group(allocation, title):
    return allocation.groups.get(title_pl=title)


def test_run_allocates_everybody_by_their_rankings(event, question):
    first = person(event, question, "Mieszkania", "Praca")
    second = person(event, question, "Mieszkania", "Praca")
    third = person(event, question, "Mieszkania", "Edukacja")
    person(event, question, "Praca", "Mieszkania")
    cancelled = person(event, question, "Edukacja", "Praca")
    cancelled.status = Registration.Status.CANCELLED
    cancelled.save()
    allocation = services.allocation_for(event)
    assert sorted(allocation.groups.values_list("title_pl", flat=True)) == ["Edukacja", "Mieszkania", "Praca"]

    services.run(allocation)

    report = services.report(allocation)
    assert report.total == 4
    assert report.placed == 4
    # Three want housing (2 places): one of them gets their 2nd choice.
    assert report.first_choice == 3
    assignments = {a.registration_id: a for a in allocation.assignments.all()}
    assert not Assignment.objects.filter(registration=cancelled).exists()
    assert sum(a.rank == 2 for a in assignments.values()) == 1
    assert {assignments[first.pk].rank, assignments[second.pk].rank, assignments[third.pk].rank} == {1, 2}


def test_more_people_than_places_are_reported_with_why(event, question):
    people = [person(event, question, "Mieszkania", "Praca") for _ in range(7)]
    allocation = services.allocation_for(event)

    services.run(allocation)

    report = services.report(allocation)
    assert report.placed == 6
    [(registration, reason)] = report.unplaced
    assert registration == people[-1]
    assert str(reason) == "wszystkie miejsca w otwartych grupach zajęły osoby zarejestrowane wcześniej"


def test_lock_is_kept_by_the_next_run_and_dissolved_group_empties(event, question):
    ola = person(event, question, "Mieszkania", "Praca")
    person(event, question, "Praca", "Mieszkania")
    allocation = services.allocation_for(event)
    services.run(allocation)
    assignment = allocation.assignments.get(registration=ola)

    services.lock(assignment, group(allocation, "Edukacja"))
    services.dissolve(group(allocation, "Praca"))
    person(event, question, "Praca", "Edukacja")  # a late registration
    services.run(allocation)

    assignments = {a.registration_id: a for a in allocation.assignments.select_related("group")}
    assert assignments[ola.pk].group.title_pl == "Edukacja"
    assert assignments[ola.pk].is_locked
    assert assignments[ola.pk].rank is None
    assert not group(allocation, "Praca").assignments.exists()
    assert len(assignments) == 3


def test_lock_into_a_dissolved_group_is_refused(event, question):
    ola = person(event, question, "Mieszkania", "Praca")
    allocation = services.allocation_for(event)
    services.run(allocation)
    services.dissolve(group(allocation, "Praca"))

    with pytest.raises(services.AllocationError):
        services.lock(allocation.assignments.get(registration=ola), group(allocation, "Praca"))


def test_group_below_its_minimum_is_dissolved(event, question):
    allocation = services.allocation_for(event)
    allocation.groups.filter(title_pl="Edukacja").update(minimum=2)
    iryna = person(event, question, "Edukacja", "Praca")
    person(event, question, "Mieszkania", "Praca")

    services.run(allocation)

    assert group(allocation, "Edukacja").dissolved == WorkingGroup.Dissolved.BELOW_MINIMUM
    assert allocation.assignments.get(registration=iryna).group.title_pl == "Praca"


def test_publish_makes_sessions_seats_and_emails_in_each_language(
    event, question, django_capture_on_commit_callbacks
):
    ola = person(event, question, "Mieszkania", "Praca")
    oksana = person(event, question, "Praca", "Mieszkania", language="uk")
    allocation = services.allocation_for(event)
    services.run(allocation)

    with django_capture_on_commit_callbacks(execute=True):
        emailed = services.publish(allocation)

    assert emailed == 2
    block = Session.objects.get(event=event, parent=None, kind=Session.Kind.WORKING_GROUP)
    sessions = {s.title_pl: s for s in block.children.all()}
    assert set(sessions) == {"Mieszkania", "Praca", "Edukacja"}
    assert sessions["Praca"].title_uk == "Робота"
    assert sessions["Praca"].kind == Session.Kind.WORKING_GROUP
    assert (sessions["Praca"].starts_at, sessions["Praca"].ends_at) == (block.starts_at, block.ends_at)
    assert SessionSeat.objects.get(registration=ola).session == sessions["Mieszkania"]
    assert SessionSeat.objects.get(registration=oksana).session == sessions["Praca"]
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "Mieszkania" in by_recipient[f"{ola.full_name} <{ola.email}>"].body
    assert "Ваша робоча група" in by_recipient[f"{oksana.full_name} <{oksana.email}>"].body
    assert "Робота" in by_recipient[f"{oksana.full_name} <{oksana.email}>"].body
    assert services.group_of(ola).title_pl == "Mieszkania"


def test_changes_after_publishing_email_only_those_whose_group_changed(
    event, question, django_capture_on_commit_callbacks
):
    ola = person(event, question, "Mieszkania", "Praca")
    oksana = person(event, question, "Praca", "Mieszkania")
    allocation = services.allocation_for(event)
    services.run(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(allocation)
    mail.outbox.clear()

    services.lock(allocation.assignments.get(registration=ola), group(allocation, "Edukacja"))
    services.run(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        emailed = services.publish(allocation)

    assert emailed == 1
    [message] = mail.outbox
    assert ola.email in message.to[0]
    assert "Edukacja" in message.body
    assert SessionSeat.objects.get(registration=ola).session.title_pl == "Edukacja"
    assert SessionSeat.objects.get(registration=oksana).session.title_pl == "Praca"
    assert EmailLog.objects.filter(registration=ola).count() == 2

    # Back to the first group: a new message again, not a duplicate suppressed by the outbox.
    services.lock(allocation.assignments.get(registration=ola), group(allocation, "Mieszkania"))
    services.run(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish(allocation) == 1


def test_dissolving_after_publishing_removes_the_session(event, question, django_capture_on_commit_callbacks):
    person(event, question, "Mieszkania", "Praca")
    allocation = services.allocation_for(event)
    services.run(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(allocation)

    services.dissolve(group(allocation, "Edukacja"))
    services.run(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(allocation)

    assert not Session.objects.filter(title_pl="Edukacja").exists()


def test_publish_needs_a_working_group_block(question, django_capture_on_commit_callbacks):
    event = question.form.event
    Session.objects.filter(event=event).delete()
    person(event, question, "Mieszkania")
    allocation = services.allocation_for(event)
    services.run(allocation)

    with pytest.raises(services.AllocationError):
        services.publish(allocation)


def test_proposals_are_listed_and_can_become_a_group(event, question):
    ola = person(event, question, "Inny temat", "Praca", proposal="Wsparcie seniorów")
    allocation = services.allocation_for(event)

    report = services.report(allocation)
    assert report.proposals == [(ola, "Wsparcie seniorów")]
    services.add_group_from_proposal(
        allocation, titles={"pl": "Seniorzy", "uk": "", "en": "Seniors"}, capacity=5
    )
    services.run(allocation)
    assert allocation.assignments.get(registration=ola).group.title_pl == "Praca"


def test_an_option_without_a_seat_count_holds_as_many_as_the_event(event, question):
    question.choices.filter(label_pl="Praca").update(capacity=None)
    event.capacity = 150
    event.save()

    allocation = services.allocation_for(event)

    assert group(allocation, "Praca").capacity == 150


def test_a_person_who_loses_their_group_after_publishing_is_told(
    event, question, django_capture_on_commit_callbacks
):
    people = [person(event, question, "Mieszkania", "Praca") for _ in range(6)]
    allocation = services.allocation_for(event)
    services.run(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(allocation)
    mail.outbox.clear()

    services.dissolve(group(allocation, "Edukacja"))  # 4 places left for 6 people
    services.run(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(allocation)

    told = {message.to[0].split("<")[1].rstrip(">"): message.body for message in mail.outbox}
    for left_out in people[4:]:
        assert "Nie masz już miejsca w grupie roboczej" in told.pop(left_out.email)
    # Whoever moved into the seats they had is told of the new group; nobody else hears anything.
    assert told
    assert all("Twoja grupa robocza się zmieniła" in body for body in told.values())
    assert not SessionSeat.objects.filter(registration__in=people[4:]).exists()
    assert services.group_of(people[5]) is None


def test_a_new_group_replaces_the_old_one_in_the_persons_calendar(
    event, question, django_capture_on_commit_callbacks
):
    ola = person(event, question, "Mieszkania", "Praca")
    allocation = services.allocation_for(event)
    services.run(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(allocation)
    housing = group(allocation, "Mieszkania").session
    first_revision = Registration.objects.get(pk=ola.pk).calendar_revision
    [first] = mail.outbox
    assert any(name.endswith(".ics") for name, _content, _type in first.attachments)

    services.lock(allocation.assignments.get(registration=ola), group(allocation, "Praca"))
    services.run(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(allocation)

    ola.refresh_from_db()
    assert ola.calendar_revision == first_revision + 1
    assert ola.withdrawn_calendar_entries == [f"session:{housing.pk}"]


def test_check_in_to_a_group_asks_about_people_of_another_group(
    event, question, django_capture_on_commit_callbacks
):
    from attendees import checkin
    from tests.factories import UserFactory

    ola = person(event, question, "Mieszkania", "Praca")
    iryna = person(event, question, "Praca", "Mieszkania")
    allocation = services.allocation_for(event)
    services.run(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(allocation)
    housing = group(allocation, "Mieszkania").session
    staff = UserFactory()

    assert checkin.check_in(registration=ola, by=staff, session=housing).attendance.session == housing
    with pytest.raises(checkin.SessionNotChosen):
        checkin.check_in(registration=iryna, by=staff, session=housing)
    assert checkin.check_in(registration=iryna, by=staff, session=housing, outside_choice=True)
