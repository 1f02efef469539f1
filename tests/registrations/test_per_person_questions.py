"""Everyone in a submission answers what concerns them; a language-support answer is a need."""

import pytest
from django.urls import reverse
from django.utils import translation

from attendees import statistics
from mail.models import EmailLog
from registrations import services
from registrations.models import Answer, Question, Registration
from registrations.tokens import manage_token_for
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    QuestionFactory,
    RegistrationFormFactory,
    SessionFactory,
)

from ._registration_data import consent, person
from .attendee_helpers import organizer
from .test_views import form_data, fresh_client, register_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return fresh_client()


@pytest.fixture
def form():
    event = EventFactory()
    form = RegistrationFormFactory(event=event)
    sector = QuestionFactory(
        form=form, label="Sector", kind=Question.Kind.SINGLE_CHOICE, is_required=True, is_per_person=True
    )
    ngo, city = ChoiceFactory(question=sector, label="NGO"), ChoiceFactory(question=sector, label="City hall")
    other = QuestionFactory(
        form=form,
        label="Which city hall?",
        is_required=True,
        is_per_person=True,
        condition_question=sector,
        condition_value="City hall",
    )
    invoice = QuestionFactory(form=form, label="Invoice details", is_per_person=False)
    return {"event": event, "sector": sector, "ngo": ngo, "city": city, "other": other, "invoice": invoice}


def colleague(form, **answers):
    values = {
        "attendee-TOTAL_FORMS": "1",
        "attendee-0-first_name": "Iryna",
        "attendee-0-last_name": "Bondarenko",
        "attendee-0-email": "iryna@example.org",
        "attendee-0-language": "uk",
    }
    values.update({f"attendee-0-{name}": value for name, value in answers.items()})
    return values


def test_a_colleague_block_asks_only_the_questions_asked_of_every_person(client, form):
    html = client.get(register_url(form["event"])).content.decode()

    assert f'name="q_{form["sector"].pk}"' in html and f'name="q_{form["invoice"].pk}"' in html
    assert f'name="attendee-0-q_{form["sector"].pk}"' in html
    assert f'name="attendee-0-q_{form["invoice"].pk}"' not in html


def test_a_colleague_answers_her_own_questions_and_they_are_stored_as_hers(client, form):
    event, sector = form["event"], form["sector"]
    data = form_data(
        event,
        **{f"q_{sector.pk}": str(form["ngo"].pk), f"q_{form['invoice'].pk}": "Fundacja, NIP 123"},
        **colleague(form, **{f"q_{sector.pk}": str(form["city"].pk), f"q_{form['other'].pk}": "Skawina"}),
    )

    response = client.post(register_url(event), data)

    assert response.status_code == 302
    olena, iryna = Registration.objects.order_by("pk")
    answers = {
        (answer.registration_id, answer.question.label): answer.value
        for answer in Answer.objects.select_related("question")
    }
    assert answers == {
        (olena.pk, "Sector"): "NGO",
        (olena.pk, "Invoice details"): "Fundacja, NIP 123",
        (iryna.pk, "Sector"): "City hall",
        (iryna.pk, "Which city hall?"): "Skawina",
    }


def test_a_colleague_condition_follows_her_own_answer_and_a_missing_answer_is_marked_in_her_block(
    client, form
):
    event, sector = form["event"], form["sector"]
    data = form_data(
        event,
        **{f"q_{sector.pk}": str(form["ngo"].pk)},
        **colleague(form, **{f"q_{sector.pk}": str(form["city"].pk)}),
    )

    response = client.post(register_url(event), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert f'name="attendee-0-q_{form["other"].pk}"' in html
    assert f'name="q_{form["other"].pk}"' not in html, "the contact answered NGO: not asked of her"
    assert f'id="error_1_id_attendee-0-q_{form["other"].pk}"' in html
    assert Registration.objects.count() == 0


def test_the_questions_refresh_brings_back_the_colleague_block_with_her_conditional_question(client, form):
    event, sector = form["event"], form["sector"]
    url = reverse("registrations:register_questions", kwargs={"slug": event.slug})

    response = client.post(url, {f"attendee-0-q_{sector.pk}": str(form["city"].pk)})

    html = response.content.decode()
    assert 'id="attendee-0-questions"' in html
    assert f'name="attendee-0-q_{form["other"].pk}"' in html
    assert f'name="q_{form["other"].pk}"' not in html


def test_a_language_support_answer_is_the_interpretation_need_in_filters_and_counts(client):
    event = EventFactory()
    form = RegistrationFormFactory(event=event, asks_interpretation=False)
    language = QuestionFactory(
        form=form, label="Which language?", is_per_person=True, fills=Question.Fills.INTERPRETATION
    )
    session = SessionFactory(event=event, is_selectable=True)
    services.register(
        event=event,
        contact=person(
            1, answers=[services.AnswerData(question=language, value="ukraiński")], session_ids=[session.pk]
        ),
        attendees=[person(2, answers=[services.AnswerData(question=language, value="rosyjski")])],
        consent=consent(),
    )
    services.register(event=event, contact=person(3), consent=consent())
    client.force_login(organizer(event.organization))

    changelist = client.get(
        reverse("admin:registrations_registration_changelist")
        + f"?event__id__exact={event.pk}&interpretation=yes"
    )

    interpreted = dict(Registration.objects.values_list("last_name", "interpretation_language"))
    assert interpreted == {"Kowalenko1": "ukraiński", "Kowalenko2": "rosyjski", "Kowalenko3": ""}
    assert sorted(r.last_name for r in changelist.context["cl"].result_list) == ["Kowalenko1", "Kowalenko2"]
    assert [row["needs_interpretation"] for row in statistics.session_fill(event)] == [1]


def test_the_contact_confirmation_lists_everyone_registered_and_their_outcome(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2, waitlist_enabled=True)
    data = form_data(
        event,
        **{
            "attendee-TOTAL_FORMS": "2",
            "attendee-0-first_name": "Iryna",
            "attendee-0-last_name": "Bondarenko",
            "attendee-0-language": "en",
            "attendee-1-first_name": "Petro",
            "attendee-1-last_name": "Melnyk",
            "attendee-1-language": "en",
        },
    )
    data["language"] = "en"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(event), data)

    contact_mail = next(
        message
        for message in mailoutbox
        if message.subject.startswith("Registration confirmed") and "Hello Olena" in message.body
    )
    assert "People you registered with this form:" in contact_mail.body
    assert "- Iryna Bondarenko: confirmed" in contact_mail.body
    assert "- Petro Melnyk: on the waiting list (place 1)" in contact_mail.body
    assert "Petro Melnyk: on the waiting list (place 1)" in contact_mail.alternatives[0].content


def test_mail_to_a_colleague_own_address_carries_no_text_the_submitter_typed_but_names(
    client, form, mailoutbox, django_capture_on_commit_callbacks
):
    event, sector = form["event"], form["sector"]
    bait = "Pay now at evil.example"
    data = form_data(
        event,
        organization=bait,
        position=bait,
        other_needs=bait,
        **{f"q_{sector.pk}": str(form["ngo"].pk), f"q_{form['invoice'].pk}": bait},
        **colleague(
            form,
            other_needs=bait,
            **{f"q_{sector.pk}": str(form["city"].pk), f"q_{form['other'].pk}": bait},
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(event), data)

    log = EmailLog.objects.get(recipient="iryna@example.org")
    message = next(message for message in mailoutbox if "iryna@example.org" in message.to[0])
    assert log.status == EmailLog.Status.SENT
    texts = [message.subject, message.body, message.alternatives[0].content]
    texts += [
        content.decode() if isinstance(content, bytes) else content for _n, content, _t in message.attachments
    ]
    assert all(bait not in text for text in texts)
    assert "Olena Kowalenko" in message.body, "the names are the only text from the submitter"


def test_a_colleague_editing_her_registration_is_asked_only_her_own_questions(client, form):
    result = services.register(
        event=form["event"], contact=person(1), attendees=[person(2)], consent=consent()
    )
    colleague_token = manage_token_for(result.attendees[0])
    contact_token = manage_token_for(result.registration)

    hers = client.get(
        reverse("registrations:manage_edit", kwargs={"token": colleague_token})
    ).content.decode()
    contacts = client.get(
        reverse("registrations:manage_edit", kwargs={"token": contact_token})
    ).content.decode()

    assert f'name="q_{form["sector"].pk}"' in hers and f'name="q_{form["invoice"].pk}"' not in hers
    assert f'name="q_{form["sector"].pk}"' in contacts and f'name="q_{form["invoice"].pk}"' in contacts
