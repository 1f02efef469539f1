"""Ranking working groups on a phone with the keyboard only: select boxes, arrow buttons, no mouse."""

import pytest

from registrations import ratelimit
from registrations.models import Question, Registration
from tests.factories import ChoiceFactory, EventFactory, QuestionFactory, RegistrationFormFactory
from workgroups.models import Ranking

from .conftest import PHONE, new_page
from .test_registration import fill_contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def warsaw():
    ratelimit.reset_address("127.0.0.1")
    event = EventFactory(title="Warszawskie dzielnice", slug="dzielnice-ranking", capacity=100)
    form = RegistrationFormFactory(event=event)
    question = QuestionFactory(
        form=form, kind=Question.Kind.RANKING, label="Grupa robocza", is_per_person=True, min_ranks=2
    )
    for order, (pl, en) in enumerate(
        [("Mieszkania", "Housing"), ("Praca", "Jobs"), ("Edukacja", "Education")]
    ):
        ChoiceFactory(question=question, label_pl=pl, label_en=en, capacity=20, order=order)
    ChoiceFactory(
        question=question, label_pl="Inny temat", label_en="Another topic", is_open_topic=True, order=9
    )
    return event, question


def active(page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, label: document.activeElement.getAttribute('aria-label'),"
        " type: document.activeElement.type})"
    )


def tab_to(page, predicate, *, limit=60):
    for _press in range(limit):
        page.keyboard.press("Tab")
        if predicate(active(page)):
            return active(page)
    raise AssertionError(f"Tab never reached the element; last focus {active(page)}")


def test_a_person_ranks_with_the_keyboard_only_on_a_phone(live_server, browser, warsaw):
    event, question = warsaw
    first, second = f"id_q_{question.pk}_0", f"id_q_{question.pk}_1"
    page = new_page(browser, PHONE)
    page.goto(f"{live_server.url}/en/events/{event.slug}/register/")
    fill_contact(page, "olena@example.org")

    tab_to(page, lambda element: element["id"] == first)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # "—", Housing, Jobs
    assert active(page)["label"] is None
    assert tab_to(page, lambda element: element["type"] == "button")["label"] == "Move your 1st choice down"
    tab_to(page, lambda element: element["id"] == second)
    page.keyboard.press("ArrowDown")  # Housing
    page.keyboard.press("Shift+Tab")
    assert active(page)["label"] == "Move your 1st choice down"
    page.keyboard.press("Enter")  # Jobs moves down, Housing comes up

    values = page.evaluate(
        f"() => [document.getElementById('{first}').value, document.getElementById('{second}').value]"
    )
    choices = {choice.label_en: str(choice.pk) for choice in question.choices.all()}
    assert values == [choices["Housing"], choices["Jobs"]]
    assert active(page)["label"] == "Move your 2nd choice down", "focus follows the moved option"
    status = page.locator(f"#div_id_q_{question.pk} [data-ranking-status]")
    assert status.inner_text() == "Jobs is now your 2nd choice."
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0]

    tab_to(page, lambda element: element["id"] == "id_consent")
    page.keyboard.press("Space")
    tab_to(page, lambda element: element["type"] == "submit")
    page.keyboard.press("Enter")

    page.wait_for_url("**/register/done/")
    olena = Registration.objects.get(email="olena@example.org")
    assert [r.choice.label_en for r in Ranking.objects.filter(registration=olena)] == ["Housing", "Jobs"]
    assert page.console_errors == []
    assert page.csp_violations == []
    page.context.close()
