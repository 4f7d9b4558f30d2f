"""Journey: Bureau staff record a new cooperation up to the Letter of Intent;
Leadership then finds it, read-only."""

import re

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement, Document, Stage
from agreements.seeding.pdf import make_pdf

from .conftest import browser_test, log_in, log_out

pytestmark = [pytest.mark.browser, browser_test]

TITLE = "Kerja sama perikanan NTB – Zhejiang (uji)"


def test_it_takes_an_agreement_from_contact_to_loi(page, demo_data, tmp_path):
    log_in(page, "biro")
    expect(page.locator("[data-testid=current-user]")).to_contain_text("Staf Biro")

    # Create the agreement.
    page.goto("/agreements/")
    page.click("text=Kerja sama baru")
    page.fill("#id_title", TITLE)
    page.select_option("#id_partner", label="Zhejiang (浙江省), Tiongkok")
    page.select_option("#id_kind", value="other")
    page.get_by_label("Perikanan", exact=True).check()
    page.select_option("#id_coordinating_unit", label="Dinas Kelautan dan Perikanan")
    page.fill("#id_first_contact_date", "2026-03-02")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text(TITLE)
    agreement = Agreement.objects.get(title=TITLE)
    assert agreement.stage == Stage.EXPLORATION

    # Log a contact.
    page.click("text=Catat kontak")
    page.fill("#id_date", "2026-03-02")
    page.select_option("#id_kind", value="meeting")
    page.select_option("#id_initiator_type", value="business")
    page.fill("#id_participants", "Dinas Kelautan dan Perikanan\nDelegasi Zhejiang")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator("[data-testid=timeline]")).to_contain_text("Delegasi Zhejiang")

    # Advance to the Letter of Intent, with its PDF.
    loi = tmp_path / "loi.pdf"
    loi.write_bytes(make_pdf("Letter of Intent"))
    page.click("text=Catat Letter of Intent")
    page.fill("#id_date", "2026-06-15")
    page.set_input_files("#id_document", str(loi))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator(".stage-badge").first).to_have_text("Letter of Intent")
    agreement.refresh_from_db()
    assert agreement.stage == Stage.LOI
    assert Document.objects.get(agreement=agreement).content_type == "application/pdf"

    # Find it in the filtered list.
    page.goto("/agreements/")
    page.select_option("#id_stage", value="loi")
    page.select_option("#id_sector", value="perikanan")
    with page.expect_navigation():
        page.click("aside button[type=submit]")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(TITLE)

    # Leadership sees it, with no edit action.
    log_out(page)
    log_in(page, "pimpinan")
    page.goto("/agreements/?q=perikanan+NTB")
    page.click(f"text={TITLE}")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("[data-testid=timeline]")).to_contain_text("Letter of Intent")
    expect(page.get_by_role("link", name=re.compile("^(Ubah|Edit)$"))).to_have_count(0)
    expect(page.locator("[data-testid=stage-actions]")).to_have_count(0)
    expect(page.get_by_role("link", name="Kerja sama baru")).to_have_count(0)
