"""Lead times: per step of the path, over the agreements that took it, the median and the
longest days from reaching the stage before to the step's date, and who held the files."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, Holder, StageAction
from agreements.selectors import pipeline as selectors
from agreements.services.lifecycle import agreement_correct_last_step

from ..factories import AgreementFactory
from .conftest import TODAY, hand_over, step


def by_action(rows) -> dict:
    return {row.step.action: row for row in rows}


@pytest.fixture
def history(biro, unit, other_unit, sector):
    """Three known histories:

    A: opened 1 Jan 2025, with the partner from 11 Jan, LoI 2 Mar (60 days: Bureau 10,
       partner 50); with Dinas Pertanian from 12 Mar, plan 1 Apr (30 days: Bureau 10,
       the unit 20).
    B: opened 1 Jan 2025, LoI 1 May (120 days, all in the Bureau).
    C: opened 1 Feb 2025, with Kemlu from 6 Feb, LoI 21 Feb (20 days: Bureau 5, Kemlu 15).
    """
    a = AgreementFactory(actor=biro, first_contact_date=date(2025, 1, 1), coordinating_unit=unit)
    hand_over(a, Holder.PARTNER, actor=biro, on=date(2025, 1, 11))
    step(a, StageAction.LOI, actor=biro, on=date(2025, 3, 2))
    hand_over(a, Holder.WORK_UNIT, unit=unit, actor=biro, on=date(2025, 3, 12))
    step(a, StageAction.PLAN, actor=biro, on=date(2025, 4, 1))
    b = AgreementFactory(
        actor=biro, first_contact_date=date(2025, 1, 1), coordinating_unit=other_unit
    )
    step(b, StageAction.LOI, actor=biro, on=date(2025, 5, 1))
    c = AgreementFactory(
        actor=biro, first_contact_date=date(2025, 2, 1), coordinating_unit=other_unit
    )
    hand_over(c, Holder.KEMLU, actor=biro, on=date(2025, 2, 6))
    step(c, StageAction.LOI, actor=biro, on=date(2025, 2, 21))
    return a, b, c


def test_it_computes_the_median_and_the_longest_per_step(leader, history):
    rows = by_action(selectors.lead_times(user=leader, today=TODAY))

    loi = rows[StageAction.LOI]
    assert (loi.count, loi.median, loi.longest) == (3, 60, 120)
    plan = rows[StageAction.PLAN]
    assert (plan.count, plan.median, plan.longest) == (1, 30, 30)
    dprd = rows[StageAction.DPRD_APPROVAL]
    assert (dprd.count, dprd.median, dprd.longest) == (0, None, None)
    # The path's steps in order, each once.
    assert [row.step.action for row in selectors.lead_times(user=leader, today=TODAY)] == [
        StageAction.LOI,
        StageAction.PLAN,
        StageAction.DPRD_APPROVAL,
        StageAction.VERIFIED,
        StageAction.FULL_POWERS,
        StageAction.MOU_SIGNED,
    ]


def test_it_says_who_held_the_files_during_each_step(leader, history):
    rows = by_action(selectors.lead_times(user=leader, today=TODAY))

    bureau = str(Holder.BUREAU.label)
    loi = rows[StageAction.LOI]
    assert [(h["name"], h["days"]) for h in loi.holders] == [
        (bureau, 135),
        (str(Holder.PARTNER.label), 50),
        (str(Holder.KEMLU.label), 15),
    ]
    assert loi.main_holder == bureau
    plan = rows[StageAction.PLAN]
    assert [(h["name"], h["days"]) for h in plan.holders] == [
        ("Dinas Pertanian dan Perkebunan", 20),
        (bureau, 10),
    ]
    assert plan.main_holder == "Dinas Pertanian dan Perkebunan"


def test_it_gives_a_median_between_two_durations(leader, history, biro):
    _a, b, _c = history
    # B's LoI is corrected away: it no longer took the step.
    agreement_correct_last_step(
        agreement=b,
        actor=biro,
        reason="Salah tanggal.",
        event_id=b.stage_events.order_by("pk").last().pk,
        today=TODAY,
    )

    loi = by_action(selectors.lead_times(user=leader, today=TODAY))[StageAction.LOI]

    assert (loi.count, loi.median, loi.longest) == (2, 40, 60)
    top = loi.holders[0]
    assert (top["name"], top["days"]) == (str(Holder.PARTNER.label), 50)


def test_it_counts_only_what_an_officer_may_see(officer, history):
    loi = by_action(selectors.lead_times(user=officer, today=TODAY))[StageAction.LOI]

    assert (loi.count, loi.median, loi.longest) == (1, 60, 60)


def test_it_loads_every_history_in_one_query(leader, history, biro):
    for _ in range(5):
        made = AgreementFactory(actor=biro, first_contact_date=date(2025, 1, 1))
        step(made, StageAction.LOI, actor=biro, on=date(2025, 6, 1))
    assert Agreement.objects.count() == 8

    with CaptureQueriesContext(connection) as queries:
        rows = selectors.lead_times(user=leader, today=TODAY)

    assert len(queries.captured_queries) == 1
    assert by_action(rows)[StageAction.LOI].count == 8
