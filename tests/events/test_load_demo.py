import datetime as dt
import re
from collections import defaultdict
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from agenda.models import Person, Session, SessionRole, Track
from events.demo.loader import load_demo
from events.models import Attachment, Event, EventPartner, ReportPhoto, Series, Topic, Venue
from organizations.models import Membership, Organization
from organizations.permissions import ORGANIZER_GROUP_NAME
from registrations import services
from registrations.models import Choice, Question, RegistrationForm
from registrations.tokens import manage_token_for

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
COUNTED_MODELS = (
    Organization,
    Membership,
    Series,
    Topic,
    Venue,
    Event,
    EventPartner,
    Attachment,
    Track,
    Session,
    Person,
    SessionRole,
    RegistrationForm,
    Question,
    Choice,
    Group,
    get_user_model(),
)
TIMESTAMPED_MODELS = (Organization, Series, Venue, Event, Session, Person, RegistrationForm)
# What the demo holds, row by row, when loaded into an empty database.
DEMO_ROWS = {
    Organization: 34,
    Membership: 5,
    Series: 1,
    Topic: 13,
    Venue: 10,
    Event: 5,
    EventPartner: 15,
    Attachment: 2,
    Track: 5,
    Session: 54,
    Person: 36,
    SessionRole: 40,
    RegistrationForm: 5,
    Question: 13,
    Choice: 42,
    Group: 1,
    get_user_model(): 6,
}


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, WARSAW)


def clock(value: dt.datetime) -> str:
    return local(value).strftime("%H:%M")


def slot(session: Session) -> tuple[str, str]:
    return clock(session.starts_at), clock(session.ends_at)


def row_counts() -> dict:
    return {model: model.objects.count() for model in COUNTED_MODELS}


@pytest.fixture
def demo():
    """The demo loaded into an empty database, so that no test here can pass on rows it did not create."""
    assert set(row_counts().values()) == {0}
    result = load_demo()
    assert (len(result.created_events), len(result.existing_events)) == (5, 0)
    return result


def test_load_demo_fills_an_empty_database_with_the_whole_demo(demo):
    assert row_counts() == DEMO_ROWS
    assert sorted(event.slug for event in demo.created_events) == [
        "csos-at-the-forefront-of-refugees-support",
        "komm-iii-spotkanie-koalicji",
        "konferencja-miejsc-otwartych-krakow",
        "otwarte-miasta-i-wsie-kielce",
        "warszawskie-dzielnice-dla-uchodzcow",
    ]
    assert sorted(account.username for account in demo.accounts) == sorted(
        get_user_model().objects.values_list("username", flat=True)
    )
    assert all(account.password for account in demo.accounts)  # each created now, so each printed once


@pytest.fixture
def krakow(demo):
    return Event.objects.get(slug="konferencja-miejsc-otwartych-krakow")


def test_load_demo_twice_creates_nothing_new_and_writes_nothing(demo):
    counts = row_counts()
    stamps = {model: sorted(model.objects.values_list("pk", "updated_at")) for model in TIMESTAMPED_MODELS}
    dates = list(Event.objects.order_by("pk").values_list("starts_at", "ends_at", "registration_closes_at"))

    second = load_demo()

    assert row_counts() == counts == DEMO_ROWS
    assert {
        model: sorted(model.objects.values_list("pk", "updated_at")) for model in TIMESTAMPED_MODELS
    } == stamps
    assert (
        list(Event.objects.order_by("pk").values_list("starts_at", "ends_at", "registration_closes_at"))
        == dates
    )
    assert (len(second.created_events), len(second.existing_events)) == (0, 5)
    assert [account.password for account in second.accounts] == [None] * len(second.accounts)


def test_load_demo_keeps_dates_of_existing_events_on_a_later_day(demo):
    starts = dict(Event.objects.values_list("slug", "starts_at"))

    load_demo(today=timezone.localdate() + dt.timedelta(days=9))

    assert dict(Event.objects.values_list("slug", "starts_at")) == starts


def test_load_demo_rows_pass_model_validation(demo):
    for model in (Organization, Venue, Event, EventPartner, Attachment, Track, Session, Person, SessionRole):
        for instance in model.objects.all():
            instance.full_clean()
    for question in Question.objects.all():
        question.full_clean()


def test_load_demo_moves_upcoming_events_ahead_keeping_weekday_and_time(demo):
    today = timezone.localdate()
    expected = {
        "otwarte-miasta-i-wsie-kielce": (1, "09:30"),
        "warszawskie-dzielnice-dla-uchodzcow": (4, "10:00"),
        "komm-iii-spotkanie-koalicji": (2, "16:00"),
        "konferencja-miejsc-otwartych-krakow": (2, "15:00"),
    }

    for slug, (weekday, start) in expected.items():
        event = Event.objects.get(slug=slug)
        assert (local(event.starts_at).weekday(), clock(event.starts_at)) == (weekday, start)
        assert local(event.starts_at).date() > today
        assert event.is_registration_open()
    kielce = Event.objects.get(slug="otwarte-miasta-i-wsie-kielce")
    assert local(kielce.starts_at).date() >= today + dt.timedelta(days=21)


def test_load_demo_kielce_has_series_partners_guests_and_download(demo):
    event = Event.objects.get(slug="otwarte-miasta-i-wsie-kielce")
    debate = event.sessions.get(kind=Session.Kind.DEBATE)

    assert event.series.slug == "otwarte-miasta-i-wsie"
    assert event.organization.slug == "fundacja-culturelab"
    assert sorted(event.partners.values_list("organization__slug", "role")) == [
        ("unia-metropolii-polskich", "main_patron"),
        ("urzad-miasta-kielce", "co_organizer"),
    ]
    assert slot(debate) == ("11:00", "11:55")
    assert sorted(debate.roles.values_list("role", flat=True)) == ["moderator"] + ["panelist"] * 4
    assert debate.roles.get(person__name="Grzegorz P. Kubalski").is_confirmed is False
    guests = SessionRole.objects.filter(session__event=event, role=SessionRole.Role.HONORARY_GUEST)
    assert sorted(guests.values_list("is_confirmed", flat=True)) == [False, False, True]
    assert [(item.is_public, bool(item.url), bool(item.file)) for item in event.attachments.all()] == [
        (True, True, False),
        (False, False, True),
    ]
    assert event.title_uk and event.title_en and event.summary_uk and event.summary_en


def test_load_demo_krakow_has_two_days(krakow):
    days = {local(session.starts_at).date() for session in krakow.sessions.all()}

    assert krakow.is_multi_day
    assert days == {local(krakow.starts_at).date(), local(krakow.ends_at).date()}
    assert local(krakow.ends_at).date() - local(krakow.starts_at).date() == dt.timedelta(days=1)
    assert krakow.venue.address == "ul. Zabłocie 22"


def test_load_demo_krakow_day_one_study_visits_run_in_parallel_at_their_hosts(krakow):
    first_day = local(krakow.starts_at).date()
    visits = [
        session
        for session in krakow.sessions.filter(kind=Session.Kind.STUDY_VISIT).select_related("venue")
        if local(session.starts_at).date() == first_day
    ]
    at_three = [visit for visit in visits if slot(visit) == ("15:00", "16:00")]

    assert len(visits) == 6
    assert len(at_three) == 3
    assert len({visit.venue_id for visit in at_three}) == 3
    for visit in visits:
        assert visit.venue.address
        assert visit.venue_id != krakow.venue_id
        assert visit.host_organization_id is not None
        assert visit.audience or visit.description
        assert visit.is_selectable
    skawina = next(visit for visit in visits if visit.venue.city == "Skawina")
    assert skawina.venue.address == "ul. Sikorskiego 18"
    assert "pociąg" in skawina.venue.directions


def test_load_demo_krakow_people_meet_people_workshop_takes_twenty(krakow):
    workshop = krakow.sessions.get(title_pl="Warsztat „People meet People”")

    assert (workshop.kind, workshop.capacity, workshop.is_selectable) == ("workshop", 20, True)
    assert workshop.host_organization.slug == "osrodek-wspierania-organizacji-pozarzadowych"


def test_load_demo_krakow_day_two_block_holds_nested_talks(krakow):
    block = krakow.sessions.get(title_pl="Sesje inspiracyjne: Miejsca Otwarte na zmianę")

    assert slot(block) == ("10:00", "10:55")
    assert block.parent is None
    assert [slot(child) for child in block.children.order_by("starts_at")] == [
        ("10:00", "10:20"),
        ("10:20", "10:40"),
        ("10:40", "10:55"),
    ]


def test_load_demo_krakow_day_two_slots_have_three_parallel_moderated_sessions(krakow):
    last_day = local(krakow.ends_at).date()
    by_slot = defaultdict(list)
    for session in krakow.sessions.top_level().prefetch_related("roles"):
        if local(session.starts_at).date() == last_day:
            by_slot[slot(session)].append(session)

    for parallel_slot in [("11:15", "12:45"), ("12:50", "14:20"), ("15:00", "16:30")]:
        sessions = by_slot[parallel_slot]
        assert len(sessions) == 3
        assert len({session.track_id for session in sessions}) == len(sessions)
        for session in sessions:
            assert {role.role for role in session.roles.all()} & {"moderator", "host"}
        # One per slot, counted per room: the main hall, the seminar room and the workshop room.
        assert all(session.is_selectable for session in sessions)
        assert sorted(session.capacity for session in sessions) == [30, 50, 80]
    assert [session.kind for session in by_slot[("08:00", "09:00")]] == ["registration"]
    assert [session.kind for session in by_slot[("14:20", "15:00")]] == ["meal"]
    metropolises = krakow.sessions.get(title_pl="Jak budować sieci miejsc otwartych w metropoliach?")
    unconfirmed = metropolises.roles.filter(is_confirmed=False).values_list("person__name", flat=True)
    assert "Karolina Zdrodowska" in unconfirmed
    assert (
        metropolises.roles.get(person__name="Mateusz Płoskonka").person.affiliation == "Urząd Miasta Krakowa"
    )


def test_load_demo_warsaw_form_asks_to_rank_the_working_groups_until_the_day_before(demo):
    event = Event.objects.get(slug="warszawskie-dzielnice-dla-uchodzcow")
    question = event.registration_form.questions.get(label_pl="Grupa robocza")
    day_before = local(event.starts_at).date() - dt.timedelta(days=1)

    assert (question.kind, question.is_required, question.is_per_person) == ("ranking", True, True)
    assert question.min_ranks == 3
    assert question.choices.count() == 8
    assert list(question.choices.values_list("capacity", flat=True)) == [20] * 7 + [None]
    assert list(question.choices.values_list("is_open_topic", flat=True)) == [False] * 7 + [True]
    assert question.choices.last().label_pl.startswith("Inny temat")
    assert local(event.registration_closes_at) == dt.datetime.combine(day_before, dt.time(14), tzinfo=WARSAW)
    assert local(event.registration_closes_at).weekday() == 3
    assert local(event.registration_opens_at) < timezone.now()
    assert "nowa siedziba" in event.venue.directions.lower()
    assert [session.kind for session in event.sessions.all()] == ["opening", "working_group", "meal", "other"]


def test_load_demo_komm_is_online_with_a_secret_link_and_language_support(demo):
    event = Event.objects.get(slug="komm-iii-spotkanie-koalicji")
    form = event.registration_form
    support = form.questions.get(label_pl="Czy potrzebujesz wsparcia językowego?")
    language = form.questions.get(label_pl="W jakim języku?")

    assert (event.format, event.venue) == ("online", None)
    assert event.online_url.startswith("https://meet.example.org/komm-")
    assert local(event.starts_at).weekday() == 2
    assert (clock(event.starts_at), clock(event.ends_at)) == ("16:00", "18:00")
    assert list(support.choices.values_list("label_pl", flat=True)) == ["Tak", "Nie"]
    assert (language.condition_question, language.condition_value_pl) == (support, "Tak")
    assert event.partners.get(role=EventPartner.Role.FUNDER).note_pl.endswith("finansowanego z Funduszy EOG")
    assert event.contact_email


def test_load_demo_cso_conference_is_past_with_a_report(demo):
    event = Event.objects.get(slug="csos-at-the-forefront-of-refugees-support")

    assert event in Event.objects.past()
    assert local(event.starts_at).weekday() == 0
    assert (local(event.ends_at).date() - local(event.starts_at).date()).days == 2
    assert event.languages == "en"
    assert event.report_pl and event.report_en
    assert event.partners.get(role=EventPartner.Role.FUNDER).organization.slug == "fundusze-eog"
    assert event.sessions.filter(kind=Session.Kind.PANEL).count() == 5
    assert not event.is_registration_open()


def test_load_demo_every_event_has_a_form_with_consent(demo):
    for event in Event.objects.all():
        form = event.registration_form
        assert form.consent_text_pl.startswith("Wyrażam zgodę")
        assert event.organization.name in form.consent_text_pl
        assert form.consent_text_uk and form.consent_text_en
        assert form.questions.exists()


def test_load_demo_people_have_no_email(demo):
    assert list(Person.objects.exclude(email="")) == []


def test_load_demo_creates_owner_accounts_for_organizers(demo):
    user_model = get_user_model()
    organizers = Organization.objects.filter(events__isnull=False).distinct()

    assert user_model.objects.get(username="admin").is_superuser
    for organization in organizers:
        membership = Membership.objects.get(organization=organization)
        assert membership.role == Membership.Role.OWNER
        assert membership.user.is_staff and not membership.user.is_superuser
        assert list(membership.user.groups.values_list("name", flat=True)) == [ORGANIZER_GROUP_NAME]
        assert membership.user.has_perm("events.change_event")
        assert membership.user.has_perm("agenda.add_studyvisit")
        assert membership.user.has_perm("organizations.change_organization")
        assert membership.user.has_perm("organizations.add_membership")
        assert not membership.user.has_perm("organizations.add_organization")
    assert organizers.count() == 5


def test_load_demo_command_prints_passwords_once_then_how_to_reset():
    first, second = StringIO(), StringIO()

    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    admin_line = next(
        line for line in first.getvalue().splitlines() if line.strip().startswith("admin@example.org ")
    )
    password = admin_line.split("password: ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert "Two-factor authentication is optional here" in first.getvalue()
    assert "Demo events: 5 created, 0 already present." in first.getvalue()
    assert "Demo events: 0 created, 5 already present." in second.getvalue()
    assert "python manage.py changepassword admin" in second.getvalue()
    assert "password:" not in second.getvalue()


def _fallbacks(content: str) -> list[str]:
    """The texts a page shows in Polish for want of a translation (each marked with the note)."""
    main = content.split("<main", 1)[1]
    return re.findall(
        r'<span lang="pl">([^<]*)</span> <small class="fallback-note">|<div lang="pl">(.{0,60})', main
    )


@pytest.mark.parametrize(
    ("slug", "language"),
    [
        ("konferencja-miejsc-otwartych-krakow", "uk"),
        ("konferencja-miejsc-otwartych-krakow", "en"),
        ("komm-iii-spotkanie-koalicji", "uk"),
        ("csos-at-the-forefront-of-refugees-support", "en"),
    ],
)
def test_load_demo_pages_a_participant_reads_are_in_their_language(demo, client, slug, language):
    event = Event.objects.get(slug=slug)
    prefix = f"/{language}"
    pages = [
        event.get_absolute_url(),
        f"/events/{slug}/agenda/",
        *(s.get_absolute_url() for s in event.sessions.all()),
    ]
    if event.is_registration_open():
        pages.append(f"/events/{slug}/register/")

    found = {page: _fallbacks(client.get(prefix + page).content.decode()) for page in pages}

    assert {page: texts for page, texts in found.items() if texts} == {}
    assert len(pages) > 3


def test_load_demo_krakow_ukrainian_page_reads_in_ukrainian(krakow, client):
    content = client.get(f"/uk{krakow.get_absolute_url()}").content.decode()

    assert "Відкриті простори – конференція громадських центрів у Кракові" in content
    assert "Навчальний візит: Центри культурної активності, гміна Скавіна" in content
    assert "Міська публічна бібліотека у Скавіні" in content


def test_load_demo_komm_has_its_header_image_with_the_credit(demo):
    event = Event.objects.get(slug="komm-iii-spotkanie-koalicji")

    assert (event.image_credit, event.image_width, event.image_height) == ("Adam Jaremko", 1600, 640)
    assert event.image_alt_pl and event.image_alt_uk and event.image_alt_en


def test_load_demo_cso_report_has_a_gallery_with_thumbnails(demo):
    photos = ReportPhoto.objects.filter(event__slug="csos-at-the-forefront-of-refugees-support")

    assert [(photo.image_width, photo.thumbnail_width, bool(photo.caption_en)) for photo in photos] == [
        (1200, 480, True)
    ] * 4


def test_load_demo_pictures_every_organization_has_a_logo_and_every_bio_a_photo(demo):
    assert Organization.objects.filter(logo="").count() == 0
    with_bio = Person.objects.exclude(bio="")
    assert with_bio.count() == 3
    assert with_bio.filter(photo="").count() == 0


def test_load_demo_kielce_workshop_materials_are_a_registrants_only_pdf(demo):
    materials = Attachment.objects.get(event__slug="otwarte-miasta-i-wsie-kielce", is_public=False)

    assert materials.file.name.startswith("events/attachments/") and materials.file_kind == "PDF"
    with materials.file.open("rb") as file:
        assert file.read(5) == b"%PDF-"


def test_the_printed_demo_logins_sign_in_to_the_admin(client):
    output = StringIO()
    call_command("load_demo", stdout=output)
    owner_line = next(line for line in output.getvalue().splitlines() if "(owner of" in line)
    email, password = owner_line.split()[0], owner_line.split("password: ")[1].split()[0]

    response = client.post(
        reverse("account_login"), {"login": email, "password": password, "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_load_demo_krakow_manage_page_of_a_ukrainian_participant_is_in_ukrainian(krakow, client):
    visit = krakow.sessions.get(venue__city="Skawina")
    registration = services.register(
        event=krakow,
        contact=services.PersonData(
            first_name="Olena", last_name="Kowalenko", email="olena@example.org", session_ids=[visit.pk]
        ),
        consent=services.ConsentData(version="1", text_sha256="0" * 64),
    ).registration
    with translation.override("uk"):
        path = reverse("registrations:manage", kwargs={"token": manage_token_for(registration)})

    content = client.get(path).content.decode()

    assert "Навчальний візит: Центри культурної активності, гміна Скавіна" in content
    assert _fallbacks(content) == []
