"""Files for upload tests, made in memory: photos with camera data, office documents, hostile look-alikes."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
MAKE = 0x010F
ORIENTATION = 0x0112


def image_bytes(
    width: int = 800, height: int = 600, *, image_format: str = "JPEG", mode: str = "RGB", exif=None
) -> bytes:
    image = Image.new(mode, (width, height), "#3a7ca5" if mode != "1" else 1)
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def camera_exif(*, orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: the camera's make and where the photo was taken."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneCam"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (50.0, 3.0, 41.0), 3: "E", 4: (19.0, 56.0, 12.0)})
    return exif


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(*, macros: bool = False) -> bytes:
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    if macros:
        members["word/vbaProject.bin"] = b"\x00macro"
    return zip_bytes(members)


def odt_bytes() -> bytes:
    return zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML_BYTES = b"<!doctype html><script src='/media/evil.js'></script>"
SVG_BYTES = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
