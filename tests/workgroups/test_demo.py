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


def test_the_warsaw_form_asks_everyone_to_rank_the_areas(client):
    from django.urls import reverse
    from django.utils import translation

    load_demo()
    event = Event.objects.get(slug=demo.WARSAW_SLUG)
    question = event.registration_form.questions.get(kind="ranking")
    with translation.override("en"):
        url = reverse("registrations:register", kwargs={"slug": event.slug})

    html = client.get(url).content.decode()

    assert f'name="q_{question.pk}_7"' in html  # 7 areas and another topic: 8 places
    assert f'name="q_{question.pk}_8"' in html  # the proposed topic
    assert f'name="attendee-0-q_{question.pk}_0"' in html
    assert "1st choice" in html
