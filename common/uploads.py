"""Uploaded files are hostile: their type is read from their content, images are redrawn, names are random.

Images (JPEG, PNG, WebP) are decoded by Pillow and saved again at the size a page needs. The new file holds
only pixels: EXIF (with GPS position and camera serial), comments and anything hidden after the image data
are gone. Documents (PDF, DOCX, XLSX, PPTX, ODT) are recognised by their magic bytes or the parts their zip
must contain. Nothing else is accepted: not SVG (it may carry script), not HTML, whatever the file is called.
"""

import contextlib
import secrets
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

# A 6000 × 4000 camera photo is 24 megapixels; far larger ones are decompression bombs, not photos.
MAX_IMAGE_PIXELS = 50_000_000
JPEG_QUALITY = 82
WEBP_QUALITY = 78


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    # Documents are served as downloads; images may be shown in the page.
    is_image: bool = False


JPEG = FileType("jpg", "image/jpeg", is_image=True)
PNG = FileType("png", "image/png", is_image=True)
WEBP = FileType("webp", "image/webp", is_image=True)
PDF = FileType("pdf", "application/pdf")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text")

IMAGE_TYPES = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP}
# The main part each Office Open XML type must have, besides [Content_Types].xml.
OOXML_MAIN_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
# What the media views may serve, by the extension this module gave the stored name.
TYPES_BY_EXTENSION = {
    file_type.extension: file_type for file_type in (JPEG, PNG, WEBP, PDF, DOCX, XLSX, PPTX, ODT)
}

NOT_AN_IMAGE = _("This file is not a JPEG, PNG or WebP image. Save the picture in one of these formats.")
NOT_A_DOCUMENT = _(
    "This file type is not accepted. Upload a PDF, DOCX, XLSX, PPTX or ODT document, or a JPEG, PNG or WebP "
    "image."
)
MACROS = _("Documents with macros are not accepted. Save the file as a plain DOCX, XLSX or PPTX.")


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_MEGABYTES * 1024 * 1024


def check_size(file) -> None:
    if file.size > max_upload_bytes():
        megabytes = settings.UPLOAD_MAX_MEGABYTES
        message = ngettext(
            "The file is too large: at most %(megabytes)d megabyte.",
            "The file is too large: at most %(megabytes)d megabytes.",
            megabytes,
        )
        raise ValidationError(message, code="file_too_large", params={"megabytes": megabytes})


@contextlib.contextmanager
def _truncated_images_refused():
    """WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process once it makes a PDF;
    an upload is decoded with it off, so a cut-off file is refused in that process too."""
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def image_type(file) -> FileType:
    """The type of an image the portal accepts, after decoding it fully; ValidationError otherwise."""
    file.seek(0)
    try:
        with Image.open(file) as image:
            found = IMAGE_TYPES.get(image.format or "")
            if found is None:
                raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image is too large: at most %(megapixels)d megapixels."),
                    code="image_too_large",
                    params={"megapixels": MAX_IMAGE_PIXELS // 1_000_000},
                )
            # A JPEG decodes at a fraction of its size here: enough to prove the data is whole, and quick.
            image.draft("RGB", (1000, 1000))
            with _truncated_images_refused():
                image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error
    finally:
        file.seek(0)
    return found


def document_type(file) -> FileType | None:
    """PDF by its header, the office formats by the parts their zip holds; None for anything else."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise ValidationError(MACROS, code="macros")
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in OOXML_MAIN_PARTS.items() if part in names), None)
            mimetype = archive.getinfo("mimetype") if "mimetype" in names else None
            if mimetype is not None and mimetype.file_size < 100 and "content.xml" in names:
                return ODT if archive.read(mimetype).strip() == ODT.content_type.encode() else None
            return None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)


def _already_stored(file) -> bool:
    # A file checked when it was uploaded is not read back from storage at every later save.
    return getattr(file, "_committed", False)


def validate_image(file) -> None:
    """Model-field validator for photos and logos."""
    if _already_stored(file):
        return
    check_size(file)
    image_type(file)


def validate_attachment(file) -> None:
    """Model-field validator for downloads: a document or an image, by content."""
    if _already_stored(file):
        return
    check_size(file)
    attachment_type(file)


def attachment_type(file) -> FileType:
    found = document_type(file)
    if found is not None:
        return found
    try:
        return image_type(file)
    except ValidationError as error:
        if error.code == "image_too_large":
            raise
        raise ValidationError(NOT_A_DOCUMENT, code="file_type") from error


def redraw_image(file, *, max_side: int) -> ContentFile:
    """The image turned upright and fitted into max_side × max_side: PNG if transparent, else JPEG."""
    file.seek(0)
    with Image.open(file) as original:
        # JPEG decodes straight to the nearest larger scale: a camera photo never fills memory at full size.
        original.draft("RGB", (max_side, max_side))
        image = ImageOps.exif_transpose(original)
        transparent = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
        image = image.convert("RGBA" if transparent else "RGB")
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        buffer = BytesIO()
        icc_profile = original.info.get("icc_profile")
        if transparent:
            # zlib's default level: optimize=True makes a logo a tenth smaller and ten times slower.
            image.save(buffer, "PNG", icc_profile=icc_profile)
            extension = PNG.extension
        else:
            image.save(
                buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, icc_profile=icc_profile
            )
            extension = JPEG.extension
    file.seek(0)
    return ContentFile(buffer.getvalue(), name=f"image.{extension}")


def webp_thumbnail(file, *, max_side: int) -> ContentFile:
    """A small WebP copy for galleries and lists."""
    file.seek(0)
    with Image.open(file) as original:
        original.draft("RGB", (max_side, max_side))
        image = ImageOps.exif_transpose(original)
        image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "PA"} else "RGB")
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        buffer = BytesIO()
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    file.seek(0)
    return ContentFile(buffer.getvalue(), name=f"thumbnail.{WEBP.extension}")


@deconstructible
class RandomName:
    """upload_to that keeps only the extension (set from the content) and draws the rest at random.

    An uploader chooses neither the URL of the file nor whether it replaces someone else's.
    """

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = filename.rpartition(".")[2].lower() if "." in filename else ""
        return f"{self.folder}/{secrets.token_urlsafe(16)}.{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder
