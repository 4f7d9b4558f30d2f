"""HTTPS in front of the portal, explained to the user when it is missing.

With secure cookies on (``HTTPS=1``, the production default), a browser that opens the
portal over plain HTTP is not given its session and CSRF cookies: every form, the login
first, would end in a bare "CSRF verification failed". ``insecure_transport`` tells that
case apart; the login page (the ``https_notice`` tag) and ``csrf_failure`` say what is
wrong and what to do: open the https:// address, or have the administrator set
``HTTPS=0`` when the portal is only served over HTTP on an intranet.

``csrf_failure`` is ``CSRF_FAILURE_VIEW``: Django's own page is in English and names no
cause; ours is in the user's language, names the likely one, and stays a 403.
"""

from django.conf import settings
from django.http.request import split_domain_port
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

# The reasons of django.middleware.csrf that point at the address used, not the form.
ADDRESS_REASONS = ("Origin checking failed", "Referer checking failed")


def secure_cookies() -> bool:
    return settings.SESSION_COOKIE_SECURE or settings.CSRF_COOKIE_SECURE


def insecure_transport(request) -> bool:
    """The portal wants HTTPS for its cookies, but this request came over plain HTTP."""
    return secure_cookies() and not request.is_secure()


def https_address(request) -> str:
    """Where the user should go instead: the configured address when it is https://,
    otherwise this page's address with https:// (and without the port of plain HTTP)."""
    base = settings.PORTAL_BASE_URL.rstrip("/")
    if base.startswith("https://"):
        return base + request.get_full_path()
    domain, _port = split_domain_port(request.get_host())
    return f"https://{domain}{request.get_full_path()}"


def notice_context(request) -> dict:
    """What the notice needs, or an empty dict when there is nothing to say."""
    if not insecure_transport(request):
        return {}
    return {"insecure_transport": True, "https_address": https_address(request)}


@requires_csrf_token
def csrf_failure(request, reason=""):
    """A form refused for a missing or wrong CSRF token: why, most likely, and what to do."""
    if insecure_transport(request):
        cause = "insecure_transport"
    elif reason.startswith(ADDRESS_REASONS):
        cause = "address"
    else:
        cause = "stale_form"
    context = {**notice_context(request), "cause": cause}
    return render(request, "403_csrf.html", context, status=403)
