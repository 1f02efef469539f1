"""Ranking in the registration form: select boxes per place, refused on the server when wrong, stored per
person in order."""

import pytest
from django.urls import reverse
from django.utils import translation

from registrations.models import Answer, Registration
from tests.registrations.test_views import form_data, fresh_client, register_url
from workgroups.models import Ranking

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def choices(question):
    return {choice.label_pl: choice for choice in question.choices.all()}


def ranks(question, *choices, prefix="", proposal=""):
    field = f"{prefix}q_{question.pk}"
    values = {f"{field}_{place}": str(choice.pk) for place, choice in enumerate(choices)}
    values[f"{field}_{question.choices.count()}"] = proposal
    return values


def colleague(**answers):
    return {
        "attendee-TOTAL_FORMS": "1",
        "attendee-0-first_name": "Iryna",
        "attendee-0-last_name": "Bondarenko",
        "attendee-0-email": "iryna@example.org",
        "attendee-0-language": "uk",
        **answers,
    }


def test_the_form_shows_a_select_box_per_place_for_everyone_in_the_submission(event, question):
    html = fresh_client().get(register_url(event)).content.decode()

    assert f'<label class="form-label mb-0 ranking-label" for="id_q_{question.pk}_0">1st choice' in html
    assert f'name="q_{question.pk}_3"' in html  # four options: four places
    assert f'name="attendee-0-q_{question.pk}_0"' in html
    assert "js/ranking.js" in html
    assert "<script>" not in html


def test_each_person_ranks_for_themselves_and_the_order_is_stored(event, question, choices):
    data = form_data(
        event,
        **ranks(question, choices["Praca"], choices["Mieszkania"]),
        **colleague(
            **ranks(
                question,
                choices["Inny temat"],
                choices["Edukacja"],
                prefix="attendee-0-",
                proposal="Wsparcie seniorów",
            )
        ),
    )

    response = fresh_client().post(register_url(event), data)

    assert response.status_code == 302
    olena, iryna = Registration.objects.order_by("pk")
    assert [r.choice.label_pl for r in Ranking.objects.filter(registration=olena)] == ["Praca", "Mieszkania"]
    assert [(r.choice.label_pl, r.proposal) for r in Ranking.objects.filter(registration=iryna)] == [
        ("Inny temat", "Wsparcie seniorów"),
        ("Edukacja", ""),
    ]
    assert Answer.objects.get(registration=iryna).value == "1. Another topic: Wsparcie seniorów; 2. Education"


@pytest.mark.parametrize(
    ("picked", "proposal", "message"),
    [
        (["Praca", "Praca"], "", "Each option can be ranked only once."),
        (["Praca"], "", "Rank at least 2 options."),
        (["Inny temat", "Praca"], "", "describe your topic in the box below"),
        (["Praca", "Edukacja"], "Seniorzy", "To propose a topic, rank the option for another topic."),
    ],
)
def test_wrong_rankings_are_refused_next_to_the_field_and_nothing_is_stored(
    event, question, choices, picked, proposal, message
):
    data = form_data(event, **ranks(question, *(choices[label] for label in picked), proposal=proposal))

    response = fresh_client().post(register_url(event), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="error_1_id_q_{question.pk}"' in html
    assert message in html
    assert f'value="{choices[picked[0]].pk}" selected' in html  # the input is kept
    assert not Registration.objects.exists()
    assert not Ranking.objects.exists()


def test_an_option_of_another_question_is_refused(event, question, choices):
    from tests.factories import ChoiceFactory

    foreign = ChoiceFactory()
    data = form_data(event, **ranks(question, choices["Praca"], foreign))

    response = fresh_client().post(register_url(event), data)

    assert response.status_code == 400
    assert f'id="error_1_id_q_{question.pk}"' in response.content.decode()
    assert not Ranking.objects.exists()


def test_a_required_ranking_left_empty_is_refused(event, question):
    question.is_required = True
    question.save()

    response = fresh_client().post(register_url(event), form_data(event))

    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_the_edit_page_shows_the_ranking_in_order(event, question, choices):
    from registrations.tokens import manage_token_for

    fresh_client().post(
        register_url(event), form_data(event, **ranks(question, choices["Praca"], choices["Edukacja"]))
    )
    registration = Registration.objects.get()
    url = reverse("registrations:manage_edit", kwargs={"token": manage_token_for(registration)})
    client = fresh_client()
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    first = html.split(f'name="q_{question.pk}_0"')[1].split("</select>")[0]
    second = html.split(f'name="q_{question.pk}_1"')[1].split("</select>")[0]
    assert f'value="{choices["Praca"].pk}" selected' in first
    assert f'value="{choices["Edukacja"].pk}" selected' in second


def test_manage_page_shows_the_published_group(event, question, choices, django_capture_on_commit_callbacks):
    from registrations.tokens import manage_token_for
    from workgroups import services

    fresh_client().post(
        register_url(event), form_data(event, **ranks(question, choices["Praca"], choices["Edukacja"]))
    )
    registration = Registration.objects.get()
    manage = reverse("registrations:manage", kwargs={"token": manage_token_for(registration)})
    assert 'id="working-group"' not in fresh_client().get(manage).content.decode()
    allocation = services.allocation_for(event)
    services.run(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(allocation)

    html = fresh_client().get(manage).content.decode()

    assert 'id="working-group"' in html
    assert "<strong>Work</strong>" in html


def test_erasing_a_person_removes_their_proposed_topic(event, question, choices):
    from attendees.privacy import _anonymize
    from workgroups.rankings import save_rankings

    registration = Registration.objects.create(
        event=event, first_name="Iryna", last_name="B", manage_token_hash="x"
    )
    save_rankings(registration, question, [choices["Inny temat"], choices["Praca"]], "Wsparcie seniorów")

    _anonymize(Registration.objects.filter(pk=registration.pk))

    assert [(r.choice.label_pl, r.proposal) for r in Ranking.objects.filter(registration=registration)] == [
        ("Inny temat", ""),
        ("Praca", ""),
    ]


def test_the_confirmation_restates_the_ranking_in_order(
    event, question, choices, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        fresh_client().post(
            register_url(event), form_data(event, **ranks(question, choices["Praca"], choices["Mieszkania"]))
        )

    [message] = mail.outbox
    assert "1. Work; 2. Housing" in message.body
