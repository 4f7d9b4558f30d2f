"""The work-unit drill-down /dashboard/work-units/<id>/: its status agrees with the items
it lists, and its scorecard counts on-time work, answers and budget as the issue defines
them (tasks done on time: the share of tasks due so far that were done by their date).
"""

from datetime import date, datetime, time

import pytest
from django.urls import reverse

from agreements.health import Reason, Status
from agreements.models import CoordinationRequest, Stage

from ..clock import WITA, days
from .conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    agreement_at,
    answer,
    english,
    post_progress,
    section_text,
)


@pytest.fixture
def mou(biro, unit, sector):
    return agreement_at(
        Stage.MOU, actor=biro, since=date(2024, 9, 2), coordinating_unit=unit, sectors=[sector]
    )


def unit_page(user, unit):
    response = english(user).get(reverse("agreements:dashboard_unit", args=[unit.pk]))
    assert response.status_code == 200
    return response


def test_it_stalls_a_unit_that_only_leads_commitments_without_budget(biro, leader, mou, unit):
    """No task, letter or budget line yet: an empty scorecard, and the missing budget shows."""
    CommitmentFactory(agreement=mou, actor=biro, lead_unit=unit, title="Misi dagang UMKM")

    response = unit_page(leader, unit)

    card = response.context["card"]
    assert (card["due_so_far"], card["overdue"], card["received"]) == (0, 0, 0)
    assert response.context["items"]["unfunded_count"] == 1
    assert response.context["assessment"].status == Status.STALLED
    assert [f.reason for f in response.context["assessment"].findings] == [Reason.NO_BUDGET]
    words = section_text(response.content.decode(), "unit-status")
    assert "No budget allocated" in words
    assert "On track" not in words


def test_it_says_a_unit_with_nothing_behind_is_on_track(biro, leader, mou, unit):
    commitment = CommitmentFactory(agreement=mou, actor=biro, lead_unit=unit)
    BudgetLineFactory(actor=biro, commitment=commitment)
    post_progress(TaskFactory(commitment=commitment, actor=biro), actor=biro, on=days(-1))

    response = unit_page(leader, unit)

    assert response.context["assessment"].findings == []
    assert "On track: nothing is overdue, unanswered or unfunded." in section_text(
        response.content.decode(), "unit-status"
    )


def test_it_scores_work_done_on_time_among_the_tasks_due_so_far(biro, leader, mou, unit):
    commitment = CommitmentFactory(agreement=mou, actor=biro, lead_unit=unit)
    on_time = TaskFactory(commitment=commitment, actor=biro, due_date=days(-10))
    post_progress(on_time, actor=biro, on=days(-12), percent=100, status="done")
    too_late = TaskFactory(commitment=commitment, actor=biro, due_date=days(-10))
    post_progress(too_late, actor=biro, on=days(-5), percent=100, status="done")
    TaskFactory(commitment=commitment, actor=biro, due_date=days(-3))  # still open: overdue
    cancelled = TaskFactory(commitment=commitment, actor=biro, due_date=days(-3))
    post_progress(cancelled, actor=biro, on=days(-4), status="cancelled")
    TaskFactory(commitment=commitment, actor=biro, due_date=days(0))  # not due yet

    card = unit_page(leader, unit).context["card"]

    assert (card["on_time"], card["due_so_far"], card["overdue"]) == (1, 3, 1)
    assert card["on_time_share"] == pytest.approx(1 / 3)


def test_it_scores_answers_to_the_bureau(biro, officer, leader, mou, unit):
    def letter(sent, due):
        return RequestFactory(
            actor=biro, agreement=mou, work_unit=unit, sent_on=days(sent), answer_due=days(due)
        )

    early, late = letter(-20, -10), letter(-20, -10)
    letter(-20, -5)  # never answered
    for request, answered in ((early, -16), (late, -2)):
        answer(request, actor=officer)
        CoordinationRequest.objects.filter(pk=request.pk).update(
            answered_at=datetime.combine(days(answered), time(10), tzinfo=WITA)
        )

    card = unit_page(leader, unit).context["card"]

    assert (card["received"], card["answered"], card["answered_late"]) == (3, 2, 1)
    assert card["unanswered_late"] == 1
    assert card["median_answer_days"] == 11  # 4 and 18 days
