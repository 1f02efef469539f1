"""Uploads are served by the application with headers that keep any file from running script on the portal's
origin; registrants-only downloads never have a public address."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse

from events.models import Attachment, Event
from registrations.models import Registration
from registrations.tokens import manage_token_for, manage_token_hash_for
from tests.factories import EventFactory, MembershipFactory, OrganizationFactory, RegistrationFactory
from tests.uploads import HTML_BYTES, PDF_BYTES, docx_bytes, image_bytes, upload

pytestmark = pytest.mark.django_db

SANDBOX = "default-src 'none'; sandbox"


@pytest.fixture(params=["memory", "filesystem"])
def storage(request, tmp_path, settings):
    """The test settings' in-memory storage, and the file system storage of a real deployment."""
    if request.param == "filesystem":
        backend = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        settings.MEDIA_ROOT = tmp_path
        settings.STORAGES = {**settings.STORAGES, "default": backend}
    return request.param


def _organization_with_logo():
    organization = OrganizationFactory()
    organization.logo = upload("logo.png", image_bytes(300, 150, image_format="PNG", mode="RGBA"))
    organization.save()
    return organization


def _attachment(event, *, is_public: bool, content: bytes = PDF_BYTES, title: str = "Program spotkania"):
    return Attachment.objects.create(
        event=event, title=title, file=upload("plik.pdf", content), is_public=is_public
    )


def _confirmed(event, **kwargs) -> tuple[Registration, str]:
    registration = RegistrationFactory(event=event, status=Registration.Status.CONFIRMED, **kwargs)
    registration.manage_token_hash = manage_token_hash_for(registration)
    registration.save(update_fields=["manage_token_hash"])
    return registration, manage_token_for(registration)


def _assert_safe_headers(response, content_type: str) -> None:
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX


@override_settings(DEBUG=False)
def test_logo_is_served_without_debug_as_an_image_inline(client, storage):
    organization = _organization_with_logo()

    response = client.get(organization.logo.url)

    assert response.status_code == 200
    _assert_safe_headers(response, "image/png")
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "public, max-age=604800"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_public_attachment_is_a_download_with_its_title_as_file_name(client):
    attachment = _attachment(EventFactory(), is_public=True, title="Program – Kielce 2023")

    response = client.get(attachment.href)

    assert response.status_code == 200
    _assert_safe_headers(response, "application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="program-kielce-2023.pdf"'


def test_office_document_has_its_own_content_type(client):
    attachment = _attachment(EventFactory(), is_public=True, content=docx_bytes())

    response = client.get(attachment.href)

    _assert_safe_headers(response, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def test_file_left_from_before_the_checks_is_not_served_as_a_page(client):
    """An .html an organizer uploaded earlier: the portal does not serve types it did not recognise."""
    name = default_storage.save("organizations/logos/page.html", ContentFile(HTML_BYTES))

    response = client.get(f"/media/{name}")

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["../config/settings/base.py", "people/..%2F..%2Fsecret.jpg", "missing.jpg"])
def test_media_outside_the_folder_or_missing_is_404(client, path):
    assert client.get(f"/media/{path}").status_code == 404


def test_registrants_only_attachment_has_no_public_address(client):
    attachment = _attachment(EventFactory(), is_public=False)

    by_storage_url = client.get(attachment.file.url)
    by_public_media = client.get(reverse("media", kwargs={"path": attachment.file.name}))

    assert (by_storage_url.status_code, by_public_media.status_code) == (404, 404)


def test_attachment_of_a_draft_event_is_not_public(client):
    attachment = _attachment(EventFactory(status=Event.Status.DRAFT), is_public=True)

    assert client.get(attachment.href).status_code == 404


def test_organizer_of_the_event_downloads_registrants_only_files_from_admin_links(client):
    event = EventFactory()
    attachment = _attachment(event, is_public=False)
    member = MembershipFactory(organization=event.organization).user
    stranger = MembershipFactory().user

    client.force_login(stranger)
    refused = client.get(attachment.file.url)
    client.force_login(member)
    allowed = client.get(attachment.file.url)

    assert refused.status_code == 404
    assert allowed.status_code == 200
    _assert_safe_headers(allowed, "application/pdf")
    assert allowed["Cache-Control"] == "private, no-store"


def test_confirmed_registrant_downloads_registrants_only_file_by_the_manage_link(client, storage):
    event = EventFactory()
    attachment = _attachment(event, is_public=False)
    _registration, token = _confirmed(event)

    response = client.get(
        reverse("registrations:manage_download", kwargs={"token": token, "pk": attachment.pk})
    )

    assert response.status_code == 200
    _assert_safe_headers(response, "application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="program-spotkania.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    "status", [Registration.Status.WAITLISTED, Registration.Status.PENDING, Registration.Status.OFFERED]
)
def test_registrant_who_is_not_confirmed_gets_no_registrants_only_file(client, status):
    event = EventFactory()
    attachment = _attachment(event, is_public=False)
    registration, token = _confirmed(event)
    Registration.objects.filter(pk=registration.pk).update(status=status)

    page = client.get(reverse("registrations:manage", kwargs={"token": token}))
    download = client.get(
        reverse("registrations:manage_download", kwargs={"token": token, "pk": attachment.pk})
    )

    assert "registrant-downloads" not in page.content.decode()
    assert download.status_code == 404


def test_manage_link_of_another_event_gets_no_file(client):
    attachment = _attachment(EventFactory(), is_public=False)
    _registration, token = _confirmed(EventFactory())

    response = client.get(
        reverse("registrations:manage_download", kwargs={"token": token, "pk": attachment.pk})
    )

    assert response.status_code == 404


def test_manage_page_lists_registrants_only_downloads_for_a_confirmed_person(client):
    event = EventFactory()
    attachment = _attachment(event, is_public=False, title="Prezentacje prelegentów")
    _attachment(event, is_public=True, title="Program publiczny")
    link = Attachment.objects.create(
        event=event, title="Nagranie", url="https://video.example.org/x", is_public=False
    )
    _registration, token = _confirmed(event)

    response = client.get(reverse("registrations:manage", kwargs={"token": token}))

    assert list(response.context["downloads"]) == [attachment, link]
    href = reverse("registrations:manage_download", kwargs={"token": token, "pk": attachment.pk})
    assert f'href="{href}"' in response.content.decode()


@pytest.mark.parametrize("spelling", ["{folder}//{name}", "./{folder}/{name}", "people/../{folder}/{name}"])
def test_registrants_only_attachment_is_not_reached_by_another_spelling_of_its_path(
    client, storage, spelling
):
    attachment = _attachment(EventFactory(), is_public=False)
    folder, _, name = attachment.file.name.rpartition("/")

    response = client.get("/media/" + spelling.format(folder=folder, name=name))

    assert response.status_code == 404
