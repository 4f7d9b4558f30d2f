"""Journey at 390 × 844: an SKPD officer's day on a phone, and no page wider than the screen."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from agreements.models import CoordinationRequest, Document, FollowUpTask, ProgressUpdate

from .conftest import browser_test, log_in
from .test_accessibility import axe_findings

pytestmark = [pytest.mark.browser, browser_test]

PHONE = {"width": 390, "height": 844}

# The elements that stick out of the screen, skipping those clipped by a scrolling parent
# (a .table-responsive card), so that a failure names what to fix.
OVERFLOW = """(width) => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    let parent = el.parentElement, clipped = false;
    while (parent) {
      if (getComputedStyle(parent).overflowX !== "visible") { clipped = true; break; }
      parent = parent.parentElement;
    }
    const name = el.tagName.toLowerCase() + "." + String(el.className).split(" ").join(".");
    if (!clipped) out.push(name);
  }
  return {width: document.documentElement.scrollWidth, culprits: out.slice(0, 5)};
}"""


def assert_fits(page):
    """No wider than the phone, and no WCAG 2.1 A/AA finding at this width either."""
    found = page.evaluate(OVERFLOW, PHONE["width"])
    assert found["width"] <= PHONE["width"], f"{page.url} is {found['width']} px wide: {found}"
    assert axe_findings(page, page.url) == []


def png_photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (40, 140, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_it_lets_an_officer_do_a_day_of_work_on_a_phone(page, demo_data, tmp_path):
    page.set_viewport_size(PHONE)
    log_in(page, "skpd-pertanian")

    # The inbox: the list comes first, the filters fold behind "Saring".
    expect(page.locator("h1")).to_contain_text("Dinas Pertanian dan Perkebunan")
    assert_fits(page)
    filters = page.locator("#list-filters")
    expect(filters).to_be_hidden()
    page.get_by_role("button", name="Saring").click()
    expect(filters).to_be_visible()
    assert_fits(page)

    # The task list keeps its key columns on screen: title, unit, status with "Terlambat".
    overdue = FollowUpTask.objects.get(title="Uji coba varietas jagung unggul di Lombok Timur")
    row = page.locator("tbody tr", has_text=overdue.title)
    for key in (
        row.get_by_role("link", name=overdue.title),
        row.get_by_text("Distanbun"),
        row.get_by_text("Terlambat", exact=True),
    ):
        expect(key).to_be_visible()
        box = key.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box

    # A task, and progress posted with a photo taken on the phone.
    row.get_by_role("link", name=overdue.title).click()
    expect(page.locator("h1")).to_contain_text(overdue.title)
    assert_fits(page)
    photo = tmp_path / "foto-lahan.png"
    photo.write_bytes(png_photo())
    page.fill("#id_text", "Foto lahan uji coba setelah tanam.")
    page.fill("#id_percent_complete", "60")
    page.set_input_files("#id_evidence", str(photo))
    with page.expect_navigation():
        page.click("#progress button[type=submit]")
    expect(page.locator("[data-testid=progress-updates]")).to_contain_text("foto-lahan.png")
    assert_fits(page)
    update = ProgressUpdate.objects.get(task=overdue, text="Foto lahan uji coba setelah tanam.")
    assert update.percent_complete == 60
    document = Document.objects.get(progress_update=update)
    assert (document.content_type, document.original_name) == ("image/png", "foto-lahan.png")

    # A coordination request addressed to the unit, answered from the phone.
    page.goto("/tasks/")
    page.locator("[data-testid=inbox] a", has_text="Jadwal uji coba").click()
    assert_fits(page)
    page.fill("#id_answer_text", "Jadwal uji coba terlampir; mulai pekan depan.")
    with page.expect_navigation():
        page.click("form:has(#id_answer_text) button[type=submit]")
    expect(page.locator("[data-testid=answer]")).to_contain_text("mulai pekan depan")
    assert_fits(page)
    letter = CoordinationRequest.objects.get(subject__startswith="Jadwal uji coba")
    assert letter.answered_by.username == "skpd-pertanian"
    assert letter.answer_text == "Jadwal uji coba terlampir; mulai pekan depan."
    assert letter.work_unit.abbreviation == "Distanbun"

    # And the rest of the officer's day: lists, dashboard, budget, account.
    for path in ("/dashboard/", "/agreements/", "/coordination/", "/budget/", "/budget/new/"):
        page.goto(path)
        assert_fits(page)
