"""Journeys of the regulation's whole path (issue 11), in Chromium at 1366 px on the demo:

- Bureau staff record a consul general's visit as a prospect and take it, step by step
  and handover by handover, to the signed MoU;
- a work unit's officer drafts a PKS under the Zhejiang MoU, which the Bureau reviews and
  authorises; another unit's officer cannot even find it;
- leadership reads on "Posisi berkas" who holds each file before the signing.

What the user reads is compared with the translation of its message (the interface is
in Bahasa Indonesia), so that the tests hold before and after the translations land.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from agreements.lifecycle import PRE_SIGNING_STAGES
from agreements.models import Agreement, Holder, ImplementingAgreement, Stage, StageAction
from agreements.models.agreements import ContactKind, Initiator
from agreements.models.documents import Document, DocumentKind
from agreements.models.pks import PksAction, PksStage
from agreements.seeding.pdf import make_pdf

from .conftest import browser_test, log_in, log_out
from .test_accessibility import axe_findings

pytestmark = [pytest.mark.browser, browser_test]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/shots")

TITLE = "Sister Province NTB – Fujian (uji)"
ZHEJIANG = "Sister Province NTB – Zhejiang"
GUANGXI = "Sister Province NTB – Guangxi (demo)"
GYEONGBUK = "Kerja sama kebudayaan NTB – Gyeongsangbuk-do (demo)"
PKS_TITLE = "PKS pertukaran pemandu wisata Lombok–Zhejiang (uji)"
PKS_COUNTERPART_NATIVE = "浙江省文化和旅游厅"

DPRD_LETTER = "Surat Gubernur No. 050/611/BAK/2026 (uji)"
KEMENDAGRI_LETTER = "Surat Gubernur No. 120/702/BAK/2026 (uji)"
DPRD_DECISION = "Keputusan DPRD NTB No. 31/KEP/DPRD/2026 (uji)"
VERIFICATION = "Surat Kemendagri No. 120/2210/OTDA/2026 (uji)"
FULL_POWERS = "Surat Kuasa Menteri Luar Negeri No. 77/SK/2026 (uji)"
MOU_NUMBER = "MoU/NTB-FJ/2026 (uji)"
SIGNATORIES = "Gubernur Nusa Tenggara Barat\nGubernur Provinsi Fujian"
LANGUAGES = "Bahasa Indonesia, 中文, English"
AUTHORISATION = "Surat Kuasa Gubernur No. 180/512/BAK/2026 (uji)"


def t(message, **values) -> str:
    """The Indonesian the page shows for a msgid or a lazy label."""
    with translation.override("id"):
        text = gettext(message) if isinstance(message, str) else str(message)
    return text % values if values else text


def day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


def pdf_file(tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make_pdf(name))
    return str(path)


def submit(page):
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")


def badge(page):
    return page.locator("main .page-title .stage-badge").first


def success(page):
    return page.locator("main .alert-success")


def holder(page):
    return page.locator("[data-testid=file-position] [data-testid=holder]")


def open_step(page, action: str):
    """Click the lifecycle card's button of this step (its link, whatever its words)."""
    with page.expect_navigation():
        page.click(f"[data-testid=stage-actions] a[href$='/stage/{action}/']")


def hand_over(page, to: str, date: str, letter: str):
    with page.expect_navigation():
        page.click("[data-testid=stage-actions] [data-testid=hand-over]")
    page.select_option("#id_holder", value=to)
    page.fill("#id_date", date)
    page.fill("#id_reference_number", letter)
    submit(page)


def shoot(page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"journey-{name}.png"), full_page=True)


def test_it_takes_a_prospect_from_a_consul_generals_visit_to_the_signed_mou(
    page, demo_data, tmp_path
):
    page.set_viewport_size(DESKTOP)
    log_in(page, "biro")

    # A prospect: no sectors, no coordinating unit yet, and a partner new to the portal.
    page.goto("/agreements/")
    with page.expect_navigation():
        page.click("main a[href='/agreements/new/']")
    page.fill("#id_title", TITLE)
    page.fill("#id_new_partner-name", "Fujian (uji)")
    page.fill("#id_new_partner-native_name", "福建省")
    page.fill("#id_new_partner-country", "Tiongkok")
    page.select_option("#id_new_partner-level", value="province")
    page.select_option("#id_kind", value="sister_province")
    page.fill("#id_first_contact_date", day(-200))
    submit(page)
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(success(page)).to_have_text(t("The agreement was created."))
    expect(badge(page)).to_have_text(t(Stage.EXPLORATION.label))
    expect(page.locator("main .facts")).to_contain_text(t("not determined yet (prospect)"))
    agreement = Agreement.objects.get(title=TITLE)
    assert agreement.is_prospect
    assert agreement.coordinating_unit is None and not agreement.sectors.exists()

    # The consul general's visit.
    with page.expect_navigation():
        page.click(f"main a[href='/agreements/{agreement.pk}/contacts/new/']")
    page.fill("#id_date", day(-200))
    page.select_option("#id_kind", value=ContactKind.VISIT)
    page.select_option("#id_initiator_type", value=Initiator.CONSUL_GENERAL)
    page.fill("#id_initiator_name", "Konsul Jenderal RRT di Denpasar")
    page.fill("#id_participants", "Biro Administrasi Kerjasama\nKonsulat Jenderal RRT di Denpasar")
    page.fill("#id_location", "Mataram")
    submit(page)
    expect(success(page)).to_have_text(t("The contact was logged."))
    timeline = page.locator("[data-testid=timeline]")
    expect(timeline).to_contain_text(t(Initiator.CONSUL_GENERAL.label))
    expect(timeline).to_contain_text("Konsul Jenderal RRT di Denpasar")

    # The Letter of Intent is refused until the prospect has its sectors and its unit.
    open_step(page, StageAction.LOI)
    missing = page.locator("[data-testid=scope-missing]")
    expect(missing).to_contain_text(t("its sectors"))
    expect(missing).to_contain_text(t("its coordinating work unit"))
    page.fill("#id_date", day(-150))
    page.set_input_files("#id_document", pdf_file(tmp_path, "LoI NTB-Fujian"))
    submit(page)
    expect(page.locator("[data-testid=error-summary]")).to_contain_text(t("its sectors"))
    agreement.refresh_from_db()
    assert agreement.stage == Stage.EXPLORATION
    assert not Document.objects.filter(agreement=agreement).exists()

    # The scope is decided: the agreement is edited from the warning's link.
    with page.expect_navigation():
        page.click("[data-testid=scope-missing] a")
    page.get_by_label("Perikanan", exact=True).check()
    page.get_by_label("Pariwisata", exact=True).check()
    page.select_option("#id_coordinating_unit", label="Dinas Kelautan dan Perikanan")
    submit(page)
    expect(success(page)).to_have_text(t("The agreement was saved."))
    expect(page.locator("main .facts")).to_contain_text("Dinas Kelautan dan Perikanan")

    # Letter of Intent, after consulting Kemlu, with its PDF.
    open_step(page, StageAction.LOI)
    expect(page.locator("[data-testid=scope-missing]")).to_have_count(0)
    page.fill("#id_date", day(-150))
    page.fill("#id_consulted_on", day(-160))
    page.set_input_files("#id_document", pdf_file(tmp_path, "LoI NTB-Fujian"))
    submit(page)
    expect(success(page)).to_have_text(t("Recorded: %(step)s.", step=t(StageAction.LOI.label)))
    expect(badge(page)).to_have_text(t(Stage.LOI.label))

    # The cooperation plan.
    open_step(page, StageAction.PLAN)
    page.fill("#id_date", day(-120))
    page.set_input_files("#id_document", pdf_file(tmp_path, "Rencana Kerja Sama NTB-Fujian"))
    submit(page)
    expect(success(page)).to_have_text(t("Recorded: %(step)s.", step=t(StageAction.PLAN.label)))
    expect(badge(page)).to_have_text(t(Stage.PLAN.label))
    expect(holder(page)).to_have_text(t(Holder.BUREAU.label))

    # The Governor's request goes to the DPRD: the DPRD holds the file, the letter to chase.
    hand_over(page, Holder.DPRD, day(-100), DPRD_LETTER)
    expect(success(page)).to_have_text(
        t("The file was handed to %(holder)s.", holder=t(Holder.DPRD.label))
    )
    expect(holder(page)).to_have_text(t(Holder.DPRD.label))
    expect(page.locator("[data-testid=file-position]")).to_contain_text(DPRD_LETTER)
    expect(timeline).to_contain_text(DPRD_LETTER)
    expect(badge(page)).to_have_text(t(Stage.PLAN.label))
    agreement.refresh_from_db()
    assert (agreement.holder, agreement.holder_reference) == (Holder.DPRD, DPRD_LETTER)

    # Later, the DPRD's decision closes its wait: the Bureau holds the file again.
    open_step(page, StageAction.DPRD_APPROVAL)
    page.fill("#id_date", day(-40))
    page.fill("#id_reference_number", DPRD_DECISION)
    submit(page)
    expect(success(page)).to_have_text(
        t("Recorded: %(step)s.", step=t(StageAction.DPRD_APPROVAL.label))
    )
    expect(badge(page)).to_have_text(t(Stage.DPRD_APPROVAL.label))
    expect(holder(page)).to_have_text(t(Holder.BUREAU.label))

    # The draft MoU goes to Kemendagri for the central verification.
    hand_over(page, Holder.KEMENDAGRI, day(-35), KEMENDAGRI_LETTER)
    expect(holder(page)).to_have_text(t(Holder.KEMENDAGRI.label))
    expect(page.locator("[data-testid=file-position]")).to_contain_text(KEMENDAGRI_LETTER)

    open_step(page, StageAction.VERIFIED)
    page.fill("#id_date", day(-20))
    page.fill("#id_reference_number", VERIFICATION)
    page.set_input_files("#id_document", pdf_file(tmp_path, "Berita Acara Rapat Interkementerian"))
    submit(page)
    expect(success(page)).to_have_text(t("Recorded: %(step)s.", step=t(StageAction.VERIFIED.label)))
    expect(badge(page)).to_have_text(t(Stage.VERIFIED.label))
    expect(holder(page)).to_have_text(t(Holder.BUREAU.label))

    # The Full Powers and the signing, recorded together.
    with page.expect_navigation():
        page.click(f"[data-testid=stage-actions] a[href='/agreements/{agreement.pk}/steps/']")
    page.select_option("#through", value=StageAction.MOU_SIGNED)
    with page.expect_navigation():
        page.click("[data-testid=through-form] button[type=submit]")
    expect(page.locator("main fieldset legend")).to_have_count(2)
    page.fill("#id_full_powers-date", day(-10))
    page.fill("#id_full_powers-reference_number", FULL_POWERS)
    page.fill("#id_mou-date", day(-5))
    page.fill("#id_mou-valid_until", day(5 * 365))
    page.fill("#id_mou-reference_number", MOU_NUMBER)
    page.fill("#id_mou-signatories", SIGNATORIES)
    page.fill("#id_mou-languages", LANGUAGES)
    page.set_input_files("#id_mou-document", pdf_file(tmp_path, "MoU NTB-Fujian"))
    submit(page)
    steps = ", ".join(
        t(action.label) for action in (StageAction.FULL_POWERS, StageAction.MOU_SIGNED)
    )
    expect(success(page)).to_have_text(t("Recorded: %(steps)s.", steps=steps))
    expect(badge(page)).to_have_text(t(Stage.MOU.label))
    facts = page.locator("main .facts")
    expect(facts).to_contain_text(FULL_POWERS)
    expect(facts).to_contain_text("Gubernur Provinsi Fujian")
    expect(facts).to_contain_text(LANGUAGES)
    expect(page.locator("[data-testid=validity-document]")).to_contain_text(MOU_NUMBER)

    # What the database now says.
    agreement.refresh_from_db()
    assert agreement.stage == Stage.MOU
    assert agreement.coordinating_unit.name == "Dinas Kelautan dan Perikanan"
    assert set(agreement.sectors.values_list("code", flat=True)) == {"perikanan", "pariwisata"}
    assert agreement.contacts.get().initiator_type == Initiator.CONSUL_GENERAL
    today = timezone.localdate()
    assert agreement.first_contact_date == today - timedelta(days=200)
    assert agreement.loi_date == today - timedelta(days=150)
    assert agreement.kemlu_consulted_on == today - timedelta(days=160)
    assert agreement.plan_date == today - timedelta(days=120)
    assert agreement.dprd_approval_date == today - timedelta(days=40)
    assert agreement.dprd_decision_number == DPRD_DECISION
    assert agreement.verified_date == today - timedelta(days=20)
    assert agreement.verification_number == VERIFICATION
    assert agreement.full_powers_date == today - timedelta(days=10)
    assert agreement.full_powers_number == FULL_POWERS
    assert agreement.mou_signed_date == today - timedelta(days=5)
    assert agreement.valid_until == today + timedelta(days=5 * 365)
    assert agreement.mou_number == MOU_NUMBER
    # A browser sends a textarea's lines with CRLF.
    assert agreement.mou_signatories.splitlines() == SIGNATORIES.splitlines()
    assert agreement.mou_languages == LANGUAGES
    events = list(agreement.stage_events.order_by("pk"))
    assert [e.action for e in events] == [
        StageAction.OPENED,
        StageAction.LOI,
        StageAction.PLAN,
        StageAction.HANDED_OVER,
        StageAction.DPRD_APPROVAL,
        StageAction.HANDED_OVER,
        StageAction.VERIFIED,
        StageAction.FULL_POWERS,
        StageAction.MOU_SIGNED,
    ]
    handovers = [e for e in events if e.action == StageAction.HANDED_OVER]
    assert [(e.holder, e.reference_number, e.from_stage) for e in handovers] == [
        (Holder.DPRD, DPRD_LETTER, Stage.PLAN),
        (Holder.KEMENDAGRI, KEMENDAGRI_LETTER, Stage.DPRD_APPROVAL),
    ]
    assert all(e.recorded_by.username == "biro" for e in events[1:])
    kinds = set(Document.objects.filter(agreement=agreement).values_list("kind", flat=True))
    assert kinds == {
        DocumentKind.LOI,
        DocumentKind.COOPERATION_PLAN,
        DocumentKind.MINUTES,
        DocumentKind.MOU,
    }


def test_it_lets_an_officer_draft_a_pks_that_the_bureau_reviews_and_authorises(
    page, demo_data, tmp_path
):
    page.set_viewport_size(DESKTOP)
    zhejiang = Agreement.objects.get(title=ZHEJIANG)
    log_in(page, "skpd-pariwisata")

    # From the MoU's page, its PKS section.
    page.goto("/agreements/?q=Zhejiang")
    with page.expect_navigation():
        page.get_by_role("link", name=ZHEJIANG, exact=True).click()
    section = page.locator("[data-testid=pks-section]")
    expect(section).to_contain_text("PKS promosi pariwisata Lombok–Hangzhou")
    with page.expect_navigation():
        section.locator("[data-testid=pks-new]").click()
    expect(page.locator("#id_work_unit option:checked")).to_contain_text("Dinas Pariwisata")
    page.fill("#id_title", PKS_TITLE)
    page.fill("#id_counterpart", "Department of Culture and Tourism of Zhejiang Province")
    page.fill("#id_counterpart_native_name", PKS_COUNTERPART_NATIVE)
    page.fill("#id_signatory_ntb", "Kepala Dinas Pariwisata Provinsi NTB")
    page.fill("#id_signatory_partner", "Direktur Departemen Kebudayaan dan Pariwisata Zhejiang")
    page.get_by_label("Promosi wisata bersama Lombok–Hangzhou", exact=True).check()
    page.fill("#id_drafted_on", day(-10))
    submit(page)
    expect(page.locator("h1")).to_have_text(PKS_TITLE)
    expect(success(page)).to_have_text(t("The PKS was drafted."))
    stage = page.locator("main .page-title [data-testid=pks-stage]")
    expect(stage).to_have_text(t(PksStage.DRAFT.label))
    expect(page.locator("main .facts")).to_contain_text(PKS_COUNTERPART_NATIVE)
    # The review and the authorisation are the Bureau's.
    bureau_steps = page.locator("a[href*='/step/reviewed/'], a[href*='/step/authorised/']")
    expect(bureau_steps).to_have_count(0)
    pks = ImplementingAgreement.objects.get(title=PKS_TITLE)
    assert (pks.agreement, pks.work_unit.abbreviation, pks.stage) == (
        zhejiang,
        "Dispar",
        PksStage.DRAFT,
    )
    assert pks.counterpart_native_name == PKS_COUNTERPART_NATIVE
    assert [c.title for c in pks.commitments.all()] == ["Promosi wisata bersama Lombok–Hangzhou"]
    pks_url = f"/pks/{pks.pk}/"

    # Another unit's officer cannot find it.
    log_out(page)
    log_in(page, "skpd-pertanian")
    response = page.goto(pks_url)
    assert response.status == 404
    expect(page.locator("h1")).to_have_text(t("Page not found"))
    page.goto("/pks/")
    expect(page.locator("main")).not_to_contain_text(PKS_TITLE)

    # The Bureau reviews it, then records the Governor's authorisation (surat kuasa).
    log_out(page)
    log_in(page, "biro")
    page.goto(pks_url)
    expect(stage).to_have_text(t(PksStage.DRAFT.label))
    with page.expect_navigation():
        page.click(f"[data-testid=pks-actions] a[href$='/step/{PksAction.REVIEWED}/']")
    page.fill("#id_date", day(-5))
    submit(page)
    expect(success(page)).to_have_text(t("Recorded: %(step)s.", step=t(PksAction.REVIEWED.label)))
    expect(stage).to_have_text(t(PksStage.REVIEWED.label))
    with page.expect_navigation():
        page.click(f"[data-testid=pks-actions] a[href$='/step/{PksAction.AUTHORISED}/']")
    page.fill("#id_date", day(-2))
    page.fill("#id_reference_number", AUTHORISATION)
    submit(page)
    expect(success(page)).to_have_text(t("Recorded: %(step)s.", step=t(PksAction.AUTHORISED.label)))
    expect(stage).to_have_text(t(PksStage.AUTHORISED.label))
    expect(page.locator("main .facts")).to_contain_text(AUTHORISATION)
    expect(page.locator("[data-testid=pks-timeline]")).to_contain_text(AUTHORISATION)

    pks.refresh_from_db()
    today = timezone.localdate()
    assert pks.stage == PksStage.AUTHORISED
    assert pks.drafted_on == today - timedelta(days=10)
    assert pks.reviewed_on == today - timedelta(days=5)
    assert pks.authorisation_date == today - timedelta(days=2)
    assert pks.authorisation_number == AUTHORISATION
    assert [e.action for e in pks.events.order_by("pk")] == [
        PksAction.DRAFTED,
        PksAction.REVIEWED,
        PksAction.AUTHORISED,
    ]

    # The officer finds it authorised in their PKS list, and may now record the signing.
    log_out(page)
    log_in(page, "skpd-pariwisata")
    with page.expect_navigation():
        page.click("nav a[href='/pks/']")
    row = page.locator("[data-testid=pks-list] tbody tr").filter(has_text=PKS_TITLE)
    expect(row).to_have_count(1)
    expect(row.locator("[data-testid=pks-stage]")).to_have_text(t(PksStage.AUTHORISED.label))
    with page.expect_navigation():
        row.get_by_role("link", name=PKS_TITLE).click()
    sign = page.locator(f"[data-testid=pks-actions] a[href$='/step/{PksAction.SIGNED}/']")
    expect(sign).to_have_count(1)
    shoot(page, "pks-1366")
    assert axe_findings(page, page.url) == []
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shoot(page, "pks-390")


def test_it_shows_leadership_who_holds_each_file_before_the_signing(page, demo_data):
    page.set_viewport_size(DESKTOP)
    log_in(page, "pimpinan")
    with page.expect_navigation():
        page.click("nav a[href='/pipeline/']")
    expect(page.locator("h1")).to_have_text(t("File positions"))

    rows = page.locator("[data-testid=pipeline-files] tbody tr")
    waiting = Agreement.objects.filter(stage__in=PRE_SIGNING_STAGES).select_related("holder_unit")
    assert {a.title for a in waiting} >= {GUANGXI, GYEONGBUK}
    expect(rows).to_have_count(len(waiting))
    today = timezone.localdate()
    for agreement in waiting:
        row = rows.filter(has_text=agreement.title)
        expect(row).to_have_count(1)
        cells = row.locator("td")
        with translation.override("id"):
            holder_name = agreement.holder_name
        expect(cells.nth(2)).to_have_text(holder_name)
        days = (today - agreement.held_since).days if agreement.held_since else "–"
        expect(cells.nth(4)).to_have_text(str(days))

    # Guangxi waits at Kemendagri, the Gyeongsangbuk-do cooperation at the DPRD: both past
    # their guideline, delays of their holder.
    guangxi = rows.filter(has_text=GUANGXI).locator("td")
    expect(guangxi.nth(2)).to_have_text(t(Holder.KEMENDAGRI.label))
    expect(guangxi.nth(4)).to_have_text("150")
    expect(guangxi.nth(6)).to_contain_text(
        t("delay of %(holder)s", holder=t(Holder.KEMENDAGRI.label))
    )
    expect(guangxi.nth(7)).to_contain_text("Surat Gubernur No. 120/318/BAK/")
    gyeongbuk = rows.filter(has_text=GYEONGBUK).locator("td")
    expect(gyeongbuk.nth(2)).to_have_text(t(Holder.DPRD.label))
    expect(gyeongbuk.nth(4)).to_have_text("100")
    expect(gyeongbuk.nth(6)).to_contain_text(t("delay of %(holder)s", holder="DPRD"))
    # A signed MoU is not on this page.
    expect(page.locator("[data-testid=pipeline-files]")).not_to_contain_text(ZHEJIANG)

    assert axe_findings(page, page.url) == []
    shoot(page, "pipeline-1366")

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    assert axe_findings(page, f"{page.url} at 390 px") == []
    shoot(page, "pipeline-390")
