"""An event with a working-group block and a ranking question: three groups and another topic."""

import datetime as dt

import pytest

from agenda.models import Session
from registrations.models import Question
from tests.factories import ChoiceFactory, EventFactory, QuestionFactory, RegistrationFactory, SessionFactory
from workgroups import services


@pytest.fixture
def event():
    event = EventFactory()
    SessionFactory(
        event=event,
        kind=Session.Kind.WORKING_GROUP,
        title="Praca w grupach",
        starts_at=event.starts_at + dt.timedelta(hours=2),
        ends_at=event.starts_at + dt.timedelta(hours=3, minutes=45),
    )
    return event


@pytest.fixture
def question(event):
    question = QuestionFactory(form__event=event, kind=Question.Kind.RANKING, is_per_person=True, min_ranks=2)
    for order, (label, label_uk, label_en) in enumerate(
        [("Mieszkania", "Житло", "Housing"), ("Praca", "Робота", "Work"), ("Edukacja", "Освіта", "Education")]
    ):
        ChoiceFactory(
            question=question, label_pl=label, label_uk=label_uk, label_en=label_en, capacity=2, order=order
        )
    ChoiceFactory(
        question=question,
        label_pl="Inny temat",
        label_uk="",
        label_en="Another topic",
        is_open_topic=True,
        order=9,
    )
    return question


def rank(registration, question, *labels, proposal=""):
    choices = {choice.label_pl: choice for choice in question.choices.all()}
    services.save_rankings(registration, question, [choices[label] for label in labels], proposal)


def person(event, question, *labels, language="pl", proposal=""):
    registration = RegistrationFactory(event=event, language=language)
    rank(registration, question, *labels, proposal=proposal)
    return registration
