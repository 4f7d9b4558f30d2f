"""The monitoring and evaluation journey (issue 12), in Chromium at 1366 px on the demo:

- ``biro`` records the 2026 work plan of a tourism MoU after the annual meeting, adds an
  activity with its indicator and turns it into a follow-up task;
- ``skpd-pariwisata`` reports the realisation on that task, with evidence;
- ``biro`` reads the figure on the agreement page and completes the 2026 evaluation;
- ``pimpinan`` signs it off, downloads its PDF and the 2026 yearly report, whose text
  holds the figures.

The demo's Zhejiang MoU already has its 2026 plan, so the journey takes a second MoU in
force, made here through the services.
"""

import re
import subprocess
from datetime import date

import pytest
from playwright.sync_api import expect

from agreements.models import (
    Evaluation,
    EvaluationStatus,
    FollowUpTask,
    Indicator,
    Partner,
    Realisation,
    Sector,
    Stage,
    User,
    WorkPlan,
    WorkUnit,
)
from agreements.models.agreements import AgreementKind
from agreements.models.reference import PartnerLevel
from agreements.seeding.pdf import make_pdf
from agreements.services.agreements import agreement_create
from agreements.services.followup import commitment_create

from ..factories import advance
from .conftest import browser_test, log_in, log_out
from .test_accessibility import axe_findings
from .test_path_journey import DESKTOP, t

pytestmark = [pytest.mark.browser, browser_test]

TITLE = "Kerja sama pariwisata NTB – Hainan (uji)"
ACTIVITY = "Famtrip agen perjalanan Hainan ke Lombok (uji)"
INDICATOR = "Wisatawan Hainan ke NTB (uji)"


@pytest.fixture
def tourism_mou(demo_data):
    """A second MoU in force, with a tourism commitment led by Dispar."""
    biro = User.objects.get(username="biro")
    tourism = Sector.objects.get(code="pariwisata")
    dispar = WorkUnit.objects.get(abbreviation="Dispar")
    partner = Partner.objects.create(
        name="Provinsi Hainan (uji)", country="Tiongkok", level=PartnerLevel.PROVINCE
    )
    agreement = agreement_create(
        actor=biro,
        title=TITLE,
        partner=partner,
        kind=AgreementKind.OTHER,
        sectors=[tourism],
        coordinating_unit=dispar,
        summary="",
        first_contact_date=date(2024, 3, 1),
    )
    advance(agreement, actor=biro, to=Stage.MOU)
    commitment_create(
        agreement=agreement,
        actor=biro,
        sector=tourism,
        title="Promosi wisata bersama (uji)",
        description="",
        lead_unit=dispar,
    )
    return agreement


def submit(page):
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_plan_task_realisation_evaluation_sign_off_and_yearly_report(
    page, live_server, tourism_mou, tmp_path
):
    agreement = tourism_mou
    page.set_viewport_size(DESKTOP)

    # --- Bureau staff record the year's plan after the annual meeting ---------------
    log_in(page, "biro")
    page.goto(f"{live_server.url}/agreements/{agreement.pk}/")
    page.get_by_role("link", name=t("New work plan")).first.click()
    page.fill("input[name=year]", "2026")
    page.fill("input[name=meeting_date]", "2026-02-10")
    page.fill("input[name=meeting_place]", "Haikou")
    page.fill("textarea[name=notes]", "Pertemuan tahunan 2026 (uji)")
    submit(page)
    plan = WorkPlan.objects.get(agreement=agreement, year=2026)
    assert plan.meeting_place == "Haikou" and plan.pks is None
    expect(page.locator("main")).to_contain_text(t("The work plan was recorded."))

    page.get_by_role("link", name=t("Add an activity")).first.click()
    page.fill("input[name=title]", ACTIVITY)
    page.select_option("select[name=sector]", str(Sector.objects.get(code="pariwisata").pk))
    page.select_option(
        "select[name=work_unit]", str(WorkUnit.objects.get(abbreviation="Dispar").pk)
    )
    page.select_option("select[name=quarter]", "2")
    page.fill("input[name='indicators-0-name']", INDICATOR)
    page.select_option("select[name='indicators-0-benefit_kind']", "tourism")
    page.select_option("select[name='indicators-0-unit']", "people")
    page.fill("input[name='indicators-0-target']", "1.500")  # Indonesian grouping
    submit(page)
    indicator = Indicator.objects.get(name=INDICATOR)
    assert indicator.target == 1500 and indicator.activity.work_plan == plan
    assert axe_findings(page, "work plan") == []

    with page.expect_navigation():
        page.click("[data-testid=make-task]")
    task = FollowUpTask.objects.get(planned_activity__indicators=indicator)
    assert task.responsible_unit.abbreviation == "Dispar"
    assert task.due_date == date(2026, 6, 30)  # the end of the planned quarter
    expect(page.locator("h1")).to_contain_text(ACTIVITY)
    log_out(page)

    # --- the tourism unit reports what was realised, with evidence --------------------
    log_in(page, "skpd-pariwisata")
    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    page.fill("textarea[name=text]", "Famtrip 24 agen perjalanan terlaksana (uji)")
    page.fill("input[name=percent_complete]", "60")
    page.fill(f"input[name=realised_{indicator.pk}]", "1.125")
    evidence = tmp_path / "laporan-famtrip.pdf"
    evidence.write_bytes(make_pdf("Laporan famtrip"))
    page.set_input_files("input[name=evidence]", str(evidence))
    submit(page)
    realisation = Realisation.objects.get(indicator=indicator)
    assert realisation.value == 1125
    assert realisation.progress_update.documents.count() == 1
    expect(page.locator("main")).to_contain_text("1.125")
    log_out(page)

    # --- the figure on the agreement page; the Bureau completes the evaluation ---------
    log_in(page, "biro")
    page.goto(f"{live_server.url}/agreements/{agreement.pk}/")
    section = page.locator("main").get_by_text(INDICATOR).first
    expect(section).to_be_visible()
    expect(page.locator("main")).to_contain_text("1.125")
    expect(page.locator("main")).to_contain_text("75%")  # 1.125 of 1.500

    page.goto(f"{live_server.url}/agreements/{agreement.pk}/evaluations/new/?year=2026")
    # What was achieved is prefilled from the indicators.
    expect(page.locator("textarea[name=achievements]")).to_have_value(
        re.compile(r".*1\.125.*", re.S)
    )
    page.check("input[name=recommendation][value=renew]")
    page.check("input[name=partner_engagement][value=active]")
    submit(page)
    evaluation = Evaluation.objects.get(agreement=agreement, year=2026)
    assert evaluation.status == EvaluationStatus.DRAFT
    with page.expect_navigation():
        page.click("[data-testid=evaluation-complete]")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.COMPLETED
    assert evaluation.completed_by.username == "biro"
    # Bureau staff cannot sign it off.
    expect(page.locator("[data-testid=evaluation-sign-off]")).to_have_count(0)
    log_out(page)

    # --- Leadership signs it off and downloads the yearly report ----------------------
    log_in(page, "pimpinan")
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/")
    with page.expect_navigation():
        page.click("[data-testid=evaluation-sign-off]")
    evaluation.refresh_from_db()
    leader = User.objects.get(username="pimpinan")
    assert evaluation.status == EvaluationStatus.SIGNED_OFF
    assert evaluation.signed_off_by == leader
    assert evaluation.signed_off_name == (leader.get_full_name() or leader.username)
    assert axe_findings(page, "evaluation") == []

    with page.expect_download() as download:
        page.click(f"main a[href='/evaluations/{evaluation.pk}/pdf/']")
    signed = pdf_text(download.value.path().read_bytes())
    assert evaluation.signed_off_name in signed and "1.125" in signed

    page.goto(f"{live_server.url}/reports/yearly/?year=2026")
    page.select_option("select[name=year]", "2026")
    with page.expect_download() as download:
        page.click("[data-testid=yearly-pdf]")
    report = pdf_text(download.value.path().read_bytes())
    assert "Hainan" in report
    assert "1.500" in report and "1.125" in report
    assert t("Renew") in report
    # Leadership archives nothing here: the sign-off is its only write.
    expect(page.locator("[data-testid^=archive-]")).to_have_count(0)
