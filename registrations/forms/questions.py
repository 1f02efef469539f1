"""Form fields built from an organizer's questions, with their validation and server-side conditions."""

import hashlib
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, RegexValidator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.content_language import content_html
from common.languages import Language
from registrations import services
from registrations.models import Question
from workgroups.forms import RankingField
from workgroups.rankings import ranking_text

NAME_MAX_LENGTH = 100


SHORT_TEXT_MAX_LENGTH = 300


LONG_TEXT_MAX_LENGTH = 2000


TRUE_WORDS = frozenset({"yes", "true", "1", "on", "tak", "так", "checked"})


FALSE_WORDS = frozenset({"no", "false", "0", "off", "nie", "ні", "", "unchecked"})


LINE_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

phone_validator = RegexValidator(
    r"^\+?[0-9 ()./-]{6,25}$", _("Enter a phone number: digits, spaces and an optional + at the start.")
)


def validate_single_line(value: str) -> None:
    """Names end up in e-mail headers; a line break there could add headers of its own."""
    if any(character in LINE_BREAKS for character in value):
        raise ValidationError(_("Use a single line without line breaks."), code="line_break")


def consent_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _single_line(label, *, max_length=NAME_MAX_LENGTH, required=True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, required=required, validators=[validate_single_line], **kwargs
    )


def _compiled_pattern(question: Question):
    if not question.pattern:
        return None
    try:
        return re.compile(question.pattern)
    except re.error:
        return None


def choice_options(question: Question, *, places_left: dict[int, int]) -> list[tuple[str, str]]:
    """(value, label) of each option, with the places left where the option is limited and counted."""
    options = []
    for choice in question.choices.all():
        label = content_html(choice, "label")
        if choice.pk in places_left:
            left = places_left[choice.pk]
            places = (
                ngettext("%(n)d place left", "%(n)d places left", left) % {"n": left} if left else _("full")
            )
            label = format_html("{} ({})", label, places)
        options.append((str(choice.pk), label))
    return options


def question_field(question: Question, *, places_left: dict[int, int]) -> forms.Field:
    """One form field for one custom question, with its validation."""
    common = {
        "label": content_html(question, "label"),
        "help_text": content_html(question, "help_text"),
        "required": question.is_required,
    }
    kind = question.kind
    Kind = Question.Kind
    if kind in {Kind.SHORT_TEXT, Kind.LONG_TEXT}:
        ceiling = LONG_TEXT_MAX_LENGTH if kind == Kind.LONG_TEXT else SHORT_TEXT_MAX_LENGTH
        max_length = min(question.max_length or ceiling, ceiling)
        validators = []
        if question.min_length:
            validators.append(MinLengthValidator(question.min_length))
        pattern = _compiled_pattern(question)
        if pattern is not None:
            validators.append(
                RegexValidator(
                    re.compile(rf"^(?:{pattern.pattern})\Z"), _("The answer does not have the expected form.")
                )
            )
        widget = forms.Textarea(attrs={"rows": 4}) if kind == Kind.LONG_TEXT else None
        return forms.CharField(max_length=max_length, validators=validators, widget=widget, **common)
    if kind in Question.CHOICE_KINDS:
        options = choice_options(question, places_left=places_left)
        if kind == Kind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
        if kind == Kind.DROPDOWN:
            return forms.ChoiceField(choices=[("", "—"), *options], **common)
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if kind == Kind.RANKING:
        return RankingField(question, **common)
    if kind in {Kind.CHECKBOX, Kind.CONSENT}:
        return forms.BooleanField(**common)
    if kind == Kind.EMAIL:
        return forms.EmailField(max_length=254, **common)
    if kind == Kind.PHONE:
        return forms.CharField(max_length=30, validators=[phone_validator], **common)
    if kind == Kind.NUMBER:
        return forms.IntegerField(min_value=question.min_value, max_value=question.max_value, **common)
    if kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    if kind == Kind.SCALE:
        low = question.min_value if question.min_value is not None else 1
        high = question.max_value if question.max_value is not None else 5
        high = min(high, low + 20)
        options = [(str(value), str(value)) for value in range(low, high + 1)]
        return forms.TypedChoiceField(
            choices=options, coerce=int, widget=forms.RadioSelect(attrs={"class": "scale"}), **common
        )
    return forms.CharField(max_length=SHORT_TEXT_MAX_LENGTH, **common)


def _answer_words(question: Question, raw: list[str]) -> set[str]:
    """What an answer can be compared with: typed text, chosen labels in every language, yes/no."""
    if question.kind in Question.CHOICE_KINDS:
        chosen = {value for value in raw if value}
        words = set(chosen)
        for choice in question.choices.all():
            if str(choice.pk) in chosen:
                words |= {getattr(choice, f"label_{code}", "") or "" for code, _name in Language.choices} | {
                    choice.label
                }
        return {word.strip().casefold() for word in words if word}
    if question.kind in {Question.Kind.CHECKBOX, Question.Kind.CONSENT}:
        checked = any(value not in {"", "false", "False", "0", "off"} for value in raw)
        return set(TRUE_WORDS if checked else FALSE_WORDS)
    return {value.strip().casefold() for value in raw}


def _expected_words(question: Question) -> set[str]:
    if question.condition_choice_id:
        # An option picked from a list: the answer holds the option's id among the chosen values.
        return {str(question.condition_choice_id)}
    values = {getattr(question, f"condition_value_{code}", "") or "" for code, _name in Language.choices}
    values.add(question.condition_value or "")
    return {value.strip().casefold() for value in values if value.strip()}


class QuestionsMixin:
    """Adds the custom questions that are shown, deciding conditions from the submitted answers."""

    @property
    def questions_block_id(self) -> str:
        """The element holding this form's questions, which htmx replaces when a condition changes."""
        return f"{self.prefix}-questions" if self.prefix else "registration-questions"

    def _raw_values(self, source, name: str) -> list[str]:
        if source is None:
            return []
        if hasattr(source, "getlist"):
            return [str(value) for value in source.getlist(name)]
        value = source.get(name)
        if value is None:
            return []
        return [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]

    def shown_questions(self, questions: list[Question], source) -> list[Question]:
        """The questions whose conditions hold; an attendee's conditions look at that attendee's answers."""
        by_id = {question.pk: question for question in questions}
        submitted = hasattr(source, "getlist")  # posted data: names carry the form's prefix; initial: not
        shown: dict[int, bool] = {}

        def is_shown(question: Question, depth: int = 0) -> bool:
            if question.pk in shown:
                return shown[question.pk]
            result = True
            controlling = (
                by_id.get(question.condition_question_id) if question.condition_question_id else None
            )
            if question.condition_question_id:
                if controlling is None or depth > 10 or not is_shown(controlling, depth + 1):
                    result = False
                else:
                    name = f"q_{controlling.pk}"
                    raw = self._raw_values(source, self.add_prefix(name) if submitted else name)
                    expected = _expected_words(question)
                    result = bool(expected & _answer_words(controlling, raw)) if expected else any(raw)
            shown[question.pk] = result
            return result

        return [question for question in questions if is_shown(question)]

    def add_question_fields(self, questions: list[Question], source, *, places_left, refresh_url: str = ""):
        self.questions = questions
        self.visible_questions = self.shown_questions(questions, source)
        controlling_ids = {
            question.condition_question_id for question in questions if question.condition_question_id
        }
        for question in self.visible_questions:
            field = question_field(question, places_left=places_left)
            if question.pk in controlling_ids and refresh_url:
                field.widget.attrs.update(
                    {
                        "hx-post": refresh_url,
                        "hx-trigger": "change",
                        "hx-target": f"#{self.questions_block_id}",
                        "hx-select": f"#{self.questions_block_id}",
                        "hx-swap": "outerHTML",
                        "hx-include": "closest form",
                    }
                )
            self.fields[f"q_{question.pk}"] = field

    def show_question_places_left(self, places_left: dict[int, int]) -> None:
        """Relabel choice options with places left counted now (a submitted form being shown again)."""
        for question in self.visible_questions:
            if question.kind not in Question.CHOICE_KINDS:
                continue
            field = self.fields[f"q_{question.pk}"]
            options = choice_options(question, places_left=places_left)
            field.choices = [("", "—"), *options] if question.kind == Question.Kind.DROPDOWN else options

    def question_bound_fields(self):
        return [self[f"q_{question.pk}"] for question in self.visible_questions]

    def answers(self) -> list[services.AnswerData]:
        result = []
        for question in self.visible_questions:
            value = self.cleaned_data.get(f"q_{question.pk}")
            choices = []
            if question.kind == Question.Kind.RANKING:
                if value:
                    result.append(
                        services.AnswerData(
                            question=question,
                            value=ranking_text(value["choices"], value["proposal"]),
                            choices=value["choices"],
                            proposal=value["proposal"],
                        )
                    )
                continue
            if question.kind in Question.CHOICE_KINDS:
                picked = value if isinstance(value, list) else ([value] if value else [])
                by_pk = {str(choice.pk): choice for choice in question.choices.all()}
                choices = [by_pk[pk] for pk in picked if pk in by_pk]
                text = "; ".join(choice.label for choice in choices)
            elif question.kind in {Question.Kind.CHECKBOX, Question.Kind.CONSENT}:
                text = "yes" if value else ""
            elif value is None:
                text = ""
            elif hasattr(value, "isoformat"):
                text = value.isoformat()
            else:
                text = str(value)
            if text or choices:
                result.append(services.AnswerData(question=question, value=text, choices=choices))
        return result
