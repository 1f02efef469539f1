import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from mail import broadcasts
from mail.models import Broadcast, EmailLog
from registrations.models import Registration
from registrations.tokens import manage_token_for, registration_for_token
from tests.factories import EventFactory, MembershipFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(broadcast):
    """Admin pages in English (/en/admin/) whatever translations exist; the data is written in Polish."""
    with translation.override("en"):
        yield


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


def test_preview_carries_a_placeholder_instead_of_a_registrants_manage_link(event, broadcast):
    sample = RegistrationFactory(event=event, language="en", first_name="Anna", last_name="Smith")

    preview = broadcasts.preview(broadcast, "en")

    secret = manage_token_for(sample)
    assert secret not in preview["text"] and secret not in preview["html"]
    with translation.override("en"):
        path = reverse("registrations:manage", kwargs={"token": broadcasts.PREVIEW_TOKEN})
    placeholder = settings.SITE_URL + path
    assert placeholder in preview["text"] and placeholder in preview["html"]
    assert registration_for_token(broadcasts.PREVIEW_TOKEN) is None


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
    assert [mimetype for _name, _content, mimetype in message.attachments] == [
        "text/calendar; method=PUBLISH"
    ]


def test_event_cancelled_notice(event, django_capture_on_commit_callbacks, mailoutbox):
    RegistrationFactory(event=event, language="en")
    event.status = event.Status.CANCELLED
    event.save()

    with django_capture_on_commit_callbacks(execute=True):
        broadcasts.notify_event_cancelled(event=event)

    [message] = mailoutbox
    assert message.subject == "Event cancelled: Forum EN"
    assert "STATUS:CANCELLED" in message.attachments[0][1]


def test_admin_previews_asks_for_confirmation_with_the_count_and_sends(
    english, admin_client, event, broadcast, django_capture_on_commit_callbacks, mailoutbox
):
    for _ in range(3):
        RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    change_url = reverse("admin:mail_broadcast_change", args=[broadcast.pk])
    send_url = reverse("admin:mail_broadcast_send", args=[broadcast.pk])

    change_page = admin_client.get(change_url).content.decode()
    confirmation = admin_client.get(send_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(send_url)
    again = admin_client.post(send_url)

    assert "Room change" in change_page
    assert "Зміна зали" in change_page
    assert "Zmiana sali" in change_page
    assert send_url in change_page
    assert "This message will be sent to 3 registrants of Forum EN." in confirmation
    assert EmailLog.objects.filter(broadcast=broadcast).count() == 3
    assert response.status_code == 302
    assert len(mailoutbox) == 3
    assert again.status_code == 403  # a sent broadcast cannot be changed or sent again
    assert "3 sent, 0 failed, 0 waiting (of 3)" in admin_client.get(change_url).content.decode()


def test_admin_send_page_is_out_of_reach_for_another_organization(client, broadcast):
    outsider = UserFactory(is_staff=True)
    MembershipFactory(user=outsider, role="owner")
    client.force_login(outsider)

    response = client.post(reverse("admin:mail_broadcast_send", args=[broadcast.pk]))

    assert response.status_code == 404  # another organization's message is one that does not exist
    assert EmailLog.objects.count() == 0
    broadcast.refresh_from_db()
    assert broadcast.started_at is None


def test_admin_resend_action_and_registration_inline(
    english, admin_client, event, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(event=event)
    log = EmailLog.objects.create(
        registration=registration,
        event=event,
        recipient=registration.email,
        kind="registered",
        status=EmailLog.Status.FAILED,
        attempts=10,
        last_error="SMTPDataError(550, 'No such mailbox')",
    )

    inline_page = admin_client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    ).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:mail_emaillog_changelist"),
            {"action": "resend_emails", "_selected_action": [log.pk]},
        )

    assert "No such mailbox" in inline_page
    log.refresh_from_db()
    assert log.status == EmailLog.Status.SENT


def test_admin_event_action_tells_registrants_about_a_change(
    english, admin_client, event, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:events_event_changelist"),
            {"action": "notify_event_changed", "_selected_action": [event.pk]},
        )

    assert EmailLog.objects.get().kind == f"event_changed:{event.sequence}"
    assert len(mailoutbox) == 1
