"""Who sees what on the dashboards, and the filters.

Leadership, Bureau staff and Administrators see everything; an SKPD officer sees their
own unit's scorecard and figures computed from their own unit's items only, and another
unit's drill-down answers 404 (each role's status per page is in the URL × role matrix,
tests/access/matrix.py).

The world: two MoUs in the same sector (Agriculture), each with one overdue task, one
late request and one commitment: ``agreement`` (partner ``P1``) is ``unit``'s, its
commitment funded this year; ``other_agreement`` (partner ``P2``) is ``other_unit``'s,
with no budget at all.
"""

from datetime import date

import pytest
from django.urls import reverse

from agreements.health import Reason
from agreements.models import Stage

from ..clock import TODAY, days
from ..factories import PartnerFactory, WorkUnitFactory
from .conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    agreement_at,
    client_as,
)


def follow_up(*, actor, unit, sector, partner, title, late_by, funded):
    agreement = agreement_at(
        Stage.MOU,
        actor=actor,
        since=date(2024, 9, 2),
        coordinating_unit=unit,
        partner=partner,
        sectors=[sector],
        title=title,
    )
    commitment = CommitmentFactory(agreement=agreement, actor=actor, sector=sector, lead_unit=unit)
    task = TaskFactory(
        commitment=commitment, actor=actor, title=f"Tugas {title}", due_date=days(-late_by)
    )
    RequestFactory(
        actor=actor,
        agreement=agreement,
        work_unit=unit,
        task=task,
        sent_on=days(-30),
        answer_due=days(-late_by),
    )
    if funded:
        BudgetLineFactory(actor=actor, commitment=commitment)
    return agreement, task


@pytest.fixture
def world(biro, unit, other_unit, sector):
    p1, p2 = PartnerFactory(name="P1"), PartnerFactory(name="P2")
    mine = follow_up(
        actor=biro,
        unit=unit,
        sector=sector,
        partner=p1,
        title="Kerja sama agribisnis Uji",
        late_by=10,
        funded=True,
    )
    theirs = follow_up(
        actor=biro,
        unit=other_unit,
        sector=sector,
        partner=p2,
        title="Kerja sama perikanan Lain",
        late_by=20,
        funded=False,
    )
    return {
        "agreement": mine[0],
        "task": mine[1],
        "other_agreement": theirs[0],
        "other_task": theirs[1],
        "p1": p1,
        "p2": p2,
    }


def page(name, world, unit, other_unit, sector):
    return {
        "dashboard": reverse("agreements:dashboard"),
        "sector": reverse("agreements:dashboard_sector", args=[sector.code]),
        "own-unit": reverse("agreements:dashboard_unit", args=[unit.pk]),
        "other-unit": reverse("agreements:dashboard_unit", args=[other_unit.pk]),
    }[name]


# --- unknown sectors and units -------------------------------------------------------------


def test_it_answers_404_for_an_unknown_sector_or_unit(biro, world):
    client = client_as(biro)

    assert client.get(reverse("agreements:dashboard_sector", args=["tidak-ada"])).status_code == 404
    assert client.get(reverse("agreements:dashboard_unit", args=[999999])).status_code == 404


# --- what each role sees --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["leader", "biro", "administrator"])
@pytest.mark.parametrize("name", ["dashboard", "sector"])
def test_it_shows_readers_of_everything_every_unit(
    users, world, unit, other_unit, sector, role, name
):
    response = client_as(users[role]).get(page(name, world, unit, other_unit, sector))

    assert response.status_code == 200
    assert {card["unit"] for card in response.context["scorecards"]} == {unit, other_unit}
    assert response.context["items"]["overdue_count"] == 2


def test_it_shows_an_officer_only_their_units_scorecard(officer, world, unit):
    response = client_as(officer).get(reverse("agreements:dashboard"))

    assert response.status_code == 200
    assert [card["unit"] for card in response.context["scorecards"]] == [unit]
    assert response.context["scorecards"][0]["overdue"] == 1


def test_it_counts_for_an_officer_only_their_units_items(officer, world):
    response = client_as(officer).get(reverse("agreements:dashboard"))

    items = response.context["items"]
    assert response.status_code == 200
    assert (items["overdue_count"], list(items["overdue"])) == (1, [world["task"]])
    assert items["late_count"] == 1
    assert items["unfunded_count"] == 0
    assert world["other_task"].title not in response.content.decode()


def test_it_counts_for_an_officer_only_the_agreements_their_unit_takes_part_in(officer, world):
    response = client_as(officer).get(reverse("agreements:dashboard"))

    assert response.status_code == 200
    assert {row["stage"]: row["count"] for row in response.context["pipeline"]}[Stage.MOU] == 1


def test_it_computes_an_officers_sector_page_from_their_units_items(officer, world, unit, sector):
    response = client_as(officer).get(reverse("agreements:dashboard_sector", args=[sector.code]))

    assessment = response.context["assessment"]
    assert response.status_code == 200
    assert [f.reason for f in assessment.findings] == [Reason.OVERDUE, Reason.NO_RESPONSE]
    assert (assessment.finding(Reason.OVERDUE).count, assessment.finding(Reason.OVERDUE).days) == (
        1,
        10,
    )
    assert list(response.context["items"]["overdue"]) == [world["task"]]
    assert [card["unit"] for card in response.context["scorecards"]] == [unit]
    assert [row["agreement"] for row in response.context["agreements"]] == [world["agreement"]]


def test_it_computes_the_sector_for_leadership_from_every_unit(leader, world, sector):
    response = client_as(leader).get(reverse("agreements:dashboard_sector", args=[sector.code]))

    assessment = response.context["assessment"]
    assert response.status_code == 200
    assert (assessment.finding(Reason.OVERDUE).count, assessment.finding(Reason.OVERDUE).days) == (
        2,
        20,
    )
    assert assessment.finding(Reason.NO_BUDGET).count == 1


def test_it_shows_an_officer_their_own_units_page(officer, world, unit):
    response = client_as(officer).get(reverse("agreements:dashboard_unit", args=[unit.pk]))

    assert response.status_code == 200
    assert response.context["unit"] == unit
    assert response.context["card"]["overdue"] == 1
    assert list(response.context["items"]["overdue"]) == [world["task"]]


def test_it_hides_another_units_page_from_an_officer_even_without_data(officer, world):
    empty = WorkUnitFactory(name="Bappeda", abbreviation="Bappeda")

    response = client_as(officer).get(reverse("agreements:dashboard_unit", args=[empty.pk]))

    assert response.status_code == 404


# --- filters --------------------------------------------------------------------------------


def dashboard_for(user, **params):
    response = client_as(user).get(reverse("agreements:dashboard"), params)
    assert response.status_code == 200
    return response


def test_it_narrows_the_figures_to_one_partner(leader, world):
    response = dashboard_for(leader, partner=world["p2"].pk)

    items = response.context["items"]
    assert (items["overdue_count"], list(items["overdue"])) == (1, [world["other_task"]])
    assert response.context["filters"]["partner"] == world["p2"]


def test_it_drops_the_overdue_task_of_another_partner(officer, world):
    response = dashboard_for(officer, partner=world["p2"].pk)

    assert response.context["items"]["overdue_count"] == 0
    assert response.context["scorecards"] == []


def test_it_narrows_the_figures_to_one_agreement(leader, world):
    response = dashboard_for(leader, agreement=world["agreement"].pk)

    items = response.context["items"]
    assert (items["overdue_count"], list(items["overdue"])) == (1, [world["task"]])
    assert {row["stage"]: row["count"] for row in response.context["pipeline"]}[Stage.MOU] == 1


def test_it_counts_budget_in_the_chosen_fiscal_year(leader, world):
    this_year = dashboard_for(leader)
    last_year = dashboard_for(leader, fiscal_year=TODAY.year - 1)

    assert (this_year.context["fiscal_year"], last_year.context["fiscal_year"]) == (2026, 2025)
    assert this_year.context["items"]["unfunded_count"] == 1
    assert last_year.context["items"]["unfunded_count"] == 2
    assert last_year.context["items"]["overdue_count"] == 2


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"fiscal_year": "abc"}, id="fiscal-year-abc"),
        pytest.param({"fiscal_year": "1999"}, id="fiscal-year-not-offered"),
        pytest.param({"agreement": "999999"}, id="agreement-unknown"),
        pytest.param({"agreement": "abc"}, id="agreement-abc"),
        pytest.param({"partner": "999999"}, id="partner-unknown"),
    ],
)
def test_it_ignores_an_invalid_filter_value(leader, world, params):
    response = dashboard_for(leader, **params)

    assert response.context["filters"] == {
        "partner": None,
        "agreement": None,
        "fiscal_year": TODAY.year,
    }
    assert response.context["items"]["overdue_count"] == 2


@pytest.mark.parametrize("name", ["sector", "own-unit"])
def test_it_ignores_an_invalid_filter_value_on_the_drill_downs(
    leader, world, unit, other_unit, sector, name
):
    path = page(name, world, unit, other_unit, sector)

    response = client_as(leader).get(path, {"fiscal_year": "abc", "agreement": "x"})

    assert response.status_code == 200
    assert response.context["filters"]["fiscal_year"] == TODAY.year


def test_it_keeps_the_valid_filters_beside_an_invalid_one(leader, world):
    response = dashboard_for(leader, partner=world["p2"].pk, fiscal_year="abc")

    assert response.context["filters"]["partner"] == world["p2"]
    assert list(response.context["items"]["overdue"]) == [world["other_task"]]


def test_it_offers_an_officer_only_their_units_agreements(officer, world):
    response = dashboard_for(officer)

    choices = response.context["form"].fields["agreement"].queryset
    assert list(choices) == [world["agreement"]]
    assert world["other_agreement"].title not in response.content.decode()


def test_it_shows_an_officer_nothing_of_another_units_agreement_by_its_id(officer, world):
    response = dashboard_for(officer, agreement=world["other_agreement"].pk)

    assert response.context["filters"]["agreement"] is None
    assert list(response.context["items"]["overdue"]) == [world["task"]]
    assert world["other_task"].title not in response.content.decode()
    assert world["other_agreement"].title not in response.content.decode()
