"""Journey: an SKPD officer follows up their unit's work; the Bureau sees it in the history."""

import pytest
from playwright.sync_api import expect

from agreements.models import CoordinationRequest, Document, FollowUpTask, ProgressUpdate
from agreements.seeding.pdf import make_pdf

from .conftest import browser_test, log_in, log_out

pytestmark = [pytest.mark.browser, browser_test]

TRIAL = "Uji coba varietas jagung unggul di Lombok Timur"


def test_it_lets_an_officer_report_progress_and_answer_the_bureau(page, demo_data, tmp_path):
    log_in(page, "skpd-pertanian")

    # The officer lands on their unit's inbox and sees only their unit's tasks.
    expect(page.locator("h1")).to_contain_text("Dinas Pertanian dan Perkebunan")
    rows = page.locator("tbody tr")
    own = FollowUpTask.objects.filter(responsible_unit__abbreviation="Distanbun").count()
    expect(rows).to_have_count(own)
    for unit in ("DKP", "Dispar", "Dishub"):
        expect(page.locator("tbody")).not_to_contain_text(unit)
    # Overdue first.
    expect(rows.first).to_contain_text(TRIAL)

    # Post progress with a PDF as evidence.
    evidence = tmp_path / "laporan-uji-coba.pdf"
    evidence.write_bytes(make_pdf("Laporan uji coba"))
    rows.first.get_by_role("link", name=TRIAL).click()
    page.fill("#id_text", "Benih tiba; penanaman di 5 hektare lahan uji coba.")
    page.fill("#id_percent_complete", "55")
    page.set_input_files("#id_evidence", str(evidence))
    with page.expect_navigation():
        page.click("#progress button[type=submit]")
    expect(page.locator("[data-testid=progress-updates]")).to_contain_text("penanaman di 5 hektare")
    expect(page.locator("[data-testid=progress-updates]")).to_contain_text("laporan-uji-coba.pdf")
    update = ProgressUpdate.objects.get(text__contains="penanaman di 5 hektare")
    assert update.percent_complete == 55
    assert Document.objects.get(progress_update=update).content_type == "application/pdf"

    # Answer the Bureau's coordination request from the inbox.
    page.goto("/tasks/")
    page.locator("[data-testid=inbox] a", has_text="Jadwal uji coba").click()
    page.fill("#id_answer_text", "Uji coba dimulai pekan depan; jadwal terlampir.")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("[data-testid=answer]")).to_contain_text("Uji coba dimulai pekan depan")
    request = CoordinationRequest.objects.get(subject__startswith="Jadwal uji coba")
    assert request.answered_by.username == "skpd-pertanian"

    # The Bureau sees the update and the answer in the task's history.
    log_out(page)
    log_in(page, "biro")
    task = FollowUpTask.objects.get(title=TRIAL)
    page.goto(f"/tasks/{task.pk}/")
    expect(page.locator("[data-testid=progress-updates]")).to_contain_text("penanaman di 5 hektare")
    expect(page.locator("[data-testid=task-requests]")).to_contain_text(
        "Uji coba dimulai pekan depan"
    )
    history = page.locator("[data-testid=history]")
    expect(history).to_contain_text("penanaman di 5 hektare")
    expect(history).to_contain_text("Uji coba dimulai pekan depan")
    expect(history).to_contain_text("Petugas Dinas Pertanian")
    page.goto(f"/coordination/{request.pk}/")
    expect(page.locator("[data-testid=answer]")).to_contain_text("Petugas Dinas Pertanian")
    expect(page.locator("[data-testid=history]")).to_contain_text("Uji coba dimulai pekan depan")
