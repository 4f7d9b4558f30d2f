"""Journey: leadership opens the reports page and downloads the portfolio report."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import browser_test, log_in

pytestmark = [pytest.mark.browser, browser_test]


def test_it_lets_leadership_download_the_portfolio_report(page, demo_data):
    log_in(page, "pimpinan")

    page.get_by_role("link", name="Laporan", exact=True).click()
    expect(page.locator("h1")).to_have_text("Laporan")
    expect(page.get_by_label("Laporan Status Kerja Sama (portofolio)")).to_be_checked()

    with page.expect_download() as download_info:
        page.click("[data-testid=download-pdf]")
    download = download_info.value
    assert download.suggested_filename.startswith("laporan-status-kerja-sama-")
    with open(download.path(), "rb") as handle:
        content = handle.read()

    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) > 3
    assert "Laporan Status Kerja Sama" in reader.pages[0].extract_text()
