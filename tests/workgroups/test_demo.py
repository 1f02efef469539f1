"""The Warsaw demo: about 120 people rank its seven areas and another topic; the allocation places them."""

import pytest
from django.core.management import call_command

from events.demo.loader import load_demo
from events.models import Event
from registrations.models import Registration
from workgroups import demo, services
from workgroups.models import Ranking

pytestmark = pytest.mark.django_db


def test_demo_rankings_fill_the_warsaw_allocation(capsys):
    load_demo()

    call_command("demo_rankings")
    call_command("demo_rankings")  # again: nothing new

    event = Event.objects.get(slug=demo.WARSAW_SLUG)
    assert "120 participants" in capsys.readouterr().out
    assert Registration.objects.filter(event=event).count() == 120
    per_person = Ranking.objects.filter(registration__event=event).values("registration").distinct().count()
    assert per_person == 120
    assert Ranking.objects.exclude(proposal="").exists()
    allocation = services.allocation_for(event)
    services.run(allocation)
    report = services.report(allocation)
    # 7 groups of 20 seats hold all 120; popular areas are overbooked, so not everyone gets a 1st choice.
    assert (report.total, report.placed) == (120, 120)
    assert 0.5 < report.first_choice_share < 1
    assert all(entry.count <= 20 for entry in report.groups)
    assert len(report.groups) == 7
