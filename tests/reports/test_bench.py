"""``bench_reports`` prints, for each report, seconds, pages, seconds per page and where
the time went. One run of one repeat, on one small agreement: it measures, asserts
nothing, so the test only checks that its table reads."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from ..clock import days
from ..followup.conftest import CommitmentFactory, TaskFactory

HEADER = re.compile(r"report\s+seconds\s+pages\s+s/page\s+gather\s+html\s+pdf\s+queries")
ROW = re.compile(
    r"(?P<report>portfolio|agreement|work_unit)\s+(?P<seconds>\d+\.\d{2})\s+(?P<pages>\d+)"
    r"\s+(?P<per_page>\d+\.\d{3})\s+(?P<gather>\d+)%\s+(?P<html>\d+)%\s+(?P<pdf>\d+)%"
    r"\s+(?P<queries>\d+)"
)


@pytest.fixture
def bench(biro, agreement, unit) -> list[str]:
    commitment = CommitmentFactory(agreement=agreement, actor=biro, lead_unit=unit)
    TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit, due_date=days(-3))
    out = StringIO()
    call_command("bench_reports", "--repeat", "1", stdout=out)
    return out.getvalue().splitlines()


def test_it_prints_a_line_per_report_with_seconds_pages_and_shares(bench):
    rows = [ROW.fullmatch(line) for line in bench if ROW.fullmatch(line)]

    assert bench[0].startswith("data: 1 agreements")
    assert HEADER.fullmatch(bench[1])
    assert [row["report"] for row in rows] == ["portfolio", "agreement", "work_unit"]
    for row in rows:
        seconds, pages = float(row["seconds"]), int(row["pages"])
        assert seconds > 0
        assert pages > 0
        assert float(row["per_page"]) == pytest.approx(seconds / pages, abs=0.01)
        assert 95 <= int(row["gather"]) + int(row["html"]) + int(row["pdf"]) <= 102
        assert int(row["queries"]) > 0
    assert bench[-1].startswith("median of 1 runs")
