"""Dates as people write them, in every language: "śr 13.01" on day tabs, "13 stycznia" in lists."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils import translation

from common.dates import short_day
from registrations.forms.registration import session_label
from tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
WEDNESDAY = dt.date(2030, 1, 16)


@pytest.mark.parametrize(
    ("language", "written"), [("pl", "śr 16.01"), ("uk", "ср 16.01"), ("en", "Wed 16 Jan")]
)
def test_short_day_is_written_as_people_write_it(language, written):
    with translation.override(language):
        assert short_day(WEDNESDAY) == written


@pytest.mark.parametrize(
    ("language", "written"), [("pl", "16 stycznia"), ("uk", "16 січня"), ("en", "January 16")]
)
def test_day_of_a_month_takes_the_form_of_a_date(language, written):
    with translation.override(language):
        assert format_date(WEDNESDAY, "MONTH_DAY_FORMAT") == written


def test_short_day_of_a_moment_is_the_day_in_warsaw():
    late_evening = dt.datetime(2030, 1, 16, 23, 30, tzinfo=WARSAW).astimezone(dt.UTC)

    with translation.override("pl"):
        assert short_day(late_evening) == "śr 16.01"


@pytest.mark.parametrize(
    ("prefix", "first", "second"), [("", "śr 16.01", "czw 17.01"), ("/uk", "ср 16.01", "чт 17.01")]
)
def test_agenda_day_tabs_show_weekday_and_date(client, prefix, first, second):
    event = EventFactory(
        starts_at=dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2030, 1, 17, 17, 0, tzinfo=WARSAW),
    )
    for day in (16, 17):
        SessionFactory(
            event=event,
            starts_at=dt.datetime(2030, 1, day, 15, 0, tzinfo=WARSAW),
            ends_at=dt.datetime(2030, 1, day, 16, 0, tzinfo=WARSAW),
        )

    page = client.get(prefix + reverse("events:event_agenda", kwargs={"slug": event.slug})).content.decode()

    tabs = page[page.index('class="nav') :]
    assert f'<span class="small">{first}</span>' in tabs
    assert f'<span class="small">{second}</span>' in tabs


def test_session_choice_label_names_the_day_and_the_times():
    visit = SessionFactory(
        title="Wizyta w Skawinie",
        starts_at=dt.datetime(2030, 1, 16, 15, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2030, 1, 16, 16, 0, tzinfo=WARSAW),
    )

    with translation.override("pl"):
        assert session_label(visit).startswith("Wizyta w Skawinie")
        assert "śr 16.01 15:00–16:00" in session_label(visit)
