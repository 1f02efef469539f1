import pytest

from registrations import broadcasts
from registrations.models import Broadcast, EmailLog, Registration
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(
        title="Forum", title_en="Forum EN", title_uk="Форум", contact_email="biuro@example.org"
    )


@pytest.fixture
def broadcast(event):
    return Broadcast.objects.create(
        event=event,
        subject="Zmiana sali",
        subject_en="Room change",
        subject_uk="Зміна зали",
        body="Dzień dobry {name}, {event} odbędzie się w sali 2. {registration.__class__} {unknown}",
        body_en="Hello {name}, {event} is now in room 2. <b>bold</b>",
        body_uk="Вітаємо, {name}! {event} — зала 2.",
    )


def test_recipients_are_everyone_active_or_the_chosen_status(event, broadcast):
    confirmed = RegistrationFactory(event=event)
    waitlisted = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_position=1)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    RegistrationFactory()  # another event

    everyone = set(broadcasts.recipients(broadcast))
    broadcast.status_filter = Registration.Status.WAITLISTED

    assert everyone == {confirmed, waitlisted}
    assert list(broadcasts.recipients(broadcast)) == [waitlisted]


def test_start_broadcast_queues_one_message_each_in_their_language(
    event, broadcast, django_capture_on_commit_callbacks, mailoutbox
):
    english = RegistrationFactory(event=event, language="en", first_name="Anna", last_name="Smith")
    ukrainian = RegistrationFactory(event=event, language="uk", first_name="Олена", last_name="Бондар")
    polish = RegistrationFactory(event=event, language="pl", first_name="Jan", last_name="Nowak")

    with django_capture_on_commit_callbacks(execute=True):
        count = broadcasts.start_broadcast(broadcast=broadcast)

    assert count == 3
    by_recipient = {message.to[0].rsplit("<", 1)[1].rstrip(">"): message for message in mailoutbox}
    assert by_recipient[english.email].subject == "Room change"
    assert "Hello Anna Smith, Forum EN is now in room 2." in by_recipient[english.email].body
    assert "&lt;b&gt;bold&lt;/b&gt;" in by_recipient[english.email].alternatives[0].content
    assert by_recipient[ukrainian.email].subject == "Зміна зали"
    assert "Вітаємо, Олена Бондар! Форум" in by_recipient[ukrainian.email].body
    assert "Dzień dobry Jan Nowak, Forum odbędzie się w sali 2. {registration.__class__} {unknown}" in (
        by_recipient[polish.email].body
    )
    assert set(EmailLog.objects.values_list("kind", "broadcast_id", "status")) == {
        (f"broadcast:{broadcast.pk}", broadcast.pk, EmailLog.Status.SENT)
    }
    assert broadcasts.progress(broadcast) == broadcasts.Progress(queued=0, sent=3, failed=0)


def test_a_broadcast_is_started_only_once(event, broadcast):
    RegistrationFactory(event=event)
    broadcasts.start_broadcast(broadcast=broadcast)

    with pytest.raises(broadcasts.BroadcastAlreadySent):
        broadcasts.start_broadcast(broadcast=broadcast)

    assert EmailLog.objects.count() == 1


def test_progress_counts_queued_sent_and_failed(event, broadcast):
    for _ in range(4):
        RegistrationFactory(event=event)
    broadcasts.start_broadcast(broadcast=broadcast)
    first, second, *_rest = EmailLog.objects.order_by("pk")
    EmailLog.objects.filter(pk=first.pk).update(status=EmailLog.Status.SENT)
    EmailLog.objects.filter(pk=second.pk).update(status=EmailLog.Status.FAILED)

    assert broadcasts.progress(broadcast) == broadcasts.Progress(queued=2, sent=1, failed=1)


def test_preview_shows_each_language_without_sending(event, broadcast, mailoutbox):
    RegistrationFactory(event=event, language="en", first_name="Anna", last_name="Smith")

    previews = {language: broadcasts.preview(broadcast, language) for language in ("pl", "uk", "en")}

    assert [previews[language]["subject"] for language in ("pl", "uk", "en")] == [
        "Zmiana sali",
        "Зміна зали",
        "Room change",
    ]
    assert "Hello Anna Smith, Forum EN" in previews["en"]["text"]
    assert EmailLog.objects.count() == 0
    assert mailoutbox == []


def test_event_change_notice_goes_to_active_registrants_once_per_revision(
    event, django_capture_on_commit_callbacks, mailoutbox
):
    confirmed = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True):
        first = broadcasts.notify_event_changed(event=event)
    second = broadcasts.notify_event_changed(event=event)

    assert (first, second) == (1, 0)
    [message] = mailoutbox
    assert message.to[0].endswith(f"<{confirmed.email}>")
    assert [mimetype for _name, _content, mimetype in message.attachments] == ["text/calendar"]


def test_event_cancelled_notice(event, django_capture_on_commit_callbacks, mailoutbox):
    RegistrationFactory(event=event, language="en")
    event.status = event.Status.CANCELLED
    event.save()

    with django_capture_on_commit_callbacks(execute=True):
        broadcasts.notify_event_cancelled(event=event)

    [message] = mailoutbox
    assert message.subject == "Event cancelled: Forum EN"
    assert "STATUS:CANCELLED" in message.attachments[0][1]
