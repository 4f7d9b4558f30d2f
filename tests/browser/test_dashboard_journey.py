"""Journey: leadership opens the dashboard, finds a stalled sector, sees why, and reaches
the overdue task behind it."""

import pytest
from playwright.sync_api import expect

from agreements.models import FollowUpTask

from .conftest import browser_test, log_in

pytestmark = [pytest.mark.browser, browser_test]


def test_it_leads_leadership_from_a_stalled_sector_to_the_task_behind_it(page, demo_data):
    log_in(page, "pimpinan")

    # Leadership starts at the dashboard.
    expect(page.locator("h1")).to_have_text("Dasbor kerja sama")
    matrix = page.locator("[data-testid=sector-matrix]")
    row = matrix.locator("tr", has_text="Perhubungan")
    expect(row.locator(".status-badge")).to_have_text("Macet")
    expect(row).to_contain_text("Tindak lanjut terlambat")

    # The sector says why, and names the unit holding it back.
    row.get_by_role("link", name="Perhubungan").click()
    expect(page.locator("h1")).to_contain_text("Perhubungan")
    why = page.locator("[data-testid=sector-status]")
    expect(why).to_contain_text("Tindak lanjut terlambat")
    expect(why).to_contain_text("Tidak ada jawaban kepada Biro")
    expect(why).to_contain_text("Tidak ada anggaran")
    expect(page.locator("[data-testid=scorecards]")).to_contain_text("Dinas Perhubungan")

    # And it reaches the overdue task behind it.
    task = FollowUpTask.objects.get(title="Kajian kelayakan rute Lombok–Hangzhou")
    page.locator("[data-testid=behind-overdue]").get_by_role("link", name=task.title).click()
    expect(page).to_have_url(f"{page.url.split('/tasks/')[0]}/tasks/{task.pk}/")
    expect(page.locator("h1")).to_have_text(task.title)
    expect(page.locator(".badge.text-bg-danger")).to_contain_text("Terlambat")
