"""The yearly report's data: the figures come from the monitoring selectors, the
evaluation, the budget lines and the visits of the year; the query count is flat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agreements.models.monitoring import Recommendation
from agreements.reports.yearly import lkpj_context, yearly_context, years_with_data
from agreements.selectors.monitoring import indicator_rows

from .conftest import ALLOCATED, FIRST, MOU_NUMBER, PERMIT, PKS_NUMBER, REQUESTED, SECOND, SPENT

pytestmark = pytest.mark.django_db


def test_the_context_holds_each_table(world):
    context = yearly_context(user=world.biro, year=2025)

    mou, pks = context["agreements"]
    assert (mou.title, mou.partner, mou.country, mou.number) == (
        "Sister Province NTB – Zhejiang",
        "Zhejiang",
        "Tiongkok",
        MOU_NUMBER,
    )
    assert pks.is_pks and pks.number == PKS_NUMBER and pks.mou_number == MOU_NUMBER
    assert "180/123/Gub/2024" in pks.legal_basis
    (row,) = context["indicators"]
    assert (row.target, row.realised, row.share) == (5_000, FIRST + SECOND, 64)
    # The same figures as the monitoring selector gives the agreement page.
    assert row == indicator_rows(user=world.biro, year=2025, agreement=world.mou)[0]
    with translation.override("id"):
        assert mou.recommendation == str(Recommendation.REVISE.label)
    assert pks.evaluation is None
    assert (mou.requested, mou.allocated, mou.spent) == (REQUESTED, ALLOCATED, SPENT)
    assert context["budget_total"] == {
        "requested": REQUESTED,
        "allocated": ALLOCATED,
        "spent": SPENT,
    }
    (visit,) = context["visits"]
    assert (visit.permit_number, visit.participants_count) == (PERMIT, 3)


def test_another_year_holds_only_the_agreements_valid_in_it(world):
    context = yearly_context(user=world.biro, year=2023)  # signed in September 2024

    assert context["agreements"] == []
    assert context["indicators"] == [] and context["visits"] == []
    assert context["budget_total"] == {"requested": 0, "allocated": 0, "spent": 0}


def test_years_with_data_and_an_empty_year(world):
    assert years_with_data(user=world.biro) == [2025]


def test_lkpj_has_a_section_per_sector_in_the_register(world):
    context = lkpj_context(user=world.biro, year=2025)

    (section,) = context["sections"]
    assert section["planned"] == 1 and section["done"] == 0
    assert str(2025) in section["intro"] and "Zhejiang (Tiongkok)" in section["intro"]
    (total,) = section["totals"]
    assert (total.target, total.realised) == (5_000, FIRST + SECOND)
    assert [o["count"] for o in section["obstacles"]] == [1, 1]
    assert section["obstacles_other"] == ["Penerbangan langsung belum tersedia."]
    assert section["budget"]["spent"] == SPENT


@pytest.mark.parametrize("builder", [yearly_context, lkpj_context])
def test_the_query_count_is_flat_as_data_grows(world, builder, django_assert_num_queries):
    world.grow(1)
    builder(user=world.biro, year=2025)  # warm what is cached (content types, sites)
    with CaptureQueriesContext(connection) as two:
        builder(user=world.biro, year=2025)
    world.grow(8)
    with django_assert_num_queries(len(two)):
        context = builder(user=world.biro, year=2025)
    assert context["mou_count"] == 10
