"""The public registration form, built per event from its RegistrationForm, Questions and sessions.

Conditional questions are decided here on the server: a question whose condition is false gets no field at
all, so whatever was sent for it is ignored; one whose condition is true is validated like any other.
"""

import hashlib
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, RegexValidator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from common import dates
from common.content_language import content_html
from organizations.models import Organization
from workgroups.forms import RankingField
from workgroups.rankings import ranking_text

from . import services
from .models import INTERPRETATION_LANGUAGES, Language, Question, Registration, RegistrationForm
from .selectors import TimeSlot, seats_left

NAME_MAX_LENGTH = 100
SHORT_TEXT_MAX_LENGTH = 300
LONG_TEXT_MAX_LENGTH = 2000
TRUE_WORDS = frozenset({"yes", "true", "1", "on", "tak", "так", "checked"})
FALSE_WORDS = frozenset({"no", "false", "0", "off", "nie", "ні", "", "unchecked"})
LINE_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

INTERPRETATION_CHOICES = [("", _("No interpretation needed")), *INTERPRETATION_LANGUAGES]

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


def _time_range(start, end) -> str:
    return f"{dates.short_day(start)} {dates.time_range(start, end)}"


def session_label(session) -> SafeString:
    """Short enough for a phone: title, time, place and places left; what it is about one tap away."""
    parts = [content_html(session, "title"), _time_range(session.starts_at, session.ends_at)]
    if session.venue_id:
        parts.append(content_html(session.venue, "name"))
    left = seats_left(session) if hasattr(session, "taken") else None
    if left is not None:
        if left > 0:
            parts.append(ngettext("%(n)d place left", "%(n)d places left", left) % {"n": left})
        else:
            parts.append(_("full – you can join the waiting list"))
    label = format_html_join(" · ", "{}", ((part,) for part in parts))
    details = _session_details(session)
    if not details:
        return label
    return format_html(
        '{}<details class="session-details"><summary>{}</summary>{}</details>', label, _("Details"), details
    )


def _session_details(session) -> SafeString:
    lines = []
    if session.venue_id and session.venue.full_address:
        lines.append(format_html("<p>{}: {}</p>", _("Where"), session.venue.full_address))
    if session.host_organization_id:
        lines.append(format_html("<p>{}: {}</p>", _("Host"), session.host_organization.name))
    if session.audience:
        lines.append(format_html("<p>{}: {}</p>", _("For whom"), content_html(session, "audience")))
    if session.description:
        lines.append(content_html(session, "description", render="markdown"))
    return format_html_join("", "{}", ((line,) for line in lines))


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


class SessionChoicesMixin:
    """Session choices grouped by time slot: radio buttons where all overlap, checkboxes otherwise."""

    def add_session_fields(self, slots: list[TimeSlot], *, required: bool, initial_ids=()):
        self.slots = slots
        self.slot_names = []
        initial_ids = set(initial_ids)
        for slot in slots:
            options = self.slot_options(slot, required=required)
            label = _time_range(slot.starts_at, slot.ends_at)
            chosen = [str(session.pk) for session in slot.sessions if session.pk in initial_ids]
            if slot.all_overlap:
                field = forms.ChoiceField(
                    label=label,
                    choices=options,
                    required=required,
                    widget=forms.RadioSelect,
                    initial=chosen[0] if chosen else "",
                )
            else:
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=options,
                    required=required,
                    widget=forms.CheckboxSelectMultiple,
                    initial=chosen,
                    help_text=_("You may choose several if their times do not overlap."),
                )
            self.fields[slot.key] = field
            self.slot_names.append(slot.key)

    @staticmethod
    def slot_options(slot: TimeSlot, *, required: bool) -> list[tuple[str, str]]:
        options = [(str(session.pk), session_label(session)) for session in slot.sessions]
        if slot.all_overlap and not required:
            options = [("", _("None of these")), *options]
        return options

    def show_session_places_left(self) -> None:
        """Relabel the session options once `taken` has been counted on the sessions."""
        for slot in self.slots:
            field = self.fields[slot.key]
            field.choices = self.slot_options(slot, required=field.required)

    def session_bound_fields(self):
        return [self[name] for name in self.slot_names]

    def chosen_session_ids(self) -> list[int]:
        ids = []
        for name in self.slot_names:
            value = self.cleaned_data.get(name)
            values = value if isinstance(value, list) else [value]
            ids.extend(int(item) for item in values if item)
        return ids

    def clean_sessions(self) -> None:
        by_pk = {session.pk: session for slot in self.slots for session in slot.sessions}
        chosen = [by_pk[pk] for pk in self.chosen_session_ids() if pk in by_pk]
        try:
            services.check_no_clash(chosen)
        except services.SessionClash as clash:
            slot_name = next(
                (
                    slot.key
                    for slot in self.slots
                    if any(s.pk in {c.pk for c in chosen} for s in slot.sessions)
                ),
                None,
            )
            self.add_error(slot_name, clash.message)


class NeedsMixin:
    def add_needs_fields(self, registration_form: RegistrationForm | None):
        if registration_form is None or registration_form.asks_interpretation:
            self.fields["interpretation_language"] = forms.ChoiceField(
                label=_("Interpretation"),
                choices=INTERPRETATION_CHOICES,
                required=False,
                help_text=_("Which language you would like interpretation into."),
            )
        if registration_form is None or registration_form.asks_accessibility:
            self.fields["accessibility_needs"] = forms.CharField(
                label=_("Accessibility needs"),
                max_length=LONG_TEXT_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("E.g. step-free access, induction loop, a seat near the front."),
            )
        if registration_form is not None and registration_form.asks_diet:
            self.fields["dietary_needs"] = forms.CharField(
                label=_("Dietary needs"), max_length=300, required=False
            )
        self.fields["other_needs"] = forms.CharField(
            label=_("Anything else we should know"),
            max_length=LONG_TEXT_MAX_LENGTH,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    NEEDS_FIELDS = ("interpretation_language", "accessibility_needs", "dietary_needs", "other_needs")

    def needs_bound_fields(self):
        return [self[name] for name in self.NEEDS_FIELDS if name in self.fields]

    def needs_data(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.NEEDS_FIELDS}


class RegistrationSubmitForm(QuestionsMixin, SessionChoicesMixin, NeedsMixin, forms.Form):
    """What the contact person fills in; also used, without consent and e-mail, to edit a registration."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    first_name = _single_line(_("First name"), widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = _single_line(_("Last name"), widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the confirmation and a link to change or cancel your registration here."),
    )
    organization = _single_line(
        _("Organization or institution"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "organization-list", "autocomplete": "organization"}),
        help_text=_("Pick one from the list or type its name."),
    )
    position = _single_line(_("Role or position"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=Language.choices)
    consent_digest = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    consent = forms.BooleanField(required=True)
    consents_to_participant_list = forms.BooleanField(
        label=_("You may show my name and organization on the list of participants."), required=False
    )
    consents_to_photos = forms.BooleanField(
        label=_("I agree to appear in photos taken during the event."), required=False
    )

    PERSONAL_FIELDS = ("first_name", "last_name", "email", "organization", "position", "phone", "language")

    def __init__(
        self,
        *args,
        event,
        registration_form: RegistrationForm | None,
        questions: list[Question],
        slots: list[TimeSlot],
        places_left: dict[int, int] | None = None,
        registration: Registration | None = None,
        condition_source=None,
        refresh_url: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.event = event
        self.registration_form = registration_form
        self.registration = registration
        self.fields["language"].initial = (get_language() or "pl")[:2]
        source = self.data if self.is_bound else (condition_source or self.initial)
        self.add_needs_fields(registration_form)
        self.add_session_fields(
            slots,
            required=bool(registration_form and registration_form.requires_session_choice),
            initial_ids=self.initial.get("session_ids", ()),
        )
        self.add_question_fields(questions, source, places_left=places_left or {}, refresh_url=refresh_url)
        if registration is not None:
            for name in ("form_token", "website", "consent", "consent_digest"):
                del self.fields[name]
            del self.fields["consents_to_participant_list"], self.fields["consents_to_photos"]
            self.fields["email"].disabled = True
            self.fields["email"].help_text = ""
        else:
            text = self.consent_text
            self.fields["consent"].label = (
                content_html(self.registration_form, "consent_text") if self.registration_form else text
            )
            self.fields["consent_digest"].initial = consent_digest(text)

    @property
    def consent_text(self) -> str:
        if self.registration_form is not None:
            return self.registration_form.consent_text
        return str(RegistrationForm._meta.get_field("consent_text").get_default())

    @property
    def consent_version(self) -> str:
        return self.registration_form.consent_version if self.registration_form else "1"

    @property
    def current_digest(self) -> str:
        return consent_digest(self.consent_text)

    def personal_bound_fields(self):
        return [self[name] for name in self.PERSONAL_FIELDS]

    def clean(self):
        cleaned = super().clean()
        self.clean_sessions()
        shown_digest = self.data.get("consent_digest")
        if "consent" in self.fields and cleaned.get("consent") and shown_digest != self.current_digest:
            data = self.data.copy()
            data["consent_digest"] = consent_digest(self.consent_text)
            data.pop("consent", None)
            self.data = data
            self.add_error(
                "consent",
                _("The consent text has changed since the form was shown; please read it again."),
            )
        return cleaned

    def person_data(self) -> services.PersonData:
        data = self.cleaned_data
        organization_name = (data.get("organization") or "").strip()
        organization = (
            Organization.objects.filter(name__iexact=organization_name).first() if organization_name else None
        )
        return services.PersonData(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data.get("email") or (self.registration.email if self.registration else ""),
            organization=organization,
            organization_name=organization_name,
            position=data.get("position") or "",
            phone=data.get("phone") or "",
            language=data.get("language") or "pl",
            answers=self.answers(),
            session_ids=self.chosen_session_ids(),
            **self.needs_data(),
        )

    def consent_data(self) -> services.ConsentData:
        return services.ConsentData(
            version=self.consent_version,
            text_sha256=consent_digest(self.consent_text),
            participant_list=bool(self.cleaned_data.get("consents_to_participant_list")),
            photos=bool(self.cleaned_data.get("consents_to_photos")),
        )


class AttendeeForm(QuestionsMixin, SessionChoicesMixin, NeedsMixin, forms.Form):
    """Another person registered in the same submission, asked the questions marked "asked of every person";
    their own e-mail is optional."""

    first_name = _single_line(_("First name"))
    last_name = _single_line(_("Last name"))
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        max_length=254,
        required=False,
        help_text=_("Without it, messages for this person go to you."),
    )
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=Language.choices)

    PERSONAL_FIELDS = ("first_name", "last_name", "email", "language")

    def __init__(
        self,
        *args,
        registration_form=None,
        slots=(),
        questions=(),
        places_left=None,
        condition_source=None,
        refresh_url: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "pl")[:2]
        self.add_needs_fields(registration_form)
        self.add_session_fields(
            list(slots), required=bool(registration_form and registration_form.requires_session_choice)
        )
        per_person = [question for question in questions if question.is_per_person]
        source = self.data if self.is_bound else (condition_source or self.initial)
        self.add_question_fields(per_person, source, places_left=places_left or {}, refresh_url=refresh_url)

    def personal_bound_fields(self):
        return [self[name] for name in self.PERSONAL_FIELDS]

    def has_changed(self) -> bool:
        """A slot where only the language was touched is still an empty slot."""
        return any(name != "language" for name in self.changed_data)

    def clean(self):
        cleaned = super().clean()
        self.clean_sessions()
        return cleaned

    def person_data(self) -> services.PersonData:
        data = self.cleaned_data
        return services.PersonData(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data.get("email") or "",
            language=data.get("language") or "pl",
            answers=self.answers(),
            session_ids=self.chosen_session_ids(),
            **self.needs_data(),
        )


class BaseAttendeeFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list[AttendeeForm]:
        return [form for form in self.forms if form.has_changed() and form.is_valid()]


def attendee_formset_class(*, extra: int):
    return forms.formset_factory(
        AttendeeForm,
        formset=BaseAttendeeFormSet,
        extra=extra,
        max_num=extra,
        absolute_max=extra,
        validate_max=True,
    )


class SessionChoiceForm(SessionChoicesMixin, forms.Form):
    """Only the session choices, changed from "My schedule" on the manage page."""

    def __init__(self, *args, registration_form=None, slots=(), initial_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_session_fields(
            list(slots),
            required=bool(registration_form and registration_form.requires_session_choice),
            initial_ids=initial_ids,
        )

    def clean(self):
        cleaned = super().clean()
        self.clean_sessions()
        return cleaned
