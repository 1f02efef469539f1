"""The confirmation restates what the person chose: Warsaw's working group, an "other topic" without seats."""

import pytest

from registrations import services
from registrations.models import Question
from tests.factories import ChoiceFactory, EventFactory, QuestionFactory, RegistrationFormFactory

from ._registration_data import consent, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def working_groups():
    event = EventFactory(title="Warszawskie dzielnice")
    form = RegistrationFormFactory(event=event)
    question = QuestionFactory(
        form=form, label="Grupa robocza", label_en="Working group", kind=Question.Kind.SINGLE_CHOICE
    )
    housing = ChoiceFactory(question=question, label="Mieszkanie", label_en="Housing", capacity=1, order=1)
    other = ChoiceFactory(question=question, label="Inny temat", label_en="Another topic", order=2)
    private = QuestionFactory(
        form=form, label="Potrzeby zdrowotne", kind=Question.Kind.SINGLE_CHOICE, is_sensitive=True
    )
    return event, question, housing, other, private


def register(event, n, *answers, language="en"):
    contact = person(n, language=language, answers=list(answers))
    return services.register(event=event, contact=contact, consent=consent()).registration


def test_confirmation_names_the_chosen_working_group(
    working_groups, mailoutbox, django_capture_on_commit_callbacks
):
    event, question, housing, _other, _private = working_groups

    with django_capture_on_commit_callbacks(execute=True):
        register(event, 0, services.AnswerData(question=question, choices=[housing]))

    [message] = mailoutbox
    assert "Your choices:\n- Working group: Housing\n" in message.body
    assert "<li>Working group: Housing</li>" in message.alternatives[0].content


def test_confirmation_in_polish_names_the_group_in_polish(
    working_groups, mailoutbox, django_capture_on_commit_callbacks
):
    event, question, housing, _other, _private = working_groups

    with django_capture_on_commit_callbacks(execute=True):
        register(event, 0, services.AnswerData(question=question, choices=[housing]), language="pl")

    assert "- Grupa robocza: Mieszkanie\n" in mailoutbox[0].body


def test_other_topic_has_no_seat_count_and_leaves_sensitive_answers_out(
    working_groups, mailoutbox, django_capture_on_commit_callbacks
):
    event, question, _housing, other, private = working_groups
    secret = ChoiceFactory(question=private, label="Wózek")
    for n in range(3):
        register(event, n, services.AnswerData(question=question, choices=[other]))

    with django_capture_on_commit_callbacks(execute=True):
        register(
            event,
            9,
            services.AnswerData(question=question, choices=[other]),
            services.AnswerData(question=private, choices=[secret]),
        )

    [message] = mailoutbox
    assert "- Working group: Another topic\n" in message.body
    assert "Wózek" not in message.body + message.alternatives[0].content
