import datetime as dt

import pytest
from django.template.defaultfilters import date as format_date
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from agenda.models import Session, SessionRole
from events.models import Attachment, Event, EventPartner
from events.templatetags.portal import registration_url
from registrations.models import Registration
from tests.factories import (
    EventFactory,
    EventPartnerFactory,
    OrganizationFactory,
    PersonFactory,
    RegistrationFactory,
    SeriesFactory,
    SessionFactory,
    SessionRoleFactory,
    VenueFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://meet.example.org/secret-room-4f9a"
# Used as ROOT_URLCONF by the test that needs a site without the registration URLs.
urlpatterns = []


def _titles(response) -> list[str]:
    return [event.title for event in response.context["events"]]


def test_home_lists_upcoming_published_events_only(client):
    EventFactory(title="Kielce", starts_at=in_days(3), ends_at=in_days(3, 15))
    EventFactory(title="Szkic", status=Event.Status.DRAFT)
    EventFactory(title="Dawne", starts_at=in_days(-30), ends_at=in_days(-30, 15))

    response = client.get(reverse("events:home"))

    assert response.status_code == 200
    assert [event.title for event in response.context["featured"]] == ["Kielce"]
    assert b"Szkic" not in response.content


def test_event_list_filters_by_city_format_and_text(client):
    krakow = VenueFactory(city="Kraków", region="malopolskie")
    warszawa = VenueFactory(city="Warszawa", region="mazowieckie")
    EventFactory(title="Konferencja miejsc otwartych", venue=krakow, starts_at=in_days(5))
    EventFactory(title="Dzielnice dla uchodźców", venue=warszawa, starts_at=in_days(6))
    EventFactory(title="Spotkanie koalicji", venue=None, format=Event.Format.ONLINE, starts_at=in_days(7))

    by_city = client.get(reverse("events:event_list"), {"city": "Kraków"})
    by_region = client.get(reverse("events:event_list"), {"region": "mazowieckie"})
    by_format = client.get(reverse("events:event_list"), {"format": "online"})
    by_text = client.get(reverse("events:event_list"), {"q": "koalicji"})

    assert _titles(by_city) == ["Konferencja miejsc otwartych"]
    assert _titles(by_region) == ["Dzielnice dla uchodźców"]
    assert _titles(by_format) == ["Spotkanie koalicji"]
    assert _titles(by_text) == ["Spotkanie koalicji"]


def test_event_list_filters_by_dates_organizer_as_partner_series_and_language(client):
    partner = OrganizationFactory(name="Stowarzyszenie Partnerskie", slug="partnerskie")
    series = SeriesFactory(slug="otwarte-miasta")
    early = EventFactory(title="Wcześnie", starts_at=in_days(3), ends_at=in_days(3, 15), series=series)
    EventFactory(title="Później", starts_at=in_days(40), ends_at=in_days(40, 15), languages="pl,en")
    EventPartnerFactory(event=early, organization=partner, role=EventPartner.Role.PATRON)
    url = reverse("events:event_list")

    by_dates = client.get(url, {"date_from": str(in_days(30).date()), "date_to": str(in_days(50).date())})
    by_partner = client.get(url, {"organization": "partnerskie"})
    by_series = client.get(url, {"series": "otwarte-miasta"})
    by_language = client.get(url, {"language": "en"})

    assert _titles(by_dates) == ["Później"]
    assert _titles(by_partner) == ["Wcześnie"]
    assert _titles(by_series) == ["Wcześnie"]
    assert _titles(by_language) == ["Później"]


def test_event_list_ignores_invalid_filter_values(client):
    EventFactory(title="Kielce")

    response = client.get(reverse("events:event_list"), {"date_from": "not-a-date", "organization": "nope"})

    assert response.status_code == 200
    assert _titles(response) == ["Kielce"]


def test_event_list_paginates_by_twelve(client):
    for day in range(14):
        EventFactory(starts_at=in_days(day + 1), ends_at=in_days(day + 1, 15))

    first = client.get(reverse("events:event_list"))
    second = client.get(reverse("events:event_list"), {"page": 2})

    assert len(first.context["events"]) == 12
    assert len(second.context["events"]) == 2


def test_event_list_answers_htmx_with_the_results_partial(client):
    EventFactory(title="Kielce")

    response = client.get(reverse("events:event_list"), {"q": "Kielce"}, headers={"HX-Request": "true"})

    names = [template.name for template in response.templates]
    assert "events/_event_list.html" in names
    assert "events/event_list.html" not in names
    assert b"<html" not in response.content
    assert b'id="event-results"' in response.content


def test_archive_lists_past_events_newest_first(client):
    EventFactory(title="Przyszłe")
    EventFactory(title="Rok temu", starts_at=in_days(-365), ends_at=in_days(-365, 15))
    EventFactory(title="Miesiąc temu", starts_at=in_days(-30), ends_at=in_days(-30, 15))

    response = client.get(reverse("events:event_archive"))

    assert _titles(response) == ["Miesiąc temu", "Rok temu"]


@pytest.mark.parametrize("name", ["events:event_detail", "events:event_agenda"], ids=["event", "agenda"])
def test_draft_event_pages_are_404(client, name):
    event = EventFactory(status=Event.Status.DRAFT)

    response = client.get(reverse(name, kwargs={"slug": event.slug}))

    assert response.status_code == 404


def test_session_of_draft_event_is_404_and_its_speaker_page_too(client):
    role = SessionRoleFactory(session__event__status=Event.Status.DRAFT)

    session_response = client.get(role.session.get_absolute_url())
    person_response = client.get(role.person.get_absolute_url())

    assert session_response.status_code == 404
    assert person_response.status_code == 404


def test_session_of_another_event_is_404(client):
    session = SessionFactory()
    other = EventFactory()

    response = client.get(reverse("events:session_detail", kwargs={"slug": other.slug, "pk": session.pk}))

    assert response.status_code == 404


def test_cancelled_event_shows_a_banner_and_no_registration(client):
    event = EventFactory(status=Event.Status.CANCELLED)

    response = client.get(f"/en{event.get_absolute_url()}")

    assert response.status_code == 200
    assert b"This event has been cancelled." in response.content
    assert response.context["registration"].state == "cancelled"


def test_online_link_never_appears_on_public_pages(client):
    event = EventFactory(format=Event.Format.HYBRID, online_url=SECRET_LINK)
    role = SessionRoleFactory(session__event=event)
    urls = [
        reverse("events:home"),
        reverse("events:event_list"),
        event.get_absolute_url(),
        reverse("events:event_agenda", kwargs={"slug": event.slug}),
        role.session.get_absolute_url(),
        role.person.get_absolute_url(),
        event.organization.get_absolute_url(),
        "/uk" + event.get_absolute_url(),
    ]

    contents = [client.get(url).content.decode() for url in urls]

    assert [SECRET_LINK in content for content in contents] == [False] * len(urls)
    assert "secret-room" not in "".join(contents)


def test_event_page_groups_partners_by_role_main_patron_first(client):
    event = EventFactory()
    EventPartnerFactory(event=event, role=EventPartner.Role.FUNDER, organization__name="Fundusz")
    EventPartnerFactory(event=event, role=EventPartner.Role.CO_ORGANIZER, organization__name="Urząd Miasta")
    EventPartnerFactory(event=event, role=EventPartner.Role.MAIN_PATRON, organization__name="Unia Miasteczek")
    EventPartnerFactory(event=event, role=EventPartner.Role.CO_ORGANIZER, organization__name="Fundacja BIS")

    response = client.get(event.get_absolute_url())

    groups = [
        (group.role, [p.organization.name for p in group.partners])
        for group in response.context["partner_groups"]
    ]
    assert groups == [
        ("main_patron", ["Unia Miasteczek"]),
        ("co_organizer", ["Urząd Miasta", "Fundacja BIS"]),
        ("funder", ["Fundusz"]),
    ]


def test_event_page_shows_venue_with_openstreetmap_link_and_multi_day_dates(client):
    venue = VenueFactory(name="Centrum Kultury Podgórza", address="ul. Sokolska 13", postal_code="30-510")
    event = EventFactory(
        venue=venue,
        starts_at=timezone.make_aware(dt.datetime(2030, 11, 29, 9)),
        ends_at=timezone.make_aware(dt.datetime(2030, 11, 30, 16)),
    )

    content = client.get(event.get_absolute_url()).content.decode()

    assert "https://www.openstreetmap.org/search?query=ul.+Sokolska+13%2C+30-510+Krak%C3%B3w" in content
    assert "29–30 listopada 2030" in content


def test_event_page_renders_markdown_sanitized(client):
    event = EventFactory(
        description="**Ważne** <script>alert(1)</script> [x](javascript:alert(1)) <img src=https://t.example/p.gif>",
        goals="# Cele",
    )

    content = client.get(event.get_absolute_url()).content.decode()

    assert "<strong>Ważne</strong>" in content
    assert "<script>alert" not in content
    assert "javascript:" not in content
    assert "t.example" not in content
    assert "<h3>Cele</h3>" in content
    assert content.count("<h1") == 1


def test_event_page_shows_only_public_attachments_and_the_report(client):
    event = EventFactory(report="Raport **po** wydarzeniu")
    Attachment.objects.create(event=event, title="Program PDF", url="https://example.org/program.pdf")
    Attachment.objects.create(
        event=event, title="Lista uczestników", url="https://example.org/l", is_public=False
    )

    content = client.get(event.get_absolute_url()).content.decode()

    assert "Program PDF" in content
    assert "Lista uczestników" not in content
    assert "Raport <strong>po</strong> wydarzeniu" in content


@pytest.mark.parametrize(
    ("event_kwargs", "confirmed", "state", "seats_left"),
    [
        ({"capacity": 10}, 3, "open", 7),
        ({"capacity": None}, 3, "open", None),
        ({"capacity": 2}, 2, "waitlist", 0),
        ({"capacity": 2, "waitlist_enabled": False}, 2, "full", 0),
        ({"registration_required": False}, 0, "not_needed", None),
        ({"registration_closes_at": in_days(-1)}, 0, "closed", None),
        ({"registration_opens_at": in_days(2)}, 0, "not_yet_open", None),
    ],
    ids=["seats-left", "no-limit", "waitlist", "full", "not-needed", "closed", "not-yet-open"],
)
def test_event_page_registration_status(client, event_kwargs, confirmed, state, seats_left):
    event = EventFactory(**event_kwargs)
    for _ in range(confirmed):
        RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    status = client.get(event.get_absolute_url()).context["registration"]

    assert (status.state, status.seats_left) == (state, seats_left)


def test_event_page_says_how_many_seats_are_left(client):
    event = EventFactory(capacity=5)
    RegistrationFactory(event=event)

    content = client.get(f"/en/events/{event.slug}/").content.decode()

    assert "4 seats left" in content


def test_agenda_marks_parallel_sessions_nested_items_and_unconfirmed_people(client):
    event = EventFactory()
    start = event.starts_at
    block = SessionFactory(
        event=event,
        kind=Session.Kind.PANEL,
        title="Blok",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=55),
    )
    SessionFactory(
        event=event,
        parent=block,
        title="Wystąpienie 1",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=20),
    )
    later = start + dt.timedelta(hours=2)
    for title in ("Sesja A", "Sesja B", "Sesja C"):
        SessionFactory(event=event, title=title, starts_at=later, ends_at=later + dt.timedelta(hours=1))
    SessionFactory(
        event=event,
        kind=Session.Kind.MEAL,
        title="Obiad",
        starts_at=later + dt.timedelta(hours=1),
        ends_at=later + dt.timedelta(hours=2),
    )
    SessionRoleFactory(
        session=block, role=SessionRole.Role.PANELIST, is_confirmed=False, person__name="Jan Tbc"
    )

    response = client.get(f"/en{reverse('events:event_agenda', kwargs={'slug': event.slug})}")

    (day,) = response.context["days"]
    slots = [[session.title for session in slot.sessions] for slot in day.slots]
    assert slots == [["Blok"], ["Sesja A", "Sesja B", "Sesja C"], ["Obiad"]]
    assert [child.title for child in day.slots[0].sessions[0].nested] == ["Wystąpienie 1"]
    content = response.content.decode()
    assert "3 parallel sessions" in content
    assert "Jan Tbc" in content and "to be confirmed" in content
    assert 'class="agenda-session agenda-quiet"' in content


def test_agenda_day_parameter_shows_one_day(client):
    event = EventFactory(starts_at=in_days(10, 9), ends_at=in_days(11, 17))
    SessionFactory(event=event, title="Wizyta studyjna", starts_at=in_days(10, 10), ends_at=in_days(10, 12))
    SessionFactory(event=event, title="Konferencja", starts_at=in_days(11, 10), ends_at=in_days(11, 12))
    url = reverse("events:event_agenda", kwargs={"slug": event.slug})

    day_two = client.get(url, {"day": 2})
    missing = client.get(url, {"day": 9})

    assert [day.number for day in day_two.context["shown_days"]] == [2]
    assert "Konferencja" in day_two.content.decode()
    assert "Wizyta studyjna" not in day_two.content.decode()
    assert missing.status_code == 404


def test_study_visit_shows_its_address_host_audience_and_capacity(client):
    event = EventFactory()
    host = OrganizationFactory(name="Fundacja Gospodarz")
    venue = VenueFactory(name="Punkt Pomocy", address="ul. Długa 1", postal_code="31-000")
    visit = SessionFactory(
        event=event,
        kind=Session.Kind.STUDY_VISIT,
        title="Wizyta",
        venue=venue,
        host_organization=host,
        audience="Dla pracowników NGO",
        capacity=15,
    )

    content = client.get(f"/en{visit.get_absolute_url()}").content.decode()

    assert "Fundacja Gospodarz" in content
    note = '<small class="fallback-note">(in Polish)</small>'
    assert f'<span lang="pl">Punkt Pomocy</span> {note}, ul. Długa 1, 31-000 Kraków' in content
    assert (
        '<span lang="pl">Dla pracowników NGO</span> <small class="fallback-note">(in Polish)</small>'
        in content
    )
    assert "Up to 15 people" in content


def test_person_page_lists_only_published_sessions_and_hides_the_email(client):
    person = PersonFactory(email="private-speaker@example.org")
    SessionRoleFactory(person=person, session__title="Publiczna sesja")
    SessionRoleFactory(
        person=person, session__title="Ukryta sesja", session__event__status=Event.Status.DRAFT
    )

    content = client.get(person.get_absolute_url()).content.decode()

    assert "Publiczna sesja" in content
    assert "Ukryta sesja" not in content
    assert "private-speaker@example.org" not in content


def test_organization_page_lists_events_as_organizer_and_as_partner(client):
    organization = OrganizationFactory()
    EventFactory(organization=organization, title="Własne")
    partnered = EventFactory(title="Partnerskie")
    EventPartnerFactory(event=partnered, organization=organization, role=EventPartner.Role.FUNDER)
    EventFactory(organization=organization, title="Szkic", status=Event.Status.DRAFT)

    response = client.get(organization.get_absolute_url())

    assert sorted(event.title for event in response.context["upcoming"]) == ["Partnerskie", "Własne"]
    assert "Szkic" not in response.content.decode()


def test_organization_page_lists_the_study_visits_it_hosts(client):
    host = OrganizationFactory(name="Fundacja Gospodarz")
    event = EventFactory(title="Forum Krakowskie")
    visit = SessionFactory(
        event=event, kind=Session.Kind.STUDY_VISIT, title="Wizyta w punkcie", host_organization=host
    )
    SessionFactory(
        event=EventFactory(status=Event.Status.DRAFT),
        kind=Session.Kind.STUDY_VISIT,
        title="Wizyta w szkicu",
        host_organization=host,
    )
    past = EventFactory(
        starts_at=timezone.now() - dt.timedelta(days=30), ends_at=timezone.now() - dt.timedelta(days=30)
    )
    SessionFactory(event=past, kind=Session.Kind.STUDY_VISIT, title="Dawna wizyta", host_organization=host)

    response = client.get(host.get_absolute_url())
    content = response.content.decode()

    assert [session.title for session in response.context["hosted_upcoming"]] == ["Wizyta w punkcie"]
    assert [session.title for session in response.context["hosted_past"]] == ["Dawna wizyta"]
    assert f'href="{visit.get_absolute_url()}"' in content and "Forum Krakowskie" in content
    upcoming = content[content.index('id="upcoming-heading"') : content.index('id="past-heading"')]
    assert "Obecnie brak." not in upcoming
    assert "Wizyta w szkicu" not in content


def test_organization_directory_filters_by_region_and_kind(client):
    OrganizationFactory(name="Urząd Kielce", region="swietokrzyskie", kind="local_government")
    OrganizationFactory(name="Fundacja Kielce", region="swietokrzyskie", kind="ngo")
    OrganizationFactory(name="Fundacja Kraków", region="malopolskie", kind="ngo")

    response = client.get(reverse("events:organization_list"), {"region": "swietokrzyskie", "kind": "ngo"})

    assert [organization.name for organization in response.context["organizations"]] == ["Fundacja Kielce"]


def test_series_page_lists_its_public_events(client):
    series = SeriesFactory(title="Otwarte Miasta i Wsie")
    EventFactory(series=series, title="Kielce")
    EventFactory(series=series, title="Szkic", status=Event.Status.DRAFT)

    response = client.get(series.get_absolute_url())

    assert [event.title for event in response.context["upcoming"]] == ["Kielce"]


def test_language_switcher_links_keep_the_page(client):
    event = EventFactory(slug="krakow-2030")

    polish = client.get(event.get_absolute_url()).content.decode()
    ukrainian = client.get(f"/uk/events/{event.slug}/").content.decode()

    assert '<html lang="pl">' in polish
    assert 'href="/uk/events/krakow-2030/" hreflang="uk"' in polish
    assert '<html lang="uk">' in ukrainian
    assert 'href="/events/krakow-2030/" hreflang="pl"' in ukrainian


def test_ukrainian_page_formats_dates_in_ukrainian(client):
    event = EventFactory(
        starts_at=timezone.make_aware(dt.datetime(2030, 11, 29, 9)),
        ends_at=timezone.make_aware(dt.datetime(2030, 11, 30, 16)),
    )

    content = client.get(f"/uk/events/{event.slug}/").content.decode()

    assert "29–30 листопада 2030" in content


@override_settings(ROOT_URLCONF=__name__)
def test_registration_url_tag_is_empty_while_no_registration_view_exists():
    event = EventFactory()

    assert registration_url(event) == ""


def test_event_cards_in_lists_show_places_left_and_the_deadline(client):
    closes_at = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=8), dt.time(23, 59))
    )
    limited = EventFactory(
        title="Kraków", capacity=5, registration_closes_at=closes_at, starts_at=in_days(10)
    )
    RegistrationFactory.create_batch(2, event=limited, status=Registration.Status.CONFIRMED)
    EventFactory(title="Bez limitu", capacity=None, registration_closes_at=closes_at, starts_at=in_days(11))
    deadline = format_date(timezone.localtime(closes_at), "DATETIME_FORMAT")

    response = client.get(reverse("events:event_list"))
    cards = response.content.decode().split('class="card event-card')[1:]
    home = client.get(reverse("events:home")).content.decode()

    assert "Zostały 3 miejsca" in cards[0]
    assert f"Do {deadline}." in cards[0]
    assert "Zostało" not in cards[1] and "Zostały" not in cards[1]
    assert f"Do {deadline}." in cards[1]
    assert "Zostały 3 miejsca" in home
    assert deadline.endswith("23:59")
