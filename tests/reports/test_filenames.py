"""The date in generated file names: the long date of the active language, slugified
("laporan-status-kerja-sama-23-november-2026.pdf"), one helper for every download."""

from datetime import date

import pytest
from django.utils import translation

from agreements.formatting import filename_date


@pytest.mark.parametrize(
    ("language", "value", "format", "expected"),
    [
        ("id", date(2026, 11, 23), "j F Y", "23-november-2026"),
        ("id", date(2026, 8, 17), "j F Y", "17-agustus-2026"),
        ("en", date(2026, 8, 17), "j F Y", "17-august-2026"),
        ("id", date(2026, 2, 1), "j F Y", "1-februari-2026"),
        ("id", date(2026, 10, 1), "F Y", "oktober-2026"),
    ],
)
def test_it_writes_the_long_date_of_the_active_language_as_a_slug(
    language, value, format, expected
):
    with translation.override(language):
        assert filename_date(value, format) == expected
