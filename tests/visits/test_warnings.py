"""The permit lead-time and exploratory-mission-size warnings (health.py) at their
boundaries, with the clock frozen; the predicate and its Q twin agree."""

from datetime import timedelta

import pytest

from agreements import health
from agreements.models import Stage, Visit
from agreements.models.visits import VisitDirection
from agreements.selectors.visits import visit_list

from ..clock import TODAY
from ..factories import LOI_DATE, advance
from .conftest import make_visit


def flags(visit, biro):
    row = visit_list(user=biro).get(pk=visit.pk)
    return row.permit_late, row.too_large


def both_late(visit, biro) -> bool:
    fresh = Visit.objects.select_related("agreement").get(pk=visit.pk)
    predicate = health.permit_requested_late(fresh, TODAY)
    in_query = Visit.objects.filter(health.permit_requested_late_q(TODAY), pk=visit.pk).exists()
    assert predicate == in_query == flags(visit, biro)[0]
    return predicate


@pytest.mark.parametrize(("days_before", "late"), [(11, False), (10, False), (9, True), (0, True)])
def test_it_warns_of_a_permit_requested_fewer_than_ten_days_before_departure(
    agreement, biro, unit, days_before, late
):
    starts = TODAY + timedelta(days=40)
    visit = make_visit(
        agreement=agreement,
        actor=biro,
        unit=unit,
        starts_on=starts,
        permit_submitted_on=starts - timedelta(days=days_before),
    )

    assert both_late(visit, biro) is late


@pytest.mark.parametrize(("departs_in", "late"), [(11, False), (10, False), (9, True)])
def test_it_warns_of_a_permit_not_yet_requested_once_the_lead_time_has_begun(
    agreement, biro, unit, departs_in, late
):
    visit = make_visit(
        agreement=agreement, actor=biro, unit=unit, starts_on=TODAY + timedelta(days=departs_in)
    )

    assert both_late(visit, biro) is late


def test_it_never_warns_of_a_permit_for_a_delegation_received(agreement, biro, unit):
    visit = make_visit(
        agreement=agreement,
        actor=biro,
        unit=unit,
        direction=VisitDirection.INCOMING,
        starts_on=TODAY + timedelta(days=2),
    )

    assert both_late(visit, biro) is False


def test_the_lead_time_is_a_setting(agreement, biro, unit, settings):
    settings.HEALTH = {"PERMIT_LEAD_DAYS": 30}
    starts = TODAY + timedelta(days=40)
    visit = make_visit(
        agreement=agreement,
        actor=biro,
        unit=unit,
        starts_on=starts,
        permit_submitted_on=starts - timedelta(days=20),
    )

    assert both_late(visit, biro) is True


def both_too_large(visit, biro) -> bool:
    fresh = Visit.objects.select_related("agreement").get(pk=visit.pk)
    predicate = health.exploratory_mission_too_large(fresh)
    in_query = Visit.objects.filter(health.exploratory_mission_too_large_q(), pk=visit.pk).exists()
    assert predicate == in_query == flags(visit, biro)[1]
    return predicate


@pytest.mark.parametrize(("people", "warned"), [(5, False), (6, True)])
def test_it_warns_of_an_exploratory_mission_larger_than_five(agreement, biro, unit, people, warned):
    assert agreement.loi_date is None
    visit = make_visit(agreement=agreement, actor=biro, unit=unit, people=people)

    assert both_too_large(visit, biro) is warned


def test_a_mission_after_the_letter_of_intent_is_not_exploratory(agreement, biro, unit):
    advance(agreement, actor=biro, to=Stage.LOI)
    visit = make_visit(agreement=agreement, actor=biro, unit=unit, people=8, starts_on=LOI_DATE)

    assert both_too_large(visit, biro) is False


def test_a_mission_the_day_before_the_letter_of_intent_is_exploratory(agreement, biro, unit):
    advance(agreement, actor=biro, to=Stage.LOI)
    starts = LOI_DATE - timedelta(days=1)
    visit = make_visit(
        agreement=agreement,
        actor=biro,
        unit=unit,
        people=6,
        starts_on=starts,
        permit_submitted_on=starts - timedelta(days=20),
    )

    assert both_too_large(visit, biro) is True


def test_a_large_delegation_received_is_no_exploratory_mission(agreement, biro, unit):
    visit = make_visit(
        agreement=agreement, actor=biro, unit=unit, people=9, direction=VisitDirection.INCOMING
    )

    assert both_too_large(visit, biro) is False
