"""The three PDF reports of the demo data, as ``pimpinan`` downloads them on Friday
27 November 2026, read back with pypdf and poppler: they hold the demo's figures, match
the dashboard to the number, speak Indonesian and show 浙江省 as glyphs.

Every test here reads the ``demo`` fixture: the reports are rendered once per session.
"""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from agreements.formatting import rupiah

from .conftest import KINDS, ZHEJIANG, squeeze, summary_figures

# The demo lives in the test database: pytest-django sets one up only for marked tests.
pytestmark = pytest.mark.django_db

FILENAMES = {
    "portfolio": "laporan-status-kerja-sama-27-november-2026.pdf",
    "agreement": "laporan-kerja-sama-27-november-2026.pdf",
    "work_unit": "laporan-perangkat-daerah-27-november-2026.pdf",
}
TITLES = {
    "portfolio": "Laporan Status Kerja Sama",
    "agreement": f"Laporan Kerja Sama {ZHEJIANG}",
    "work_unit": "Laporan Perangkat Daerah Dinas Perhubungan",
}
PROVINCE_HEADER = "Pemerintah Provinsi Nusa Tenggara Barat"


def pages_of(download) -> int:
    return len(PdfReader(BytesIO(download.pdf)).pages)


def section(text: str, start: str, end: str | None = None) -> str:
    """The squeezed text from ``start`` (included) up to ``end`` (left out)."""
    words = squeeze(text)
    assert start in words, f"no {start!r} in the report"
    part = words[words.index(start) :]
    return part.split(end, 1)[0] if end else part


# --- every report -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_it_downloads_each_report_as_a_pdf_attachment(demo, kind):
    download = demo.downloads[kind]

    assert download.status == 200
    assert download.content_type == "application/pdf"
    assert download.disposition == f'attachment; filename="{FILENAMES[kind]}"'
    assert download.pdf.startswith(b"%PDF-")


@pytest.mark.parametrize("kind", KINDS)
def test_it_makes_a_pdf_that_pypdf_opens(demo, kind):
    reader = PdfReader(BytesIO(demo.downloads[kind].pdf))

    assert len(reader.pages) > 0
    assert "Halaman 1 dari" in reader.pages[0].extract_text()


@pytest.mark.parametrize("kind", KINDS)
def test_it_numbers_every_page_of_the_total(demo, kind):
    download = demo.downloads[kind]
    total = pages_of(download)

    numbers = re.findall(r"Halaman (\d+) dari (\d+)", download.text)

    assert numbers == [(str(page), str(total)) for page in range(1, total + 1)]


@pytest.mark.parametrize("kind", KINDS)
def test_it_dates_each_report_in_indonesian(demo, kind):
    words = squeeze(demo.downloads[kind].text)

    assert "Periode 1 Januari 2026 – 27 November 2026" in words
    assert "Status per 27 November 2026" in words
    assert "Dibuat pada 27 November 2026, 10.00 WITA" in words
    assert "November 27" not in words


@pytest.mark.parametrize("kind", KINDS)
def test_it_heads_each_page_after_the_cover_with_the_title_and_the_province(demo, kind):
    download = demo.downloads[kind]
    pages = download.text.split("\f")[: pages_of(download)]

    headers = [squeeze(page.strip().splitlines()[0]) for page in pages[1:]]

    assert headers
    assert set(headers) == {f"{TITLES[kind]} {PROVINCE_HEADER}"}
    assert PROVINCE_HEADER not in pages[0]


# --- the portfolio report -----------------------------------------------------------------


def test_it_names_the_stalled_sectors_of_the_dashboard_in_the_summary(demo):
    summary = section(demo.downloads["portfolio"].text, "Ringkasan eksekutif", "Kerja sama per")

    assert "Perhubungan" in demo.stalled_sectors
    assert (
        f"{len(demo.stalled_sectors)} sektor macet: {', '.join(demo.stalled_sectors)}." in summary
    )


def test_it_marks_each_stalled_sector_macet_and_the_others_on_track(demo):
    sectors = section(demo.downloads["portfolio"].text, "Kebudayaan — ", "Kartu kinerja")

    for name in demo.stalled_sectors:
        assert f"{name} — Macet" in sectors
    for name in demo.on_track_sectors:
        assert f"{name} — Sesuai rencana" in sectors
    assert demo.on_track_sectors == ["Pariwisata", "Pendidikan"]


def test_it_gives_the_three_causes_of_transport_in_numbers(demo):
    transport = section(demo.downloads["portfolio"].text, "Perhubungan — Macet", "Perikanan —")
    days = demo.transport["oldest_days"]

    assert days == 60
    assert f"Tindak lanjut terlambat: 1 tindak lanjut terlambat, yang terlama {days} hari" in (
        transport
    )
    assert "Tidak ada jawaban kepada Biro: 1 permintaan belum dijawab" in transport
    assert "Tidak ada anggaran dialokasikan: 1 komitmen tanpa anggaran" in transport


def test_it_counts_as_many_overdue_tasks_as_the_database_holds(demo):
    figures = summary_figures(demo.downloads["portfolio"].text)

    assert demo.overdue_tasks == 4
    assert figures["overdue"] == demo.overdue_tasks
    assert figures["late"] == demo.late_letters


def test_it_matches_the_dashboard_to_the_number(demo):
    figures = summary_figures(demo.downloads["portfolio"].text)

    assert figures == demo.dashboard_counts
    assert all(figures[key] > 0 for key in ("overdue", "late", "unfunded"))


def test_it_lists_each_overdue_task_in_the_appendix(demo):
    appendix = section(
        demo.downloads["portfolio"].text,
        "Lampiran: tindak lanjut yang terlambat",
        "Lampiran: permintaan koordinasi",
    )

    assert appendix.count(ZHEJIANG) == demo.overdue_tasks
    assert "…dan" not in appendix


def test_it_writes_the_budget_per_sector_in_rupiah(demo):
    words = squeeze(demo.downloads["portfolio"].text)

    assert demo.budget_by_sector["Pariwisata"] == (400_000_000, 400_000_000)
    for name, (requested, allocated) in demo.budget_by_sector.items():
        gap = max(requested - allocated, 0)
        assert f"{name} {rupiah(requested)} {rupiah(allocated)} {rupiah(gap)}" in words
    assert "Pariwisata Rp 400.000.000 Rp 400.000.000 Rp 0" in words


def test_it_summarises_the_zhejiang_agreement_on_its_own_page(demo):
    page = section(demo.downloads["portfolio"].text, f"{ZHEJIANG} Mitra:", "Kerja sama kebudayaan")
    budget = demo.zhejiang

    assert "Zhejiang 浙江省, Tiongkok · Tahap: MoU berlaku" in page
    assert "Status: Macet" in page
    assert (
        f"Anggaran 2026: {budget['allocated']} dialokasikan dari {budget['requested']} "
        "yang diusulkan."
    ) in page
    assert budget["allocated"] == "Rp 850.000.000"


def test_it_summarises_the_most_serious_agreement_first(demo):
    words = squeeze(demo.downloads["portfolio"].text)

    first_page = words.index(f"{ZHEJIANG} Mitra:")

    assert first_page < words.index("Kerja sama kebudayaan NTB – Gyeongsangbuk-do (demo) Mitra:")
    assert first_page < words.index("Kerja sama agribisnis NTB – Western Australia (demo) Mitra:")


@pytest.mark.parametrize("kind", ["portfolio", "agreement"])
def test_it_shows_the_zhejiang_agreement_with_its_chinese_name(demo, kind):
    words = squeeze(demo.downloads[kind].text)

    assert ZHEJIANG in words
    assert "Zhejiang 浙江省, Tiongkok" in words


@pytest.mark.parametrize("kind", ["portfolio", "agreement"])
def test_it_embeds_a_cjk_font(demo, kind):
    fonts = demo.downloads[kind].fonts

    cjk = [font for font in fonts if "CJK" in font.name]

    assert cjk, f"no CJK font in {[font.name for font in fonts]}"
    assert all(font.embedded for font in cjk)


def test_it_shows_the_partners_of_other_scripts_in_the_portfolio(demo):
    words = squeeze(demo.downloads["portfolio"].text)

    assert "Gyeongsangbuk-do (demo) 경상북도, Korea Selatan" in words
    assert "Okinawa (demo) 沖縄県, Jepang" in words


# --- the agreement report -----------------------------------------------------------------


def test_it_gives_the_agreement_report_its_findings_in_numbers(demo):
    words = squeeze(demo.downloads["agreement"].text)
    zhejiang = demo.zhejiang

    assert "Status Macet" in words
    assert (
        f"Tindak lanjut terlambat: {zhejiang['overdue']} tindak lanjut terlambat, "
        f"yang terlama {zhejiang['oldest_days']} hari"
    ) in words
    assert (
        f"Tidak ada jawaban kepada Biro: {zhejiang['late_letters']} permintaan belum dijawab"
    ) in words


def test_it_gives_the_agreement_report_its_lifecycle_and_late_tasks(demo):
    words = squeeze(demo.downloads["agreement"].text)
    tasks = section(
        demo.downloads["agreement"].text, "Komitmen dan tindak lanjut", "Permintaan koordinasi"
    )

    assert "22 Mei 2015 MoU ditandatangani MoU/NTB-ZJ/2015 · berlaku sampai 21 Mei 2020" in words
    assert f"terlambat {demo.zhejiang['oldest_days']} hari" in tasks
    assert tasks.count("terlambat") == demo.zhejiang["overdue"]


def test_it_gives_the_agreement_report_its_budget_lines_in_rupiah(demo):
    budget = section(demo.downloads["agreement"].text, "Anggaran Tahun", "Perangkat daerah")

    assert "2026 Dispar Promosi wisata bersama" in budget
    assert budget.count("Rp") == 15  # five lines × requested, allocated, spent


# --- the work-unit report -----------------------------------------------------------------


def test_it_gives_the_work_unit_report_its_late_task_and_unanswered_letter(demo):
    words = squeeze(demo.downloads["work_unit"].text)
    transport = demo.transport

    assert transport["overdue"] == 1
    assert "Kajian kelayakan rute Lombok–" in words  # the title wraps in its column
    assert f"terlambat {transport['oldest_days']} hari" in words
    assert words.count("terlambat, belum") == transport["late_letters"] == 1


def test_it_gives_the_work_unit_report_its_status_and_scorecard(demo):
    words = squeeze(demo.downloads["work_unit"].text)

    assert "Kartu kinerja Status: Macet" in words
    assert f"Dinas Perhubungan Macet 0/1 (0%) {demo.transport['overdue']} 0/1" in words
    assert "Sister Province NTB – Zhejiang MoU berlaku Macet" in words


def test_it_lists_the_mous_pks_with_their_tasks_and_budget_in_the_agreement_report(demo):
    """A work unit's PKS shows up where the MoU's follow-up does: its own table, and its
    name beside the task and the budget line carried out under it."""
    words = squeeze(demo.downloads["agreement"].text)
    pks = section(words, "Perjanjian Kerja Sama (PKS)", "Komitmen dan tindak lanjut")
    # Columns are laid out side by side: the cells' words interleave and long ones break.
    assert "PKS/DISPAR-ZJ/2025" in pks and "Dispar" in pks and "Segera berakhir" in pks
    assert "Distanbun" in pks and "2 September 2029" in pks
    follow_up = section(words, "Komitmen dan tindak lanjut")
    # The fair and the maize trial, each as a task and as a budget line; the tourism
    # PKS's 2026 work plan activity, as a task.
    assert follow_up.count("PKS: PKS") == 5


def test_it_shows_the_handovers_in_the_agreement_reports_lifecycle(demo):
    words = squeeze(demo.downloads["agreement"].text)
    lifecycle = section(words, "Siklus kerja sama", "Kontak")
    assert "Berkas diserahkan" in lifecycle
    assert (
        "kepada DPRD" in lifecycle and "kepada Kementerian Dalam Negeri (Kemendagri)" in lifecycle
    )
