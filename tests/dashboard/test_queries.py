"""Each dashboard page runs the same number of SQL queries with 2 agreements as with 12,
as the Bureau and as an SKPD officer; on a difference the SQL of both runs is printed.

``build(n)`` makes n agreements in three sectors with three work units; each unit has,
in each agreement, a funded commitment with overdue, upcoming and finished tasks,
progress, late, upcoming and answered requests, and an unfunded commitment. Every third
agreement is held past its guideline before the signing and every third expires soon. So
every list of every page has rows at both scales, for the Bureau and for the officer of
``unit`` (an empty list would save a query and compare nothing).
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement, FollowUpTask, Stage

from ..clock import days
from ..factories import SectorFactory
from .conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    agreement_at,
    answer,
    client_as,
    post_progress,
)

SMALL, LARGE = 2, 12
COUNTS = [
    "overdue_count",
    "late_count",
    "unfunded_count",
    "no_progress_count",
    "delayed_count",
    "expiring_count",
]


@pytest.fixture
def sectors(db):
    return [
        SectorFactory(code="pertanian", name="Pertanian", name_en="Agriculture"),
        SectorFactory(code="perikanan", name="Perikanan", name_en="Fisheries"),
        SectorFactory(code="pariwisata", name="Pariwisata", name_en="Tourism"),
    ]


@pytest.fixture
def build(biro, officer, stranger, unit, other_unit, third_unit, sectors):
    units = [unit, other_unit, third_unit]
    answerers = {unit: officer, other_unit: stranger, third_unit: biro}
    made = {"count": 0}

    def add(n):
        for _ in range(n):
            i = made["count"]
            made["count"] += 1
            stage = [Stage.EXPLORATION, Stage.MOU, Stage.MOU][i % 3]
            agreement = agreement_at(
                stage,
                actor=biro,
                since=days(-400) if stage == Stage.EXPLORATION else date(2024, 9, 2),
                # Every other MoU ends within the warning window.
                valid_until=days(90) if i % 3 == 1 else date(2029, 9, 1),
                coordinating_unit=units[i % 3],
                sectors=sectors,
            )
            for k, work_unit in enumerate(units):
                sector = sectors[(i + k) % 3]
                commitment = CommitmentFactory(
                    agreement=agreement, actor=biro, sector=sector, lead_unit=work_unit
                )
                late = TaskFactory(commitment=commitment, actor=biro, due_date=days(-(10 + i + k)))
                post_progress(late, actor=biro, on=days(-50), status="in_progress")
                soon = TaskFactory(commitment=commitment, actor=biro, due_date=days(5 + k))
                done = TaskFactory(commitment=commitment, actor=biro, due_date=days(-3))
                post_progress(done, actor=biro, on=days(-4), percent=100, status="done")
                for number, (task, due) in enumerate([(late, -20), (soon, 3), (done, -5)]):
                    letter = RequestFactory(
                        actor=biro,
                        agreement=agreement,
                        work_unit=work_unit,
                        task=task,
                        letter_number=f"070/{i}-{k}-{number}/BAK/2026",
                        sent_on=days(-30),
                        answer_due=days(due),
                    )
                    if task is done:
                        answer(letter, actor=answerers[work_unit])
                BudgetLineFactory(actor=biro, commitment=commitment, task=late)
                # A second commitment of the unit in the sector: requested, allocated nothing.
                unfunded = CommitmentFactory(
                    agreement=agreement, actor=biro, sector=sector, lead_unit=work_unit
                )
                BudgetLineFactory(actor=biro, commitment=unfunded, amount_allocated=0)

    return add


def run(client, path):
    """The queries of one GET (after a warm-up for sessions and caches)."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def assert_same_queries(small: list[str], large: list[str]):
    if len(small) != len(large):
        lines = [f"{len(small)} queries with {SMALL} agreements, {len(large)} with {LARGE}:"]
        for label, queries in ((f"--- {SMALL}", small), (f"--- {LARGE}", large)):
            lines.append(label)
            lines += [f"{n}. {sql}" for n, sql in enumerate(queries, 1)]
        pytest.fail("\n".join(lines), pytrace=False)


PAGES = [
    pytest.param(lambda unit, sector: reverse("agreements:dashboard"), id="dashboard"),
    pytest.param(
        lambda unit, sector: reverse("agreements:dashboard_sector", args=[sector.code]),
        id="sector",
    ),
    pytest.param(
        lambda unit, sector: reverse("agreements:dashboard_unit", args=[unit.pk]), id="unit"
    ),
    pytest.param(
        lambda unit, sector: reverse("agreements:dashboard") + "?fiscal_year=2025",
        id="dashboard-filtered",
    ),
]


@pytest.mark.parametrize("role", ["biro", "officer"])
@pytest.mark.parametrize("page", PAGES)
def test_it_runs_the_same_queries_for_more_data(request, build, unit, sectors, role, page):
    client = client_as(request.getfixturevalue(role))
    path = page(unit, sectors[0])
    build(SMALL)
    response, small = run(client, path)
    assert all(response.context["items"][name] for name in COUNTS), response.context["items"]

    build(LARGE - SMALL)

    response, large = run(client, path)
    assert_same_queries(small, large)
    assert response.status_code == 200


def test_it_compares_dashboards_that_really_grew(build, biro, officer, unit):
    """The comparison above is between pages showing more rows, in every list."""
    build(SMALL)
    small = client_as(biro).get(reverse("agreements:dashboard")).context["items"]
    build(LARGE - SMALL)

    large = client_as(biro).get(reverse("agreements:dashboard")).context["items"]
    mine = client_as(officer).get(reverse("agreements:dashboard")).context["items"]

    assert all(0 < small[name] < large[name] for name in COUNTS), (small, large)
    assert large["overdue_count"] == FollowUpTask.objects.filter(due_date__lt=days(-9)).count()
    assert mine["overdue_count"] == LARGE
    assert large["delayed_count"] == Agreement.objects.filter(stage=Stage.EXPLORATION).count() == 4
