"""The archive of monthly portfolio snapshots: one current per month, replaced only when
asked, from the portal (after a confirmation) or from cron (``generate_report --replace``);
a replaced snapshot stays in the archive, row and file, marked "diganti".

These tests render real PDFs, of one small agreement: few of them, and small.
"""

import os
import threading
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from agreements.models import ReportSnapshot
from agreements.services import reports as report_services
from agreements.services.reports import SnapshotExists, snapshot_save

from ..clock import NOW
from ..followup.conftest import client_as

NOVEMBER, OCTOBER = date(2026, 11, 1), date(2026, 10, 1)
EARLIER = b"%PDF-1.7\n% the earlier snapshot\n%%EOF\n"
LATER = b"%PDF-1.7\n% the later snapshot\n%%EOF\n"


def archived(
    month: date, as_of: date, content: bytes = EARLIER, replaces: ReportSnapshot | None = None
) -> ReportSnapshot:
    """A snapshot saved earlier, with a file of its own; it may replace ``replaces``."""
    if replaces is not None:
        ReportSnapshot.objects.filter(pk=replaces.pk).update(replaced_at=NOW)
    snapshot = ReportSnapshot(month=month, as_of=as_of, pages=1, size=len(content))
    snapshot.file.save(f"laporan-status-kerja-sama-{month:%Y-%m}.pdf", ContentFile(content))
    if replaces is not None:
        ReportSnapshot.objects.filter(pk=replaces.pk).update(replaced_by=snapshot)
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


def test_it_replaces_the_snapshot_when_confirmed_and_keeps_the_earlier_one(leader, agreement):
    earlier = archived(NOVEMBER, as_of=date(2026, 11, 20))

    response = client_as(leader).post(reverse("agreements:snapshot_create"), {"confirm": "replace"})

    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:reports")
    snapshot = ReportSnapshot.objects.get(replaced_at__isnull=True)
    assert snapshot.pk != earlier.pk
    assert (snapshot.month, snapshot.as_of, snapshot.created_by) == (
        NOVEMBER,
        date(2026, 11, 27),
        leader,
    )
    content = read(snapshot)
    assert content.startswith(b"%PDF-")
    assert (snapshot.size, snapshot.pages) == (len(content), pages(content))
    kept = ReportSnapshot.objects.get(pk=earlier.pk)
    assert (kept.replaced_at, kept.replaced_by) == (NOW, snapshot)
    assert (kept.file.name, kept.as_of, kept.created_at) == (
        earlier.file.name,
        earlier.as_of,
        earlier.created_at,
    )
    assert kept.file.name != snapshot.file.name
    assert read(kept) == EARLIER
    assert ReportSnapshot.objects.count() == 2


def test_it_tells_leadership_the_earlier_snapshot_stays(leader, agreement):
    archived(NOVEMBER, as_of=date(2026, 11, 20))

    response = client_as(leader).post(
        reverse("agreements:snapshot_create"), {"confirm": "replace"}, follow=True
    )

    assert response.status_code == 200
    assert (
        "Arsip laporan bulan ini telah diganti; arsip sebelumnya tetap tersimpan."
        in response.content.decode()
    )


def test_it_lists_a_replaced_snapshot_marked_diganti_with_its_date(leader):
    earlier = archived(NOVEMBER, as_of=date(2026, 11, 20))
    later = archived(NOVEMBER, as_of=date(2026, 11, 27), content=LATER, replaces=earlier)

    response = client_as(leader).get(reverse("agreements:reports"))

    page = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["snapshots"]) == [later, earlier]
    assert earlier.get_absolute_url() in page and later.get_absolute_url() in page
    assert page.count("diganti pada") == 1
    assert "diganti pada 27 November 2026" in page
    assert 'data-testid="replaced-snapshot"' in page


@pytest.mark.parametrize("role", ["leader", "biro", "administrator"])
def test_it_lets_readers_of_everything_download_a_replaced_snapshot(users, role):
    earlier = archived(NOVEMBER, as_of=date(2026, 11, 20))
    archived(NOVEMBER, as_of=date(2026, 11, 27), content=LATER, replaces=earlier)

    response = client_as(users[role]).get(earlier.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == EARLIER
    assert response["Content-Disposition"] == (
        'attachment; filename="laporan-status-kerja-sama-november-2026-per-20-november-2026.pdf"'
    )


@pytest.mark.parametrize("role", ["officer", "stranger"])
def test_it_hides_a_replaced_snapshot_from_officers(users, role):
    earlier = archived(NOVEMBER, as_of=date(2026, 11, 20))
    archived(NOVEMBER, as_of=date(2026, 11, 27), content=LATER, replaces=earlier)

    response = client_as(users[role]).get(earlier.get_absolute_url())

    assert response.status_code == 404
    assert ReportSnapshot.objects.get(pk=earlier.pk).file.name == earlier.file.name


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


def test_it_keeps_one_current_snapshot_per_month_in_the_database(db, media_root):
    archived(OCTOBER, as_of=date(2026, 10, 31))

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportSnapshot.objects.create(
            month=OCTOBER, as_of=date(2026, 10, 15), file="reports/other.pdf", pages=1, size=1
        )

    assert ReportSnapshot.objects.filter(month=OCTOBER).count() == 1


def test_it_keeps_replaced_snapshots_beside_the_current_one_in_the_database(db, media_root):
    current = archived(OCTOBER, as_of=date(2026, 10, 31))

    replaced = ReportSnapshot.objects.create(
        month=OCTOBER,
        as_of=date(2026, 10, 15),
        file="reports/other.pdf",
        pages=1,
        size=1,
        replaced_at=NOW,
        replaced_by=current,
    )

    assert set(ReportSnapshot.objects.filter(month=OCTOBER)) == {current, replaced}
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportSnapshot.objects.filter(pk=replaced.pk).update(replaced_at=None)


# --- two saves at once --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("REQUIRE_POSTGRES"),
    reason="needs real concurrent transactions (PostgreSQL); SQLite serialises writers",
)
def test_it_keeps_one_current_snapshot_when_two_replacements_run_at_once(
    media_root, stub_weasyprint, monkeypatch
):
    earlier = archived(NOVEMBER, as_of=date(2026, 11, 20))
    # Both saves have seen the same current snapshot before either writes.
    barrier = threading.Barrier(2)
    printed = report_services.render_pdf

    def render_pdf(context):
        barrier.wait(timeout=10)
        return printed(context)

    monkeypatch.setattr(report_services, "render_pdf", render_pdf)
    outcomes = []

    def save():
        try:
            snapshot_save(month=NOVEMBER, replace=True)
            outcomes.append("replaced")
        except SnapshotExists:
            outcomes.append("exists")
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Whether the second replaced the first one's snapshot or was told it exists depends
    # on timing; either way one snapshot is current, each replaced one points at its
    # successor, and every file has its row.
    assert len(outcomes) == 2 and "replaced" in outcomes
    snapshots = list(ReportSnapshot.objects.order_by("pk"))
    assert len(snapshots) == 1 + outcomes.count("replaced")
    assert [s.replaced_at is None for s in snapshots] == [False] * (len(snapshots) - 1) + [True]
    assert [s.replaced_by_id for s in snapshots[:-1]] == [s.pk for s in snapshots[1:]]
    assert snapshots[0] == earlier and read(snapshots[0]) == EARLIER
    files = {p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file()}
    assert files == {snapshot.file.name for snapshot in snapshots}


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


def test_it_makes_the_month_again_when_told_to_replace_and_keeps_the_earlier_one(agreement):
    earlier = archived(OCTOBER, as_of=date(2026, 10, 20))

    out = generate("--month", "2026-10", "--replace")

    snapshot = ReportSnapshot.objects.get(replaced_at__isnull=True)
    kept = ReportSnapshot.objects.get(pk=earlier.pk)
    assert out.startswith("replaced: 2026-10 as of 2026-10-31")
    assert "kept: the earlier snapshot (as of 2026-10-20) stays in the archive" in out
    assert snapshot.pk != earlier.pk
    assert snapshot.as_of == date(2026, 10, 31)
    assert read(snapshot).startswith(b"%PDF-")
    assert (kept.replaced_by, kept.replaced_at) == (snapshot, NOW)
    assert read(kept) == EARLIER


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
