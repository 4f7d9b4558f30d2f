"""What the site does when someone logs in, fails to, is locked out or logs out.

Each event goes to the security log (``cooperation/securitylog.py``); logins and failed
logins of an existing username are also kept as sign-in records that the user sees on
their profile; a login marks the start of the session for its lifetime limits
(``cooperation/sessions.py``). Connected in ``CooperationConfig.ready()``.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from agreements.models import SignInOutcome
from agreements.services.accounts import sign_in_record_add
from agreements.signals import logged_out_everywhere

from .security import client_ip
from .securitylog import security_event
from .sessions import session_start


def _user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "") if request is not None else ""


def _record(user, request, outcome) -> None:
    sign_in_record_add(
        user=user,
        ip=client_ip(request) if request is not None else "",
        user_agent=_user_agent(request),
        outcome=outcome,
    )


def on_logged_in(sender, request, user, **kwargs):
    if request is None:
        return
    session_start(request.session)
    _record(user, request, SignInOutcome.SUCCESS)
    security_event("login", request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    model = get_user_model()
    username = str(credentials.get(model.USERNAME_FIELD, ""))
    # Set by django-axes when it refused the attempt without checking the password.
    locked = bool(getattr(request, "axes_locked_out", False))
    security_event(
        "login_failed", request, username=username, locked_out=locked, level=logging.WARNING
    )
    user = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
    if user is not None:
        _record(user, request, SignInOutcome.LOCKED_OUT if locked else SignInOutcome.FAILURE)


def on_logged_out(sender, request, user, **kwargs):
    reason = getattr(request, "session_end_reason", "user")
    security_event("logout", request, user=user, reason=reason)


def on_logged_out_everywhere(sender, user, request, **kwargs):
    security_event("logout_everywhere", request, user=user)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    security_event(
        "locked_out", request, username=username, axes_ip=ip_address, level=logging.WARNING
    )


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="portal_logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="portal_login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="portal_logged_out")
    logged_out_everywhere.connect(on_logged_out_everywhere, dispatch_uid="portal_everywhere")
    from django.apps import apps

    if apps.is_installed("axes"):
        from axes.signals import user_locked_out

        user_locked_out.connect(on_locked_out, dispatch_uid="portal_locked_out")
