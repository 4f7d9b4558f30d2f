"""Archive the reports owed upward of a year (the January job):

    python manage.py archive_yearly_report --year 2025 [--kind report|lkpj] [--replace]

Both kinds by default: the yearly report (PDF and XLSX) and the LKPJ material (PDF).
A year already archived is skipped unless --replace; the earlier one is kept, marked
replaced.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agreements.models import YearlyReportKind
from agreements.services.reports_yearly import (
    YearlyReportError,
    YearlyReportExists,
    yearly_report_save,
)


class Command(BaseCommand):
    help = (
        "Archive the yearly report on regional foreign cooperation and the LKPJ material "
        "of a year; skips what is already archived unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="The year reported on; default last year (the job runs in January).",
        )
        parser.add_argument(
            "--kind", choices=YearlyReportKind.values, default=None, help="One kind only."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the archived report; the earlier one is kept, marked replaced.",
        )

    def handle(self, *args, year=None, kind=None, replace=False, **options):
        year = year or timezone.localdate().year - 1
        kinds = [kind] if kind else list(YearlyReportKind.values)
        for chosen in kinds:
            label = YearlyReportKind(chosen).label
            try:
                report, replaced = yearly_report_save(year=year, kind=chosen, replace=replace)
            except YearlyReportExists as exists:
                self.stdout.write(
                    f"{label} {year}: already archived (as of {exists.report.as_of:%Y-%m-%d}); "
                    "skipped. Use --replace to replace it."
                )
                continue
            except YearlyReportError as error:
                raise CommandError(str(error)) from None
            note = " (the earlier one is kept, marked replaced)" if replaced else ""
            self.stdout.write(
                self.style.SUCCESS(
                    f"{label} {year}: archived as of {report.as_of:%Y-%m-%d}, "
                    f"{report.pages} pages{note}."
                )
            )
