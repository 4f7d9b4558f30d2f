"""What the URL × role matrix (tests/access/matrix.py) needs of the yearly reports: the
query and POST of its rows, the archived report its download rows point at, and the
models whose records a refused write must leave as they were."""

from datetime import date

from django.core.files.base import ContentFile

from agreements.models import YearlyReport

YEARLY_MODELS = [YearlyReport]


def yearly_query(w):
    return {"year": 2025}


def yearly_archive_post(w):
    return {"year": 2025, "kind": "report"}


def archived_yearly_report(w) -> int:
    """The pk of the 2025 yearly report in the archive (made on first use)."""
    report = YearlyReport.objects.filter(year=2025, kind="report").first()
    if report is None:
        content = b"%PDF-1.7\n% archived yearly report\n%%EOF\n"
        report = YearlyReport(
            year=2025, kind="report", as_of=date(2025, 12, 31), pages=1, size=len(content)
        )
        report.file.save("laporan-kerja-sama-luar-negeri-2025.pdf", ContentFile(content), False)
        report.spreadsheet.save(
            "laporan-kerja-sama-luar-negeri-2025.xlsx", ContentFile(b"PK\x03\x04"), False
        )
        report.save()
    return report.pk
