"""About 120 registrations with realistic rankings for the Warsaw demo event, so its allocation page shows
something real: popular areas overbooked, a few proposed topics, people in Polish, Ukrainian and English."""

import hashlib
import random

from django.db import transaction

from registrations.models import Answer, Question, Registration

from .rankings import ranking_text, save_rankings

WARSAW_SLUG = "warszawskie-dzielnice-dla-uchodzcow"
EMAIL_DOMAIN = "demo-rankings.example.org"
FIRST_NAMES = {
    "pl": [
        "Anna",
        "Katarzyna",
        "Magdalena",
        "Agnieszka",
        "Marta",
        "Piotr",
        "Tomasz",
        "Paweł",
        "Michał",
        "Joanna",
    ],
    "uk": [
        "Olena",
        "Iryna",
        "Oksana",
        "Nataliia",
        "Tetiana",
        "Andrii",
        "Oleksandr",
        "Yuliia",
        "Serhii",
        "Mariia",
    ],
    "en": ["Sarah", "James", "Emma", "Lucas", "Amira", "Daniel"],
}
LAST_NAMES = {
    "pl": ["Nowak", "Kowalska", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański"],
    "uk": ["Shevchenko", "Bondarenko", "Kovalenko", "Tkachenko", "Kravchenko", "Melnyk", "Oliinyk", "Koval"],
    "en": ["Miller", "Hassan", "Brown", "Okafor", "Schmidt", "Larsen"],
}
ORGANIZATIONS = [
    "Urząd Dzielnicy Praga-Południe",
    "Ośrodek Pomocy Społecznej Dzielnicy Wola",
    "Urząd Dzielnicy Targówek",
    "Fundacja Ocalenie",
    "Stowarzyszenie Interwencji Prawnej",
    "Polskie Centrum Pomocy Międzynarodowej",
    "UNHCR",
    "Fundacja Ukraiński Dom",
    "Centrum Wielokulturowe w Warszawie",
    "Urząd Dzielnicy Bemowo",
]
PROPOSALS = [
    "Wsparcie osób starszych z Ukrainy w dzielnicach",
    "Dostęp do opieki nad dziećmi dla pracujących matek",
    "Підтримка людей з інвалідністю",
    "Transport and mobility for families outside the centre",
    "Wolontariat osób uchodźczych w lokalnych organizacjach",
]
# How strongly each area draws (the order of the question's options): basic needs and language lead.
POPULARITY = [9, 6, 8, 6, 4, 5, 3]
OTHER_WEIGHT = 1.2


def create(*, count: int = 120, seed: int = 2022) -> int:
    """Add the demo participants that are missing (run again: nothing new). Returns how many were added."""
    from events.models import Event

    event = Event.objects.get(slug=WARSAW_SLUG)
    question = Question.objects.get(form__event=event, kind=Question.Kind.RANKING)
    options = list(question.choices.all())
    groups = [choice for choice in options if not choice.is_open_topic]
    other = next((choice for choice in options if choice.is_open_topic), None)
    rng = random.Random(seed)  # noqa: S311  # nosec B311  # demo data, not security
    existing = set(
        Registration.objects.filter(event=event, email__endswith=f"@{EMAIL_DOMAIN}").values_list(
            "email", flat=True
        )
    )
    added = 0
    with transaction.atomic():
        for number in range(count):
            language = rng.choices(["pl", "uk", "en"], [55, 38, 7])[0]
            first, last = rng.choice(FIRST_NAMES[language]), rng.choice(LAST_NAMES[language])
            email = f"participant{number:03d}@{EMAIL_DOMAIN}"
            ranked = _ranking(rng, groups, other, size=rng.choices([3, 3, 3, 4, 5], k=1)[0])
            proposal = rng.choice(PROPOSALS) if other in ranked else ""
            if email in existing:
                continue
            registration = Registration.objects.create(
                event=event,
                first_name=first,
                last_name=last,
                email=email,
                language=language,
                organization_name=rng.choice(ORGANIZATIONS),
                status=Registration.Status.CONFIRMED,
                manage_token_hash=hashlib.sha256(f"demo-rankings:{email}".encode()).hexdigest(),
            )
            answer = Answer.objects.create(
                registration=registration, question=question, value=ranking_text(ranked, proposal)
            )
            answer.choices.set(ranked)
            save_rankings(registration, question, ranked, proposal)
            added += 1
    return added


def _ranking(rng: random.Random, groups, other, *, size: int):
    weights = POPULARITY[: len(groups)] + [1] * (len(groups) - len(POPULARITY))
    pool = list(groups) + ([other] if other else [])
    pool_weights = weights + ([OTHER_WEIGHT] if other else [])
    ranked = []
    while len(ranked) < min(size, len(pool)):
        choice = rng.choices(pool, pool_weights)[0]
        if choice not in ranked:
            ranked.append(choice)
    return ranked
