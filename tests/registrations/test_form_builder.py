import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.models import Event
from organizations.models import Membership
from organizations.permissions import ensure_organizer_group
from registrations import form_builder
from registrations.forms.questions import QuestionsMixin
from registrations.models import Answer, Choice, Question
from tests.admin_forms import add_row, change_form_data
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    MembershipFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationFormFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def form():
    return RegistrationFormFactory(event=EventFactory())


@pytest.fixture
def organizer_client(client, form):
    membership = MembershipFactory(organization=form.event.organization, role=Membership.Role.EDITOR)
    membership.user.groups.add(ensure_organizer_group())
    client.force_login(membership.user)
    return client


def change_url(form):
    return reverse("admin:registrations_registrationform_change", args=[form.pk])


def post_builder(client, form, *questions, edit=None):
    data = change_form_data(client.get(change_url(form)))
    for values in questions:
        add_row(data, "questions", values)
    if edit:
        edit(data)
    return client.post(change_url(form), data)


def errors_of(response) -> list[dict]:
    formset = next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "questions"
    )
    return [dict(form.errors) for form in formset.forms]


def test_questions_and_their_options_are_written_on_one_page(organizer_client, form):
    response = post_builder(
        organizer_client,
        form,
        {
            "label_pl": "Sektor",
            "label_uk": "Сектор",
            "kind": "single_choice",
            "is_required": "on",
            "options": "Organizacja pozarządowa | Громадська організація | NGO\n"
            "Samorząd\nGrupa robocza A [20]",
            "order": "1",
        },
    )

    assert response.status_code == 302, errors_of(response)
    question = form.questions.get()
    assert (question.label_pl, question.label_uk, question.kind, question.is_required) == (
        "Sektor",
        "Сектор",
        Question.Kind.SINGLE_CHOICE,
        True,
    )
    assert [(c.label_pl, c.label_uk, c.label_en, c.capacity) for c in question.choices.all()] == [
        ("Organizacja pozarządowa", "Громадська організація", "NGO", None),
        ("Samorząd", "", "", None),
        ("Grupa robocza A", "", "", 20),
    ]


def test_a_condition_picks_another_questions_option_and_the_form_follows_it(organizer_client, form):
    sector = QuestionFactory(form=form, label="Sektor", kind=Question.Kind.SINGLE_CHOICE, order=1)
    ngo = ChoiceFactory(question=sector, label="Organizacja pozarządowa", capacity=None)
    ChoiceFactory(question=sector, label="Samorząd", capacity=None)

    page = organizer_client.get(change_url(form))
    offered = page.context["inline_admin_formsets"][0].formset.forms[-1].fields["condition_choice"]
    assert [offered.label_from_instance(choice) for choice in offered.queryset] == [
        "Sektor → Organizacja pozarządowa",
        "Sektor → Samorząd",
    ]
    response = post_builder(
        organizer_client,
        form,
        {
            "label_pl": "Ile osób zatrudnia organizacja?",
            "kind": "number",
            "condition_choice": str(ngo.pk),
            "order": "2",
        },
    )

    assert response.status_code == 302, errors_of(response)
    dependent = form.questions.get(label_pl="Ile osób zatrudnia organizacja?")
    assert (dependent.condition_question, dependent.condition_choice) == (sector, ngo)
    questions = list(form.questions.prefetch_related("choices"))
    shown_for_ngo = QuestionsMixin().shown_questions(questions, {f"q_{sector.pk}": str(ngo.pk)})
    shown_otherwise = QuestionsMixin().shown_questions(questions, {f"q_{sector.pk}": "0"})
    assert dependent in shown_for_ngo and dependent not in shown_otherwise


def test_a_required_choice_question_without_options_is_refused(organizer_client, form):
    response = post_builder(
        organizer_client, form, {"label_pl": "Sektor", "kind": "dropdown", "is_required": "on", "order": "1"}
    )

    assert response.status_code == 200
    assert errors_of(response)[0]["options"] == [
        "Pytanie wyboru, na które trzeba odpowiedzieć, potrzebuje odpowiedzi do wyboru: "
        "wpisz po jednej w wierszu."
    ]
    assert not form.questions.exists()


def test_an_option_someone_chose_cannot_be_removed(organizer_client, form):
    sector = QuestionFactory(form=form, label="Sektor", kind=Question.Kind.SINGLE_CHOICE)
    ChoiceFactory(question=sector, label="NGO", capacity=None)
    chosen = ChoiceFactory(question=sector, label="Samorząd", capacity=None)
    answer = Answer.objects.create(
        registration=RegistrationFactory(event=form.event), question=sector, value="Samorząd"
    )
    answer.choices.add(chosen)

    def drop_option(data):
        data["questions-0-options"] = "NGO"

    response = post_builder(organizer_client, form, edit=drop_option)

    assert response.status_code == 200
    assert errors_of(response)[0]["options"] == [
        "„Samorząd” wybrała 1 osoba, więc zostaje; zamiast usuwać, zmień jej nazwę."
    ]
    assert sector.choices.count() == 2


def test_option_lines_keep_rows_by_label_and_read_back_as_written():
    question = QuestionFactory(kind=Question.Kind.MULTIPLE_CHOICE)
    kept = ChoiceFactory(question=question, label="Dzień I", capacity=None)

    form_builder.set_choices(
        question=question, lines=form_builder.parse_choice_lines("Dzień II [40]\nDzień I | День I | Day 1")
    )

    assert question.choices.get(label_pl="Dzień I").pk == kept.pk
    assert (
        form_builder.format_choice_lines(question.choices.all()) == "Dzień II [40]\nDzień I | День I | Day 1"
    )


def test_unreadable_option_lines_name_the_line():
    with pytest.raises(Exception) as error:
        form_builder.parse_choice_lines("A [dwadzieścia]\nB\nB")

    assert [str(message) for message in error.value.messages] == [
        "Wiersz 1: limit w nawiasie kwadratowym musi być liczbą miejsc, np. [20].",
        "Wiersz 3: „B” powtarza się.",
    ]


def test_the_preview_speaks_each_language(organizer_client, form):
    page = organizer_client.get(change_url(form))
    preview = reverse("admin:events_event_form_preview", args=[form.event.pk])

    ukrainian = organizer_client.get(f"{preview}?language=uk")

    assert f'href="{preview}?language=uk"' in page.content.decode()
    assert ukrainian.status_code == 200
    assert 'lang="uk"' in ukrainian.content.decode()


def test_event_languages_are_ticked_by_name(organizer_client, form):
    event = form.event
    url = reverse("admin:events_event_change", args=[event.pk])
    data = change_form_data(organizer_client.get(url))
    data["languages"] = ["en", "pl"]

    response = organizer_client.post(url, data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.languages == "pl,en"


def test_a_copied_condition_points_at_the_copied_option(form):
    sector = QuestionFactory(form=form, kind=Question.Kind.SINGLE_CHOICE)
    ngo = ChoiceFactory(question=sector, label="NGO", capacity=None)
    QuestionFactory(form=form, condition_question=sector, condition_choice=ngo)
    day = timezone.localdate(form.event.starts_at) + dt.timedelta(days=7)

    copy = event_services.duplicate_event(event=form.event, starts_on=day)

    copied = copy.registration_form.questions.exclude(condition_choice=None).get()
    assert copied.condition_choice == Choice.objects.get(question__form__event=copy, label_pl="NGO")
    assert copied.condition_question == copied.condition_choice.question
    assert Event.objects.count() == 2


def test_a_required_choice_question_keeps_an_option_on_its_own_page_too(organizer_client, form):
    question = QuestionFactory(form=form, label="Sektor", kind=Question.Kind.DROPDOWN, is_required=True)
    ChoiceFactory(question=question, label="NGO", capacity=None)
    url = reverse("admin:registrations_question_change", args=[question.pk])
    data = change_form_data(organizer_client.get(url))
    prefix = next(key for key in data if key.endswith("-0-id")).removesuffix("-0-id")
    data[f"{prefix}-0-DELETE"] = "on"

    response = organizer_client.post(url, data)

    assert response.status_code == 200
    assert question.choices.count() == 1
    assert "potrzebuje odpowiedzi do wyboru" in str(
        response.context["inline_admin_formsets"][0].formset.non_form_errors()
    )
