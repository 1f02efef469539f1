"""Uploaded files served by the application, with headers that stop any file from acting as a page.

Every answer carries the content type of what the file was recognised as at upload (common/uploads.py),
`X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src 'none'; sandbox`: even a file a
browser might render runs no script and reaches nothing of the portal's origin. Documents are downloads;
only images are shown inline. Files of an unknown type (uploaded before the checks existed) are not served.
"""

import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .uploads import TYPES_BY_EXTENSION

SANDBOX_POLICY = "default-src 'none'; sandbox"
# Stored names are random and never reused, so a public copy may be kept for a week.
PUBLIC_CACHE = "public, max-age=604800"
PRIVATE_CACHE = "private, no-store"
# Event attachments, some for registrants only: served by views that check who asks
# (events.views.AttachmentFileView, the manage page), never by serve_public_media.
ATTACHMENT_FOLDER = "events/attachments"


def stored_file_response(name: str, *, private: bool, download_name: str = "") -> FileResponse:
    """A stored file with the safe headers; 404 for a missing file or a type the portal does not serve."""
    file_type = TYPES_BY_EXTENSION.get(name.rpartition(".")[2].lower()) if "." in name else None
    if file_type is None:
        raise Http404
    try:
        file = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation) as error:
        raise Http404 from error
    as_download = bool(download_name) or not file_type.is_image
    response = FileResponse(
        file,
        content_type=file_type.content_type,
        as_attachment=as_download,
        filename=download_name or name.rpartition("/")[2],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = PRIVATE_CACHE if private else PUBLIC_CACHE
    return response


@require_safe
def serve_public_media(request, path: str) -> FileResponse:
    """MEDIA_URL in every environment: logos, photos and header images; never the private folders."""
    # Only the one spelling of a name: "a//b", "./a" or "x/../a" would reach the attachments' folder too.
    if posixpath.normpath(path) != path or "\\" in path or path.startswith(f"{ATTACHMENT_FOLDER}/"):
        raise Http404
    return stored_file_response(path, private=False)
