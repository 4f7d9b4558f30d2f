"""The evaluation's writes: the figures of the study's three causes, start (one per MoU or
PKS and year), draft edits, completion (the figures stored), Leadership's sign-off."""

from datetime import date

import pytest

from agreements.models import Evaluation, EvaluationStatus
from agreements.selectors.evaluations import evaluation_figures, figure_text, months_before
from agreements.services.evaluations import (
    EvaluationError,
    evaluation_complete,
    evaluation_create,
    evaluation_sign_off,
    evaluation_update,
)
from agreements.services.versioning import ConcurrentEditError

from ..clock import TODAY
from ..factories import AgreementFactory, UserFactory
from .conftest import completed

pytestmark = pytest.mark.usefixtures("english")


def state():
    return list(Evaluation.objects.order_by("pk").values())


def test_it_counts_the_three_causes_with_the_health_rules(mou, causes):
    figures = evaluation_figures(agreement=mou, year=2026, today=TODAY)

    assert (figures.overdue_tasks, figures.late_answers, figures.unfunded_commitments) == (2, 2, 1)


def test_it_counts_only_the_year_evaluated(mou, causes):
    figures = evaluation_figures(agreement=mou, year=2025, today=TODAY)

    # Nothing was due in 2025; no commitment has a 2025 allocation.
    assert (figures.overdue_tasks, figures.late_answers, figures.unfunded_commitments) == (0, 0, 2)


def test_it_words_the_figures_as_users_read_them():
    assert figure_text("no_follow_up", 3) == "3 overdue tasks"
    assert figure_text("no_response", 1) == "1 letter answered late or not answered"
    assert figure_text("no_budget", 2) == "2 commitments without a budget"


def test_it_starts_a_draft(mou, biro):
    evaluation = evaluation_create(agreement=mou, actor=biro, year=2025, achievements=" Ok. ")

    assert (evaluation.status, evaluation.year, evaluation.pks) == ("draft", 2025, None)
    assert evaluation.achievements == "Ok."
    assert evaluation.completed_on is None
    assert evaluation.history.first().history_user == biro


def test_it_refuses_a_second_evaluation_of_the_same_year(mou, biro):
    evaluation_create(agreement=mou, actor=biro, year=2025)
    before = state()

    with pytest.raises(EvaluationError, match="The 2025 evaluation already exists"):
        evaluation_create(agreement=mou, actor=biro, year=2025)

    assert state() == before


def test_it_refuses_an_agreement_never_in_force(biro, agreement):
    with pytest.raises(EvaluationError, match="Only an MoU that is or was in force"):
        evaluation_create(agreement=agreement, actor=biro, year=2025)

    assert state() == []


def test_it_refuses_a_future_year(mou, biro):
    with pytest.raises(EvaluationError, match="up to the current year"):
        evaluation_create(agreement=mou, actor=biro, year=2027)

    assert state() == []


def test_it_refuses_a_writer_without_the_right(mou, officer, leader):
    for user in (officer, leader):
        with pytest.raises(EvaluationError):
            evaluation_create(agreement=mou, actor=user, year=2025)

    assert state() == []


def test_it_completes_a_draft_storing_the_figures_as_they_stand(mou, biro, causes):
    evaluation = evaluation_create(agreement=mou, actor=biro, year=2026, recommendation="revise")

    evaluation_complete(evaluation=evaluation, actor=biro)

    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.COMPLETED
    assert (evaluation.completed_on, evaluation.completed_by) == (TODAY, biro)
    assert (evaluation.overdue_tasks, evaluation.late_answers) == (2, 2)
    assert evaluation.unfunded_commitments == 1


def test_it_refuses_to_complete_without_a_recommendation(mou, biro):
    evaluation = evaluation_create(agreement=mou, actor=biro, year=2026)
    before = state()

    with pytest.raises(EvaluationError, match="Choose a recommendation"):
        evaluation_complete(evaluation=evaluation, actor=biro)

    assert state() == before


def test_it_completes_only_once(mou, biro):
    evaluation = completed(mou, biro)
    before = state()

    with pytest.raises(EvaluationError, match="already completed"):
        evaluation_complete(evaluation=evaluation, actor=biro)

    assert state() == before


def test_it_edits_a_draft_with_its_version(mou, biro):
    evaluation = evaluation_create(agreement=mou, actor=biro, year=2026)

    evaluation_update(
        evaluation=evaluation,
        actor=biro,
        version=evaluation.version,
        recommendation="end",
        obstacle_no_budget=True,
    )

    evaluation.refresh_from_db()
    assert (evaluation.recommendation, evaluation.obstacle_no_budget) == ("end", True)
    assert evaluation.version == 2


def test_it_refuses_an_edit_from_a_stale_version(mou, biro):
    evaluation = evaluation_create(agreement=mou, actor=biro, year=2026)
    evaluation_update(evaluation=evaluation, actor=biro, version=1, recommendation="end")
    before = state()

    with pytest.raises(ConcurrentEditError):
        evaluation_update(evaluation=evaluation, actor=biro, version=1, recommendation="renew")

    assert state() == before


def test_it_no_longer_edits_a_completed_evaluation(mou, biro):
    evaluation = completed(mou, biro)
    before = state()

    with pytest.raises(EvaluationError, match="no longer edited"):
        evaluation_update(
            evaluation=evaluation, actor=biro, version=evaluation.version, recommendation="end"
        )

    assert state() == before


def test_leadership_signs_off_with_date_and_full_name(mou, biro, leader):
    leader.first_name, leader.last_name = "Lalu", "Gita"
    leader.save()
    evaluation = completed(mou, biro)

    evaluation_sign_off(evaluation=evaluation, actor=leader)

    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SIGNED_OFF
    assert (evaluation.signed_off_on, evaluation.signed_off_by) == (TODAY, leader)
    assert evaluation.signed_off_name == "Lalu Gita"


def test_the_sign_off_takes_the_username_without_a_full_name(mou, biro):
    signer = UserFactory(role="pimpinan", username="pimpinan-uji", first_name="", last_name="")
    evaluation = completed(mou, biro)

    evaluation_sign_off(evaluation=evaluation, actor=signer)

    evaluation.refresh_from_db()
    assert evaluation.signed_off_name == "pimpinan-uji"


def test_it_refuses_a_second_sign_off(mou, biro, leader):
    evaluation = completed(mou, biro)
    evaluation_sign_off(evaluation=evaluation, actor=leader)
    before = state()

    with pytest.raises(EvaluationError, match="already signed off"):
        evaluation_sign_off(evaluation=evaluation, actor=leader)

    assert state() == before


def test_it_refuses_to_sign_off_a_draft(mou, biro, leader):
    evaluation = evaluation_create(agreement=mou, actor=biro, year=2026, recommendation="end")
    before = state()

    with pytest.raises(EvaluationError, match="Only a completed evaluation"):
        evaluation_sign_off(evaluation=evaluation, actor=leader)

    assert state() == before


@pytest.mark.parametrize("role", ["biro", "skpd", "admin"])
def test_only_leadership_signs_off(mou, biro, unit, role):
    evaluation = completed(mou, biro)
    user = UserFactory(role=role, work_unit=unit if role == "skpd" else None)
    before = state()

    with pytest.raises(EvaluationError, match="Only Leadership"):
        evaluation_sign_off(evaluation=evaluation, actor=user)

    assert state() == before


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 27), 12, date(2025, 11, 27)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 15), 18, date(2024, 7, 15)),
    ],
)
def test_it_counts_months_back(day, months, expected):
    assert months_before(day, months) == expected


def test_an_evaluation_of_another_mou_is_its_own(biro, mou):
    other = AgreementFactory(actor=biro)
    with pytest.raises(EvaluationError):
        evaluation_create(agreement=other, actor=biro, year=2025)
    evaluation_create(agreement=mou, actor=biro, year=2025)

    assert Evaluation.objects.filter(agreement=other).count() == 0
