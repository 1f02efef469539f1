import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.forms import modelform_factory
from django.test import override_settings
from django.urls import reverse
from PIL import Image, ImageFile

from agenda.models import Person
from common.uploads import NOT_A_DOCUMENT, NOT_AN_IMAGE
from events.models import Attachment, ReportPhoto
from organizations.models import Organization
from tests.factories import EventFactory, OrganizationFactory, PersonFactory, UserFactory
from tests.uploads import (
    GPS_IFD,
    HTML_BYTES,
    MAKE,
    PDF_BYTES,
    SVG_BYTES,
    camera_exif,
    docx_bytes,
    image_bytes,
    odt_bytes,
    upload,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

PersonForm = modelform_factory(Person, fields=["name", "slug", "managed_by", "photo"])
OrganizationForm = modelform_factory(Organization, fields=["name", "slug", "kind", "logo"])
AttachmentForm = modelform_factory(Attachment, fields=["event", "title", "file", "is_public"])


def _person_form(photo) -> "PersonForm":
    data = {"name": "Julia Bochenek", "slug": "julia-bochenek", "managed_by": OrganizationFactory().pk}
    return PersonForm(data=data, files={"photo": photo})


def _attachment_form(file) -> "AttachmentForm":
    data = {"event": EventFactory().pk, "title": "Program spotkania", "is_public": "on"}
    return AttachmentForm(data=data, files={"file": file})


def _stored_image(field_file) -> Image.Image:
    with default_storage.open(field_file.name, "rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def test_photo_of_6000_by_4000_is_stored_at_600_pixels_with_its_size_recorded():
    form = _person_form(upload("IMG_2041.JPG", image_bytes(6000, 4000), "image/jpeg"))

    person = form.save()

    stored = _stored_image(person.photo)
    assert (stored.format, stored.size) == ("JPEG", (600, 400))
    assert (person.photo_width, person.photo_height) == (600, 400)


def test_photo_loses_camera_make_and_gps_position():
    photo = image_bytes(1200, 900, exif=camera_exif())
    assert Image.open(io.BytesIO(photo)).getexif()[MAKE] == "PhoneCam"
    form = _person_form(upload("phone.jpg", photo, "image/jpeg"))

    person = form.save()

    exif = _stored_image(person.photo).getexif()
    assert (dict(exif), dict(exif.get_ifd(GPS_IFD))) == ({}, {})


def test_photo_taken_sideways_is_stored_upright():
    # Orientation 6: the camera was turned; the pixels are 800 wide, the photo is 800 tall.
    form = _person_form(upload("portrait.jpg", image_bytes(800, 600, exif=camera_exif(orientation=6))))

    person = form.save()

    assert _stored_image(person.photo).size == (450, 600)


def test_photo_name_is_random_and_its_extension_follows_the_content():
    form = _person_form(upload("../../etc/my photo.png", image_bytes(300, 300, image_format="PNG")))

    person = form.save()

    folder, _, name = person.photo.name.rpartition("/")
    assert folder == "people"
    assert name.endswith(".jpg") and "photo" not in name and len(name) >= 20


def test_logo_with_transparency_stays_a_png():
    form = OrganizationForm(
        data={"name": "Fundacja Ocalenie", "slug": "ocalenie", "kind": "ngo"},
        files={"logo": upload("logo.png", image_bytes(1000, 500, image_format="PNG", mode="RGBA"))},
    )

    organization = form.save()

    stored = _stored_image(organization.logo)
    assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (400, 200))
    assert organization.logo.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", HTML_BYTES),
        ("photo.svg", SVG_BYTES),
        ("photo.pdf", PDF_BYTES),
        ("photo.gif", image_bytes(100, 100, image_format="GIF", mode="P")),
        ("photo.jpg", image_bytes(800, 600)[:2000]),
    ],
    ids=["html-named-jpg", "svg", "pdf", "gif", "truncated-jpeg"],
)
def test_photo_that_is_not_a_jpeg_png_or_webp_image_gets_a_clear_error(name, content):
    form = _person_form(upload(name, content, "image/jpeg"))

    assert form.errors == {"photo": [str(NOT_AN_IMAGE)]}
    assert Person.objects.count() == 0


def test_truncated_photo_is_refused_after_weasyprint_allowed_truncated_images(monkeypatch):
    # Importing WeasyPrint (any attendance-list PDF) sets this for the whole process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)

    form = _person_form(upload("photo.jpg", image_bytes(800, 600)[:2000], "image/jpeg"))

    assert form.errors == {"photo": [str(NOT_AN_IMAGE)]}
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_photo_of_absurd_pixel_count_is_refused_before_it_is_decoded():
    # 12,000 × 6,000 one-bit pixels: a few kilobytes of PNG that would fill memory as a photo.
    form = _person_form(upload("bomb.png", image_bytes(12_000, 6_000, image_format="PNG", mode="1")))

    assert form.errors == {"photo": ["Obraz jest za duży: najwyżej 50 megapikseli."]}


@override_settings(UPLOAD_MAX_MEGABYTES=1)
def test_upload_over_the_size_limit_is_refused():
    form = _attachment_form(upload("program.pdf", PDF_BYTES + b"0" * 1_100_000, "application/pdf"))

    assert form.errors == {"file": ["Plik jest za duży: najwyżej 1 megabajt."]}


def test_report_photo_gets_a_webp_thumbnail():
    event = EventFactory()

    photo = ReportPhoto.objects.create(event=event, image=upload("sala.jpg", image_bytes(6000, 4000)))

    thumbnail = _stored_image(photo.thumbnail)
    assert (thumbnail.format, thumbnail.size) == ("WEBP", (480, 320))
    assert (photo.thumbnail_width, photo.thumbnail_height, photo.image_width) == (480, 320, 1600)


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("program.pdf", PDF_BYTES, "pdf"),
        ("zgloszenie.docx", docx_bytes(), "docx"),
        ("notatki.odt", odt_bytes(), "odt"),
        ("slajdy.pptx", zip_bytes({"[Content_Types].xml": b"<T/>", "ppt/presentation.xml": b"<p/>"}), "pptx"),
        ("plakat.png", image_bytes(500, 700, image_format="PNG"), "png"),
        ("program.html", PDF_BYTES, "pdf"),
    ],
)
def test_attachment_is_stored_under_a_random_name_with_the_extension_of_its_content(name, content, extension):
    form = _attachment_form(upload(name, content))

    attachment = form.save()

    assert attachment.file.name.startswith("events/attachments/")
    assert attachment.file.name.endswith(f".{extension}")
    assert name.rpartition(".")[0] not in attachment.file.name


def test_attachment_xlsx_written_by_openpyxl_is_accepted():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)

    attachment = _attachment_form(upload("lista.xlsx", buffer.getvalue())).save()

    assert attachment.file_kind == "XLSX"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", HTML_BYTES),
        ("script.js", b"fetch('/admin/').then(r => r.text())"),
        ("logo.svg", SVG_BYTES),
        ("archive.zip", zip_bytes({"page.html": HTML_BYTES})),
        ("fake.docx", zip_bytes({"[Content_Types].xml": b"<Types/>"})),
        ("fake.odt", zip_bytes({"mimetype": b"text/html", "content.xml": b"<x/>"})),
        ("program.pdf", b"<html>%PDF-1.4</html>"),
    ],
    ids=["html", "javascript", "svg", "zip", "docx-without-document", "odt-with-html-mimetype", "late-pdf"],
)
def test_attachment_of_another_type_is_refused_whatever_its_name(name, content):
    form = _attachment_form(upload(name, content, "application/pdf"))

    assert form.errors == {"file": [str(NOT_A_DOCUMENT)]}
    assert Attachment.objects.count() == 0


def test_attachment_with_macros_is_refused():
    form = _attachment_form(upload("ankieta.docm", docx_bytes(macros=True)))

    assert form.errors == {
        "file": ["Dokumenty z makrami nie są przyjmowane. Zapisz plik jako zwykły DOCX, XLSX lub PPTX."]
    }


def test_attachment_zip_is_read_without_unpacking_it():
    # A member that claims a huge size is never decompressed: only the names are read.
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"0" * 5_000_000}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)

    attachment = _attachment_form(upload("duzy.docx", buffer.getvalue())).save()

    assert attachment.file_kind == "DOCX"


def test_admin_shows_the_error_next_to_the_photo_and_keeps_the_typed_name(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    organization = OrganizationFactory()
    data = {"name": "Julia Bochenek", "slug": "julia-bochenek", "managed_by": organization.pk}

    response = client.post(
        reverse("admin:agenda_person_add"), {**data, "photo": upload("cv.jpg", HTML_BYTES, "image/jpeg")}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"] == [str(NOT_AN_IMAGE)]
    assert 'value="Julia Bochenek"' in response.content.decode()
    assert Person.objects.count() == 0


def test_admin_stores_a_camera_photo_resized(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    person = PersonFactory()
    data = {"name": person.name, "slug": person.slug, "managed_by": person.managed_by_id}

    response = client.post(
        reverse("admin:agenda_person_change", args=[person.pk]),
        {**data, "photo": upload("DSC0001.JPG", image_bytes(6000, 4000, exif=camera_exif()), "image/jpeg")},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.photo_width, person.photo_height) == (600, 400)
    assert _stored_image(person.photo).getexif() == {}


def test_replaced_photo_is_removed_from_storage_once_saved(django_capture_on_commit_callbacks):
    person = _person_form(upload("a.jpg", image_bytes(800, 600))).save()
    old_name = person.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        person.photo = upload("b.jpg", image_bytes(800, 600))
        person.save()

    assert default_storage.exists(person.photo.name)
    assert not default_storage.exists(old_name)


def test_deleted_attachment_and_report_photo_take_their_files_along(django_capture_on_commit_callbacks):
    attachment = _attachment_form(upload("program.pdf", PDF_BYTES)).save()
    photo = ReportPhoto.objects.create(
        event=attachment.event, image=upload("sala.jpg", image_bytes(900, 600))
    )
    names = [attachment.file.name, photo.image.name, photo.thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        attachment.event.delete()

    assert [default_storage.exists(name) for name in names] == [False, False, False]


def test_file_another_row_still_names_is_kept(django_capture_on_commit_callbacks):
    first = _attachment_form(upload("program.pdf", PDF_BYTES)).save()
    second = Attachment.objects.create(event=first.event, title="Kopia", file=first.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        first.delete()

    assert default_storage.exists(second.file.name)
