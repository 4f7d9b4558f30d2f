"""The second factor comes before any other page.

After a correct password, a user who has a confirmed two-factor device is signed in but
not yet verified (django-otp's OTPMiddleware says which): every page, the admin included,
sends them to the code page first. When ``TWO_FACTOR_REQUIRED`` is on, a user whose role
must use two-factor authentication and who has no device is sent to set it up. Only the
pages listed below stay open meanwhile: without them one could not log out, change the
language, reset a password or let a phone calendar read its feed.
"""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from agreements.access import two_factor_required

VERIFY_VIEW = "agreements:two_factor_verify"
ENROL_VIEW = "agreements:two_factor_enrol"
OPEN_VIEWS = frozenset(
    {
        VERIFY_VIEW,
        "logout",
        "healthz",
        "set_language",
        "agreements:calendar_feed",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


def _redirect_with_next(view_name, request):
    url = reverse(view_name)
    # After the code, go where the person was going (a form post cannot be replayed).
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()}, safe="/")
    return redirect(url)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return None
        if request.resolver_match.view_name in OPEN_VIEWS or user.is_verified():
            return None
        if django_otp.user_has_device(user):
            return _redirect_with_next(VERIFY_VIEW, request)
        if two_factor_required(user) and request.resolver_match.view_name != ENROL_VIEW:
            return _redirect_with_next(ENROL_VIEW, request)
        return None
