"""The archive of the reports owed upward: one current per year and kind; replacing after
a confirmation keeps the old one; Bureau staff archive, Leadership downloads only."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from agreements.models import YearlyReport, YearlyReportKind
from agreements.services.reports_yearly import (
    YearlyReportError,
    YearlyReportExists,
    yearly_report_save,
)

from ..conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stub_weasyprint")]


def archive(user, **data):
    return client_for(user).post(
        reverse("agreements:reports_yearly_archive"), {"year": 2025, "kind": "report", **data}
    )


def test_bureau_staff_archive_the_report_with_its_spreadsheet(world):
    response = archive(world.biro)

    assert response.status_code == 302
    assert response["Location"] == "/reports/yearly/?year=2025"
    report = YearlyReport.objects.get()
    assert (report.year, report.kind, report.created_by) == (2025, "report", world.biro)
    assert report.as_of.isoformat() == "2025-12-31"
    assert report.file.read().startswith(b"%PDF")
    assert report.spreadsheet.read().startswith(b"PK")  # a zip: XLSX


def test_archiving_again_asks_then_replacing_keeps_the_old_one(world):
    archive(world.biro)
    first = YearlyReport.objects.get()

    asked = archive(world.biro)
    assert asked.status_code == 200
    assert b'name="confirm" value="replace"' in asked.content
    assert YearlyReport.objects.count() == 1

    archive(world.biro, confirm="replace")
    first.refresh_from_db()
    current = YearlyReport.objects.get(replaced_at__isnull=True)
    assert first.replaced_by == current and first.replaced_at is not None
    assert YearlyReport.objects.count() == 2
    assert first.file.read().startswith(b"%PDF")  # the old file stays


def test_one_current_per_year_and_kind(world):
    yearly_report_save(year=2025, kind=YearlyReportKind.REPORT)
    lkpj, replaced = yearly_report_save(year=2025, kind=YearlyReportKind.LKPJ)

    assert replaced is None and not lkpj.spreadsheet
    with pytest.raises(YearlyReportExists):
        yearly_report_save(year=2025, kind=YearlyReportKind.REPORT)
    assert YearlyReport.objects.filter(replaced_at__isnull=True).count() == 2


def test_a_future_year_is_refused_and_nothing_saved(world):
    with pytest.raises(YearlyReportError):
        yearly_report_save(year=2027, kind=YearlyReportKind.REPORT)
    assert not YearlyReport.objects.exists()


@pytest.mark.parametrize("role", ["leader", "officer"])
def test_leadership_and_officers_may_not_archive(world, role):
    assert archive(getattr(world, role)).status_code == 403
    assert not YearlyReport.objects.exists()


def test_an_invalid_kind_is_a_clear_error(world):
    response = archive(world.biro, kind="budget")

    assert response.status_code == 400
    assert not YearlyReport.objects.exists()


def test_leadership_downloads_the_archived_files_officers_do_not(world):
    report, _ = yearly_report_save(year=2025, kind=YearlyReportKind.REPORT)
    pdf = reverse("agreements:reports_yearly_download", args=[report.pk, "pdf"])
    xlsx = reverse("agreements:reports_yearly_download", args=[report.pk, "xlsx"])

    response = client_for(world.leader).get(pdf)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(world.leader).get(xlsx).status_code == 200
    assert client_for(world.officer).get(pdf).status_code == 403
    assert client_for(world.leader).get(pdf.replace("/pdf/", "/doc/")).status_code == 404


def test_the_january_job_archives_both_kinds_and_skips_what_is_archived(world):
    out = StringIO()
    call_command("archive_yearly_report", "--year", "2025", stdout=out)
    assert YearlyReport.objects.filter(year=2025).count() == 2

    call_command("archive_yearly_report", "--year", "2025", stdout=out)
    assert "skipped" in out.getvalue()
    assert YearlyReport.objects.count() == 2

    call_command(
        "archive_yearly_report", "--year", "2025", "--kind", "lkpj", "--replace", stdout=out
    )
    assert YearlyReport.objects.count() == 3
    with pytest.raises(CommandError):
        call_command("archive_yearly_report", "--year", "2030", stdout=out)
