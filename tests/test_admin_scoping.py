"""Organizers of organization A reach nothing of organization B through any admin screen.

Every ModelAdmin of the portal's apps is covered by looping over the admin registry, so a newly
registered admin is tested without touching this file.
"""

import datetime as dt
import re

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import flatten
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from modeltranslation.fields import TranslationField

from agenda.models import Person, Session, SessionRole, StudyVisit, Track
from attendees.models import AccessLog, Attendance
from common.admin import OrganizationScopingMixin, owning_field_name
from events.models import Attachment, Event, EventPartner, ReportPhoto, Series, Topic, Venue
from mail.models import Broadcast, EmailLog
from organizations import access
from organizations.admin import UserByEmailField
from organizations.models import Invitation, Membership, Organization
from registrations.models import (
    Answer,
    Choice,
    Question,
    Registration,
    RegistrationForm,
    ScreenedSubmissions,
    SessionSeat,
    Tag,
)
from tests.factories import (
    ChoiceFactory,
    EventFactory,
    EventPartnerFactory,
    OrganizationFactory,
    PersonFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    SeriesFactory,
    SessionFactory,
    SessionRoleFactory,
    SessionSeatFactory,
    TrackFactory,
    UserFactory,
    VenueFactory,
)
from tests.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db

PORTAL_APPS = ("organizations", "events", "agenda", "registrations", "mail", "attendees")
# Shared reference data that no organization owns; only administrators change it.
GLOBAL_MODELS = {Topic}
A_MARK, B_MARK = "alfaqz", "bravoqz"

REGISTERED = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PORTAL_APPS
    ),
    key=lambda item: item[0]._meta.label,
)
SCOPED = [(model, model_admin) for model, model_admin in REGISTERED if model not in GLOBAL_MODELS]
# Rows an organizer never adds or deletes in the admin: Django answers 403 before it looks for an object...
NO_ADD_OR_DELETE = {Organization, AccessLog, EmailLog, ScreenedSubmissions, SessionSeat}
# ...and the read-only ones, whose change form takes no POST (an invitation is withdrawn, not edited).
READ_ONLY = {AccessLog, EmailLog, ScreenedSubmissions, SessionSeat, Invitation}
# Actions that answer with a page or a file of their own instead of going back to the list.
ACTIONS_WITH_OWN_PAGE = {"export_selected", "add_tag", "remove_tag"}


def _ids(items):
    return [model._meta.label for model, _ in items]


def build_world(mark: str) -> dict:
    """One of every object for a fresh organization; every object's text carries the mark."""
    organization = OrganizationFactory(name=f"{mark} Fundacja", slug=f"{mark}-fundacja")
    member = UserFactory(username=f"{mark}-member", is_staff=True)
    membership = Membership.objects.create(user=member, organization=organization, role=Membership.Role.OWNER)
    invitation = Invitation.objects.create(
        organization=organization,
        email=f"{mark}-invited@example.org",
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    series = SeriesFactory(organization=organization, title=f"{mark} Cykl", slug=f"{mark}-cykl")
    venue = VenueFactory(organization=organization, name=f"{mark} Sala")
    event = EventFactory(
        organization=organization,
        series=series,
        venue=venue,
        title=f"{mark} Konferencja",
        slug=f"{mark}-konf",
    )
    partner = EventPartnerFactory(event=event, organization=organization, role=EventPartner.Role.CO_ORGANIZER)
    attachment = Attachment.objects.create(
        event=event, title=f"{mark} Program", url="https://example.org/p.pdf"
    )
    photo = ReportPhoto.objects.create(
        event=event, image=upload("sala.jpg", image_bytes(40, 30)), caption=f"{mark} Zdjęcie"
    )
    track = TrackFactory(event=event, name=f"{mark} Sala A")
    session = SessionFactory(event=event, title=f"{mark} Warsztat", track=track)
    visit = SessionFactory(
        event=event,
        kind=Session.Kind.STUDY_VISIT,
        title=f"{mark} Wizyta",
        venue=venue,
        host_organization=organization,
    )
    person = PersonFactory(managed_by=organization, name=f"{mark} Osoba", slug=f"{mark}-osoba")
    role = SessionRoleFactory(session=session, person=person, note=f"{mark} temat")
    form = RegistrationFormFactory(event=event, intro=f"{mark} wstęp")
    question = QuestionFactory(form=form, label=f"{mark} Pytanie", kind=Question.Kind.SINGLE_CHOICE)
    choice = ChoiceFactory(question=question, label=f"{mark} Grupa")
    tag = Tag.objects.create(organization=organization, name=f"{mark} etykieta")
    registration = RegistrationFactory(
        event=event, last_name=f"{mark} Kowalenko", organization_name=f"{mark} org"
    )
    registration.tags.add(tag)
    answer = Answer.objects.create(registration=registration, question=question, value=f"{mark} odpowiedź")
    answer.choices.add(choice)
    seat = SessionSeatFactory(registration=registration, session=session)
    attendance = Attendance.objects.create(registration=registration, day=timezone.localdate(event.starts_at))
    email = EmailLog.objects.create(
        registration=registration, event=event, recipient=f"{mark}@example.org", kind="registered"
    )
    access_log = AccessLog.objects.create(user=member, event=event, action=f"{mark} export")
    broadcast = Broadcast.objects.create(
        event=event, subject=f"{mark} Zmiana sali", body="Spotykamy się w sali 2."
    )
    screened = ScreenedSubmissions.objects.create(event=event, dropped=1)
    return {
        Organization: organization,
        Membership: membership,
        Invitation: invitation,
        Series: series,
        Venue: venue,
        Event: event,
        EventPartner: partner,
        Attachment: attachment,
        ReportPhoto: photo,
        Track: track,
        Session: session,
        StudyVisit: StudyVisit.objects.get(pk=visit.pk),
        Person: person,
        SessionRole: role,
        RegistrationForm: form,
        Question: question,
        Choice: choice,
        Tag: tag,
        Registration: registration,
        Answer: answer,
        SessionSeat: seat,
        Attendance: attendance,
        EmailLog: email,
        AccessLog: access_log,
        Broadcast: broadcast,
        ScreenedSubmissions: screened,
        "member": member,
    }


def portal_permissions():
    return Permission.objects.filter(content_type__app_label__in=PORTAL_APPS)


def staff_member(organization, role, *, sensitive=True, username):
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.set(portal_permissions())
    Membership.objects.create(
        user=user, organization=organization, role=role, can_view_sensitive_data=sensitive
    )
    return user


@pytest.fixture
def world_a():
    return build_world(A_MARK)


@pytest.fixture
def world_b():
    return build_world(B_MARK)


@pytest.fixture
def organizer(world_a, world_b):
    """An owner of A (owners may do everything editors may, and manage A's members)."""
    return staff_member(world_a[Organization], Membership.Role.OWNER, username="organizer")


@pytest.fixture
def viewer(world_a, world_b):
    return staff_member(world_a[Organization], Membership.Role.VIEWER, username="viewer")


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def outcome(response) -> tuple[int, str | None]:
    return response.status_code, getattr(response, "url", None)


def text_of(response) -> str:
    return response.content.decode().lower()


def other_organizations_objects(world_b) -> set[tuple[type, int]]:
    return {
        (obj._meta.concrete_model, obj.pk)
        for key, obj in world_b.items()
        if key != "member" and obj is not None
    } | {(type(world_b["member"]), world_b["member"].pk)}


def is_public_organization_field(model, field) -> bool:
    """Partner, host and affiliation organizations are public data; any organization may be picked."""
    return field.remote_field.model is Organization and field.name != owning_field_name(model)


def test_every_portal_model_has_a_scoped_admin():
    registered = {model for model, _ in REGISTERED}
    portal_models = {
        model
        for label in PORTAL_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.auto_created
    }

    assert portal_models - registered == set()
    for model, model_admin in SCOPED:
        assert isinstance(model_admin, OrganizationScopingMixin), model
        assert model_admin.organization_path == access.organization_path(model), model


@pytest.mark.parametrize(("model", "model_admin"), SCOPED, ids=_ids(SCOPED))
def test_changelist_shows_only_own_organizations_rows(organizer_client, world_a, world_b, model, model_admin):
    response = organizer_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    expected = set(
        access.scope_queryset(
            model._default_manager.all(), world_a["member"], path=model_admin.organization_path
        ).values_list("pk", flat=True)
    )
    assert shown == expected
    assert world_a[model].pk in shown
    assert world_b[model].pk not in shown
    assert B_MARK not in text_of(response)


@pytest.mark.parametrize(("model", "model_admin"), SCOPED, ids=_ids(SCOPED))
def test_changelist_search_finds_nothing_of_other_organization(organizer_client, world_b, model, model_admin):
    response = organizer_client.get(admin_url(model, "changelist"), {"q": B_MARK})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    # The search term itself is echoed back; B's names, slugs and addresses must not be.
    assert re.search(rf"{B_MARK}[ @-]", text_of(response)) is None


@pytest.mark.parametrize("action", ["change", "delete", "history"])
@pytest.mark.parametrize(("model", "model_admin"), SCOPED, ids=_ids(SCOPED))
def test_object_urls_of_other_organization_are_unreachable(
    organizer_client, world_b, model, model_admin, action
):
    obj = world_b[model]
    url = admin_url(model, action, obj.pk)

    response = organizer_client.get(url)

    if action == "delete" and model in NO_ADD_OR_DELETE:
        assert response.status_code == 403
    else:
        # Another organization's object is one that does not exist: back to the admin's index.
        assert (response.status_code, response.url) == (302, reverse("admin:index"))
    assert B_MARK not in text_of(response)


@pytest.mark.parametrize(("model", "model_admin"), SCOPED, ids=_ids(SCOPED))
def test_posts_to_other_organizations_objects_change_nothing(organizer_client, world_b, model, model_admin):
    obj = world_b[model]
    before = model._default_manager.filter(pk=obj.pk).values().get()

    change = organizer_client.post(admin_url(model, "change", obj.pk), {"_save": "1"})
    delete = organizer_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})

    missing, refused = (302, reverse("admin:index")), (403, None)
    assert outcome(change) == (refused if model in READ_ONLY else missing)
    assert outcome(delete) == (refused if model in NO_ADD_OR_DELETE else missing)
    assert model._default_manager.filter(pk=obj.pk).values().get() == before


@pytest.mark.parametrize(("model", "model_admin"), SCOPED, ids=_ids(SCOPED))
def test_admin_action_with_other_organizations_ids_changes_nothing(
    organizer_client, world_b, model, model_admin
):
    obj = world_b[model]
    before = model._default_manager.filter(pk=obj.pk).values().get()
    url = admin_url(model, "changelist")
    request = organizer_client.get(url).wsgi_request
    offered = list(model_admin.get_actions(request))
    actions = offered or ["delete_selected"]

    for action in actions:
        response = organizer_client.post(
            url, {"action": action, "_selected_action": [str(obj.pk)], "index": "0", "post": "yes"}
        )
        if action not in offered or action in ACTIONS_WITH_OWN_PAGE:
            # The list again ("No action selected."), or the action's own page or file, over no rows.
            assert response.status_code == 200, action
        else:
            # The action ran over an empty selection and went back to the list.
            assert (response.status_code, response.url) == (302, url), action
        assert B_MARK not in text_of(response)

    assert model._default_manager.filter(pk=obj.pk).values().get() == before


def test_delete_action_still_works_on_own_rows(organizer_client, world_a, world_b):
    tags = [world_a[Tag].pk, world_b[Tag].pk]

    response = organizer_client.post(
        admin_url(Tag, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [str(pk) for pk in tags],
            "index": "0",
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert list(Tag.objects.filter(pk__in=tags).values_list("pk", flat=True)) == [world_b[Tag].pk]


AUTOCOMPLETE_FIELDS = [
    (model, field)
    for label in PORTAL_APPS
    for model in apps.get_app_config(label).get_models()
    for field in model._meta.get_fields()
    if (field.many_to_one or field.many_to_many or field.one_to_one)
    and field.concrete
    and field.remote_field.model in admin.site._registry
    and isinstance(admin.site._registry[field.remote_field.model], OrganizationScopingMixin)
]


@pytest.mark.parametrize(
    ("model", "field"), AUTOCOMPLETE_FIELDS, ids=[f"{m._meta.label}.{f.name}" for m, f in AUTOCOMPLETE_FIELDS]
)
def test_autocomplete_offers_nothing_of_other_organization(organizer_client, world_a, world_b, model, field):
    params = {
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "field_name": field.name,
    }

    everything = organizer_client.get(reverse("admin:autocomplete"), params)
    searched = organizer_client.get(reverse("admin:autocomplete"), {**params, "term": B_MARK})

    assert everything.status_code == 200
    ids = {int(result["id"]) for result in everything.json()["results"]}
    remote = field.remote_field.model
    if is_public_organization_field(model, field):
        assert world_b[Organization].pk in ids
        return
    assert world_b[remote].pk not in ids
    assert world_a[remote].pk in ids
    assert searched.json()["results"] == []


def _choice_fields(form):
    for name, form_field in form.fields.items():
        if isinstance(form_field, forms.ModelChoiceField) and not isinstance(form_field, UserByEmailField):
            yield name, form_field


def _assert_no_other_organization_choices(form, model, foreign):
    for name, form_field in _choice_fields(form):
        field = model._meta.get_field(name)
        if field.primary_key:
            # An inline row's hidden id; Django looks submitted ids up in the inline's own queryset.
            continue
        if field.is_relation and is_public_organization_field(model, field):
            continue
        offered = {
            (form_field.queryset.model._meta.concrete_model, pk)
            for pk in form_field.queryset.values_list("pk", flat=True)
        }
        assert offered & foreign == set(), f"{model._meta.label}.{name}"


@pytest.mark.parametrize(("model", "model_admin"), SCOPED, ids=_ids(SCOPED))
def test_form_choices_offer_nothing_of_other_organization(
    organizer_client, world_a, world_b, model, model_admin
):
    foreign = other_organizations_objects(world_b)
    pages = [admin_url(model, "add"), admin_url(model, "change", world_a[model].pk)]

    opened = 0
    for url in pages:
        response = organizer_client.get(url)
        if url == admin_url(model, "add") and model in NO_ADD_OR_DELETE:
            assert response.status_code == 403
            continue
        assert response.status_code == 200
        opened += 1
        assert B_MARK not in text_of(response)
        _assert_no_other_organization_choices(response.context["adminform"].form, model, foreign)
        for inline in response.context["inline_admin_formsets"]:
            formset = inline.formset
            for form in [formset.empty_form, *formset.forms]:
                _assert_no_other_organization_choices(form, formset.model, foreign)

    assert opened == (1 if model in NO_ADD_OR_DELETE else 2)


def test_new_object_cannot_be_created_for_other_organization(organizer_client, world_b):
    response = organizer_client.post(
        admin_url(Series, "add"),
        {"organization": world_b[Organization].pk, "title_pl": "Cykl obcy", "slug": "cykl-obcy"},
    )

    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors
    assert not Series.objects.filter(slug="cykl-obcy").exists()


def test_new_object_can_be_created_for_own_organization(organizer_client, world_a):
    response = organizer_client.post(
        admin_url(Series, "add"),
        {"organization": world_a[Organization].pk, "title_pl": "Cykl własny", "slug": "cykl-wlasny"},
    )

    assert response.status_code == 302
    assert Series.objects.get(slug="cykl-wlasny").organization == world_a[Organization]


@pytest.mark.parametrize(("model", "model_admin"), SCOPED, ids=_ids(SCOPED))
def test_viewer_opens_own_objects_but_cannot_save(client, viewer, world_a, model, model_admin):
    client.force_login(viewer)
    obj = world_a[model]
    before = model._default_manager.filter(pk=obj.pk).values().get()

    page = client.get(admin_url(model, "change", obj.pk))
    save = client.post(admin_url(model, "change", obj.pk), {"_save": "1"})
    add = client.get(admin_url(model, "add"))
    delete = client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert save.status_code == 403
    assert add.status_code == 403
    assert delete.status_code == 403
    assert model._default_manager.filter(pk=obj.pk).values().get() == before


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=_ids(REGISTERED))
def test_superuser_sees_every_organization(client, world_a, world_b, model, model_admin):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    if model in GLOBAL_MODELS:
        return
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert {world_a[model].pk, world_b[model].pk} <= shown
    assert client.get(admin_url(model, "change", world_b[model].pk)).status_code == 200


def test_editor_sees_members_but_only_owner_manages_them(client, world_a, world_b):
    editor = staff_member(world_a[Organization], Membership.Role.EDITOR, username="editor")
    client.force_login(editor)
    membership = world_a[Membership]

    listing = client.get(admin_url(Membership, "changelist"))
    change = client.post(admin_url(Membership, "change", membership.pk), {"role": Membership.Role.VIEWER})
    add = client.get(admin_url(Membership, "add"))

    assert {m.pk for m in listing.context["cl"].result_list} == set(
        Membership.objects.filter(organization=world_a[Organization]).values_list("pk", flat=True)
    )
    assert change.status_code == 403
    assert add.status_code == 403
    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.OWNER


def test_owner_adds_member_by_email(organizer_client, world_a):
    newcomer = UserFactory(username="newcomer", email="newcomer@example.org", is_staff=True)

    response = organizer_client.post(
        admin_url(Membership, "add"),
        {
            "user": "Newcomer@example.org",
            "organization": world_a[Organization].pk,
            "role": Membership.Role.EDITOR,
        },
    )

    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer).organization == world_a[Organization]


def test_owner_cannot_add_member_to_other_organization(organizer_client, world_b):
    UserFactory(username="newcomer", email="newcomer@example.org")

    response = organizer_client.post(
        admin_url(Membership, "add"),
        {
            "user": "newcomer@example.org",
            "organization": world_b[Organization].pk,
            "role": Membership.Role.OWNER,
        },
    )

    assert response.status_code == 200
    assert not Membership.objects.filter(user__username="newcomer").exists()


def test_only_superusers_add_organizations(organizer_client):
    response = organizer_client.get(admin_url(Organization, "add"))

    assert response.status_code == 403


def test_owner_edits_own_organization(organizer_client, world_a):
    organization = world_a[Organization]

    response = organizer_client.post(
        admin_url(Organization, "change", organization.pk),
        {"name": "Fundacja Nowa Nazwa", "slug": organization.slug, "kind": organization.kind},
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Fundacja Nowa Nazwa"


def test_session_validation_shows_as_form_error(organizer_client, world_a):
    event = world_a[Event]
    too_late = timezone.localtime(event.ends_at) + dt.timedelta(hours=2)

    response = organizer_client.post(
        admin_url(Session, "add"),
        {
            "event": event.pk,
            "kind": Session.Kind.TALK,
            "title_pl": "Za późno",
            "starts_at_0": too_late.strftime("%Y-%m-%d"),
            "starts_at_1": too_late.strftime("%H:%M"),
            "ends_at_0": too_late.strftime("%Y-%m-%d"),
            "ends_at_1": (too_late + dt.timedelta(hours=1)).strftime("%H:%M"),
            "order": "0",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert not Session.objects.filter(title="Za późno").exists()


def test_sensitive_answers_hidden_without_permission(client, world_a):
    question = world_a[Question]
    question.is_sensitive = True
    question.save()
    registration = world_a[Registration]
    registration.accessibility_needs = "wózek inwalidzki"
    registration.save()
    user = staff_member(world_a[Organization], Membership.Role.EDITOR, sensitive=False, username="plain")
    client.force_login(user)

    answers = client.get(admin_url(Answer, "changelist"))
    page = client.get(admin_url(Registration, "change", registration.pk))

    assert list(answers.context["cl"].result_list) == []
    assert "wózek inwalidzki" not in page.content.decode()
    assert "accessibility_needs" not in page.context["adminform"].form.fields
    assert f"{A_MARK} odpowiedź" not in page.content.decode()


def test_sensitive_answers_shown_with_permission(organizer_client, world_a):
    question = world_a[Question]
    question.is_sensitive = True
    question.save()

    answers = organizer_client.get(admin_url(Answer, "changelist"))
    page = organizer_client.get(admin_url(Registration, "change", world_a[Registration].pk))

    assert [answer.pk for answer in answers.context["cl"].result_list] == [world_a[Answer].pk]
    assert f"{A_MARK} odpowiedź" in page.content.decode()


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=_ids(REGISTERED))
def test_admin_form_shows_every_editable_field(rf, model, model_admin):
    request = rf.get("/")
    request.user = UserFactory(username="root", is_staff=True, is_superuser=True)
    shown = (
        {name for _, options in model_admin.get_fieldsets(request) for name in flatten(options["fields"])}
        | set(model_admin.get_readonly_fields(request))
        | set(model_admin.exclude or ())
    )

    missing = [
        field.name
        for field in model._meta.get_fields()
        if field.concrete
        and field.editable
        and not field.auto_created
        and field.name not in shown
        and f"{field.name}_pl" not in shown
        and not isinstance(field, TranslationField)
    ]

    assert missing == []


def test_inline_row_with_other_organizations_id_changes_nothing(organizer_client, world_a, world_b):
    question, foreign_choice = world_a[Question], world_b[Choice]

    organizer_client.post(
        admin_url(Question, "change", question.pk),
        {
            "form": question.form_id,
            "label_pl": question.label,
            "kind": question.kind,
            "order": "0",
            "choices-TOTAL_FORMS": "1",
            "choices-INITIAL_FORMS": "1",
            "choices-0-id": str(foreign_choice.pk),
            "choices-0-question": str(question.pk),
            "choices-0-label_pl": "przejęta",
            "choices-0-order": "0",
        },
    )

    foreign_choice.refresh_from_db()
    assert foreign_choice.label == f"{B_MARK} Grupa"
    assert foreign_choice.question_id == world_b[Question].pk
