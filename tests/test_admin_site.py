"""The admin as organizers meet it: the portal's name, their events on the home page, a short menu and
Polish and Ukrainian titles that read as sentences."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from mail.models import EmailLog
from organizations.models import Membership
from organizations.permissions import ensure_organizer_group
from registrations.models import Registration
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def organizer_client(organization, role=Membership.Role.EDITOR, language="pl") -> Client:
    membership = MembershipFactory(organization=organization, role=role)
    membership.user.groups.add(ensure_organizer_group())
    client = Client(headers={"accept-language": language})
    client.force_login(membership.user)
    return client


def menu_models(response) -> set[str]:
    return {model["object_name"] for app in response.context["app_list"] for model in app["models"]}


def test_admin_carries_the_portal_name_and_logo_in_each_language():
    client = organizer_client(OrganizationFactory())

    polish = client.get(reverse("admin:index")).content.decode()
    ukrainian = client.get("/uk" + reverse("admin:index")).content.decode()

    assert '<img src="/static/img/favicon.svg" alt="" width="32" height="32"> Wydarzenia na rzecz' in polish
    assert "<title>Panel organizatora | Wydarzenia na rzecz uchodźców i uchodźczyń</title>" in polish
    assert "Django" not in polish
    assert "Панель організатора" in ukrainian


def test_home_lists_the_organizations_upcoming_and_draft_events_with_their_figures():
    organization = OrganizationFactory()
    upcoming = EventFactory(organization=organization, title="Kielce", capacity=3)
    RegistrationFactory(event=upcoming)
    RegistrationFactory(event=upcoming, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=upcoming, status=Registration.Status.CANCELLED)
    failing = RegistrationFactory(event=upcoming)
    EmailLog.objects.create(
        registration=failing,
        event=upcoming,
        recipient=failing.email,
        kind="registered",
        status=EmailLog.Status.FAILED,
    )
    draft = EventFactory(organization=organization, title="Szkic", status=Event.Status.DRAFT)
    past_start = timezone.now() - dt.timedelta(days=30)
    EventFactory(organization=organization, title="Dawne", starts_at=past_start)
    EventFactory(title="Cudze")
    client = organizer_client(organization)

    response = client.get(reverse("admin:index"))

    rows = {event.title: event for event in response.context["organizer_events"]}
    assert list(rows) == ["Kielce", "Szkic"]
    kielce = rows["Kielce"]
    assert (kielce.active, kielce.places_left, kielce.waiting, kielce.failed_emails) == (3, 1, 1, 1)
    assert rows["Szkic"].places_left is None
    content = response.content.decode()
    assert f'href="{reverse("admin:events_event_add")}">Nowe wydarzenie</a>' in content
    assert f'href="{reverse("admin:events_event_change", args=[draft.pk])}">Szkic</a>' in content


def test_viewers_get_no_new_event_button():
    client = organizer_client(OrganizationFactory(), role=Membership.Role.VIEWER)

    response = client.get(reverse("admin:index"))

    assert response.context["may_add_event"] is False
    assert "Nowe wydarzenie" not in response.content.decode()


def test_organizers_menu_leaves_out_technical_models_which_stay_reachable():
    client = organizer_client(OrganizationFactory())
    administrator = Client()
    administrator.force_login(UserFactory(is_staff=True, is_superuser=True))

    organizer_menu = menu_models(client.get(reverse("admin:index")))
    full_menu = menu_models(administrator.get(reverse("admin:index")))
    hidden_page = client.get(reverse("admin:agenda_sessionrole_changelist"))

    assert {"Event", "Session", "Registration", "RegistrationForm", "Membership"} <= organizer_menu
    technical = {
        *("SessionRole", "Track", "EventPartner", "Attachment", "ReportPhoto", "Topic"),
        *("Question", "Choice", "Answer", "SessionSeat", "Attendance", "ScreenedSubmissions"),
        *("EmailLog", "AccessLog"),
    }
    assert organizer_menu & technical == set()
    assert technical <= full_menu
    assert hidden_page.status_code == 200


def test_polish_and_ukrainian_titles_put_the_model_in_the_case_the_sentence_needs():
    organization = OrganizationFactory()
    polish = organizer_client(organization)
    ukrainian = organizer_client(organization, language="uk")

    registrations = polish.get(reverse("admin:registrations_registration_changelist"))
    add_session = polish.get(reverse("admin:agenda_session_add"))
    events_uk = ukrainian.get("/uk" + reverse("admin:events_event_changelist"))

    assert registrations.context["title"] == "Wybierz rejestrację do zmiany"
    assert add_session.context["title"] == "Dodaj sesję"
    assert "&rsaquo; Dodaj sesję" in " ".join(add_session.content.decode().split())
    assert events_uk.context["title"] == "Виберіть подію, щоб змінити"
    assert ">\n      Додати подію\n    </a>" in events_uk.content.decode()


def test_polish_confirmations_do_not_guess_the_gender():
    organization = OrganizationFactory()
    client = organizer_client(organization, role=Membership.Role.OWNER)
    newcomer = UserFactory(email="nowa@example.org", is_staff=True)

    response = client.post(
        reverse("admin:organizations_membership_add"),
        {"user": newcomer.email, "organization": organization.pk, "role": Membership.Role.EDITOR},
        follow=True,
    )

    [message] = [str(message) for message in response.context["messages"]]
    assert message.startswith("Dodano: członkostwo „")
    assert "(a)" not in message
