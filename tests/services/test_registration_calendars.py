"""A person's calendar as it arrives through a real worker and SMTP: confirmation, change, cancellation."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from agenda.models import Session
from mail.models import EmailLog
from registrations import services
from tests.calendar_parsing import entries, parse_calendar
from tests.factories import EventFactory, SessionFactory, VenueFactory
from tests.registrations._registration_data import consent, person
from tests.services.test_email_delivery import statuses, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WARSAW = ZoneInfo("Europe/Warsaw")


def sent_to(registration) -> int:
    return statuses(registration=registration)[EmailLog.Status.SENT]


def calendar_of(received) -> tuple[str, str]:
    [part] = [part for part in received.message.walk() if part.get_content_type() == "text/calendar"]
    return part.get_content(), part.get_param("method")


def test_calendar_of_a_study_visit_and_a_day_two_session_through_change_and_cancellation(
    celery_worker, smtp_sink
):
    zablocie = VenueFactory(name="Klaster Zabłocie 20.22", address="ul. Zabłocie 22", city="Kraków")
    skawina = VenueFactory(
        organization=zablocie.organization,
        name="Miejska Biblioteka Publiczna w Skawinie",
        address="ul. Sikorskiego 18",
        postal_code="32-050",
        city="Skawina",
    )
    event = EventFactory(
        title="Miejsca Otwarte",
        organization=zablocie.organization,
        venue=zablocie,
        starts_at=dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2030, 1, 17, 17, 0, tzinfo=WARSAW),
    )
    visit = SessionFactory(
        event=event,
        kind=Session.Kind.STUDY_VISIT,
        title="Wizyta studyjna w Skawinie",
        venue=skawina,
        starts_at=dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2030, 1, 16, 16, 0, tzinfo=WARSAW),
        capacity=20,
        is_selectable=True,
    )
    panel, workshop = (
        SessionFactory(
            event=event,
            title=title,
            starts_at=dt.datetime(2030, 1, 17, 11, 15, tzinfo=WARSAW),
            ends_at=dt.datetime(2030, 1, 17, 12, 45, tzinfo=WARSAW),
            capacity=30,
            is_selectable=True,
        )
        for title in ("Panel: centra społecznościowe", "Warsztat: dobrostan animatora")
    )
    contact = person(0, language="en", session_ids=[visit.pk, panel.pk])

    registration = services.register(event=event, contact=contact, consent=consent()).registration
    wait_until(lambda: sent_to(registration) == 1, message="confirmation marked sent")
    services.update_registration(
        registration=registration, person=person(0, language="en", session_ids=[visit.pk, workshop.pk])
    )
    wait_until(lambda: sent_to(registration) == 2, message="change marked sent")
    services.cancel_registration(registration=registration)
    wait_until(lambda: sent_to(registration) == 3, message="cancellation marked sent")
    [confirmation, update, cancellation] = smtp_sink.messages

    content, method = calendar_of(confirmation)
    confirmed = {entry.uid: entry for entry in entries(content)}
    assert method == "PUBLISH"
    assert [(entry.summary, entry.start, entry.location) for entry in confirmed.values()] == [
        ("Miejsca Otwarte", dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW), zablocie_location(zablocie)),
        (
            "Wizyta studyjna w Skawinie – Miejsca Otwarte",
            dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW),
            "Miejska Biblioteka Publiczna w Skawinie, ul. Sikorskiego 18, 32-050 Skawina",
        ),
        (
            "Panel: centra społecznościowe – Miejsca Otwarte",
            dt.datetime(2030, 1, 17, 11, 15, tzinfo=WARSAW),
            zablocie_location(zablocie),
        ),
    ]
    assert next(iter(confirmed.values())).end == dt.datetime(2030, 1, 17, 17, 0, tzinfo=WARSAW)
    assert list(confirmed.values())[1].end == dt.datetime(2030, 1, 16, 16, 0, tzinfo=WARSAW)

    content, method = calendar_of(update)
    changed = {entry.uid: entry for entry in entries(content)}
    assert (method, update.message["Subject"]) == ("PUBLISH", "Registration changed: Miejsca Otwarte")
    assert set(confirmed) < set(changed)
    assert all(changed[uid].sequence > confirmed[uid].sequence for uid in confirmed)
    assert [entry.summary for entry in changed.values() if entry.status == "CANCELLED"] == [
        "Panel: centra społecznościowe – Miejsca Otwarte"
    ]

    content, method = calendar_of(cancellation)
    assert method == "CANCEL"
    assert str(parse_calendar(content)["METHOD"]) == "CANCEL"
    cancelled = {entry.uid: entry for entry in entries(content)}
    assert set(cancelled) == set(changed)
    assert {entry.status for entry in cancelled.values()} == {"CANCELLED"}
    assert all(cancelled[uid].sequence > changed[uid].sequence for uid in cancelled)


def zablocie_location(venue) -> str:
    return f"{venue.name}, ul. Zabłocie 22, 30-701 Kraków"
