"""The reports owed upward as files, and their archive: one current per year and kind.

Copied from the monthly snapshot archive (services/reports.py): a replaced report keeps
its row and its files, marked with when and by which report it was replaced; the
conditional unique constraint keeps one current per year and kind even if two saves race.
"""

from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import YearlyReport
from ..models.reports import YearlyReportKind
from ..reports import yearly
from . import reports as monthly
from .reports import PortfolioReader, archive_as_current

FIRST_YEAR = 2000


class YearlyReportError(Exception):
    """A report that cannot be made (a year in the future): nothing is saved."""


class YearlyReportExists(Exception):
    """That year's report of that kind is archived; replacing it must be asked for."""

    def __init__(self, report):
        super().__init__(f"The {report.kind} of {report.year} is archived.")
        self.report = report


@dataclass(frozen=True)
class YearlyFiles:
    pdf: bytes
    pages: int
    xlsx: bytes | None
    context: dict


def filename(kind: str, year: int, extension: str) -> str:
    name = {
        YearlyReportKind.REPORT: "laporan-kerja-sama-luar-negeri",
        YearlyReportKind.LKPJ: "bahan-lkpj-kerja-sama-luar-negeri",
    }[kind]
    return f"{name}-{year}.{extension}"


def check_year(year: int, today: date) -> None:
    if not FIRST_YEAR <= year <= today.year:
        raise YearlyReportError(
            _("A yearly report can be made of a year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": today.year}
        )


def yearly_build(*, user, kind: str, year: int, today: date | None = None, xlsx=True):
    """The report's files, built for ``user`` (the archive builds as a reader of everything)."""
    today = today or timezone.localdate()
    check_year(year, today)
    if kind == YearlyReportKind.LKPJ:
        context = yearly.lkpj_context(user=user, year=year, today=today)
        spreadsheet = None
    else:
        context = yearly.yearly_context(user=user, year=year, today=today)
        spreadsheet = yearly.yearly_workbook(context) if xlsx else None
    # Through the monthly archive's renderer: one place where reports become PDF.
    rendered = monthly.render_pdf(context)
    return YearlyFiles(pdf=rendered.pdf, pages=rendered.pages, xlsx=spreadsheet, context=context)


def yearly_report_save(
    *, year: int, kind: str, actor=None, replace: bool = False, today: date | None = None
) -> tuple[YearlyReport, YearlyReport | None]:
    """Archive the ``kind`` report of ``year`` as it stands today (at most 31 December).

    Returns the new report and the one it replaced, if any. Refused (YearlyReportExists,
    nothing saved) when that year's report is archived and ``replace`` is not given.
    """
    today = today or timezone.localdate()
    if kind not in YearlyReportKind.values:
        raise YearlyReportError(_("Unknown kind of yearly report."))
    check_year(year, today)
    current = YearlyReport.objects.filter(year=year, kind=kind, replaced_at__isnull=True)
    existing = current.first()
    if existing and not replace:
        raise YearlyReportExists(existing)  # before rendering: skipping costs nothing
    files = yearly_build(user=PortfolioReader(), kind=kind, year=year, today=today)
    report = YearlyReport(
        year=year,
        kind=kind,
        as_of=min(today, date(year, 12, 31)),
        pages=files.pages,
        size=len(files.pdf),
        created_by=actor,
    )
    # The files are written first (unique names: earlier files stay as they are) and
    # removed again if the row cannot be saved.
    report.file.save(filename(kind, year, "pdf"), ContentFile(files.pdf), save=False)
    if files.xlsx is not None:
        report.spreadsheet.save(filename(kind, year, "xlsx"), ContentFile(files.xlsx), save=False)

    def discard():
        report.file.delete(save=False)
        if report.spreadsheet:
            report.spreadsheet.delete(save=False)

    existing = archive_as_current(
        record=report, current=current, replace=replace, exists=YearlyReportExists, discard=discard
    )
    return report, existing
