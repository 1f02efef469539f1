import datetime as dt

import pytest
from django.urls import reverse
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from attendees import attendance_lists, checkin
from registrations.models import Answer, Registration, SessionSeat
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    EventPartnerFactory,
    OrganizationFactory,
    RegistrationFactory,
    SessionFactory,
)

from .attendee_helpers import organizer, question, two_organizations

pytestmark = pytest.mark.django_db


def _pages_text(html: str) -> list[str]:
    """The text WeasyPrint lays out on each page, in reading order."""
    document = HTML(string=html).render()
    texts = []
    for page in document.pages:
        parts = [box.text for box in page._page_box.descendants() if isinstance(box, boxes.TextBox)]
        texts.append(" ".join(parts))
    return texts


@pytest.fixture
def event():
    event = EventFactory(title="Konferencja Otwarte Miasta")
    EventPartnerFactory(
        event=event, organization=OrganizationFactory(name="Fundusz Pomocy"), role="funder", note="Program X"
    )
    for first, last in [
        ("Żaneta", "Żak"),
        ("Łucja", "Łój"),
        ("Adam", "Lis"),
        ("Ewa", "Zając"),
        ("Olga", "Ćwik"),
    ]:
        RegistrationFactory(
            event=event, first_name=first, last_name=last, organization_name="Fundacja Ocalenie"
        )
    RegistrationFactory(
        event=event, first_name="Nie", last_name="Przyjdzie", status=Registration.Status.CANCELLED
    )
    return event


def test_collation_key_sorts_polish_letters_after_their_base_letters():
    names = ["Żak", "Zając", "Łój", "Lis", "Ćwik", "Cebula"]

    assert sorted(names, key=attendance_lists.collation_key) == [
        "Cebula",
        "Ćwik",
        "Lis",
        "Łój",
        "Zając",
        "Żak",
    ]


def test_attendance_list_pdf_is_a_pdf():
    pdf = attendance_lists.attendance_list_pdf(event=EventFactory())

    assert pdf.startswith(b"%PDF")


def test_attendance_list_numbers_confirmed_people_sorted_by_surname(event):
    html = attendance_lists.render_html(event=event)
    (text,) = _pages_text(html)

    names = ["Ćwik Olga", "Lis Adam", "Łój Łucja", "Zając Ewa", "Żak Żaneta"]
    order = [text.index(name) for name in names]
    assert order == sorted(order)
    assert "Przyjdzie" not in text
    assert "Konferencja Otwarte Miasta" in text
    assert "Fundusz Pomocy – Program X" in text
    assert event.organization.name in text
    assert event.venue.name in text


def test_attendance_list_adds_blank_rows():
    event = EventFactory()
    RegistrationFactory(event=event)

    html = attendance_lists.render_html(event=event, blank_rows=3)

    assert html.count('<td class="signature"></td>') == 4


def test_multi_day_event_gets_one_list_per_day():
    event = EventFactory()
    event.ends_at = event.starts_at + dt.timedelta(days=1, hours=2)
    event.save()
    RegistrationFactory(event=event, last_name="Kowalska")

    texts = _pages_text(attendance_lists.render_html(event=event))

    assert len(texts) == 2
    assert all("Kowalska" in text for text in texts)


def test_day_lists_leave_out_people_who_come_only_on_the_other_day():
    event = EventFactory()
    event.ends_at = event.starts_at + dt.timedelta(days=1, hours=2)
    event.save()
    first, second = checkin.event_days(event)
    days = question(event, label="W których dniach weźmiesz udział?", kind="multiple_choice")
    day_one = ChoiceFactory(question=days, label="Dzień I", day=first)
    day_two = ChoiceFactory(question=days, label="Dzień II", day=second)
    for name, picked in [("Pierwsza", [day_one]), ("Druga", [day_two]), ("Obie", [day_one, day_two])]:
        answer = Answer.objects.create(
            registration=RegistrationFactory(event=event, last_name=name), question=days
        )
        answer.choices.set(picked)
    RegistrationFactory(event=event, last_name="Niepytana")  # registered before the question was asked

    lists = attendance_lists.build_lists(event=event)

    assert [[person.last_name for person in each.people] for each in lists] == [
        ["Niepytana", "Obie", "Pierwsza"],
        ["Druga", "Niepytana", "Obie"],
    ]
    only_second = attendance_lists.build_lists(event=event, day=second)
    assert [person.last_name for person in only_second[0].people] == ["Druga", "Niepytana", "Obie"]


def test_session_list_has_only_its_confirmed_seats_and_can_show_who_came():
    event = EventFactory()
    visit = SessionFactory(event=event, kind="study_visit", title="Wizyta studyjna")
    came, absent, elsewhere = (
        RegistrationFactory(event=event, last_name=name) for name in ["Byłam", "Nieobecna", "Gdzieindziej"]
    )
    for registration in (came, absent):
        SessionSeat.objects.create(registration=registration, session=visit)
    checkin.check_in(registration=came, by=None, session=visit)

    lists = attendance_lists.build_lists(event=event, session=visit, show_attendance=True)

    assert [person.last_name for person in lists[0].people] == ["Byłam", "Nieobecna"]
    assert set(lists[0].present) == {came.pk}
    assert elsewhere not in lists[0].people


def test_attendance_list_view_returns_pdf_and_is_scoped(client):
    org_a, _org_b, event_a, event_b = two_organizations()
    client.force_login(organizer(org_a))

    own = client.get(
        reverse("admin:registrations_registration_attendance_list", args=[event_a.pk]), {"blank_rows": 2}
    )
    other = client.get(
        reverse("admin:registrations_registration_attendance_list", args=[event_b.pk]), {"blank_rows": 2}
    )

    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    assert own.content.startswith(b"%PDF")
    assert other.status_code == 404
