"""The tests' one clock: Friday 27 November 2026, 10:00 WITA.

Dates in the tests are written relative to ``TODAY``; the ``clock`` fixture (tests/conftest.py)
freezes time at ``NOW``, for every test of the packages that need it and for any test asking.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=WITA)
TODAY = NOW.date()


def days(n: int) -> date:
    """The day ``n`` days from TODAY (negative: in the past)."""
    return TODAY + timedelta(days=n)
