import datetime as dt
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.utils import getaddresses

import pytest
from django.utils import timezone

from events.models import Event
from mail import kinds, render
from mail import send as mail_send
from mail.models import EmailLog
from mail.outbox import queue_email
from registrations.models import Registration, SessionSeat
from registrations.tokens import checkin_code, manage_url_for
from tests.calendar_parsing import parse_calendar
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

ONLINE_URL = "https://meet.example.org/secret-room-4711"


@pytest.fixture
def event():
    return EventFactory(
        title="Spotkanie koalicji",
        title_uk="Зустріч коаліції",
        title_en="Coalition meeting",
        format=Event.Format.HYBRID,
        online_url=ONLINE_URL,
        contact_email="kontakt@fundacja.example.org",
        email_paragraph="Prosimy o zabranie dowodu.",
        email_paragraph_uk="Будь ласка, візьміть документ.",
        email_paragraph_en="Please bring an ID.",
        starts_at=timezone.make_aware(dt.datetime(2030, 3, 14, 10, 0)),
        ends_at=timezone.make_aware(dt.datetime(2030, 3, 14, 16, 0)),
    )


def send(registration, kind, mailoutbox):
    """Queue and send one message the way the service does (eager Celery after commit)."""
    log = queue_email(registration=registration, kind=kind)
    assert mail_send.send_logged_email(log.pk) == "sent"
    log.refresh_from_db()
    return log, mailoutbox[-1]


def html_of(message) -> str:
    return message.alternatives[0].content


def calendars_of(message) -> list[bytes]:
    return [
        content for _name, content, mimetype in message.attachments if mimetype.startswith("text/calendar")
    ]


def test_confirmation_for_confirmed_registrant_carries_everything(event, mailoutbox):
    registration = RegistrationFactory(event=event, language="en", first_name="Olena", last_name="Kowalenko")

    log, message = send(registration, "registered", mailoutbox)

    assert log.status == EmailLog.Status.SENT
    assert message.to == [f"Olena Kowalenko <{registration.email}>"]
    assert message.reply_to == [f"{event.organization.name} <kontakt@fundacja.example.org>"]
    assert event.organization.name in message.from_email
    assert "Coalition meeting" in message.subject
    for part in (message.body, html_of(message)):
        assert ONLINE_URL in part
        assert "Please bring an ID." in part
        assert "Coalition meeting" in part
        assert event.organization.name in part
    manage_url = manage_url_for(registration)
    assert manage_url in message.body
    assert f'href="{manage_url}"' in html_of(message)
    [ics] = calendars_of(message)
    [vevent] = parse_calendar(ics).walk("VEVENT")
    assert vevent.decoded("dtstart") == timezone.localtime(event.starts_at)


def test_confirmation_is_in_the_registrants_language(event, mailoutbox):
    registration = RegistrationFactory(event=event, language="uk")

    log, message = send(registration, "registered", mailoutbox)

    assert log.language == "uk"
    assert "Зустріч коаліції" in message.subject
    assert "Будь ласка, візьміть документ." in message.body
    assert "Prosimy" not in message.body


@pytest.mark.parametrize(
    "status", [Registration.Status.WAITLISTED, Registration.Status.PENDING, Registration.Status.OFFERED]
)
def test_confirmation_before_a_seat_is_confirmed_has_no_online_link_and_no_calendar(
    event, status, mailoutbox
):
    position = 1 if status == Registration.Status.WAITLISTED else None
    registration = RegistrationFactory(event=event, status=status, waitlist_position=position)

    _log, message = send(registration, "registered", mailoutbox)

    assert ONLINE_URL not in message.body
    assert ONLINE_URL not in html_of(message)
    assert calendars_of(message) == []
    assert checkin_code(registration) not in message.body


def test_confirmation_carries_the_check_in_code(event, mailoutbox):
    registration = RegistrationFactory(event=event, language="en")

    _log, message = send(registration, "registered", mailoutbox)

    code = checkin_code(registration)
    assert f"Your check-in code is {code}" in message.body
    assert f"Your check-in code is {code}" in html_of(message)


def test_online_event_emails_speak_of_no_entry_code_or_qr(event, mailoutbox):
    event.format = Event.Format.ONLINE
    event.venue = None
    event.save()
    registration = RegistrationFactory(event=event, language="en")

    _log, message = send(registration, "registered", mailoutbox)

    for text in (message.body, html_of(message)):
        assert ONLINE_URL in text
        assert checkin_code(registration) not in text
        assert "check-in code" not in text
        assert "QR" not in text


def test_cancellation_offers_no_change_or_cancel_only_the_registration_page(event, mailoutbox):
    registration = RegistrationFactory(event=event, language="en", status=Registration.Status.CANCELLED)

    _log, message = send(registration, "cancelled", mailoutbox)

    for text in (message.body, html_of(message)):
        assert "change or cancel" not in text
        assert "See your registration" in text
    assert manage_url_for(registration) in message.body


def test_confirmation_offers_to_change_or_cancel(event, mailoutbox):
    registration = RegistrationFactory(event=event, language="en")

    _log, message = send(registration, "registered", mailoutbox)

    assert "See, change or cancel your registration:" in message.body


def test_confirmation_subject_depends_on_the_status(event, mailoutbox):
    confirmed = RegistrationFactory(event=event, language="en")
    waitlisted = RegistrationFactory(
        event=event, language="en", status=Registration.Status.WAITLISTED, waitlist_position=1
    )
    pending = RegistrationFactory(event=event, language="en", status=Registration.Status.PENDING)

    subjects = [send(r, "registered", mailoutbox)[1].subject for r in (confirmed, waitlisted, pending)]

    assert subjects == [
        "Registration confirmed: Coalition meeting",
        "You are on the waiting list: Coalition meeting",
        "Registration received, awaiting approval: Coalition meeting",
    ]


@pytest.mark.parametrize(
    ("kind", "status", "has_calendar", "has_online_link"),
    [
        ("approved", Registration.Status.CONFIRMED, True, True),
        ("declined", Registration.Status.DECLINED, False, False),
        ("promoted", Registration.Status.CONFIRMED, True, True),
        ("offered", Registration.Status.OFFERED, False, False),
        ("offer_expired", Registration.Status.CANCELLED, False, False),
        ("cancelled", Registration.Status.CANCELLED, False, False),
        ("event_changed:3", Registration.Status.CONFIRMED, True, True),
        ("event_cancelled", Registration.Status.CONFIRMED, True, True),
        ("reminder:24", Registration.Status.CONFIRMED, False, True),
        ("manage_link:1", Registration.Status.WAITLISTED, False, False),
    ],
)
def test_every_kind_is_html_and_text_with_reply_to_and_link(
    event, mailoutbox, kind, status, has_calendar, has_online_link
):
    position = 1 if status == Registration.Status.WAITLISTED else None
    registration = RegistrationFactory(event=event, language="en", status=status, waitlist_position=position)

    log, message = send(registration, kind, mailoutbox)

    assert log.status == EmailLog.Status.SENT
    assert log.subject == message.subject
    assert "Coalition meeting" in message.subject
    assert message.reply_to == [f"{event.organization.name} <kontakt@fundacja.example.org>"]
    assert html_of(message).startswith("<!DOCTYPE html>")
    assert "Coalition meeting" in message.body
    assert manage_url_for(registration) in message.body
    assert bool(calendars_of(message)) is has_calendar
    assert (ONLINE_URL in message.body + html_of(message)) is has_online_link


def test_offer_states_the_deadline(event, mailoutbox):
    deadline = timezone.make_aware(dt.datetime(2030, 3, 1, 18, 30))
    registration = RegistrationFactory(
        event=event, language="en", status=Registration.Status.OFFERED, offer_expires_at=deadline
    )

    _log, message = send(registration, "offered", mailoutbox)

    assert "18:30" in message.body
    assert "March 1, 2030, 18:30" in message.body


def test_session_reminder_says_where_and_when(event, mailoutbox):
    elsewhere = VenueFactory(organization=event.organization, name="Centrum Pomocy", address="ul. Długa 5")
    visit = SessionFactory(
        event=event,
        title="Wizyta studyjna",
        title_en="Study visit",
        venue=elsewhere,
        starts_at=event.starts_at + dt.timedelta(hours=2),
        ends_at=event.starts_at + dt.timedelta(hours=4),
    )
    registration = RegistrationFactory(event=event, language="en")
    SessionSeat.objects.create(registration=registration, session=visit)

    _log, message = send(registration, f"reminder:24:session:{visit.pk}", mailoutbox)

    assert "Study visit" in message.body
    assert "Centrum Pomocy (in Polish), ul. Długa 5" in message.body


def test_crlf_in_a_name_adds_no_header_and_no_recipient(event, mailoutbox):
    registration = RegistrationFactory(
        event=event, first_name="Anna\r\nBcc: victim@example.org", last_name="X"
    )

    _log, message = send(registration, "registered", mailoutbox)

    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert parsed["Bcc"] is None
    assert [address.addr_spec for address in parsed["To"].addresses] == [registration.email]
    assert parsed["To"].addresses[0].display_name == "Anna Bcc: victim@example.org X"


def test_non_ascii_names_are_encoded_and_parse_back(event, mailoutbox):
    registration = RegistrationFactory(event=event, first_name="Євгенія", last_name="Щербань\u202e")

    _log, message = send(registration, "registered", mailoutbox)

    raw = message.message().as_bytes()
    assert b"=?utf-8?" in raw.split(b"\n\n", 1)[0].lower()
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["To"].addresses[0].display_name == "Євгенія Щербань"


def _mailboxes(raw: bytes, header: str) -> list[tuple[str, str]]:
    """(name, address) pairs as a mail client reads them.

    The standard library's modern parser keeps the space between two adjacent encoded words, which RFC
    2047 says to drop; the legacy parser and decode_header() follow the RFC.
    """
    values = message_from_bytes(raw, policy=policy.compat32).get_all(header) or []
    return [(str(make_header(decode_header(name))), address) for name, address in getaddresses(values)]


@pytest.mark.parametrize(
    ("first_name", "last_name", "organization_name"),
    [
        ("B" * 96, "C" * 96, "Fundacja " + "D" * 96),
        (
            "Kowalski, Jan " + "A" * 70,
            "Jr",
            'Stowarzyszenie "Ocalenie", oddział Łódź (ul. Długa 5) ' + "ą" * 40,
        ),
        ("Євгенія Оксана Марія", "Щербань-Коваленко " + "ї" * 60, "Zażółć gęślą jaźń; <x@evil.example>"),
    ],
)
def test_long_and_non_ascii_names_keep_one_address_per_header(
    event, mailoutbox, first_name, last_name, organization_name
):
    event.organization.name = organization_name
    event.organization.save()
    registration = RegistrationFactory(event=event, first_name=first_name, last_name=last_name)

    log, message = send(registration, "registered", mailoutbox)

    for raw in (message.message().as_bytes(), message.message(policy=policy.SMTP).as_bytes()):
        head, _blank, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
        parsed = message_from_bytes(raw, policy=policy.default)
        assert all(line.startswith((b" ", b"\t")) or b":" in line for line in head.split(b"\n"))
        assert parsed["Message-ID"] == log.message_id
        assert parsed["Date"] is not None
        assert _mailboxes(raw, "To") == [(f"{first_name} {last_name}", registration.email)]
        assert _mailboxes(raw, "Reply-To") == [(organization_name, "kontakt@fundacja.example.org")]
        assert [name for name, _address in _mailboxes(raw, "From")] == [organization_name]
        assert max(len(line) for line in head.split(b"\n")) <= 78
        assert b"Message-ID" not in body
        assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == message.body


def test_html_part_escapes_registrant_and_organizer_text(event, mailoutbox):
    event.email_paragraph_en = '<img src=x onerror="alert(1)">'
    event.save()
    registration = RegistrationFactory(event=event, language="en", first_name="<script>alert(1)</script>")

    _log, message = send(registration, "registered", mailoutbox)

    html = html_of(message)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_message_id_is_stored_before_sending_and_used(event, mailoutbox):
    registration = RegistrationFactory(event=event)

    log, message = send(registration, "registered", mailoutbox)

    assert log.message_id
    assert message.extra_headers["Message-ID"] == log.message_id
    assert log.attempts == 1
    assert log.sent_at is not None


def test_sending_twice_sends_once(event, mailoutbox):
    registration = RegistrationFactory(event=event)
    log = queue_email(registration=registration, kind="registered")

    outcomes = [mail_send.send_logged_email(log.pk), mail_send.send_logged_email(log.pk)]

    assert outcomes == ["sent", "skipped"]
    assert len(mailoutbox) == 1


def test_attendee_without_address_is_written_to_through_the_contact(event, mailoutbox):
    contact = RegistrationFactory(event=event, first_name="Maria", last_name="Nowak")
    attendee = RegistrationFactory(event=event, email="", registered_by=contact, first_name="Iryna")

    log, message = send(attendee, "registered", mailoutbox)

    assert log.recipient == contact.email
    assert message.to == [contact.email]  # the contact's own name is not the attendee's
    assert "Iryna" in message.body
    assert "Maria Nowak" in message.body


def test_kind_parsing():
    assert kinds.Kind.parse("reminder:24:session:7") == kinds.Kind("reminder", hours=24, session_id=7)
    assert kinds.Kind.parse("reminder:168") == kinds.Kind("reminder", hours=168)
    assert kinds.Kind.parse("broadcast:3") == kinds.Kind("broadcast", object_id=3)
    assert kinds.Kind.parse("registered").name == "registered"
    assert kinds.Kind.parse("promoted:session:5").session_id == 5
    assert kinds.Kind.parse("manage_link:2") == kinds.Kind("manage_link", label="2")


def test_placeholders_substitute_only_the_whitelist():
    text = "{name} {event.__init__.__code__.co_filename} {registration.__class__} {{ settings.SECRET_KEY }}"

    result = render.substitute_placeholders(text, {"name": "Olena", "event": "Spotkanie"})

    assert (
        result
        == "Olena {event.__init__.__code__.co_filename} {registration.__class__} {{ settings.SECRET_KEY }}"
    )


def test_header_text_strips_line_breaks_controls_and_bidi():
    assert render.header_text("Anna\r\nBcc: x@y.pl\x00 \u202eabc") == "Anna Bcc: x@y.pl abc"


def test_retry_delay_grows_and_is_capped(settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 30
    settings.EMAIL_RETRY_MAX_SECONDS = 3600

    delays = [mail_send.retry_delay(n) for n in (1, 2, 3, 10)]

    assert 30 <= delays[0] <= 33
    assert 60 <= delays[1] <= 66
    assert 120 <= delays[2] <= 132
    assert 3600 <= delays[3] <= 3960


def test_session_offer_names_the_session_and_its_deadline(event, mailoutbox):
    workshop = SessionFactory(event=event, title="Warsztat", title_en="Workshop on housing")
    registration = RegistrationFactory(event=event, language="en")
    SessionSeat.objects.create(
        registration=registration,
        session=workshop,
        status=SessionSeat.Status.OFFERED,
        offer_expires_at=timezone.make_aware(dt.datetime(2030, 3, 2, 9, 15)),
    )

    _log, message = send(registration, f"offered:session:{workshop.pk}", mailoutbox)

    assert "“Workshop on housing”" in message.body
    assert "March 2, 2030, 09:15" in message.body
