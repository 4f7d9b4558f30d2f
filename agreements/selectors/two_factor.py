"""What the profile shows about a user's two-factor authentication."""

from dataclasses import dataclass
from datetime import datetime

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..access import two_factor_required


@dataclass(frozen=True)
class TwoFactorStatus:
    enabled: bool
    since: datetime | None
    backup_codes_left: int
    required: bool
    setup_pending: bool


def two_factor_status(*, user) -> TwoFactorStatus:
    devices = list(TOTPDevice.objects.filter(user=user).only("confirmed", "created_at"))
    confirmed = next((device for device in devices if device.confirmed), None)
    left = (
        StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
        if confirmed
        else 0
    )
    return TwoFactorStatus(
        enabled=confirmed is not None,
        since=confirmed.created_at if confirmed else None,
        backup_codes_left=left,
        required=two_factor_required(user),
        setup_pending=confirmed is None and bool(devices),
    )


def pending_app_device(*, user) -> TOTPDevice | None:
    """The app device of a set-up that was started but not yet confirmed."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
