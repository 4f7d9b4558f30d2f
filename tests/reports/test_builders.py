"""The data of the reports comes from agreements/health.py and the dashboard selectors:
the same stalled sectors and figures for the same scope and date, the most serious
agreements first, capped lists that say how much they left out, sector filters that
narrow everything, and Bahasa Indonesia whatever the reader's interface language.

No PDF is made here: the builders and the HTML are enough.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import translation

from agreements import health
from agreements.models import FollowUpTask, Stage
from agreements.reports.builders import ReportFilters, portfolio_context
from agreements.reports.render import render_html
from agreements.selectors import dashboard as selectors
from agreements.services.reports import report_context

from ..clock import TODAY, days
from ..factories import AgreementFactory, SectorFactory, advance
from ..followup.conftest import BudgetLineFactory, CommitmentFactory, RequestFactory, TaskFactory

START = date(2026, 1, 1)


@dataclass
class World:
    """Three MoUs in force, every commitment funded, so that only the follow-up decides:
    ``stalled`` (a task 40 days late, Transport), ``at_risk`` (5 days late, Agriculture)
    and ``on_track`` (due next week, Agriculture). Their titles sort the other way round."""

    transport: object
    agriculture: object
    stalled: object
    at_risk: object
    on_track: object


def mou(*, biro, unit, title, sector):
    agreement = AgreementFactory(actor=biro, coordinating_unit=unit, title=title, sectors=[sector])
    return advance(agreement, actor=biro, to=Stage.MOU)


def follow_up(agreement, *, biro, unit, due):
    commitment = CommitmentFactory(agreement=agreement, actor=biro, lead_unit=unit)
    BudgetLineFactory(commitment=commitment, actor=biro, work_unit=unit)
    return TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit, due_date=due)


@pytest.fixture
def world(biro, unit) -> World:
    transport = SectorFactory(code="perhubungan", name="Perhubungan", name_en="Transport")
    agriculture = SectorFactory(code="pertanian", name="Pertanian", name_en="Agriculture")
    stalled = mou(biro=biro, unit=unit, title="A – macet", sector=transport)
    at_risk = mou(biro=biro, unit=unit, title="B – berisiko", sector=agriculture)
    on_track = mou(biro=biro, unit=unit, title="C – sesuai rencana", sector=agriculture)
    follow_up(stalled, biro=biro, unit=unit, due=days(-40))
    follow_up(at_risk, biro=biro, unit=unit, due=days(-5))
    follow_up(on_track, biro=biro, unit=unit, due=days(7))
    return World(transport, agriculture, stalled, at_risk, on_track)


def portfolio(user, end=TODAY, **filters) -> dict:
    return portfolio_context(user=user, filters=ReportFilters(start=START, end=end, **filters))


# --- from health.py and the dashboard selectors -------------------------------------------


@pytest.mark.parametrize(
    ("role", "end"),
    [("leader", TODAY), ("leader", days(-30)), ("officer", TODAY)],
    ids=["leader-today", "leader-a-month-ago", "officer-today"],
)
def test_it_takes_the_stalled_sectors_from_the_dashboard_selectors(users, world, role, end):
    user = users[role]
    scope = selectors.dashboard_scope(user=user, fiscal_year=end.year)
    dashboard = selectors.dashboard(scope, end)

    context = portfolio(user, end=end)

    stalled = [row["sector"] for row in context["stalled_sectors"]]
    assert stalled == [row["sector"] for row in dashboard["stalled_sectors"]]
    assert stalled == ([world.transport] if end == TODAY else [])


def test_it_takes_the_figures_from_the_dashboard_items(leader, world):
    scope = selectors.dashboard_scope(user=leader, fiscal_year=TODAY.year)
    items = selectors.items_behind(scope, TODAY)

    context = portfolio(leader)

    assert context["items"] == {key: value for key, value in items.items() if "_count" in key}
    assert context["items"]["overdue_count"] == 2
    assert context["items"]["overdue_count"] == (
        FollowUpTask.objects.filter(health.overdue_tasks_q(TODAY)).count()
    )


def test_it_ranks_the_agreement_pages_most_serious_first(leader, world):
    pages = portfolio(leader)["agreement_pages"]

    assert [page["agreement"] for page in pages] == [world.stalled, world.at_risk, world.on_track]
    assert [page["assessment"].status for page in pages] == [
        health.Status.STALLED,
        health.Status.AT_RISK,
        health.Status.ON_TRACK,
    ]


def test_it_caps_the_agreement_pages_at_the_setting(settings, leader, world):
    settings.REPORT_AGREEMENT_PAGES = 1

    context = portfolio(leader)

    assert [page["agreement"] for page in context["agreement_pages"]] == [world.stalled]
    assert context["agreements_left_out"] == 3 - 1
    assert "2 kerja sama lainnya tidak diringkas di sini" in render_html(context)


def test_it_caps_the_appendix_at_the_setting_and_counts_the_rest(settings, biro, leader, world):
    settings.REPORT_APPENDIX_ROWS = 2
    TaskFactory(commitment=world.stalled.commitments.get(), actor=biro, due_date=days(-60))
    for late_by in (3, 4, 5):
        RequestFactory(agreement=world.at_risk, actor=biro, answer_due=days(-late_by))

    context = portfolio(leader)

    appendix = context["appendix"]
    assert [task.due_date for task in appendix["overdue"]] == [days(-60), days(-40)]
    assert (appendix["overdue_more"], context["items"]["overdue_count"]) == (1, 3)
    assert [request.answer_due for request in appendix["late"]] == [days(-5), days(-4)]
    assert appendix["late_more"] == 1
    html = render_html(context)
    assert "…dan 1 tindak lanjut terlambat lainnya." in html
    assert "…dan 1 permintaan lainnya." in html


def test_it_narrows_the_sections_and_the_figures_to_the_chosen_sectors(leader, world):
    context = portfolio(leader, sectors=[world.transport])

    assert [row["sector"] for row in context["sectors"]] == [world.transport]
    assert context["sectors"][0]["counts"]["overdue"] == 1
    assert context["items"]["overdue_count"] == 1
    assert [page["agreement"] for page in context["agreement_pages"]] == [world.stalled]
    assert [row["sector"] for row in context["stalled_sectors"]] == [world.transport]


def test_it_shows_every_sector_without_a_filter(leader, world):
    context = portfolio(leader)

    assert [row["sector"] for row in context["sectors"]] == [world.transport, world.agriculture]
    assert context["items"]["overdue_count"] == 2


# --- always in Bahasa Indonesia -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "title", "english"),
    [
        ("portfolio", "Laporan Status Kerja Sama", "Cooperation status report"),
        ("agreement", "Laporan Kerja Sama", "Agreement report"),
        ("work_unit", "Laporan Perangkat Daerah", "Work-unit report"),
    ],
)
def test_it_writes_the_report_in_indonesian_under_an_english_interface(
    leader, unit, world, kind, title, english
):
    with translation.override("en"):
        context = report_context(
            user=leader,
            kind=kind,
            filters=ReportFilters(start=START, end=TODAY),
            agreement=world.stalled,
            work_unit=unit,
        )
        html = render_html(context)
        still = translation.get_language()

    assert f"<h1>{title}" in html
    assert english not in html
    assert "Periode 1 Januari 2026 – 27 November 2026" in html
    assert "Macet" in html
    assert "Stalled" not in html
    assert still == "en"


def test_it_draws_the_charts_in_indonesian_under_an_english_interface(leader, world):
    with translation.override("en"):
        html = render_html(portfolio(leader))

    assert "Tindak lanjut terlambat" in html
    assert "Overdue tasks" not in html
    assert ">Perhubungan</text>" in html
    assert "Transport" not in html
