"""Stored uploads: checked by ``uploads.validate_upload``, saved under a server-made name."""

from pathlib import PurePath

from django.db import transaction

from ..models import Document
from ..models.documents import DocumentKind
from ..uploads import validate_upload


@transaction.atomic
def document_create(
    *,
    agreement,
    actor,
    file,
    kind,
    title,
    stage_event=None,
    contact=None,
    task=None,
    progress_update=None,
    coordination_request=None,
    pks=None,
    visit=None,
    same_file_as: Document | None = None,
) -> Document:
    """Validate and store an upload under a server-generated name.

    ``kind`` None: evidence of work, filed as a photo when it is one, else as a report
    (read from the content, checked here once).

    ``same_file_as`` reuses the stored file of a document made from the same
    upload a moment before (one letter sent to several units).
    """
    content_type, extension = validate_upload(file)
    if kind is None:
        kind = DocumentKind.PHOTO if content_type.startswith("image/") else DocumentKind.REPORT
    original_name = PurePath(file.name).name[:255]
    document = Document(
        agreement=agreement,
        stage_event=stage_event,
        contact=contact,
        task=task,
        progress_update=progress_update,
        coordination_request=coordination_request,
        pks=pks,
        visit=visit,
        kind=kind,
        title=title.strip()[:255] or original_name,
        original_name=original_name,
        content_type=content_type,
        size=file.size,
        uploaded_by=actor,
    )
    if same_file_as is not None:
        document.file.name = same_file_as.file.name
    else:
        # The name given here only carries the detected extension to upload_to.
        document.file.save(f"upload.{extension}", file, save=False)
    document.save()
    return document
