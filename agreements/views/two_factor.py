"""Two-factor authentication pages: set up from the profile, backup codes, turn off, and
the code page that a user with two-factor authentication passes after the password."""

import base64
import io
from urllib.parse import urlencode

import django_otp
import segno
from django.contrib import messages
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice

from .. import access
from ..forms.two_factor import AppCodeForm, TwoFactorCodeForm
from ..selectors.two_factor import pending_app_device, two_factor_status
from ..services import two_factor as services

# New backup codes wait here between the POST that makes them and the page showing them once.
NEW_CODES_SESSION_KEY = "two_factor_new_backup_codes"


def _next_url(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def _with_next(name: str, request) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return reverse(name) + (f"?{urlencode({'next': target}, safe='/')}" if target else "")


def _mark_verified(request, device) -> None:
    """The session has passed the second factor: a new session key, then django-otp's mark."""
    request.session.cycle_key()
    django_otp.login(request, device)


def _qr_code_data_uri(device) -> str:
    """The set-up address as an SVG QR code in a data: URI (the CSP allows data: images)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=5, border=4, xmldecl=False, dark="#000", light="#fff"
    )
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _secret_for_typing(device) -> str:
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
def two_factor_enrol(request):
    user = request.user
    if two_factor_status(user=user).enabled:
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("agreements:account")
    form = AppCodeForm()
    if request.method == "POST":
        if "start" in request.POST:
            services.two_factor_enrol_start(user=user)
            return redirect(_with_next("agreements:two_factor_enrol", request))
        form = AppCodeForm(request.POST)
        if form.is_valid():
            try:
                device, codes = services.two_factor_enrol_confirm(
                    user=user, code=form.cleaned_data["code"]
                )
            except services.TwoFactorCodeError as error:
                form.add_error("code", str(error))
            else:
                _mark_verified(request, device)
                request.session[NEW_CODES_SESSION_KEY] = codes
                messages.success(request, _("Two-factor authentication is on."))
                return redirect(_with_next("agreements:two_factor_backup_codes", request))
    device = pending_app_device(user=user)
    context = {
        "form": form,
        "device": device,
        "qr_code": _qr_code_data_uri(device) if device else None,
        "secret": _secret_for_typing(device) if device else None,
        "required": access.two_factor_required(user),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "account/two_factor_enrol.html", context)


@never_cache
def two_factor_backup_codes(request):
    """New backup codes are shown once, on the page that follows the POST that made them."""
    user = request.user
    status = two_factor_status(user=user)
    if not status.enabled:
        return redirect("agreements:two_factor_enrol")
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = services.backup_codes_replace(user=user)
        messages.success(request, _("New backup codes were made; the earlier ones no longer work."))
        return redirect(_with_next("agreements:two_factor_backup_codes", request))
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    context = {
        "codes": codes,
        "codes_text": "\n".join(codes or []),
        "status": status,
        "continue_url": _next_url(request, default="agreements:account"),
    }
    return render(request, "account/two_factor_backup_codes.html", context)


@never_cache
@sensitive_post_parameters("code")
def two_factor_verify(request):
    user = request.user
    if user.is_verified() or not django_otp.user_has_device(user):
        return redirect(_next_url(request))
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
        except services.TwoFactorCodeError as error:
            form.add_error("code", str(error))
        else:
            _mark_verified(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "You signed in with a backup code; it cannot be used again. "
                        "Backup codes left: %(left)s."
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "account/two_factor_verify.html", context)


@never_cache
@sensitive_post_parameters("code")
def two_factor_disable(request):
    user = request.user
    if not two_factor_status(user=user).enabled:
        return redirect("agreements:account")
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_disable(user=user, code=form.cleaned_data["code"])
        except services.TwoFactorCodeError as error:
            form.add_error("code", str(error))
        else:
            if access.two_factor_required(user):
                messages.warning(
                    request,
                    _(
                        "Two-factor authentication is off. It is mandatory for your role: "
                        "set it up again now, for example on your new phone."
                    ),
                )
            else:
                messages.success(request, _("Two-factor authentication is off."))
            return redirect("agreements:account")
    context = {"form": form, "required": access.two_factor_required(user)}
    return render(request, "account/two_factor_disable.html", context)
