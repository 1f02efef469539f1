"""The form builder's options of a question written as lines: "NGO | Громадська організація | NGO [20]".

One option a line; "|" separates the Polish, Ukrainian and English labels (the later ones may be left out);
a number in square brackets at the end limits the places of that option, no number: no limit.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Choice, Question

LANGUAGES = ("pl", "uk", "en")
_LIMIT = re.compile(r"\[\s*(?P<limit>[^\]]*?)\s*\]\s*$")


@dataclass(frozen=True)
class ChoiceLine:
    labels: dict[str, str]
    capacity: int | None


def parse_choice_lines(text: str) -> list[ChoiceLine]:
    """Read the option lines; raises ValidationError naming each line that cannot be read."""
    lines, problems, seen = [], [], set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        capacity = None
        match = _LIMIT.search(line)
        if match:
            line = line[: match.start()].strip()
            if not match["limit"].isdigit() or int(match["limit"]) == 0:
                problems.append(
                    _(
                        "Line %(number)d: the limit in square brackets must be a whole number of places, "
                        "e.g. [20]."
                    )
                    % {"number": number}
                )
                continue
            capacity = int(match["limit"])
        labels = dict(zip(LANGUAGES, (part.strip() for part in line.split("|")), strict=False))
        if len(line.split("|")) > len(LANGUAGES):
            problems.append(
                _("Line %(number)d: at most three labels: Polish | Ukrainian | English.") % {"number": number}
            )
            continue
        if not labels.get("pl"):
            problems.append(
                _("Line %(number)d: the option needs its Polish label first.") % {"number": number}
            )
            continue
        if labels["pl"].casefold() in seen:
            problems.append(
                _("Line %(number)d: “%(label)s” is there twice.") % {"number": number, "label": labels["pl"]}
            )
            continue
        seen.add(labels["pl"].casefold())
        lines.append(ChoiceLine(labels={code: labels.get(code, "") for code in LANGUAGES}, capacity=capacity))
    if problems:
        raise ValidationError(problems)
    return lines


def format_choice_lines(choices) -> str:
    """The options as the lines parse_choice_lines reads."""
    result = []
    for choice in choices:
        labels = [getattr(choice, f"label_{code}") or "" for code in LANGUAGES]
        while len(labels) > 1 and not labels[-1]:
            labels.pop()
        line = " | ".join(labels)
        if choice.capacity is not None:
            line += f" [{choice.capacity}]"
        result.append(line)
    return "\n".join(result)


def removed_choices_in_use(question: Question, lines: list[ChoiceLine]) -> list[str]:
    """Sentences for options the lines leave out although people have chosen them: those cannot go."""
    if question.pk is None:
        return []
    kept = {line.labels["pl"].casefold() for line in lines}
    problems = []
    for choice in question.choices.all():
        if (choice.label_pl or "").casefold() in kept:
            continue
        chosen = choice.answers.count()
        if chosen:
            problems.append(
                ngettext(
                    "“%(label)s” was chosen by %(count)d person, so it stays; rename it instead.",
                    "“%(label)s” was chosen by %(count)d people, so it stays; rename it instead.",
                    chosen,
                )
                % {"label": choice.label_pl, "count": chosen}
            )
    return problems


@transaction.atomic
def set_choices(*, question: Question, lines: list[ChoiceLine]) -> None:
    """Make the question's options exactly these lines, in this order, matched by their Polish label.

    An option keeps its row (and the answers that chose it) while its Polish label stays; options left out
    are deleted (removed_choices_in_use tells which of them people chose, for the form to refuse first).
    """
    existing = {(choice.label_pl or "").casefold(): choice for choice in question.choices.all()}
    kept = []
    for order, line in enumerate(lines):
        choice = existing.get(line.labels["pl"].casefold()) or Choice(question=question)
        for code in LANGUAGES:
            setattr(choice, f"label_{code}", line.labels[code])
        choice.capacity = line.capacity
        choice.order = order
        choice.save()
        kept.append(choice.pk)
    question.choices.exclude(pk__in=kept).delete()
