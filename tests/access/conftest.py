"""Fixtures of the access tests.

``access_world`` (the URL × role matrix's world) comes from ``matrix.py`` through
tests/conftest.py; WeasyPrint can be stubbed out as in the report tests.
"""

from ..reports.conftest import stub_weasyprint

__all__ = ["stub_weasyprint"]
