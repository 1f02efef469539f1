"""The "rank your preferences" question in the registration form: one select box per place ("1st choice",
"2nd choice", ...) and a text box for a proposed topic; it works without JavaScript, and static/js/ranking.js
adds buttons to move a choice up or down."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.content_language import content_html
from registrations.models import Choice, Question

PROPOSAL_MAX_LENGTH = 300


def place_label(number: int) -> str:
    labels = {
        1: pgettext_lazy("ranking", "1st choice"),
        2: pgettext_lazy("ranking", "2nd choice"),
        3: pgettext_lazy("ranking", "3rd choice"),
    }
    return str(labels.get(number) or pgettext_lazy("ranking", "choice %(number)d") % {"number": number})


class RankingWidget(forms.MultiWidget):
    template_name = "workgroups/widgets/ranking.html"

    def __init__(self, places: int, options, *, required_places: int, open_topic: str = ""):
        self.places = places
        self.required_places = required_places
        self.open_topic = open_topic
        widgets = [forms.Select(choices=[("", "—"), *options]) for _place in range(places)]
        widgets.append(forms.TextInput(attrs={"maxlength": PROPOSAL_MAX_LENGTH, "autocomplete": "off"}))
        super().__init__(widgets)

    def decompress(self, value):
        if not value:
            return [None] * (self.places + 1)
        choices = [str(getattr(choice, "pk", choice)) for choice in value["choices"]]
        return [*choices, *[None] * (self.places - len(choices)), value.get("proposal", "")]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        context["widget"]["places"] = [
            {"label": place_label(number), "widget": widget, "required": number <= self.required_places}
            for number, widget in enumerate(subwidgets[:-1], start=1)
        ]
        context["widget"]["proposal"] = subwidgets[-1] if self.open_topic else None
        context["widget"]["open_topic"] = self.open_topic
        return context

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_


class RankingField(forms.MultiValueField):
    """Cleans to {"choices": [Choice, ...] best first, "proposal": str}, or None when nothing is ranked and
    the question is optional. Repeats, options of other questions and too few places are refused."""

    def __init__(self, question: Question, *, required: bool, **kwargs):
        self.question = question
        self.options = list(question.choices.all())
        self.minimum = max(1, min(question.min_ranks, len(self.options)))
        open_topic = next((choice for choice in self.options if choice.is_open_topic), None)
        self.open_topic = open_topic
        labels = [(str(choice.pk), content_html(choice, "label")) for choice in self.options]
        places = len(self.options)
        fields = [forms.ChoiceField(choices=labels, required=False) for _place in range(places)]
        fields.append(forms.CharField(max_length=PROPOSAL_MAX_LENGTH, required=False))
        widget = RankingWidget(
            places,
            labels,
            required_places=self.minimum,
            open_topic=content_html(open_topic, "label") if open_topic else "",
        )
        super().__init__(fields, required=required, require_all_fields=False, widget=widget, **kwargs)
        if not self.help_text:
            self.help_text = _("Put at least %(count)d options in the order you prefer.") % {
                "count": self.minimum
            }

    def compress(self, data_list):
        if not data_list:
            return None
        *picked, proposal = data_list
        proposal = (proposal or "").strip()
        picked = [value for value in picked if value]  # an empty place between two filled ones closes up
        if not picked and not proposal:
            return None
        if len(set(picked)) != len(picked):
            raise ValidationError(_("Each option can be ranked only once."), code="repeated")
        if len(picked) < self.minimum:
            raise ValidationError(
                _("Rank at least %(count)d options.") % {"count": self.minimum}, code="too_few"
            )
        by_pk = {str(choice.pk): choice for choice in self.options}
        choices: list[Choice] = [by_pk[pk] for pk in picked]
        ranks_open_topic = self.open_topic is not None and self.open_topic in choices
        if ranks_open_topic and not proposal:
            raise ValidationError(
                _("You ranked “%(option)s”: describe your topic in the box below.")
                % {"option": self.open_topic.label},
                code="proposal_missing",
            )
        if proposal and not ranks_open_topic:
            raise ValidationError(
                _("To propose a topic, rank the option for another topic."), code="proposal_unranked"
            )
        return {"choices": choices, "proposal": proposal}

    def clean(self, value):
        result = super().clean(value)
        if result is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return result
