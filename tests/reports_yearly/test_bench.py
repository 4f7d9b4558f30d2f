"""``bench_reports`` also times the yearly report and the LKPJ material (PDF) and the
yearly report's XLSX, printed like the other reports."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ROW = re.compile(
    r"(?P<report>yearly|lkpj|yearly_xlsx)\s+(?P<seconds>\d+\.\d{2})\s+(?P<pages>\d+)"
    r"\s+(?P<per_page>\d+\.\d{3})\s+(?P<gather>\d+)%\s+(?P<html>\d+)%\s+(?P<pdf>\d+)%"
    r"\s+(?P<queries>\d+)"
)


def test_it_prints_the_yearly_reports_like_the_others(world):
    out = StringIO()
    call_command("bench_reports", "--repeat", "1", stdout=out)
    lines = out.getvalue().splitlines()

    rows = {m["report"]: m for m in map(ROW.fullmatch, lines) if m}
    assert list(rows) == ["yearly", "lkpj", "yearly_xlsx"]
    for row in rows.values():
        assert float(row["seconds"]) > 0 and int(row["pages"]) > 0
        assert int(row["queries"]) > 0
    assert int(rows["yearly_xlsx"]["pages"]) == 5  # its sheets
    assert lines[-1].startswith("median of 1 runs") and lines[-1].endswith("year 2025")
