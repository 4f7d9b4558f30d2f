"""Forms as a browser fills them: rupiah typed the Indonesian way, and the letter form's task list.

A test client posts what the test wrote; only a browser shows what the widget makes of what
a person types (an <input type=number> turned "150.000.000" into 150).
"""

import datetime

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement, BudgetLine, Commitment, FollowUpTask, WorkUnit

from .conftest import browser_test, log_in

pytestmark = [pytest.mark.browser, browser_test]

FORUM = "Forum investasi NTB–Zhejiang"


def open_budget_form(page):
    commitment = Commitment.objects.get(title=FORUM)
    log_in(page, "biro")
    page.goto("/budget/new/")
    page.fill("#id_fiscal_year", "2026")
    page.select_option("#id_work_unit", str(commitment.lead_unit_id))
    page.select_option("#id_commitment", str(commitment.pk))
    page.select_option("#id_source", "apbd")
    return commitment


def test_it_reads_an_amount_typed_with_dots_as_rupiah(page, demo_data):
    commitment = open_budget_form(page)
    amount = page.locator("#id_amount_requested")
    expect(amount).to_have_attribute("inputmode", "numeric")
    amount.fill("")  # the form starts at 0; a person clears it first
    amount.press_sequentially("150.000.000")
    page.fill("#id_amount_allocated", "100.000.000")
    page.fill("#id_amount_spent", "0")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    line = BudgetLine.objects.get(commitment=commitment)
    assert (line.amount_requested, line.amount_allocated, line.amount_spent) == (
        150_000_000,
        100_000_000,
        0,
    )
    row = page.locator("tbody tr", has_text=FORUM)
    expect(row).to_contain_text("Rp 150.000.000")
    expect(row).to_contain_text("Rp 100.000.000")
    # Opened again, the field shows the amount back as it was typed.
    page.goto(f"/budget/{line.pk}/edit/")
    expect(page.locator("#id_amount_requested")).to_have_value("150.000.000")


def test_it_refuses_an_ambiguous_amount_with_an_error_tied_to_the_field(page, demo_data):
    commitment = open_budget_form(page)
    before = BudgetLine.objects.count()
    page.fill("#id_amount_requested", "")
    page.locator("#id_amount_requested").press_sequentially("150,5")
    page.fill("#id_amount_allocated", "0")
    page.fill("#id_amount_spent", "0")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    amount = page.locator("#id_amount_requested")
    expect(amount).to_have_value("150,5")
    expect(amount).to_have_attribute("aria-invalid", "true")
    described_by = amount.get_attribute("aria-describedby") or ""
    messages = [page.locator(f"[id='{ref}']") for ref in described_by.split()]
    assert messages, "the amount field names no description"
    for message in messages:
        expect(message).to_have_count(1)
    expect(page.locator(f"[id='{described_by.split()[-1]}']")).to_contain_text(
        "bukan jumlah rupiah"
    )
    assert BudgetLine.objects.count() == before
    assert not BudgetLine.objects.filter(commitment=commitment).exists()


def test_it_offers_only_the_chosen_agreements_tasks_on_the_letter_form(page, demo_data):
    zhejiang = Agreement.objects.get(title="Sister Province NTB – Zhejiang")
    penang = Agreement.objects.get(title__startswith="Kerja sama pendidikan NTB – Penang")
    unit = WorkUnit.objects.get(abbreviation="Distanbun")
    commitment = Commitment.objects.create(
        agreement=penang,
        sector=zhejiang.commitments.first().sector,
        title="Pertukaran guru pertanian",
        lead_unit=unit,
        created_by=zhejiang.created_by,
    )
    other = FollowUpTask.objects.create(
        commitment=commitment,
        responsible_unit=unit,
        title="Kunjungan guru ke Penang",
        due_date=datetime.date(2027, 3, 1),
        created_by=zhejiang.created_by,
    )
    log_in(page, "biro")
    page.goto("/coordination/new/")
    options = page.locator("#id_task option:not([value=''])")
    offered = lambda: options.evaluate_all(  # noqa: E731
        "els => els.filter(o => !o.hidden && !o.disabled).map(o => o.value)"
    )
    everything = set(offered())
    assert str(other.pk) in everything and len(everything) > 1

    page.select_option("#id_agreement", str(penang.pk))
    assert offered() == [str(other.pk)]

    page.select_option("#id_agreement", str(zhejiang.pk))
    zhejiang_tasks = {
        str(pk)
        for pk in FollowUpTask.objects.filter(commitment__agreement=zhejiang).values_list(
            "pk", flat=True
        )
    }
    assert set(offered()) == zhejiang_tasks
    # A task of the other agreement cannot be chosen any more.
    page.select_option("#id_task", str(sorted(zhejiang_tasks)[0]))
    page.select_option("#id_agreement", str(penang.pk))
    expect(page.locator("#id_task")).to_have_value("")
