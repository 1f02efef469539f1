import datetime as dt
import re
import time
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event
from mail.models import EmailLog
from registrations import services
from registrations.forms.questions import consent_digest
from registrations.models import Question, Registration, ScreenedSubmissions
from registrations.tokens import manage_path_for
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    SessionFactory,
    UserFactory,
)
from tests.test_health import CLOSED_PORT_REDIS_CACHE

from ._registration_data import consent, old_form_token, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """URLs reversed here carry /en/, so pages come in English whatever translations exist."""
    with translation.override("en"):
        yield


def fresh_client() -> Client:
    """A client with an address of its own, so per-IP counters never carry over between tests or runs.

    The cache may be a Redis shared with other test runs, so it is never cleared here.
    """
    random_bytes = uuid.uuid4().bytes
    return Client(REMOTE_ADDR=f"10.{random_bytes[0]}.{random_bytes[1]}.{random_bytes[2]}")


@pytest.fixture
def client():
    return fresh_client()


def register_url(event):
    return reverse("registrations:register", kwargs={"slug": event.slug})


def done_url(event):
    return reverse("registrations:register_done", kwargs={"slug": event.slug})


def form_data(event, **overrides):
    data = {
        "form_token": old_form_token(event),
        "website": "",
        "first_name": "Olena",
        "last_name": "Kowalenko",
        "email": "olena@example.org",
        "organization": "Fundacja Ocalenie",
        "position": "",
        "phone": "",
        "language": "uk",
        "consent": "on",
        "consent_digest": consent_digest(RegistrationFormFactory(event=event).consent_text),
        "attendee-TOTAL_FORMS": "0",
        "attendee-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_get_form_shows_fields_token_and_no_prefilled_consent(client):
    event = EventFactory()

    response = client.get(register_url(event))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="form_token"' in html
    assert 'name="website"' in html
    assert html.count('name="consent"') == 1
    assert "checked" not in html.split('name="consent"')[1].split(">")[0]
    assert response["Cache-Control"].count("no-store") == 1
    assert response["Referrer-Policy"] == "same-origin"


def test_post_registers_and_redirects_to_the_neutral_done_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), form_data(event))

    assert response.status_code == 302
    assert response["Location"] == done_url(event)
    registration = Registration.objects.get()
    assert (registration.email, registration.language, registration.organization_name) == (
        "olena@example.org",
        "uk",
        "Fundacja Ocalenie",
    )
    assert len(mailoutbox) == 1
    assert "olena@example.org" in mailoutbox[0].to[0]


def test_an_already_registered_email_is_told_by_email_and_sees_no_outcome(client):
    event = EventFactory()
    RegistrationFactory(event=event, email="known@example.org")

    known = client.post(register_url(event), form_data(event, email="known@example.org"), follow=True)
    new = fresh_client().post(register_url(event), form_data(event, email="new@example.org"), follow=True)

    assert known.status_code == new.status_code == 200
    assert "Please check your e-mail" in known.content.decode()
    assert "Confirmed: the place is yours." in new.content.decode()
    assert Registration.objects.filter(email="new@example.org").count() == 1
    assert EmailLog.objects.filter(kind="manage_link:1", recipient="known@example.org").count() == 1


def test_double_submit_with_one_token_creates_one_registration(client):
    event = EventFactory()
    data = form_data(event)

    first = client.post(register_url(event), data)
    second = client.post(register_url(event), data)

    assert first["Location"] == second["Location"] == done_url(event)
    assert Registration.objects.count() == 1
    assert EmailLog.objects.count() == 1


def test_honeypot_is_dropped_quietly_and_counted_for_the_organizers(client):
    event = EventFactory()

    bot = client.post(register_url(event), form_data(event, website="http://spam.example"))

    assert bot["Location"] == done_url(event)
    assert Registration.objects.count() == 0
    assert EmailLog.objects.count() == 0
    assert (event.screened_submissions.dropped, event.screened_submissions.sent_back) == (1, 0)


def test_too_fast_submission_is_shown_again_with_everything_kept_and_counted(client, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 3
    event = EventFactory()
    token = old_form_token(event, seconds_ago=0)

    fast = client.post(register_url(event), form_data(event, form_token=token))

    html = fast.content.decode()
    assert fast.status_code == 200
    assert "That was very quick" in html
    assert "Please correct the marked fields" not in html
    assert 'value="Kowalenko"' in html and 'value="olena@example.org"' in html
    assert f'value="{token}"' in html, "the same token, so the time the form was shown is kept"
    assert Registration.objects.count() == 0
    assert event.screened_submissions.sent_back == 1


def test_sending_the_re_shown_form_again_once_enough_time_passed_registers(client, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 3
    event = EventFactory()
    token = old_form_token(event, seconds_ago=2)
    client.post(register_url(event), form_data(event, form_token=token))

    settings.REGISTRATION_MIN_FILL_SECONDS = 2
    again = client.post(register_url(event), form_data(event, form_token=token))

    assert again.status_code == 302
    assert Registration.objects.count() == 1


def test_an_empty_form_sent_fast_gets_its_field_errors_not_the_timing_message(client, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 3
    event = EventFactory()
    empty = {key: "" for key in form_data(event)} | {
        "form_token": old_form_token(event, seconds_ago=0),
        "attendee-TOTAL_FORMS": "0",
        "attendee-INITIAL_FORMS": "0",
    }

    response = client.post(register_url(event), empty)

    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required" in html
    assert "That was very quick" not in html
    assert not ScreenedSubmissions.objects.filter(event=event).exists()


def test_missing_or_forged_token_asks_to_send_again_and_keeps_input(client):
    event = EventFactory()

    response = client.post(register_url(event), form_data(event, form_token="forged"))

    assert response.status_code == 400
    assert "Kowalenko" in response.content.decode()
    assert Registration.objects.count() == 0


def test_a_token_less_post_starts_the_clock_rather_than_skipping_it(client, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 3
    event = EventFactory()
    data = form_data(event)
    del data["form_token"]

    first = client.post(register_url(event), data)
    issued = re.search(r'name="form_token" value="([^"]+)"', first.content.decode()).group(1)
    resent = client.post(register_url(event), form_data(event, form_token=issued))

    assert resent.status_code == 200
    assert "That was very quick" in resent.content.decode()
    assert Registration.objects.count() == 0


@pytest.fixture
def one_rate_limit_window(time_machine, settings):
    """Counters run in fixed windows: a test that counts up to a limit starts at a window's beginning."""
    window = settings.REGISTRATION_LIMIT_WINDOW_SECONDS
    time_machine.move_to((time.time() // window + 1) * window, tick=True)


def test_rate_limit_ignores_x_forwarded_for_from_an_untrusted_peer(client, one_rate_limit_window):
    event = EventFactory()
    address, other_address = "192.0.2.10", "203.0.113.10"
    statuses = []
    for n in range(12):
        response = client.post(
            register_url(event),
            form_data(event, email="same@example.org"),
            REMOTE_ADDR=address,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        statuses.append(response.status_code)

    assert statuses == [302] * 10 + [429] * 2
    other = client.post(
        register_url(event), form_data(event, email="same@example.org"), REMOTE_ADDR=other_address
    )
    assert other.status_code == 302


def test_after_the_deadline_the_form_refuses(client):
    event = EventFactory(registration_closes_at=timezone.now() - dt.timedelta(minutes=1))

    page = client.get(register_url(event))
    post = client.post(register_url(event), form_data(event))

    assert "Registration is closed" in page.content.decode()
    assert post.status_code == 403
    assert Registration.objects.count() == 0


def test_with_the_cache_unreachable_the_pages_show_and_a_registration_is_stored(client, settings):
    """The page cache and the registration's copies only cost speed when Redis is down (RELIABILITY B2)."""
    settings.CACHES = CLOSED_PORT_REDIS_CACHE
    event = EventFactory(capacity=10)
    data = form_data(event)

    event_page = client.get(reverse("events:event_detail", kwargs={"slug": event.slug}))
    agenda = client.get(reverse("events:event_agenda", kwargs={"slug": event.slug}))
    form_page = client.get(register_url(event))
    response = client.post(register_url(event), data)

    assert [event_page.status_code, agenda.status_code, form_page.status_code] == [200, 200, 200]
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert EmailLog.objects.get(registration=registration).status == EmailLog.Status.QUEUED


def test_a_withdrawn_event_takes_no_registration_though_its_form_was_shown_from_the_cache(client):
    event = EventFactory()
    data = form_data(event)
    assert client.get(register_url(event)).status_code == 200  # the event is now kept in the cache

    event.status = Event.Status.DRAFT
    event.save()

    assert client.post(register_url(event), data).status_code == 404
    assert not Registration.objects.exists()


def test_a_capacity_changed_without_a_save_signal_still_decides_under_the_lock(client):
    """The copy of the event in the cache is never what a registration is decided on."""
    event = EventFactory(capacity=50, waitlist_enabled=True)
    data = form_data(event)
    client.get(register_url(event))

    Event.objects.filter(pk=event.pk).update(capacity=0)  # no post_save: the cached copy still says 50

    assert client.post(register_url(event), data).status_code == 302
    assert Registration.objects.get().status == Registration.Status.WAITLISTED


def test_an_event_renamed_since_its_form_was_shown_is_not_found_at_its_old_address(client):
    event = EventFactory(slug="spotkanie")
    old_url, data = register_url(event), form_data(event)
    client.get(old_url)  # which event holds the slug is now kept in the cache

    event.slug = "spotkanie-2027"
    event.save()

    assert client.post(old_url, data).status_code == 404
    assert client.post(register_url(event), data).status_code == 302


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "x" * 101),
        ("first_name", "Anna\r\nBcc: v@example.org"),
        ("first_name", "An\x00na"),
        ("email", "a@b"),
        ("email", "a@@b.pl"),
        ("email", "a@b..pl"),
        ("email", "a@b.pl,c@d.pl"),
        ("email", "a@b.pl\r\nBcc: v@x.pl"),
        ("other_needs", "x" * 1_000_000),
        ("phone", "call me"),
    ],
)
def test_bad_input_is_a_form_error_never_a_row(client, field, value):
    event = EventFactory()

    response = client.post(register_url(event), form_data(event, **{field: value}))

    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_invalid_utf8_body_is_not_a_server_error(client):
    event = EventFactory()

    response = client.post(
        register_url(event),
        data=b"first_name=%FF%FE&last_name=%C0%AF",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400


def test_script_text_is_stored_as_typed_and_shown_escaped(client):
    event = EventFactory()
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    client.post(register_url(event), form_data(event, last_name=payload[:100], organization="{{7*7}}"))
    registration = Registration.objects.get()

    page = client.get(manage_path_for(registration))

    html = page.content.decode()
    assert registration.last_name == payload[:100]
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{7*7}}" in html


def test_session_clash_refused_with_a_message_naming_both(client):
    event = EventFactory()
    start = event.starts_at
    w1 = SessionFactory(
        event=event,
        title="Mieszkalnictwo",
        is_selectable=True,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
    )
    w2 = SessionFactory(
        event=event,
        title="Rynek pracy",
        is_selectable=True,
        starts_at=start + dt.timedelta(minutes=60),
        ends_at=start + dt.timedelta(minutes=120),
    )
    SessionFactory(
        event=event,
        is_selectable=True,
        starts_at=start + dt.timedelta(minutes=90),
        ends_at=start + dt.timedelta(minutes=100),
    )

    response = client.post(register_url(event), form_data(event, **{f"slot_{w1.pk}": [w1.pk, w2.pk]}))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Mieszkalnictwo" in html and "Rynek pracy" in html and "same time" in html
    assert Registration.objects.count() == 0


def test_required_session_choice_per_slot(client):
    form = RegistrationFormFactory(requires_session_choice=True)
    event = form.event
    workshop = SessionFactory(event=event, is_selectable=True)

    missing = client.post(register_url(event), form_data(event))
    chosen = client.post(register_url(event), form_data(event, **{f"slot_{workshop.pk}": workshop.pk}))

    assert missing.status_code == 400
    assert chosen.status_code == 302
    assert Registration.objects.get().seats.get().session == workshop


def test_attendees_registered_in_the_same_submission(client):
    form = RegistrationFormFactory(max_attendees_per_submission=3)
    event = form.event
    data = form_data(
        event,
        **{
            "attendee-TOTAL_FORMS": "2",
            "attendee-INITIAL_FORMS": "0",
            "attendee-0-first_name": "Iryna",
            "attendee-0-last_name": "Bondar",
            "attendee-0-email": "",
            "attendee-0-language": "uk",
            "attendee-1-first_name": "",
            "attendee-1-last_name": "",
            "attendee-1-language": "pl",
        },
    )

    response = client.post(register_url(event), data)

    assert response.status_code == 302
    contact = Registration.objects.get(registered_by__isnull=True)
    assert list(contact.attendees.values_list("first_name", "email")) == [("Iryna", "")]


def test_conditional_question_ignored_when_hidden_and_validated_when_shown(client):
    form = RegistrationFormFactory()
    event = form.event
    needs = QuestionFactory(form=form, kind=Question.Kind.CHECKBOX, label="Potrzebuję noclegu")
    nights = QuestionFactory(
        form=form,
        kind=Question.Kind.NUMBER,
        label="Ile nocy?",
        is_required=True,
        min_value=1,
        max_value=3,
        condition_question=needs,
        condition_value="yes",
    )

    page = client.get(register_url(event))
    hidden_answer = client.post(register_url(event), form_data(event, **{f"q_{nights.pk}": "9"}))
    shown_empty = client.post(
        register_url(event), form_data(event, email="b@example.org", **{f"q_{needs.pk}": "on"})
    )
    shown_valid = client.post(
        register_url(event),
        form_data(event, email="c@example.org", **{f"q_{needs.pk}": "on", f"q_{nights.pk}": "2"}),
    )

    assert "Ile nocy?" not in page.content.decode()
    assert hidden_answer.status_code == 302
    assert not Registration.objects.get(email="olena@example.org").answers.filter(question=nights).exists()
    assert shown_empty.status_code == 400
    assert "Ile nocy?" in shown_empty.content.decode()
    assert shown_valid.status_code == 302
    assert Registration.objects.get(email="c@example.org").answers.get(question=nights).value == "2"


def test_questions_partial_for_htmx_shows_the_conditional_question(client):
    form = RegistrationFormFactory()
    needs = QuestionFactory(form=form, kind=Question.Kind.CHECKBOX)
    QuestionFactory(form=form, label="Ile nocy?", condition_question=needs, condition_value="yes")
    url = reverse("registrations:register_questions", kwargs={"slug": form.event.slug})

    shown = client.post(url, {f"q_{needs.pk}": "on"}, HTTP_HX_REQUEST="true")
    hidden = client.post(url, {}, HTTP_HX_REQUEST="true")

    assert "Ile nocy?" in shown.content.decode()
    assert "Ile nocy?" not in hidden.content.decode()
    assert 'hx-post="' in hidden.content.decode()


def test_manage_page_wrong_token_404_and_no_store(client):
    event = EventFactory()
    registration = services.register(event=event, contact=person(), consent=consent()).registration

    good = client.get(manage_path_for(registration))
    bad = client.get(reverse("registrations:manage", kwargs={"token": "A" * 43}))

    assert good.status_code == 200
    assert "no-store" in good["Cache-Control"]
    assert good["Referrer-Policy"] == "same-origin"
    assert bad.status_code == 404


def test_wrong_tokens_are_rate_limited(client):
    statuses = [
        client.get(reverse("registrations:manage", kwargs={"token": f"{n:0>43}"})).status_code
        for n in range(22)
    ]

    assert statuses[:20] == [404] * 20
    assert statuses[20:] == [429, 429]


def test_cancel_needs_post_and_promotes_the_next(client):
    event = EventFactory(capacity=1)
    first = services.register(event=event, contact=person(0), consent=consent()).registration
    second = services.register(event=event, contact=person(1), consent=consent()).registration
    cancel_url = reverse(
        "registrations:manage_cancel", kwargs={"token": manage_path_for(first).split("/")[-2]}
    )

    confirm_page = client.get(cancel_url)
    first.refresh_from_db()
    assert confirm_page.status_code == 200
    assert first.status == Registration.Status.CONFIRMED

    client.post(cancel_url)
    gone = client.get(manage_path_for(first))

    second.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED
    assert gone.status_code == 410


def test_online_link_only_for_confirmed(client):
    event = EventFactory(capacity=1, format="hybrid", online_url="https://meet.example/secret-marker")
    confirmed = services.register(event=event, contact=person(0), consent=consent()).registration
    waiting = services.register(event=event, contact=person(1), consent=consent()).registration

    assert "secret-marker" in client.get(manage_path_for(confirmed)).content.decode()
    assert "secret-marker" not in client.get(manage_path_for(waiting)).content.decode()


def test_edit_changes_sessions_until_registration_closes(client):
    event = EventFactory()
    start = event.starts_at
    a = SessionFactory(event=event, is_selectable=True, starts_at=start)
    b = SessionFactory(event=event, is_selectable=True, starts_at=start)
    registration = services.register(
        event=event, contact=person(0, session_ids=[a.pk]), consent=consent()
    ).registration
    token = manage_path_for(registration).split("/")[-2]
    edit_url = reverse("registrations:manage_edit", kwargs={"token": token})

    page = client.get(edit_url)
    response = client.post(
        edit_url,
        {"first_name": "Olha", "last_name": "K", "language": "pl", f"slot_{a.pk}": str(b.pk)},
    )

    assert page.status_code == 200
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.first_name == "Olha"
    assert list(registration.seats.values_list("session", flat=True)) == [b.pk]


def test_my_registrations_by_account_and_verified_email(client):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="me@example.org")
    EmailAddress.objects.create(user=user, email="me@example.org", verified=True, primary=True)
    mine = RegistrationFactory(email="ME@example.org")
    RegistrationFactory(email="other@example.org")
    client.force_login(user)

    response = client.get(reverse("registrations:my_registrations"))

    assert response.status_code == 200
    assert [row[0] for row in response.context["rows"]] == [mine]


def test_logged_in_user_gets_details_prefilled(client):
    user = UserFactory(first_name="Maria", last_name="Wiśniewska", email="maria@example.org")
    client.force_login(user)
    event = EventFactory()

    response = client.get(register_url(event))

    assert response.context["form"]["email"].value() == "maria@example.org"
    assert response.context["form"]["first_name"].value() == "Maria"


def test_question_help_text_is_shown_as_text_never_as_html(client):
    form = RegistrationFormFactory()
    event = form.event
    refresh = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    needs = QuestionFactory(form=form, kind=Question.Kind.CHECKBOX, help_text=f"Nocleg {refresh}")
    QuestionFactory(
        form=form, help_text=f"<b>Ile</b> nocy? {refresh}", condition_question=needs, condition_value="yes"
    )
    registration = services.register(event=event, contact=person(0), consent=consent()).registration
    token = manage_path_for(registration).split("/")[-2]
    questions_url = reverse("registrations:register_questions", kwargs={"slug": event.slug})

    pages = [
        client.get(register_url(event)),
        client.post(questions_url, {f"q_{needs.pk}": "on"}, HTTP_HX_REQUEST="true"),
        client.get(reverse("registrations:manage_edit", kwargs={"token": token})),
    ]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "<meta http-equiv" not in html
        assert "Nocleg &lt;meta http-equiv=&quot;refresh&quot;" in html
    assert "&lt;b&gt;Ile&lt;/b&gt; nocy?" in pages[1].content.decode()


def test_a_change_to_the_form_after_it_was_shown_is_in_the_next_request(client):
    event = EventFactory()
    form = RegistrationFormFactory(event=event)
    transport = QuestionFactory(form=form, label="Dojazd", kind=Question.Kind.SINGLE_CHOICE)
    bus = ChoiceFactory(question=transport, label="Autobus")
    workshop = SessionFactory(event=event, title="Warsztat A", is_selectable=True)
    assert "Autobus" in client.get(register_url(event)).content.decode()  # now cached

    bus.label = "Pociąg"
    bus.save()
    QuestionFactory(form=form, label="Czy potrzebujesz noclegu?")
    workshop.title = "Warsztat B"
    workshop.save()
    html = client.get(register_url(event)).content.decode()

    assert "Pociąg" in html and "Autobus" not in html
    assert "Czy potrzebujesz noclegu?" in html
    assert "Warsztat B" in html
    transport.delete()
    assert "Dojazd" not in client.get(register_url(event)).content.decode()
