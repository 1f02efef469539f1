import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from registrations import selectors
from registrations.forms.questions import LONG_TEXT_MAX_LENGTH, consent_digest
from registrations.forms.registration import RegistrationSubmitForm
from registrations.models import Question
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    QuestionFactory,
    RegistrationFormFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def build(form, data=None):
    event = form.event
    questions = list(form.questions.prefetch_related("choices"))
    slots = selectors.time_slots(selectors.selectable_sessions(event=event))
    return RegistrationSubmitForm(data, event=event, registration_form=form, questions=questions, slots=slots)


def base_data(form, **extra):
    data = {
        "first_name": "Євгенія",
        "last_name": "Щербань ґ ї",
        "email": " x@przykład.pl ",
        "language": "uk",
        "consent": "on",
        "consent_digest": consent_digest(form.consent_text),
    }
    data.update(extra)
    return data


def test_every_question_kind_gets_a_field_with_its_validation():
    form = RegistrationFormFactory()
    kinds = {kind: QuestionFactory(form=form, kind=kind, is_required=True) for kind in Question.Kind.values}
    for kind in Question.CHOICE_KINDS:
        ChoiceFactory(question=kinds[kind], label="A")
    number = kinds[Question.Kind.NUMBER]
    number.min_value, number.max_value = 1, 5
    number.save()

    bound = build(form, base_data(form, **{f"q_{number.pk}": "9"}))

    assert not bound.is_valid()
    assert set(bound.errors) == {f"q_{question.pk}" for question in kinds.values()}


def test_pattern_and_length_validation():
    form = RegistrationFormFactory()
    code = QuestionFactory(form=form, pattern=r"\d{2}-\d{3}", min_length=6)
    essay = QuestionFactory(form=form, kind=Question.Kind.LONG_TEXT)

    wrong = build(form, base_data(form, **{f"q_{code.pk}": "30-70", f"q_{essay.pk}": "ż" * 2001}))
    right = build(form, base_data(form, **{f"q_{code.pk}": "30-701", f"q_{essay.pk}": "ż" * 2000}))

    assert set(wrong.errors) == {f"q_{code.pk}", f"q_{essay.pk}"}
    assert right.is_valid(), right.errors
    assert right.cleaned_data["email"] == "x@przykład.pl"
    assert LONG_TEXT_MAX_LENGTH == 2000


def test_consent_is_never_pretricked_and_a_changed_text_asks_again():
    form = RegistrationFormFactory()
    unbound = build(form)
    changed = build(form, base_data(form, consent_digest="0" * 64))

    assert unbound["consent"].value() is None
    assert not changed.is_valid()
    assert "consent" in changed.errors


def test_sessions_grouped_in_slots_radio_for_parallel_checkboxes_for_chains():
    event = EventFactory()
    start = event.starts_at
    parallel = [SessionFactory(event=event, is_selectable=True, starts_at=start) for _ in range(2)]
    chain_start = start + dt.timedelta(hours=3)
    SessionFactory(
        event=event, is_selectable=True, starts_at=chain_start, ends_at=chain_start + dt.timedelta(minutes=90)
    )
    SessionFactory(
        event=event,
        is_selectable=True,
        starts_at=chain_start + dt.timedelta(minutes=60),
        ends_at=chain_start + dt.timedelta(minutes=120),
    )
    SessionFactory(
        event=event,
        is_selectable=True,
        starts_at=chain_start + dt.timedelta(minutes=90),
        ends_at=chain_start + dt.timedelta(minutes=150),
    )
    form = RegistrationFormFactory(event=event)

    bound = build(form)

    first, second = (bound.fields[name] for name in bound.slot_names)
    assert first.widget.__class__.__name__ == "RadioSelect"
    assert [value for value, _label in first.choices][1:] == [str(s.pk) for s in parallel]
    assert second.widget.__class__.__name__ == "CheckboxSelectMultiple"


def test_seats_left_and_full_shown_in_session_labels():
    event = EventFactory()
    SessionFactory(event=event, is_selectable=True, capacity=0, title="Pełny")
    form = RegistrationFormFactory(event=event)

    with translation.override("en"):
        bound = build(form)
        labels = [str(label) for _value, label in bound.fields[bound.slot_names[0]].choices]

    assert "waiting list" in labels[1]


def test_condition_on_a_choice_label():
    form = RegistrationFormFactory()
    transport = QuestionFactory(form=form, kind=Question.Kind.DROPDOWN)
    car = ChoiceFactory(question=transport, label="Samochód")
    plate = QuestionFactory(
        form=form, label="Numer rejestracyjny", condition_question=transport, condition_value="samochód"
    )

    shown = build(form, base_data(form, **{f"q_{transport.pk}": str(car.pk)}))
    hidden = build(form, base_data(form))

    assert f"q_{plate.pk}" in shown.fields
    assert f"q_{plate.pk}" not in hidden.fields


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_use_the_site_layout(client, name):
    response = client.get(reverse(name))

    html = response.content.decode()
    assert response.status_code == 200
    assert "skip-link" in html
    assert "form-control" in html
