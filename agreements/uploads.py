"""Upload checks: the type is read from the content, never from the name.

Forms check an upload before a service stores it, so this sits below both.
"""

from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Detected content type → the file name extensions it may carry. Never HTML or SVG.
ALLOWED_TYPES = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
}
ALLOWED_EXTENSIONS_TEXT = "PDF, JPEG, PNG, DOCX, XLSX, PPTX"


def validate_upload(file) -> tuple[str, str]:
    """Return (content type, extension) of an acceptable upload, or raise ValidationError."""
    if file.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
            code="too_large",
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("This kind of file is not accepted. Allowed: %(allowed)s.")
            % {"allowed": ALLOWED_EXTENSIONS_TEXT},
            code="type",
        )
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_TYPES[kind.mime]:
        raise ValidationError(
            _("The file's content (%(content)s) does not match its name “%(name)s”.")
            % {"content": kind.extension.upper(), "name": PurePath(file.name or "").name},
            code="mismatch",
        )
    return kind.mime, ALLOWED_TYPES[kind.mime][0]
