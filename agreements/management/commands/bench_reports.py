"""Benchmark the PDF reports: seconds, pages, seconds per page, and where the time goes.

The yearly report and the LKPJ material of last year are in it too, and the yearly
report's XLSX (its sheets count as pages).

Runs on the current database (the demo data, or seed_large data at some scale);
prints figures, asserts nothing. Run it once per data set, e.g.:

    python manage.py bench_reports
    DATABASE_URL=postgres://…/large python manage.py bench_reports --repeat 3
"""

import importlib
import time
from datetime import date

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement, FollowUpTask, WorkUnit
from agreements.reports import yearly
from agreements.reports.builders import ReportFilters
from agreements.reports.render import render_pdf
from agreements.services.reports import PortfolioReader, report_context


class Command(BaseCommand):
    help = "Render each report and print time, pages, time per page, gathering vs WeasyPrint."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="Runs per report (median).")

    def handle(self, *args, repeat=3, **options):
        # render_pdf imports WeasyPrint on first use; load it before the clock runs, or the
        # first run counts half a second that is neither gathering, html nor pdf.
        importlib.import_module("weasyprint")
        today = timezone.localdate()
        filters = ReportFilters(start=date(today.year, 1, 1), end=today)
        reader = PortfolioReader()
        # The largest agreement and work unit: the slowest reports of their kind.
        agreement = (
            Agreement.objects.annotate(n=Count("commitments__tasks")).order_by("-n", "pk").first()
        )
        unit = WorkUnit.objects.annotate(n=Count("tasks")).order_by("-n", "pk").first()
        self.stdout.write(
            f"data: {Agreement.objects.count()} agreements, "
            f"{FollowUpTask.objects.count()} tasks ({connection.vendor})"
        )
        self.stdout.write(
            f"{'report':<11}{'seconds':>9}{'pages':>7}{'s/page':>8}"
            f"{'gather':>8}{'html':>7}{'pdf':>7}{'queries':>9}"
        )
        year = today.year - 1  # the reports owed upward are made in January of last year

        def build(kind, extra):
            if kind == "yearly":
                return yearly.yearly_context(user=reader, year=year, today=today)
            if kind == "lkpj":
                return yearly.lkpj_context(user=reader, year=year, today=today)
            return report_context(user=reader, kind=kind, filters=filters, **extra)

        for kind, extra in (
            ("portfolio", {}),
            ("agreement", {"agreement": agreement}),
            ("work_unit", {"work_unit": unit}),
            ("yearly", {}),
            ("lkpj", {}),
        ):
            if any(value is None for value in extra.values()):
                continue
            runs = []
            for _ in range(repeat):
                reset_queries()
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    context = build(kind, extra)
                gathered = time.perf_counter() - started
                rendered = render_pdf(context)
                total = time.perf_counter() - started
                runs.append((total, gathered, rendered, len(queries)))
            total, gathered, rendered, count = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
            self.stdout.write(
                f"{kind:<11}{total:>9.2f}{rendered.pages:>7}{total / rendered.pages:>8.3f}"
                f"{gathered / total:>8.0%}{rendered.html_seconds / total:>7.0%}"
                f"{rendered.pdf_seconds / total:>7.0%}{count:>9}"
            )
        # The yearly report's XLSX: its "pages" are its sheets, its "pdf" share openpyxl's.
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                context = build("yearly", {})
            gathered = time.perf_counter() - started
            workbook = yearly.yearly_workbook(context)
            total = time.perf_counter() - started
            runs.append((total, gathered, len(workbook), len(queries)))
        total, gathered, _size, count = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
        sheets = 5
        self.stdout.write(
            f"{'yearly_xlsx':<11}{total:>9.2f}{sheets:>7}{total / sheets:>8.3f}"
            f"{gathered / total:>8.0%}{0:>7.0%}{(total - gathered) / total:>7.0%}{count:>9}"
        )
        self.stdout.write(
            f"median of {repeat} runs; gather = queries and Python, html = templates, "
            f"pdf = WeasyPrint (yearly_xlsx: pages = sheets, pdf = openpyxl); year {year}"
        )
