"""The public registration form, built per event from its RegistrationForm, Questions and sessions.

Conditional questions are decided here on the server: a question whose condition is false gets no field at
all, so whatever was sent for it is ignored; one whose condition is true is validated like any other.
"""

from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from common import dates
from common.content_language import content_html
from common.languages import INTERPRETATION_LANGUAGES, Language
from organizations.models import Organization
from registrations import services
from registrations.forms.questions import (
    LONG_TEXT_MAX_LENGTH,
    QuestionsMixin,
    _single_line,
    consent_digest,
    phone_validator,
)
from registrations.models import Question, Registration, RegistrationForm
from registrations.selectors import TimeSlot
from registrations.services.capacity import seats_left

INTERPRETATION_CHOICES = [("", _("No interpretation needed")), *INTERPRETATION_LANGUAGES]


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


lazy_session_label = lazy(session_label, SafeString)


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
        # Labelled when shown, not when a submitted form is checked; by then places left may be counted.
        options = [(str(session.pk), lazy_session_label(session)) for session in slot.sessions]
        if slot.all_overlap and not required:
            options = [("", _("None of these")), *options]
        return options

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
            Organization.objects.filter(name__iexact=organization_name).only("pk", "name").first()
            if organization_name
            else None
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
