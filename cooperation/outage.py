"""Outages that look like outages: an unreachable database is a 503, never a 500.

Two pieces, both needing no database themselves:

- ``server_error`` is the portal's ``handler500``. Django sends every exception that
  escapes a view *or a middleware* (the session load, the user lookup, a session save)
  there, since each middleware is wrapped by ``convert_exception_to_response``; a
  middleware further out never sees the exception itself, only the 500 response. So
  this is the one place that sees them all: a database connection error becomes the
  "service unavailable" page with ``Retry-After``, anything else stays Django's 500.
  With ``DEBUG`` on, Django shows its traceback page instead, as for any error.
- ``HealthProbeMiddleware`` answers ``/healthz`` right after ``SecurityMiddleware``,
  before any middleware can touch the session or the user: with a session cookie, the
  user lookup would otherwise hit the unreachable database before the probe is reached.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from . import views

logger = logging.getLogger(__name__)

# Seconds after which browsers and load balancers may try again.
RETRY_AFTER_SECONDS = 120

# Errors that mean "the database cannot be reached or the connection broke". Django wraps
# the driver's errors in its own classes; the driver's are listed too for code that
# talks to the driver directly.
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
try:
    import psycopg2
except ImportError:  # pragma: no cover - SQLite-only installs
    pass
else:
    OUTAGE_ERRORS += (psycopg2.OperationalError, psycopg2.InterfaceError)

# The last resort when even the template cannot be rendered (e.g. a missing static manifest).
FALLBACK_PAGE = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8">'
    "<title>Layanan sedang tidak tersedia · Kerja Sama NTB</title></head><body>"
    "<h1>Layanan sedang tidak tersedia</h1>"
    "<p>Portal saat ini tidak dapat terhubung ke basis data. Data Anda aman. "
    "Silakan coba lagi dalam beberapa menit.</p></body></html>"
)


def is_database_outage(exc: BaseException | None) -> bool:
    """True when ``exc``, or an exception it was raised from, is a connection error."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__
    return False


def outage_response(request) -> HttpResponse:
    """The 503 page, rendered without the database: no request context, no user, no
    session, static text in the language of the language cookie."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            # No request: a plain Context, so no context processor runs.
            content = render_to_string("503.html")
    except Exception:
        logger.exception("The outage page could not be rendered; sending the plain one")
        content = FALLBACK_PAGE
        language = "id"
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """``handler500``: Django calls it while handling the exception, so it is at hand."""
    if is_database_outage(sys.exc_info()[1]):
        return outage_response(request)
    return defaults.server_error(request, template_name=template_name)


class HealthProbeMiddleware:
    """Answers the load balancer's probe before the rest of the stack runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == _probe_path():
            return views.healthz(request)
        return self.get_response(request)


def _probe_path() -> str | None:
    try:
        return reverse("healthz")
    except NoReverseMatch:
        # A test's own URL configuration without the probe.
        return None
