import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from attendees import statistics
from attendees.models import AccessLog
from organizations.models import Organization
from registrations.models import Answer, Registration, SessionSeat
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    OrganizationFactory,
    RegistrationFactory,
    SessionFactory,
)

from .attendee_helpers import organizer, question, two_organizations

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory()
    city = OrganizationFactory(kind=Organization.Kind.LOCAL_GOVERNMENT, region="mazowieckie")
    ngo = OrganizationFactory(kind=Organization.Kind.NGO, region="malopolskie")
    group = question(event, label="Grupa", kind="single_choice")
    education, work = (
        ChoiceFactory(question=group, label="Edukacja"),
        ChoiceFactory(question=group, label="Praca"),
    )
    question(event, label="Zdrowie", is_sensitive=True, kind="checkbox")
    workshop = SessionFactory(event=event, title="Warsztat A", capacity=4, is_selectable=True)
    for index, (organization, choice) in enumerate([(city, education), (ngo, education), (ngo, work)]):
        registration = RegistrationFactory(
            event=event,
            organization=organization,
            interpretation_language="uk" if index == 0 else "",
            accessibility_needs="pętla indukcyjna" if index == 1 else "",
        )
        answer = Answer.objects.create(registration=registration, question=group)
        answer.choices.set([choice])
        SessionSeat.objects.create(registration=registration, session=workshop)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    return event


def _bars(chart):
    return {bar.label: bar.count for bar in chart.bars}


def test_statistics_count_by_status_kind_region_and_needs(event):
    stats = statistics.event_statistics(event=event, sensitive=True)
    charts = {str(chart.title): chart for chart in stats["charts"]}
    status, kind, region, _lang, needs, _interp = stats["charts"]

    assert (stats["total"], stats["active"]) == (4, 3)
    assert _bars(status)[str(Registration.Status.CONFIRMED.label)] == 3
    assert _bars(kind) == {
        str(Organization.Kind.NGO.label): 2,
        str(Organization.Kind.LOCAL_GOVERNMENT.label): 1,
    }
    assert _bars(region) == {"małopolskie": 2, "mazowieckie": 1}
    assert sorted(_bars(needs).values()) == [0, 1, 1]
    assert len(charts) == 6


def test_statistics_summarise_choice_answers_and_session_fill(event):
    stats = statistics.event_statistics(event=event, sensitive=False)

    (group,) = stats["answers"]
    assert _bars(group) == {"Edukacja": 2, "Praca": 1}
    assert [(row["confirmed"], row["capacity"], row["percent"]) for row in stats["sessions"]] == [(3, 4, 75)]
    assert stats["timeline"].total == 4


def test_statistics_hide_sensitive_questions_without_permission(event):
    hidden = statistics.event_statistics(event=event, sensitive=False)
    shown = statistics.event_statistics(event=event, sensitive=True)

    assert [chart.title for chart in hidden["answers"]] == ["Grupa"]
    assert [chart.title for chart in shown["answers"]] == ["Grupa", "Zdrowie"]
    assert len(hidden["charts"][4].bars) == 2 and len(shown["charts"][4].bars) == 3


def test_statistics_page_draws_svg_and_audits_sensitive_views(client, event):
    allowed = organizer(event.organization, sensitive=True)
    client.force_login(allowed)

    response = client.get(reverse("admin:registrations_registration_statistics", args=[event.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    drawn = re.findall(r'<svg [^>]*role="img" aria-label="([^"]*)"', page)
    # A one-day timeline is a sentence, and so is a question nobody answered yet (Zdrowie).
    assert drawn == [
        "Według statusu",
        "Według rodzaju organizacji",
        "Według województwa",
        "Według preferowanego języka",
        "Potrzeby",
        "Tłumaczenie na",
        "Zapełnienie sesji",
        "Grupa",
    ]
    assert "<strong>Zdrowie</strong>" in page
    assert list(AccessLog.objects.values_list("user", "action")) == [
        (allowed.pk, "view_statistics_sensitive")
    ]


def test_statistics_page_without_permission_shows_no_sensitive_question(client, event):
    client.force_login(organizer(event.organization))

    response = client.get(reverse("admin:registrations_registration_statistics", args=[event.pk]))

    assert "Zdrowie" not in response.content.decode()
    assert AccessLog.objects.count() == 0


def test_statistics_and_overview_of_another_organization_are_404(client):
    org_a, _org_b, _event_a, event_b = two_organizations()
    client.force_login(organizer(org_a))

    for name in ("statistics", "event_overview", "event_export"):
        response = client.get(reverse(f"admin:registrations_registration_{name}", args=[event_b.pk]))
        assert response.status_code == 404, name


def _statistics_page(client, event, *, sensitive=False):
    client.force_login(organizer(event.organization, sensitive=sensitive))
    with translation.override("en"):
        url = reverse("admin:registrations_registration_statistics", args=[event.pk])
        return client.get(url).content.decode()


def test_registrations_of_one_day_are_told_in_a_sentence_not_an_empty_chart(client, event):
    page = _statistics_page(client, event)

    assert "<polyline" not in page
    day = timezone.localdate().strftime("%Y-%m-%d")
    assert f"All 4 registrations on {day}." in page


def test_registrations_over_several_days_are_drawn(client, event):
    first = Registration.objects.filter(event=event).order_by("pk").first()
    Registration.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(days=3))

    page = _statistics_page(client, event)

    assert page.count("<polyline") == 1


def test_a_chart_without_data_says_so_under_its_heading(client, event):
    page = _statistics_page(client, event, sensitive=True)

    # Nobody answered the checkbox question: its heading is followed by a sentence, not by nothing.
    heading = page.index("<strong>Zdrowie</strong>")
    assert "No answers yet." in page[heading : page.index("</figure>", heading)]


def test_languages_are_named_not_coded(event):
    with translation.override("en"):
        stats = statistics.event_statistics(event=event, sensitive=False)
    charts = {str(chart.title): chart for chart in stats["charts"]}

    assert _bars(charts["By preferred language"]) == {"Polish": 3}
    assert _bars(charts["Interpretation into"]) == {"Ukrainian": 1}


def test_without_directory_organizations_the_typed_names_are_counted_instead(client):
    event = EventFactory()
    for name in ("Fundacja Ocalenie", "fundacja ocalenie ", "Urząd Miasta"):
        RegistrationFactory(event=event, organization=None, organization_name=name)

    with translation.override("en"):
        stats = statistics.event_statistics(event=event, sensitive=False)
        page = _statistics_page(client, event)
    charts = {str(chart.title): chart for chart in stats["charts"]}

    assert "By organization kind" not in charts and "By region" not in charts
    assert _bars(charts["By organization (as typed)"]) == {"Fundacja Ocalenie": 2, "Urząd Miasta": 1}
    assert "no organization in the directory" not in page
