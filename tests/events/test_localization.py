import datetime as dt

import pytest
from django.template.defaultfilters import date as format_date
from django.utils import timezone, translation

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_times_are_on_the_24_hour_clock_in_every_language(language):
    late = timezone.make_aware(dt.datetime(2030, 11, 29, 23, 59))

    with translation.override(language):
        written = [
            format_date(late, name) for name in ("TIME_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT")
        ]

    assert all("23:59" in text for text in written), written
    assert not any("p.m." in text for text in written), written


def test_english_event_page_writes_afternoon_times_as_15_00(client):
    event = EventFactory(
        starts_at=timezone.make_aware(dt.datetime(2030, 11, 29, 15)),
        ends_at=timezone.make_aware(dt.datetime(2030, 11, 29, 17, 30)),
    )

    content = client.get(f"/en/events/{event.slug}/").content.decode()

    assert "Nov. 29, 2030, 15:00–17:30" in content
    assert "p.m." not in content
