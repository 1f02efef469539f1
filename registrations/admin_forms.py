"""The form builder on a registration form's admin page: each question with its options and its condition."""

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import form_builder
from .models import Choice, Question


class ConditionField(forms.ModelChoiceField):
    """Show the question only when another question of the form has this answer: "Question → option"."""

    def label_from_instance(self, choice: Choice) -> str:
        return f"{choice.question.label} → {choice.label}"


class QuestionRowForm(forms.ModelForm):
    """A question with its options as lines and its condition picked from the other questions' options."""

    options = forms.CharField(
        label=capfirst(_("options")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_(
            "For a choice question: one option a line, in Polish | Ukrainian | English (the translations may "
            "be left out). A number in square brackets at the end limits its places, e.g. “Workshop A [20]”; "
            "without one: no limit."
        ),
    )
    condition_choice = ConditionField(
        label=capfirst(_("show only if the answer is")),
        queryset=Choice.objects.none(),
        required=False,
        empty_label=_("always shown"),
        help_text=_("Pick another question's option: this question appears only to those who chose it."),
    )

    class Meta:
        model = Question
        fields = ["kind", "is_required", "is_per_person", "condition_choice", "order"]

    def __init__(self, *args, registration_form=None, **kwargs):
        super().__init__(*args, **kwargs)
        question = self.instance
        if question.pk:
            self.initial.setdefault("options", form_builder.format_choice_lines(question.choices.all()))
        if registration_form is not None and registration_form.pk:
            self.fields["condition_choice"].queryset = (
                Choice.objects.filter(
                    question__form=registration_form, question__kind__in=Question.CHOICE_KINDS
                )
                .exclude(question=question.pk)
                .select_related("question")
                .order_by("question__order", "question__pk", "order", "pk")
            )

    def clean_options(self):
        return form_builder.parse_choice_lines(self.cleaned_data["options"])

    def clean(self):
        cleaned = super().clean()
        kind, lines = cleaned.get("kind"), cleaned.get("options")
        if lines is None or kind is None:
            return cleaned
        if kind in Question.CHOICE_KINDS:
            if not lines and cleaned.get("is_required"):
                self.add_error(
                    "options",
                    _("A required choice question needs its options: write one a line."),
                )
            for problem in form_builder.removed_choices_in_use(self.instance, lines):
                self.add_error("options", problem)
        elif lines:
            self.add_error(
                "options", _("Only choice questions have options: pick a choice kind or clear them.")
            )
        choice = cleaned.get("condition_choice")
        self.instance.condition_question = choice.question if choice else None
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        if "options" in self.changed_data:
            form_builder.set_choices(question=self.instance, lines=self.cleaned_data["options"])


class QuestionRowFormSet(BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "registration_form": self.instance}


class ChoiceFormSet(BaseInlineFormSet):
    """The options on a question's own page: a required choice question keeps at least one."""

    def clean(self):
        super().clean()
        question = self.instance
        if question.kind not in Question.CHOICE_KINDS or not question.is_required:
            return
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]
        if not kept:
            raise forms.ValidationError(_("A required choice question needs its options: write one a line."))
