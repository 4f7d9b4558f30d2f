"""Two-factor authentication: an authenticator app (TOTP) and ten backup codes per user.

The devices are django-otp's: a ``TOTPDevice`` (unconfirmed until the user types a first
code) and a ``StaticDevice`` holding the backup codes, each consumed when used. Wrong
codes are counted by django-otp's throttling on the device (an exponential wait after
each failure); a verification never raises inside its transaction, so that the count
survives a refusal.
"""

import logging

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
# Stored in English (the admin lists them); the portal shows its own translated labels.
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"

log = logging.getLogger("agreements.two_factor")


class TwoFactorCodeError(Exception):
    """A code was refused; the message says why, in the user's language."""


def normalise_code(code: str) -> str:
    """What people type: spaces and hyphens anywhere, capitals in a backup code."""
    return "".join(code.split()).replace("-", "").lower()


def _is_app_code(code: str) -> bool:
    return code.isdigit() and len(code) == 6


def _wrong_code_message() -> str:
    return _("The code is wrong or has expired. Check the time on your phone and try again.")


def _throttle_message(extra) -> str:
    until = (extra or {}).get("locked_until")
    if until is None:
        return _("Checking codes is paused for a moment. Try again shortly.")
    moment = formats.time_format(timezone.localtime(until), "H:i:s")
    return _("Too many wrong codes. Wait until %(time)s WITA, then try again.") % {"time": moment}


def _check(device, code: str) -> str | None:
    """None when the device accepts the code, else why not. Call inside a transaction with
    the device locked; a failure is counted on the device."""
    allowed, extra = device.verify_is_allowed()
    if not allowed:
        return _throttle_message(extra)
    if device.verify_token(code):
        return None
    return _wrong_code_message()


def _device_for(user, code: str):
    """The confirmed device that this kind of code belongs to, locked for the check."""
    model = TOTPDevice if _is_app_code(code) else StaticDevice
    return model.objects.select_for_update().filter(user=user, confirmed=True).first()


def _verified_device(user, code: str):
    """(device, None) when one of the user's devices accepts the code, else (None, reason)."""
    device = _device_for(user, code)
    if device is None:
        return None, _wrong_code_message()
    error = _check(device, code)
    return (None, error) if error else (device, None)


# Not atomic as a whole (nor enrol_confirm, disable): the refusal is raised after the
# transaction, so that the failure counted on the device is kept.
def two_factor_verify(*, user, code: str):
    """The device that accepts this app code or backup code (a backup code is used up)."""
    with transaction.atomic():
        device, error = _verified_device(user, normalise_code(code))
    if error:
        log.warning("two-factor code refused for user %s", user.pk)
        raise TwoFactorCodeError(error)
    return device


@transaction.atomic
def two_factor_enrol_start(*, user) -> TOTPDevice:
    """A fresh, unconfirmed app device with a new secret; any earlier unfinished set-up ends."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def two_factor_enrol_confirm(*, user, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the set-up with a first code from the app: the device is confirmed and ten
    backup codes are made. Returns the device and the codes (to show once)."""
    code = normalise_code(code)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None:
            error = _("The set-up was not started or was replaced: start it again.")
        elif not _is_app_code(code):
            error = _("Enter the 6-digit code that the app shows.")
        else:
            error = _check(device, code)
        if error is None:
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            # "Since when" on the profile is the moment it was switched on.
            device.created_at = timezone.now()
            device.save(update_fields=["confirmed", "created_at"])
            codes = _replace_backup_codes(user)
    if error:
        raise TwoFactorCodeError(error)
    log.info("two-factor authentication turned on for user %s", user.pk)
    return device, codes


def _replace_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < BACKUP_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in codes)
    return codes


@transaction.atomic
def backup_codes_replace(*, user) -> list[str]:
    """Ten new backup codes; the earlier ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise TwoFactorCodeError(_("Two-factor authentication is not turned on."))
    codes = _replace_backup_codes(user)
    log.info("backup codes replaced for user %s", user.pk)
    return codes


def two_factor_disable(*, user, code: str) -> None:
    """Turn two-factor authentication off, proven by a current app code or a backup code."""
    with transaction.atomic():
        device, error = _verified_device(user, normalise_code(code))
        if device is not None:
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
    if error:
        raise TwoFactorCodeError(error)
    log.info("two-factor authentication turned off for user %s", user.pk)
