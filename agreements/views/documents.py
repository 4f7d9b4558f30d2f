"""Downloads of uploaded documents, only for users who may see the agreement."""

from django.http import FileResponse, Http404

from .. import access


def document_download(request, pk):
    document = access.get_document_for_user(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # A photo may be shown in the page (the documents tab's thumbnails, ?inline=1);
    # every other file is only ever downloaded, never rendered by the browser.
    inline = request.GET.get("inline") == "1" and document.content_type.startswith("image/")
    # FileResponse quotes the user's file name safely (RFC 6266 / 5987).
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
