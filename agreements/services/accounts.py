"""Writes on one's own account: the profile, "log out everywhere", sign-in records.

Every role manages their own account, Leadership included: "changes no record" is
about the domain's records. Passwords are changed and reset through Django's own views.
"""

import ipaddress
import secrets

from django.db import transaction

from ..models import SignInRecord, User
from ..models.notifications import events_for_role
from ..models.security import USER_AGENT_MAX_LENGTH


@transaction.atomic
def account_update_profile(
    *, actor: User, first_name: str, last_name: str, email: str, phone: str, mail_events
) -> User:
    """The actor's own name, e-mail address (the address password resets go to), phone,
    and which notification events also come by e-mail (``mail_events``)."""
    actor.first_name = first_name.strip()
    actor.last_name = last_name.strip()
    actor.email = User.objects.normalize_email(email.strip())
    actor.phone = phone.strip()
    # Only the events offered to the actor's role change; a choice made under another role
    # (before a transfer) is kept for when it applies again.
    offered = {event for event, _label in events_for_role(actor.role)}
    kept = set(actor.muted_mail_events or []) - offered
    actor.muted_mail_events = sorted(kept | (offered - set(mail_events)))
    actor.save(update_fields=["first_name", "last_name", "email", "phone", "muted_mail_events"])
    return actor


@transaction.atomic
def account_logout_everywhere(*, actor: User) -> User:
    """End every session of the actor: a new session stamp changes the auth hash that
    Django checks on each request, so every existing session stops matching.

    The caller keeps its own session with ``update_session_auth_hash``."""
    actor.session_stamp = secrets.token_hex(16)
    actor.save(update_fields=["session_stamp"])
    return actor


@transaction.atomic
def sign_in_record_add(*, user: User, ip: str, user_agent: str, outcome: str) -> SignInRecord:
    """Keep one login or failed login; an address that is not an IP is stored as none."""
    try:
        address = str(ipaddress.ip_address(ip.strip())) if ip else None
    except ValueError:
        address = None
    return SignInRecord.objects.create(
        user=user, ip=address, user_agent=user_agent[:USER_AGENT_MAX_LENGTH], outcome=outcome
    )
