import datetime as dt

import pytest
from django.template.defaultfilters import date as format_date
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from common.typography import quoted
from mail import send
from mail.outbox import queue_email
from registrations.models import Question, SessionSeat
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_times_are_on_the_24_hour_clock_in_every_language(language):
    late = timezone.make_aware(dt.datetime(2030, 11, 29, 23, 59))

    with translation.override(language):
        written = [
            format_date(late, name) for name in ("TIME_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT")
        ]

    assert all("23:59" in text for text in written), written
    assert not any("p.m." in text for text in written), written


def test_english_event_page_writes_afternoon_times_as_15_00(client):
    event = EventFactory(
        starts_at=timezone.make_aware(dt.datetime(2030, 11, 29, 15)),
        ends_at=timezone.make_aware(dt.datetime(2030, 11, 29, 17, 30)),
    )

    content = client.get(f"/en/events/{event.slug}/").content.decode()

    assert "Nov. 29, 2030, 15:00–17:30" in content
    assert "p.m." not in content


def test_content_in_the_visitors_language_is_not_marked(client):
    event = EventFactory(title="Spotkanie", title_uk="Зустріч", summary="Krótko", summary_uk="Коротко")

    content = client.get(f"/uk/events/{event.slug}/").content.decode()

    assert '<h1 id="event-title">Зустріч</h1>' in content
    assert '<p class="lead">Коротко</p>' in content
    assert 'lang="pl"><' not in content.split("<main", 1)[1]


def test_polish_fallback_is_marked_for_screen_readers_with_a_note_in_the_visitors_language(client):
    event = EventFactory(title="Spotkanie koalicji", description="**Program** spotkania")

    ukrainian = client.get(f"/uk/events/{event.slug}/").content.decode()
    english = client.get(f"/en/events/{event.slug}/").content.decode()
    polish = client.get(f"/events/{event.slug}/").content.decode()

    assert (
        '<h1 id="event-title"><span lang="pl">Spotkanie koalicji</span> '
        '<small class="fallback-note">(польською)</small></h1>' in ukrainian
    )
    note = '<p class="fallback-note small mb-1">(польською)</p>'
    assert f'{note}<div lang="pl"><p><strong>Program</strong> spotkania</p></div>' in ukrainian
    assert (
        '<span lang="pl">Spotkanie koalicji</span> <small class="fallback-note">(in Polish)</small>'
        in english
    )
    assert '<h1 id="event-title">Spotkanie koalicji</h1>' in polish
    assert "fallback-note" not in polish


def test_event_cards_mark_a_polish_title(client):
    EventFactory(title="Spotkanie koalicji", summary="Krótko", summary_uk="Коротко")

    content = client.get("/uk/events/").content.decode()

    assert (
        '<span lang="pl">Spotkanie koalicji</span> <small class="fallback-note">(польською)</small>'
        in content
    )
    assert "Коротко" in content


def test_form_labels_mark_a_polish_question_and_option(client):
    form = RegistrationFormFactory()
    question = QuestionFactory(form=form, kind=Question.Kind.SINGLE_CHOICE, label="Sektor", label_uk="Сектор")
    ChoiceFactory(question=question, label="Samorząd")
    QuestionFactory(form=form, label="Organizacja")

    content = client.get(f"/uk/events/{form.event.slug}/register/").content.decode()

    assert '<span lang="pl">Samorząd</span> <small class="fallback-note">(польською)</small>' in content
    assert '<span lang="pl">Organizacja</span> <small class="fallback-note">(польською)</small>' in content
    assert "Сектор" in content
    assert '<span lang="pl">Сектор' not in content


def test_emails_mark_polish_text_in_html_and_add_the_note_in_text(mailoutbox):
    event = EventFactory(
        title="Spotkanie koalicji", title_uk="Зустріч коаліції", email_paragraph="Weź dowód."
    )
    session = SessionFactory(event=event, title="Wizyta studyjna")
    registration = RegistrationFactory(event=event, language="uk")
    SessionSeat.objects.create(registration=registration, session=session)

    log = queue_email(registration=registration, kind="registered")
    send.send_logged_email(log.pk)
    message = mailoutbox[-1]
    html = message.alternatives[0].content

    assert "Wizyta studyjna (польською)" in message.body
    assert "Weź dowód. (польською)" in message.body
    assert "Зустріч коаліції" in message.body
    assert "Зустріч коаліції (польською)" not in message.body
    assert '<span lang="pl">Wizyta studyjna</span> <small class="fallback-note">(польською)</small>' in html
    assert '<div lang="pl"><p>Weź dowód.</p></div>' in html


@pytest.mark.parametrize(
    ("language", "title", "expected"),
    [
        ("pl", "Warsztat „People meet People”", "„Warsztat «People meet People»”"),
        ("uk", "Майстер-клас «People meet People»", "«Майстер-клас „People meet People“»"),
        ("en", "Workshop “People meet People”", "“Workshop ‘People meet People’”"),
        ("en", 'Workshop "People meet People"', "“Workshop ‘People meet People’”"),
        ("pl", "Dyskusja", "„Dyskusja”"),
    ],
)
def test_quotes_nest_as_each_language_writes_them(language, title, expected):
    with translation.override(language):
        assert quoted(title) == expected


def test_quoting_marked_html_leaves_its_attributes_alone():
    html = mark_safe('<span lang="pl">Warsztat „People meet People”</span>')

    with translation.override("uk"):
        result = quoted(html)

    assert result == '«<span lang="pl">Warsztat „People meet People“</span>»'


def test_session_offer_email_quotes_the_session_title_in_the_registrants_language(mailoutbox):
    event = EventFactory(title="Miejsca Otwarte", title_uk="Відкриті простори")
    session = SessionFactory(
        event=event, title="Warsztat „People meet People”", title_uk="Майстер-клас «People meet People»"
    )
    registration = RegistrationFactory(event=event, language="uk")
    SessionSeat.objects.create(
        registration=registration,
        session=session,
        status=SessionSeat.Status.OFFERED,
        offer_expires_at=event.starts_at,
    )

    log = queue_email(registration=registration, kind=f"offered:session:{session.pk}")
    send.send_logged_email(log.pk)

    assert "На сесії «Майстер-клас „People meet People“» звільнилося місце" in mailoutbox[-1].body
