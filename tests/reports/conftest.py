"""Fixtures of the PDF report tests.

The clock is frozen at Friday 27 November 2026, 10:00 WITA (``NOW``/``TODAY``, as in
tests/followup) for every test here, and for the session's demo downloads.

- ``demo``: the three reports of the demo data (``seed_demo``), downloaded ONCE per test
  session through the real views as ``pimpinan`` (WeasyPrint costs about a second per
  report), with the figures of the dashboard and of the database they must match. The
  demo is loaded inside a transaction that is rolled back before the fixture returns, so
  no other test sees it: only bytes, texts and numbers are kept.
- ``stub_weasyprint``: WeasyPrint replaced by a stub that still renders the report's HTML,
  for the tests about who may download what; it records the reports "printed".
- ``report_url(kind, **choices)``: the download URL of a report over ``PERIOD``.

Helpers ``pdftotext``, ``pdffonts``, ``squeeze`` and ``summary_figures`` read PDFs the way
a reader would, with poppler-utils.
"""

import re
import subprocess
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Min, Sum
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from agreements import health
from agreements.formatting import rupiah
from agreements.models import (
    Agreement,
    BudgetLine,
    CoordinationRequest,
    FollowUpTask,
    User,
    WorkUnit,
)
from agreements.reports.render import RenderedReport, render_html
from agreements.services import reports as report_services
from agreements.views import reports as report_views

from ..clock import NOW, TODAY

PERIOD = {"start": "2026-01-01", "end": "2026-11-27"}
ZHEJIANG = "Sister Province NTB – Zhejiang"
TRANSPORT_UNIT = "Dinas Perhubungan"
KINDS = ["portfolio", "agreement", "work_unit"]
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The portal's own database, before pytest-django points the connection at the test one.
PORTAL_DATABASE = str(settings.DATABASES["default"]["NAME"])


# --- reading PDFs -------------------------------------------------------------------------


def pdftotext(path: Path) -> str:
    """The text of a PDF as ``pdftotext -layout`` gives it: lines and columns kept."""
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return done.stdout


@dataclass(frozen=True)
class Font:
    name: str
    embedded: bool


def pdffonts(path: Path) -> list[Font]:
    """The fonts ``pdffonts`` lists; the columns are counted from the right, since the
    type column ("CID Type 0C (OT)") holds spaces."""
    lines = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    fonts = []
    for line in lines[2:]:  # a header and a rule
        name, *_, emb, _sub, _uni, _number, _generation = line.split()
        fonts.append(Font(name=name, embedded=emb == "yes"))
    return fonts


def squeeze(text: str) -> str:
    """Every run of whitespace as one space, so that phrases can be found across columns
    and wrapped lines."""
    return " ".join(text.split())


def summary_figures(text: str) -> dict:
    """The four big numbers of the portfolio's executive summary, by what they count.

    In the layout text they stand on one line of numbers only, with their labels below,
    left to right: overdue tasks, late requests, unfunded commitments, files held past
    their guideline before the signing.
    """
    lines = text.splitlines()
    for index, line in enumerate(lines):
        numbers = re.fullmatch(r"\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*", line)
        if not numbers:
            continue
        labels = lines[index + 1]
        with translation.override("id"):
            delayed = translation.gettext("files held past the guideline").split()[0]
        order = [labels.find(s) for s in ("tindak lanjut", "permintaan", "komitmen", delayed)]
        assert -1 not in order and order == sorted(order), f"unexpected labels: {labels!r}"
        overdue, late, unfunded, delayed = (int(n) for n in numbers.groups())
        return {"overdue": overdue, "late": late, "unfunded": unfunded, "delayed": delayed}
    raise AssertionError("no line of summary figures in the report")


# --- the demo, downloaded once per session ------------------------------------------------


@dataclass(frozen=True)
class Download:
    """One PDF as the browser received it, and what poppler reads in it."""

    status: int
    content_type: str
    disposition: str
    pdf: bytes
    text: str
    fonts: list[Font]


@dataclass(frozen=True)
class Demo:
    """The demo's reports and the figures they must show, taken from the same database
    before it was rolled back."""

    downloads: dict  # kind → Download
    dashboard_counts: dict  # the dashboard's items: overdue, late, unfunded, delayed counts
    stalled_sectors: list  # names, in the dashboard's order
    on_track_sectors: list
    overdue_tasks: int  # FollowUpTask rows matching health.overdue_tasks_q(TODAY)
    late_letters: int
    budget_by_sector: dict  # sector name → (requested, allocated) in TODAY's fiscal year
    zhejiang: dict  # overdue tasks, oldest days late, late requests, budget of the year
    transport: dict  # the same for the Dinas Perhubungan


def report_url(kind: str, **choices) -> str:
    return f"{reverse('agreements:report_pdf')}?{urlencode({'report': kind, **PERIOD, **choices})}"


def _overdue(tasks) -> tuple[int, int]:
    late = tasks.filter(health.overdue_tasks_q(TODAY))
    oldest = late.aggregate(oldest=Min("due_date"))["oldest"]
    return late.count(), (TODAY - oldest).days if oldest else 0


def _download(client: Client, url: str, folder: Path, kind: str) -> Download:
    response = client.get(url)
    path = folder / f"{kind}.pdf"
    path.write_bytes(response.content)
    is_pdf = response.content.startswith(b"%PDF")
    return Download(
        status=response.status_code,
        content_type=response["Content-Type"],
        disposition=response.get("Content-Disposition", ""),
        pdf=response.content,
        text=pdftotext(path) if is_pdf else "",
        fonts=pdffonts(path) if is_pdf else [],
    )


def _demo_reports(folder: Path) -> Demo:
    leader = User.objects.get(username="pimpinan")
    zhejiang = Agreement.objects.get(title=ZHEJIANG)
    transport = WorkUnit.objects.get(name=TRANSPORT_UNIT)
    client = Client()
    client.force_login(leader)
    urls = {
        "portfolio": report_url("portfolio"),
        "agreement": report_url("agreement", agreement=zhejiang.pk),
        "work_unit": report_url("work_unit", work_unit=transport.pk),
    }
    downloads = {kind: _download(client, url, folder, kind) for kind, url in urls.items()}

    dashboard = client.get(reverse("agreements:dashboard"))
    assert dashboard.status_code == 200
    items = dashboard.context["items"]
    matrix = dashboard.context["matrix"]
    budget = (
        BudgetLine.objects.filter(fiscal_year=TODAY.year)
        .values("commitment__sector__name")
        .annotate(requested=Sum("amount_requested"), allocated=Sum("amount_allocated"))
    )
    zhejiang_budget = BudgetLine.objects.filter(
        commitment__agreement=zhejiang, fiscal_year=TODAY.year
    ).aggregate(requested=Sum("amount_requested"), allocated=Sum("amount_allocated"))
    zhejiang_overdue, zhejiang_days = _overdue(
        FollowUpTask.objects.filter(commitment__agreement=zhejiang)
    )
    transport_overdue, transport_days = _overdue(
        FollowUpTask.objects.filter(responsible_unit=transport)
    )
    late = CoordinationRequest.objects.filter(health.late_letters_q(TODAY))
    return Demo(
        downloads=downloads,
        dashboard_counts={
            key: items[f"{key}_count"] for key in ("overdue", "late", "unfunded", "delayed")
        },
        stalled_sectors=[row["sector"].name for row in dashboard.context["stalled_sectors"]],
        on_track_sectors=[
            row["sector"].name
            for row in matrix
            if row["assessment"] and row["assessment"].status == health.Status.ON_TRACK
        ],
        overdue_tasks=FollowUpTask.objects.filter(health.overdue_tasks_q(TODAY)).count(),
        late_letters=late.count(),
        budget_by_sector={
            row["commitment__sector__name"]: (row["requested"], row["allocated"]) for row in budget
        },
        zhejiang={
            "overdue": zhejiang_overdue,
            "oldest_days": zhejiang_days,
            "late_letters": late.filter(agreement=zhejiang).count(),
            "requested": rupiah(zhejiang_budget["requested"]),
            "allocated": rupiah(zhejiang_budget["allocated"]),
        },
        transport={
            "overdue": transport_overdue,
            "oldest_days": transport_days,
            "late_letters": late.filter(work_unit=transport).count(),
        },
    )


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Demo:
    """The demo's three reports, downloaded once for the whole session (see the module)."""
    folder = tmp_path_factory.mktemp("demo-reports")
    with django_db_blocker.unblock():
        # pytest-django sets up the test database only for tests marked to use one: the
        # tests reading ``demo`` must carry ``django_db``, or this would be the real one.
        assert str(connection.settings_dict["NAME"]) != PORTAL_DATABASE, "mark the test django_db"
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        override_settings(MEDIA_ROOT=folder / "media", HEALTH={}, PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        call_command("seed_demo", "--force", stdout=StringIO())
        reports = _demo_reports(folder)
        # Nothing of the demo outlives the fixture: other tests start from an empty database.
        transaction.set_rollback(True)
    return reports


# --- every test ---------------------------------------------------------------------------


# --- WeasyPrint stubbed, for the role rules -----------------------------------------------


def stub_pdf(kind: str) -> bytes:
    return b"%PDF-1.7\n% stub of the " + kind.encode() + b" report\n%%EOF\n"


@pytest.fixture
def stub_weasyprint(monkeypatch) -> list:
    """The reports' HTML is still rendered from the real context; only WeasyPrint is left
    out (the ``demo`` fixture renders for real). Returns the kinds of reports printed."""
    printed = []

    def render_pdf(context):
        assert render_html(context)
        printed.append(context["kind"])
        return RenderedReport(pdf=stub_pdf(context["kind"]), pages=1, html_seconds=0, pdf_seconds=0)

    monkeypatch.setattr(report_views, "render_pdf", render_pdf)
    monkeypatch.setattr(report_services, "render_pdf", render_pdf)
    return printed
