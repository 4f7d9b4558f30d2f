"""The archive of monthly portfolio snapshots: one per month, replaced only when asked,
from the portal (after a confirmation) or from cron (``generate_report --replace``).

These tests render real PDFs, of one small agreement: few of them, and small.
"""

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from agreements.models import ReportSnapshot

from ..followup.conftest import client_as

NOVEMBER, OCTOBER = date(2026, 11, 1), date(2026, 10, 1)
EARLIER = b"%PDF-1.7\n% the earlier snapshot\n%%EOF\n"


def archived(month: date, as_of: date, content: bytes = EARLIER) -> ReportSnapshot:
    """A snapshot saved earlier, with a file of its own."""
    snapshot = ReportSnapshot(month=month, as_of=as_of, pages=1, size=len(content))
    snapshot.file.save(f"laporan-status-kerja-sama-{month:%Y-%m}.pdf", ContentFile(content))
    return snapshot


def read(snapshot: ReportSnapshot) -> bytes:
    with snapshot.file.open("rb") as handle:
        return handle.read()


def pages(content: bytes) -> int:
    return len(PdfReader(BytesIO(content)).pages)


def generate(*args) -> str:
    out = StringIO()
    call_command("generate_report", *args, stdout=out)
    return out.getvalue()


# --- from the portal ----------------------------------------------------------------------


def test_it_asks_before_replacing_the_snapshot_of_the_month(leader, agreement):
    client = client_as(leader)
    client.post(reverse("agreements:snapshot_create"))
    first = ReportSnapshot.objects.get()
    content = read(first)

    response = client.post(reverse("agreements:snapshot_create"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ganti arsip laporan?" in page
    assert 'name="confirm" value="replace"' in page
    snapshot = ReportSnapshot.objects.get()
    assert (snapshot.pk, snapshot.file.name, snapshot.created_at) == (
        first.pk,
        first.file.name,
        first.created_at,
    )
    assert read(snapshot) == content


def test_it_replaces_the_snapshot_when_confirmed(leader, agreement):
    earlier = archived(NOVEMBER, as_of=date(2026, 11, 20))
    storage = earlier.file.storage

    response = client_as(leader).post(reverse("agreements:snapshot_create"), {"confirm": "replace"})

    snapshot = ReportSnapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:reports")
    assert snapshot.pk == earlier.pk
    assert snapshot.as_of == date(2026, 11, 27)
    assert snapshot.created_by == leader
    assert not storage.exists(earlier.file.name)
    content = read(snapshot)
    assert content.startswith(b"%PDF-")
    assert (snapshot.size, snapshot.pages) == (len(content), pages(content))


def test_it_tells_leadership_the_snapshot_was_saved(leader, agreement):
    response = client_as(leader).post(reverse("agreements:snapshot_create"), follow=True)

    assert response.status_code == 200
    assert "Arsip laporan bulan ini telah disimpan." in response.content.decode()
    assert ReportSnapshot.objects.filter(month=NOVEMBER).exists()


def test_it_lists_the_archived_snapshots_on_the_reports_page(leader):
    october = archived(OCTOBER, as_of=date(2026, 10, 31))

    response = client_as(leader).get(reverse("agreements:reports"))

    page = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["snapshots"]) == [october]
    assert october.get_absolute_url() in page
    assert "Oktober 2026" in page


def test_it_keeps_one_snapshot_per_month_in_the_database(db, media_root):
    archived(OCTOBER, as_of=date(2026, 10, 31))

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportSnapshot.objects.create(
            month=OCTOBER, as_of=date(2026, 10, 15), file="reports/other.pdf", pages=1, size=1
        )

    assert ReportSnapshot.objects.filter(month=OCTOBER).count() == 1


# --- from cron ----------------------------------------------------------------------------


def test_it_archives_a_past_month_as_of_its_last_day(agreement):
    out = generate("--month", "2026-10")

    snapshot = ReportSnapshot.objects.get()
    content = read(snapshot)
    assert (snapshot.month, snapshot.as_of, snapshot.created_by) == (
        OCTOBER,
        date(2026, 10, 31),
        None,
    )
    assert out.startswith("saved: 2026-10 as of 2026-10-31")
    assert pages(content) == snapshot.pages > 0
    assert "Status per 31 Oktober 2026" in " ".join(
        page.extract_text() for page in PdfReader(BytesIO(content)).pages
    )


def test_it_skips_a_month_already_archived(agreement):
    generate("--month", "2026-10")
    first = ReportSnapshot.objects.get()
    content = read(first)

    out = generate("--month", "2026-10")

    snapshot = ReportSnapshot.objects.get()
    assert out.startswith("skipped: 2026-10 is already archived")
    assert (snapshot.pk, snapshot.file.name, snapshot.as_of, snapshot.created_at) == (
        first.pk,
        first.file.name,
        first.as_of,
        first.created_at,
    )
    assert read(snapshot) == content


def test_it_makes_the_month_again_when_told_to_replace(agreement):
    earlier = archived(OCTOBER, as_of=date(2026, 10, 20))
    storage = earlier.file.storage

    out = generate("--month", "2026-10", "--replace")

    snapshot = ReportSnapshot.objects.get()
    assert out.startswith("replaced: 2026-10 as of 2026-10-31")
    assert snapshot.pk == earlier.pk
    assert snapshot.as_of == date(2026, 10, 31)
    assert not storage.exists(earlier.file.name)
    assert read(snapshot).startswith(b"%PDF-")


def test_it_archives_the_current_month_as_of_today(agreement):
    out = generate("--month", "2026-11")

    snapshot = ReportSnapshot.objects.get()
    assert (snapshot.month, snapshot.as_of) == (NOVEMBER, date(2026, 11, 27))
    assert out.startswith("saved: 2026-11 as of 2026-11-27")


@pytest.mark.parametrize("month", ["2026-13", "2026/10", "Oktober", "2026-10-01", "2027-01"])
def test_it_refuses_a_bad_month(db, media_root, month):
    with pytest.raises(CommandError, match="--month"):
        generate("--month", month)

    assert not ReportSnapshot.objects.exists()
    assert not (media_root / "reports").exists()
