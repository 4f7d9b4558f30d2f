"""Reads for the profile page: the user's own recent logins and the failed attempts."""

from dataclasses import dataclass

from django.db.models import QuerySet

from ..models import SignInOutcome, SignInRecord, User

RECENT_SIGN_INS = 10


@dataclass(frozen=True)
class SignInSummary:
    recent: list[SignInRecord]
    # Failed attempts on the username since the login before the latest one, newest first.
    failures: list[SignInRecord]
    failure_count: int


def _records(user: User) -> QuerySet[SignInRecord]:
    return SignInRecord.objects.filter(user=user)


def sign_in_summary(user: User, limit: int = RECENT_SIGN_INS) -> SignInSummary:
    """The last ``limit`` logins, and the failed attempts since the previous login: those
    made while the user was away are the ones they have not seen yet. Two queries, a
    third to count the failures when there are more than are shown."""
    recent = list(_records(user).filter(outcome=SignInOutcome.SUCCESS)[:limit])
    failures = _records(user).exclude(outcome=SignInOutcome.SUCCESS)
    if len(recent) >= 2:
        failures = failures.filter(at__gt=recent[1].at)
    shown = list(failures[:limit])
    count = len(shown) if len(shown) < limit else failures.count()
    return SignInSummary(recent=recent, failures=shown, failure_count=count)
