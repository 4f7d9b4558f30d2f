"""Session lifetimes: an idle timeout, an absolute limit, and the page shown after.

A session ends ``SESSION_IDLE_MINUTES`` after its last page and in any case
``SESSION_ABSOLUTE_HOURS`` after the login. Both times are kept in the session itself
(seconds since the epoch), so that nothing needs to list sessions. The last-page time is
written at most once a minute, not on every request: the idle limit holds to within
that minute.

Pages that need no login (the login and password-reset pages, /healthz, the calendar
feed with its token) are not looked at: the middleware does not even load their
session, so the probe stays free of database work.

Other endings are Django's own and are checked on every request before this one: a
deactivated user is no longer returned by the authentication backend (we then flush
the session that still names them, so that reactivating the account does not revive
it), and a changed password or session stamp ("log out everywhere") no longer matches
the session's auth hash.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

STARTED_KEY = "portal_session_started"
SEEN_KEY = "portal_session_seen"
# How stale the stored last-page time may get before it is written again, in seconds.
SEEN_RESOLUTION = 60

IDLE = "idle"
ABSOLUTE = "absolute"


def session_start(session) -> None:
    """Mark the start of a signed-in session (called at login, see cooperation/signals.py)."""
    now = int(time.time())
    session[STARTED_KEY] = now
    session[SEEN_KEY] = now


def expiry_reason(session, now: int) -> str | None:
    """``"idle"`` or ``"absolute"`` when the session has outlived a limit, else None;
    when both have passed, the one that came first (the real reason)."""
    started = session.get(STARTED_KEY)
    seen = session.get(SEEN_KEY, started)
    if not isinstance(started, int) or not isinstance(seen, int):
        return None
    deadlines = {
        IDLE: seen + settings.SESSION_IDLE_MINUTES * 60,
        ABSOLUTE: started + settings.SESSION_ABSOLUTE_HOURS * 3600,
    }
    reason, deadline = min(deadlines.items(), key=lambda item: item[1])
    return reason if now >= deadline else None


class SessionLifetimeMiddleware:
    """Ends sessions past their idle or absolute limit and sends the user to a page
    that says why, with a button back to the login that keeps where they were going."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        session = request.session
        if not request.user.is_authenticated:
            if SESSION_KEY in session:
                # The session names a user the backend refuses (deactivated): end it.
                session.flush()
            return None
        now = int(time.time())
        if not isinstance(session.get(STARTED_KEY), int):
            # A session from before this middleware, or made without the login signal.
            session_start(session)
            return None
        reason = expiry_reason(session, now)
        if reason:
            return self._expire(request, reason)
        if now - session.get(SEEN_KEY, now) >= SEEN_RESOLUTION:
            session[SEEN_KEY] = now
        return None

    def _expire(self, request, reason):
        # The logout receiver writes the security log line, with this reason.
        request.session_end_reason = reason
        logout(request)
        query = {"reason": reason}
        # A form post cannot be replayed after the login: only a page is kept.
        if request.method == "GET":
            query["next"] = request.get_full_path()
        return redirect(f"{reverse('session_expired')}?{urlencode(query)}")


@login_not_required
@never_cache
def session_expired(request):
    """ "Your session has ended": why, and a button to log in again."""
    reason = request.GET.get("reason")
    target = request.GET.get("next", "")
    login_url = reverse(settings.LOGIN_URL)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        login_url += "?" + urlencode({"next": target})
    context = {
        "reason": reason if reason in {IDLE, ABSOLUTE} else None,
        "idle_minutes": settings.SESSION_IDLE_MINUTES,
        "absolute_hours": settings.SESSION_ABSOLUTE_HOURS,
        "login_url": login_url,
    }
    return render(request, "registration/session_expired.html", context)
