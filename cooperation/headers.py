"""Caching of private pages: none, anywhere.

A page shown to a signed-in user, and every download (exports, PDFs, documents, the
calendar feed), carries data of the portal that no shared proxy may keep and no browser
may write to its disk cache, where the next user of an office computer would find it
with the Back button. So they all get ``Cache-Control: private, no-store``.

A view that already asked for ``no-store`` keeps its own header (Django's
``never_cache`` adds ``no-cache`` and ``must-revalidate`` besides): nothing here makes a
header weaker. Pages for anonymous visitors keep what their view says, and static files
their long caching (whitenoise answers them before this middleware runs).
"""

PRIVATE = "private, no-store"


def is_download(response) -> bool:
    """A file handed to the browser: an attachment (or an inline file), or a calendar."""
    return "Content-Disposition" in response or response.get("Content-Type", "").startswith(
        "text/calendar"
    )


def _stores(response) -> bool:
    """The response lets some cache store it: no ``no-store`` among its directives."""
    directives = response.get("Cache-Control", "")
    return "no-store" not in {part.strip().split("=")[0].lower() for part in directives.split(",")}


class PrivateCacheMiddleware:
    """Sets ``Cache-Control: private, no-store`` on signed-in pages and downloads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (signed_in or is_download(response)) and _stores(response):
            # A view's weaker wish ("public", "max-age=…") gives way.
            response["Cache-Control"] = PRIVATE
        return response
