"""Building blocks shared by the registration tests: people, consent, a form token from the past."""

import time

from registrations.services import ConsentData, PersonData
from registrations.tokens import issue_form_token


def person(n: int = 0, **overrides) -> PersonData:
    values = {"first_name": "Olena", "last_name": f"Kowalenko{n}", "email": f"olena{n}@example.org"}
    values.update(overrides)
    return PersonData(**values)


def consent() -> ConsentData:
    return ConsentData(version="1", text_sha256="0" * 64)


def old_form_token(event, seconds_ago: int = 60) -> str:
    return issue_form_token(event_id=event.pk, issued_at=time.time() - seconds_ago)
