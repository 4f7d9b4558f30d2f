"""The calendar token: made and revoked by its owner."""

import secrets

from django.db import transaction


@transaction.atomic
def calendar_token_reset(*, user) -> str:
    """A new secret; the previous address stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


@transaction.atomic
def calendar_token_revoke(*, user) -> None:
    user.calendar_token = None
    user.save(update_fields=["calendar_token"])
