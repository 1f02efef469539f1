"""Arbitrary text in every text field of the public registration form: a row as typed, or a form error.

The form's normalisation is Django's CharField: surrounding whitespace (str.strip) is removed, NUL is
refused, lengths count code points after trimming; names, organization and position must be one line; the
phone number matches `phone_validator`. Nothing else changes: no case folding, no Unicode normalisation.
An invalid form is shown again with status 400 (the view's choice), never a 5xx.
"""

import itertools
import re
import uuid
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mail.models import EmailLog
from registrations.forms.questions import (
    LINE_BREAKS,
    LONG_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    consent_digest,
)
from registrations.models import Answer, Question, Registration
from tests.factories import EventFactory, QuestionFactory, RegistrationFormFactory

from ._registration_data import old_form_token

pytestmark = pytest.mark.django_db

PHONE = re.compile(r"^\+?[0-9 ()./-]{6,25}$")
URLENCODED = "application/x-www-form-urlencoded"


class Field:
    """What the form promises for one text field; `question` names a custom question instead of a column."""

    def __init__(self, max_length, *, required=False, single_line=False, phone=False, question=None):
        self.max_length = max_length
        self.required = required
        self.single_line = single_line
        self.phone = phone
        self.question = question

    def accepts(self, typed: str) -> bool:
        value = typed.strip()
        if "\x00" in value:
            return False
        if not value:
            return not self.required
        if len(value) > self.max_length:
            return False
        if self.single_line and any(character in LINE_BREAKS for character in value):
            return False
        return not (self.phone and not PHONE.search(value))


PERSON_FIELDS = {
    "first_name": Field(100, required=True, single_line=True),
    "last_name": Field(100, required=True, single_line=True),
    "organization": Field(200, single_line=True),
    "position": Field(200, single_line=True),
    "phone": Field(30, phone=True),
    "accessibility_needs": Field(LONG_TEXT_MAX_LENGTH),
    "dietary_needs": Field(300),
    "other_needs": Field(LONG_TEXT_MAX_LENGTH),
}
# Registration columns the typed text ends up in, where the name differs from the form field.
COLUMNS = {"organization": "organization_name"}


class RegistrationPage:
    """One published event whose form asks every optional text field, with a short and a long question."""

    def __init__(self):
        self.event = EventFactory()
        self.form = RegistrationFormFactory(
            event=self.event, allows_additional_attendees=False, asks_accessibility=True, asks_diet=True
        )
        self.fields = dict(PERSON_FIELDS)
        for kind, ceiling in (
            (Question.Kind.SHORT_TEXT, SHORT_TEXT_MAX_LENGTH),
            (Question.Kind.LONG_TEXT, LONG_TEXT_MAX_LENGTH),
        ):
            question = QuestionFactory(form=self.form, kind=kind)
            self.fields[f"q_{question.pk}"] = Field(ceiling, question=question)
        self.url = reverse("registrations:register", kwargs={"slug": self.event.slug})
        self.done_url = reverse("registrations:register_done", kwargs={"slug": self.event.slug})
        self.digest = consent_digest(self.form.consent_text)
        # Each submission comes from an address of its own, so the per-IP limit never counts across them;
        # the cache may be a Redis shared with other runs, so the prefix is random and nothing is cleared.
        prefix = uuid.uuid4().bytes
        self.addresses = (f"10.{prefix[0]}.{n // 250 % 250}.{n % 250 + 1}" for n in itertools.count())
        self.emails = (f"fuzz{n}.{prefix.hex()[:8]}@example.org" for n in itertools.count())

    def valid_data(self) -> dict[str, str]:
        return {
            "form_token": old_form_token(self.event),
            "website": "",
            "first_name": "Olena",
            "last_name": "Kowalenko",
            "email": next(self.emails),
            "language": "pl",
            "consent": "on",
            "consent_digest": self.digest,
            "attendee-TOTAL_FORMS": "0",
            "attendee-INITIAL_FORMS": "0",
        }

    def post(self, data: dict[str, str] | bytes):
        body = data if isinstance(data, bytes) else urlencode(data)
        return Client(REMOTE_ADDR=next(self.addresses)).post(self.url, body, content_type=URLENCODED)


def text_for(field: Field) -> st.SearchStrategy[str]:
    """Mostly short arbitrary text, sometimes empty, sometimes just under or over the field's length."""
    short = st.text(min_size=1 if field.required else 0, max_size=40)
    return st.one_of(
        short,
        short,
        short,
        short,
        st.just(""),
        st.integers(min_value=field.max_length - 2, max_value=field.max_length + 1).flatmap(
            lambda length: st.text(min_size=length, max_size=length)
        ),
    )


def row_counts() -> tuple[int, int, int]:
    return Registration.objects.count(), Answer.objects.count(), EmailLog.objects.count()


def form_errors(response) -> set[str]:
    """Names of the fields the re-shown form marks as wrong ("__all__" for the form as a whole)."""
    return set(response.context["form"].errors)


def test_every_text_field_stores_what_was_typed_or_refuses_it():
    page = RegistrationPage()
    outcomes = Counter()
    texts = {name: text_for(field) for name, field in page.fields.items()}
    texts["phone"] = st.one_of(
        st.text(max_size=32),
        st.from_regex(r"\+?[0-9 ()./-]{6,25}", fullmatch=True),
        st.from_regex(r"\+?[0-9 ()./-]{6,25}", fullmatch=True),
    )
    # A few fields per submission carry the fuzz, the others keep plain valid values, so that both
    # outcomes are common; over the run every field is fuzzed many times, alone and together.
    fuzzed_fields = st.sets(st.sampled_from(sorted(texts)), min_size=1, max_size=4).flatmap(
        lambda names: st.fixed_dictionaries({name: texts[name] for name in sorted(names)})
    )

    @settings(
        max_examples=200,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(typed=fuzzed_fields)
    def submit(typed):
        data = {**page.valid_data(), **typed}
        rows_before = row_counts()
        last_pk = Registration.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

        response = page.post(data)

        assert response.status_code < 500
        if all(page.fields[name].accepts(value) for name, value in typed.items()):
            outcomes["accepted"] += 1
            assert (response.status_code, response["Location"]) == (302, page.done_url)
            registration = Registration.objects.get(pk__gt=last_pk)
            assert Registration.objects.count() == rows_before[0] + 1
            for name, value in typed.items():
                field = page.fields[name]
                if field.question is None:
                    assert getattr(registration, COLUMNS.get(name, name)) == value.strip(), name
            answers = dict(registration.answers.values_list("question_id", "value"))
            expected = {
                page.fields[name].question.pk: value.strip()
                for name, value in typed.items()
                if page.fields[name].question is not None and value.strip()
            }
            assert answers == expected
        else:
            outcomes["refused"] += 1
            assert response.status_code == 400
            refused = {name for name, value in typed.items() if not page.fields[name].accepts(value)}
            assert refused <= form_errors(response)
            assert row_counts() == rows_before

    submit()
    # Both branches are exercised, so neither check above holds vacuously.
    assert min(outcomes["accepted"], outcomes["refused"]) >= 20, outcomes


@pytest.mark.parametrize("name", [*PERSON_FIELDS, "short_question", "long_question"])
def test_a_million_characters_in_one_field_is_a_form_error_without_rows(name):
    page = RegistrationPage()
    if name.endswith("_question"):
        name = [field_name for field_name in page.fields if field_name.startswith("q_")][
            name == "long_question"
        ]
    data = {**page.valid_data(), name: "x" * 1_000_000}

    response = page.post(data)

    assert response.status_code == 400
    assert name in form_errors(response)
    assert row_counts() == (0, 0, 0)


def test_a_three_megabyte_body_is_refused():
    page = RegistrationPage()
    data = {**page.valid_data(), "other_needs": "x" * 3_000_000}

    response = page.post(data)

    assert response.status_code == 400
    assert row_counts() == (0, 0, 0)


def test_fifteen_hundred_fields_are_refused():
    page = RegistrationPage()
    data = {**page.valid_data(), **{f"extra{n}": "x" for n in range(1_500)}}

    response = page.post(data)

    assert response.status_code == 400
    assert row_counts() == (0, 0, 0)
