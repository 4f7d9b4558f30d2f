"""The security log: one structured line per event that matters to an investigation.

Events go to the ``kerjasama.security`` logger with their fields in ``record.security``;
``JsonLineFormatter`` (configured in settings ``LOGGING``) writes them as one JSON
object per line, so that a log collector can filter on ``event``, ``username`` or
``ip``, and a username typed by an attacker cannot forge a second line.

Events: ``login``, ``login_failed``, ``locked_out``, ``logout``, ``session_expired``
(from ``cooperation/signals.py`` and ``cooperation/sessions.py``), and ``forbidden``
(403) and ``not_found`` (404) answered to a logged-in user, from
``SecurityLogMiddleware`` below.

This module is imported while logging is configured, before the apps are ready: it
must not import models.
"""

import json
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError

from .security import client_ip

logger = logging.getLogger("kerjasama.security")

STATUS_EVENTS = {403: "forbidden", 404: "not_found"}


class JsonLineFormatter(logging.Formatter):
    """``{"time": …, "level": …, "event": …, "username": …, "ip": …, …}`` on one line.

    The time is ISO 8601 in the portal's time zone (WITA), with its offset."""

    def format(self, record):
        zone = ZoneInfo(settings.TIME_ZONE)
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=zone).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
        }
        fields = getattr(record, "security", None)
        if fields:
            payload.update(fields)
        else:
            payload["message"] = record.getMessage()
        return json.dumps(payload, ensure_ascii=False, default=str)


def security_event(event, request=None, *, user=None, username=None, level=logging.INFO, **more):
    """Log one security event: who (user or the username tried), from where, and what."""
    fields = {"event": event}
    if user is not None and getattr(user, "is_authenticated", False):
        fields["username"] = user.get_username()
        fields["user_id"] = user.pk
    elif username is not None:
        fields["username"] = username
    if request is not None:
        fields["ip"] = client_ip(request)
        fields["method"] = request.method
        fields["path"] = request.path
    fields.update(more)
    # The readable message is for handlers without our formatter (and for caplog).
    summary = " ".join(f"{key}={value}" for key, value in fields.items())
    logger.log(level, "%s", summary, extra={"security": fields})


class SecurityLogMiddleware:
    """Logs every 403 and 404 answered to a logged-in user: probing other units' URLs
    is what an insider attack looks like."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        event = STATUS_EVENTS.get(response.status_code)
        if event is None:
            return response
        try:
            user = request.user
            authenticated = user.is_authenticated
        except (AttributeError, DatabaseError):
            # No user on the request, or the database is down: nothing to attribute.
            return response
        if authenticated:
            security_event(
                event, request, user=user, status=response.status_code, level=logging.WARNING
            )
        return response
