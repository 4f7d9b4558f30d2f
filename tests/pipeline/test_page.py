"""The pipeline page ("Posisi berkas"): every file before the signing, who holds it, for
how long against its guideline, whose delay it is, the letter to chase; the summary per
holder; filters; an officer's scope; flat query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Holder, Stage
from agreements.selectors import pipeline as selectors

from .conftest import TODAY, days, english, file_at, hand_over, row_text

URL = reverse("agreements:pipeline")


@pytest.fixture
def at_dprd(biro, sector, unit):
    """Waits for the DPRD's decision (guideline 60 days) for 100 days, at the DPRD."""
    made = file_at(
        Stage.PLAN,
        actor=biro,
        since=days(-150),
        sectors=[sector],
        coordinating_unit=unit,
        title="Sister Province Guangxi",
    )
    return hand_over(made, Holder.DPRD, actor=biro, on=days(-100), letter="170/45/BAK/2026")


@pytest.fixture
def at_bureau(biro, sector, other_unit):
    """At the LoI, waiting for the cooperation plan (90 days) in the Bureau for 120 days."""
    return file_at(
        Stage.LOI,
        actor=biro,
        since=days(-120),
        sectors=[sector],
        coordinating_unit=other_unit,
        title="Kerja sama Western Australia",
    )


@pytest.fixture
def young(biro, sector, unit):
    """A prospect opened ten days ago: well within its guideline."""
    return file_at(Stage.EXPLORATION, actor=biro, since=days(-10), title="Prospek Busan")


def test_it_shows_the_holders_delay(leader, at_dprd):
    response = english(leader).get(URL)

    assert response.status_code == 200
    words = row_text(response.content.decode(), "pipeline-files", "Sister Province Guangxi")
    assert "DPRD approval" in words  # the step awaited
    assert "100" in words and "60 days" in words
    assert "Past the guideline" in words and "delay of DPRD" in words
    assert "170/45/BAK/2026" in words
    assert row_text(response.content.decode(), "pipeline-holders", "DPRD") == "DPRD 1 1 100 days"


def test_it_attributes_the_bureaus_own_delay_to_the_bureau(leader, at_bureau, at_dprd):
    response = english(leader).get(URL)
    page = response.content.decode()

    words = row_text(page, "pipeline-files", "Western Australia")
    assert "Cooperation Bureau" in words and "120" in words and "90 days" in words
    assert "the Bureau's own delay" in words
    assert "delay of" not in words
    holders = row_text(page, "pipeline-holders", "Cooperation Bureau")
    assert holders == "Cooperation Bureau · the Bureau's own delay 1 1 120 days"
    (bureau,) = [g for g in response.context["holders"] if g["holder"] == Holder.BUREAU]
    assert bureau["is_bureau"] and bureau["delayed"] == 1 and bureau["longest"] == 120


def test_it_lists_the_most_overdue_first_and_the_files_within_their_guideline(
    leader, at_dprd, at_bureau, young
):
    response = english(leader).get(URL)

    rows = response.context["files"]
    assert [r.agreement for r in rows] == [at_dprd, at_bureau, young]
    assert [r.overdue_days for r in rows] == [40, 30, 10 - 365]
    assert [r.delayed for r in rows] == [True, True, False]
    words = row_text(response.content.decode(), "pipeline-files", "Prospek Busan")
    assert "Within the guideline" in words and "365 days" in words


def test_it_leaves_out_signed_and_dropped_agreements(biro, leader, sector, at_dprd):
    file_at(Stage.MOU, actor=biro, since=days(-400), sectors=[sector], title="MoU Zhejiang")
    file_at(Stage.DROPPED, actor=biro, since=days(-400), sectors=[sector], title="Batal Perth")

    rows = selectors.pipeline_files(user=leader, today=TODAY)

    assert [r.agreement for r in rows] == [at_dprd]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"holder": "dprd"}, ["Sister Province Guangxi"]),
        ({"holder": "bureau"}, ["Kerja sama Western Australia", "Prospek Busan"]),
        ({"stage": "loi"}, ["Kerja sama Western Australia"]),
        ({"stage": "exploration", "holder": "bureau"}, ["Prospek Busan"]),
        ({"holder": "kemlu"}, []),
    ],
)
def test_it_filters_by_holder_and_stage(leader, at_dprd, at_bureau, young, query, titles):
    response = english(leader).get(URL, query)

    assert response.status_code == 200
    assert [r.agreement.title for r in response.context["files"]] == titles
    # The summary per holder stays the whole picture.
    assert sum(g["files"] for g in response.context["holders"]) == 3


def test_it_filters_by_the_work_unit_holding_the_file(biro, leader, at_dprd, at_bureau, unit):
    hand_over(at_bureau, Holder.WORK_UNIT, unit=unit, actor=biro, on=days(-5))

    response = english(leader).get(URL, {"holder_unit": unit.pk})

    assert [r.agreement for r in response.context["files"]] == [at_bureau]
    assert "Dinas Pertanian dan Perkebunan" in row_text(
        response.content.decode(), "pipeline-files", "Western Australia"
    )


def test_it_refuses_a_filter_it_does_not_know_with_a_message(leader, at_dprd, at_bureau):
    response = english(leader).get(URL, {"holder": "nobody", "stage": "mou"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"holder", "stage"}
    assert "Select a valid choice" in response.content.decode()
    assert len(response.context["files"]) == 2  # the invalid filters are dropped


def test_it_shows_an_officer_only_the_files_their_unit_takes_part_in(officer, at_dprd, at_bureau):
    response = english(officer).get(URL)

    assert response.status_code == 200
    assert [r.agreement for r in response.context["files"]] == [at_dprd]
    assert "Western Australia" not in response.content.decode()


def test_it_stacks_its_tables_on_a_phone(leader, at_dprd):
    page = english(leader).get(URL).content.decode()

    for testid in ("pipeline-holders", "pipeline-files", "lead-times"):
        assert f'table-stack" data-testid="{testid}"' in page
    assert page.count('class="card table-responsive" tabindex="0"') == 3


def test_it_is_linked_from_the_navigation(leader):
    page = english(leader).get(URL).content.decode()

    assert f'nav-link active" href="{URL}"' in page


# --- query counts ---------------------------------------------------------------------


SMALL, LARGE = 2, 12


@pytest.fixture
def build(biro, sector, unit, other_unit):
    """Files at every stage before the signing, with every kind of holder, each visible to
    the officer of ``unit`` (it coordinates them)."""
    holders = [
        (Holder.DPRD, None),
        (Holder.WORK_UNIT, other_unit),
        (Holder.KEMENDAGRI, None),
        (Holder.BUREAU, None),
    ]
    stages = [Stage.LOI, Stage.PLAN, Stage.DPRD_APPROVAL, Stage.VERIFIED]
    made = {"count": 0}

    def add(n):
        for _ in range(n):
            i = made["count"]
            made["count"] += 1
            agreement = file_at(
                stages[i % 4],
                actor=biro,
                since=days(-300 - i),
                sectors=[sector],
                coordinating_unit=unit,
            )
            holder, holder_unit = holders[i % 4]
            if holder != Holder.BUREAU:
                hand_over(agreement, holder, unit=holder_unit, actor=biro, on=days(-100 - i))

    return add


def queries_of(client) -> list[str]:
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("role", ["leader", "officer"])
def test_it_runs_the_same_queries_for_more_files(request, build, role):
    client = english(request.getfixturevalue(role))
    build(SMALL)
    small = queries_of(client)
    assert len(client.get(URL).context["files"]) == SMALL

    build(LARGE - SMALL)

    large = queries_of(client)
    response = client.get(URL)
    assert len(response.context["files"]) == LARGE
    assert sum(r.count for r in response.context["lead_times"]) > SMALL
    assert len(small) == len(large), "\n".join(
        [f"{len(small)} vs {len(large)} queries", *small, "---", *large]
    )
