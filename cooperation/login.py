"""Signing in under attack: a bound on simultaneous password checks, and the lockout page.

A password hash costs about 0.45 s of CPU on purpose. Eight guesses at the same moment
would occupy every worker, so at most ``LOGIN_CONCURRENCY`` password checks run at once
across the whole server; the others are answered at once with "try again in a few
seconds", without hashing. On PostgreSQL the slots are session-level advisory locks,
shared by every gunicorn worker; on SQLite (one process in development) a semaphore.

Locked-out logins (django-axes) never reach the hasher either: the axes backend comes
first in ``AUTHENTICATION_BACKENDS``. ``lockout_response`` renders its page.
"""

import threading
from contextlib import contextmanager
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.db import DatabaseError, connection
from django.shortcuts import render
from django.urls import reverse

# The first key of the portal's login slots in PostgreSQL's advisory-lock space ("KSLG");
# the second key is the slot number.
LOGIN_SLOT_KEY = 0x4B534C47

_semaphores: dict[int, threading.BoundedSemaphore] = {}
_semaphores_lock = threading.Lock()


def _local_semaphore(limit: int) -> threading.BoundedSemaphore:
    with _semaphores_lock:
        return _semaphores.setdefault(limit, threading.BoundedSemaphore(limit))


@contextmanager
def _postgres_slot(limit: int):
    taken = None
    with connection.cursor() as cursor:
        for slot in range(limit):
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOGIN_SLOT_KEY, slot])
            if cursor.fetchone()[0]:
                taken = slot
                break
    try:
        yield taken is not None
    finally:
        if taken is not None:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOGIN_SLOT_KEY, taken])
            except DatabaseError:
                # A broken connection: closing it ends the session, and with it the lock.
                connection.close()


@contextmanager
def _local_slot(limit: int):
    semaphore = _local_semaphore(limit)
    taken = semaphore.acquire(blocking=False)
    try:
        yield taken
    finally:
        if taken:
            semaphore.release()


def login_slot():
    """A context manager yielding True while it holds one of the login slots, False if all
    are taken (then the caller must not check a password)."""
    limit = settings.LOGIN_CONCURRENCY
    if connection.vendor == "postgresql":
        return _postgres_slot(limit)
    return _local_slot(limit)


class PortalLoginView(LoginView):
    """Django's login view, with the password check inside a login slot."""

    def post(self, request, *args, **kwargs):
        with login_slot() as held:
            if not held:
                response = render(request, "registration/login_busy.html", status=429)
                response["Retry-After"] = "5"
                return response
            return super().post(request, *args, **kwargs)


@login_not_required
def admin_login(request, extra_context=None):
    """The admin's own login page sends to the portal's, where throttling and two-factor
    authentication apply."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


def _lock_ends(request, credentials) -> datetime | None:
    """When the lock on this username or address ends: for each locked parameter, the
    failures counted from the newest back reach the limit at some attempt; the lock lasts
    until that attempt leaves the cool-off window."""
    cool_off = get_cool_off(request)
    limit = get_failure_limit(request, credentials)
    ends = None
    for attempts in AxesProxyHandler.get_implementation().get_user_attempts(request, credentials):
        counted = 0
        for attempt in attempts.order_by("-attempt_time"):
            counted += attempt.failures_since_start
            if counted >= limit:
                end = attempt.attempt_time + cool_off
                ends = max(ends, end) if ends else end
                break
    return ends


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: our page, in the user's language, 429."""
    context = {
        "lock_ends": _lock_ends(request, credentials),
        "lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES,
    }
    return render(request, "registration/login_locked.html", context, status=429)
