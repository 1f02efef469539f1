"""Each person's ranking for a "rank your preferences" question, as the registration stores it."""

from collections.abc import Sequence

from registrations.models import Choice, Question, Registration

from .models import Ranking


def save_rankings(
    registration: Registration, question: Question, choices: Sequence[Choice], proposal: str
) -> None:
    """Replace the person's ranking for the question: `choices` best first; the proposal goes with the
    open-topic option, when they ranked it."""
    Ranking.objects.filter(registration=registration, question=question).delete()
    Ranking.objects.bulk_create(
        Ranking(
            registration=registration,
            question=question,
            choice=choice,
            rank=rank,
            proposal=proposal if choice.is_open_topic else "",
        )
        for rank, choice in enumerate(choices, start=1)
    )


def ranking_text(choices: Sequence[Choice], proposal: str) -> str:
    """The answer as a line of text, for exports and the answer list: "1. A; 2. B; 3. Another topic: …"."""
    parts = []
    for rank, choice in enumerate(choices, start=1):
        label = f"{rank}. {choice.label}"
        if choice.is_open_topic and proposal:
            label += f": {proposal}"
        parts.append(label)
    return "; ".join(parts)


def ranking_initial(registration: Registration, question: Question) -> dict:
    """What the form shows again when the person edits their registration."""
    rankings = list(Ranking.objects.filter(registration=registration, question=question).order_by("rank"))
    return {
        "choices": [ranking.choice_id for ranking in rankings],
        "proposal": next((ranking.proposal for ranking in rankings if ranking.proposal), ""),
    }
