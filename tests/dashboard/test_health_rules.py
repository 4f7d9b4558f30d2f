"""Each status rule of agreements/health.py at its boundary, with the clock frozen at
Friday 27 November 2026, 10:00 WITA: first through the pure ``*_finding`` functions,
then through ``health.assess`` on records made by the services.

The records sit in an MoU in force until 2029 whose commitment is funded this fiscal
year (see ``commitment``), so that only the rule under test can find anything.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils.translation import override

from agreements import health
from agreements.health import Finding, Reason, Status
from agreements.models import Agreement, FollowUpTask, Stage, StageAction
from agreements.selectors import dashboard as dashboard_selectors
from agreements.services.lifecycle import agreement_move_stage

from ..clock import NOW, TODAY, days
from ..factories import SectorFactory
from .conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    agreement_at,
    answer,
    english,
    everything,
    post_progress,
)

AT_RISK, STALLED = Status.AT_RISK, Status.STALLED


@pytest.fixture
def commitment(biro, mou, unit, sector):
    """Funded in this fiscal year: the no-budget rule has nothing to say about it."""
    made = CommitmentFactory(
        agreement=mou, actor=biro, sector=sector, lead_unit=unit, title="Agribisnis jagung"
    )
    BudgetLineFactory(actor=biro, commitment=made, work_unit=unit, amount_allocated=100_000_000)
    return made


@pytest.fixture
def make_task(biro, commitment, unit):
    def make(*, due: int = 90, **fields):
        return TaskFactory(
            commitment=commitment, actor=biro, responsible_unit=unit, due_date=days(due), **fields
        )

    return make


@pytest.fixture
def make_request(biro, mou, unit, make_task):
    """A letter to ``unit`` about a task of the sector, sent 30 days ago."""

    def make(*, due: int):
        return RequestFactory(
            actor=biro,
            agreement=mou,
            work_unit=unit,
            task=make_task(),
            sent_on=days(-30),
            answer_due=days(due),
        )

    return make


def assessment_of(key, *, by: str = "sector", fiscal_year: int = TODAY.year):
    found = health.assess(everything(fiscal_year), TODAY, by=by)
    return found.get(key, health.Assessment())


def assigned_days_ago(task, n: int):
    FollowUpTask.objects.filter(pk=task.pk).update(created_at=NOW - timedelta(days=n))


# --- overdue ------------------------------------------------------------------------------


@pytest.mark.parametrize(("late", "level"), [(1, AT_RISK), (30, AT_RISK), (31, STALLED)])
def test_it_rates_overdue_work_by_how_late_the_oldest_task_is(late, level):
    finding = health.overdue_finding(2, days(-late), TODAY)

    assert finding == Finding(Reason.OVERDUE, level, 2, late)


def test_it_finds_nothing_overdue_when_no_task_is():
    assert health.overdue_finding(0, None, TODAY) is None


def test_it_does_not_call_a_task_due_today_overdue(make_task, sector):
    make_task(due=0)

    assessment = assessment_of(sector.pk)

    assert assessment.findings == []
    assert assessment.status == Status.ON_TRACK


@pytest.mark.parametrize(("late", "level"), [(1, AT_RISK), (30, AT_RISK), (31, STALLED)])
def test_it_rates_a_sector_by_its_most_overdue_task(make_task, sector, late, level):
    make_task(due=-late)

    assessment = assessment_of(sector.pk)

    assert assessment.findings == [Finding(Reason.OVERDUE, level, 1, late)]
    assert assessment.status == level


def test_it_counts_every_overdue_task_and_dates_the_oldest(make_task, sector):
    make_task(due=-3)
    make_task(due=-31)
    make_task(due=-10)

    assert assessment_of(sector.pk).finding(Reason.OVERDUE) == Finding(
        Reason.OVERDUE, STALLED, 3, 31
    )


def test_it_does_not_count_finished_or_cancelled_tasks_as_overdue(make_task, biro, sector):
    done, cancelled = make_task(due=-100), make_task(due=-100)
    post_progress(done, actor=biro, on=days(-1), percent=100, status="done")
    post_progress(cancelled, actor=biro, on=days(-1), status="cancelled")

    assert assessment_of(sector.pk).findings == []


# --- no response --------------------------------------------------------------------------


@pytest.mark.parametrize(("late", "level"), [(1, AT_RISK), (14, AT_RISK), (15, STALLED)])
def test_it_rates_silence_by_how_late_the_oldest_answer_is(late, level):
    finding = health.no_response_finding(1, days(-late), TODAY)

    assert finding == Finding(Reason.NO_RESPONSE, level, 1, late)


def test_it_finds_no_silence_when_no_request_is_late():
    assert health.no_response_finding(0, None, TODAY) is None


def test_it_does_not_call_a_request_due_today_unanswered(make_request, sector):
    make_request(due=0)

    assert assessment_of(sector.pk).findings == []


@pytest.mark.parametrize(("late", "level"), [(1, AT_RISK), (14, AT_RISK), (15, STALLED)])
def test_it_rates_a_sector_by_its_oldest_unanswered_request(make_request, sector, late, level):
    make_request(due=-late)

    assessment = assessment_of(sector.pk)

    assert assessment.findings == [Finding(Reason.NO_RESPONSE, level, 1, late)]
    assert assessment.status == level


def test_it_does_not_count_a_request_answered_after_its_date(make_request, officer, sector):
    answer(make_request(due=-20), actor=officer)

    assert assessment_of(sector.pk).findings == []


def test_it_rates_the_unit_and_the_agreement_silent_too(make_request, unit, mou):
    make_request(due=-15)

    expected = [Finding(Reason.NO_RESPONSE, STALLED, 1, 15)]
    assert assessment_of(unit.pk, by="work_unit").findings == expected
    assert assessment_of(mou.pk, by="agreement").findings == expected


# --- no progress --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unreported", "level"), [(30, None), (31, AT_RISK), (60, AT_RISK), (61, STALLED)]
)
def test_it_rates_open_work_by_the_days_since_its_last_report(unreported, level):
    finding = health.no_progress_finding(2, days(-unreported), days(-400), TODAY)

    expected = Finding(Reason.NO_PROGRESS, level, 2, unreported) if level else None
    assert finding == expected


def test_it_gives_a_task_just_assigned_time_before_asking_for_progress():
    assert health.no_progress_finding(1, None, TODAY, TODAY) is None


def test_it_counts_the_days_without_a_report_of_a_never_reported_task_from_its_assignment():
    finding = health.no_progress_finding(1, None, days(-61), TODAY)

    assert finding == Finding(Reason.NO_PROGRESS, STALLED, 1, None)
    with override("en"):
        assert finding.text == "no progress reported on its open tasks yet"


def test_it_asks_no_progress_of_a_sector_without_open_work():
    assert health.no_progress_finding(0, days(-400), days(-400), TODAY) is None


@pytest.mark.parametrize(
    ("unreported", "level"), [(30, None), (31, AT_RISK), (60, AT_RISK), (61, STALLED)]
)
def test_it_rates_a_sector_by_the_last_report_on_its_open_tasks(
    make_task, biro, sector, unreported, level
):
    task = make_task()
    assigned_days_ago(task, 400)
    post_progress(task, actor=biro, on=days(-unreported))

    findings = assessment_of(sector.pk).findings

    assert findings == ([Finding(Reason.NO_PROGRESS, level, 1, unreported)] if level else [])


def test_it_finds_nothing_on_a_task_assigned_today_without_progress(make_task, sector):
    make_task()

    assert assessment_of(sector.pk).findings == []


@pytest.mark.parametrize(("assigned", "level"), [(30, None), (31, AT_RISK), (61, STALLED)])
def test_it_rates_a_never_reported_task_from_the_day_it_was_assigned(
    make_task, sector, assigned, level
):
    assigned_days_ago(make_task(), assigned)

    findings = assessment_of(sector.pk).findings

    assert findings == ([Finding(Reason.NO_PROGRESS, level, 1, None)] if level else [])


def test_it_asks_no_progress_of_finished_work(make_task, biro, sector):
    task = make_task()
    assigned_days_ago(task, 400)
    post_progress(task, actor=biro, on=days(-100), percent=100, status="done")

    assert assessment_of(sector.pk).findings == []


def test_it_does_not_take_a_finished_tasks_last_report_for_progress_on_open_ones(
    make_task, biro, sector
):
    """ "Open tasks, none reported on for N days": the closing report of another task,
    yesterday, says nothing about the open one not reported on for 45 days."""
    unreported, finished = make_task(), make_task()
    assigned_days_ago(unreported, 400)
    post_progress(unreported, actor=biro, on=days(-45))
    post_progress(finished, actor=biro, on=days(-1), percent=100, status="done")

    assert assessment_of(sector.pk).findings == [Finding(Reason.NO_PROGRESS, AT_RISK, 1, 45)]


# --- no budget ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("commitments", "funded", "expected"),
    [
        (2, 2, None),
        (2, 1, Finding(Reason.NO_BUDGET, AT_RISK, 1)),
        (2, 0, Finding(Reason.NO_BUDGET, STALLED, 2)),
        (0, 0, None),
    ],
)
def test_it_rates_commitments_by_how_many_have_budget(commitments, funded, expected):
    assert health.no_budget_finding(commitments, funded) == expected


@pytest.fixture
def second_commitment(biro, mou, unit, sector):
    return CommitmentFactory(
        agreement=mou, actor=biro, sector=sector, lead_unit=unit, title="Hortikultura"
    )


def test_it_finds_a_sector_at_risk_when_some_commitments_are_unfunded(
    commitment, second_commitment, sector
):
    assessment = assessment_of(sector.pk)

    assert assessment.findings == [Finding(Reason.NO_BUDGET, AT_RISK, 1)]
    assert assessment.status == AT_RISK


def test_it_finds_a_sector_stalled_when_no_commitment_is_funded(
    biro, mou, unit, sector, second_commitment
):
    CommitmentFactory(agreement=mou, actor=biro, sector=sector, lead_unit=unit)

    assessment = assessment_of(sector.pk)

    assert assessment.findings == [Finding(Reason.NO_BUDGET, STALLED, 2)]
    assert assessment.status == STALLED


def test_it_does_not_count_budget_of_another_fiscal_year(
    biro, unit, commitment, second_commitment, sector
):
    BudgetLineFactory(
        actor=biro,
        commitment=second_commitment,
        work_unit=unit,
        fiscal_year=TODAY.year - 1,
        amount_allocated=90_000_000,
    )

    assert assessment_of(sector.pk).findings == [Finding(Reason.NO_BUDGET, AT_RISK, 1)]


def test_it_reads_the_fiscal_year_of_the_scope(biro, unit, commitment, second_commitment, sector):
    """Last year the second commitment was funded and the first was not."""
    BudgetLineFactory(
        actor=biro,
        commitment=second_commitment,
        work_unit=unit,
        fiscal_year=TODAY.year - 1,
        amount_allocated=90_000_000,
    )

    assessment = assessment_of(sector.pk, fiscal_year=TODAY.year - 1)

    assert assessment.findings == [Finding(Reason.NO_BUDGET, AT_RISK, 1)]


def test_it_does_not_count_a_line_requested_but_allocated_nothing(
    biro, unit, commitment, second_commitment, sector
):
    BudgetLineFactory(
        actor=biro,
        commitment=second_commitment,
        work_unit=unit,
        amount_requested=200_000_000,
        amount_allocated=0,
    )

    assert assessment_of(sector.pk).findings == [Finding(Reason.NO_BUDGET, AT_RISK, 1)]


# --- delayed before the signing ------------------------------------------------------------
# The guideline is the awaited step's (health.DEFAULTS): a sister province in exploration waits
# for the LoI (365 days), at the LoI for the plan (90), after the DPRD for the verification
# (90), with its Full Powers for the signing (60). Past it: at risk; past twice: stalled.

DELAY_CASES = [
    pytest.param(Stage.EXPLORATION, 365, None, id="exploration-365-days"),
    pytest.param(Stage.EXPLORATION, 366, AT_RISK, id="exploration-366-days"),
    pytest.param(Stage.EXPLORATION, 731, STALLED, id="exploration-731-days"),
    pytest.param(Stage.LOI, 90, None, id="loi-90-days"),
    pytest.param(Stage.LOI, 91, AT_RISK, id="loi-91-days"),
    pytest.param(Stage.DPRD_APPROVAL, 90, None, id="dprd-90-days"),
    pytest.param(Stage.DPRD_APPROVAL, 181, STALLED, id="dprd-181-days"),
    pytest.param(Stage.FULL_POWERS, 60, None, id="full-powers-60-days"),
    pytest.param(Stage.FULL_POWERS, 61, AT_RISK, id="full-powers-61-days"),
    pytest.param(Stage.MOU, 3000, None, id="mou-never"),
    pytest.param(Stage.DROPPED, 3000, None, id="dropped-never"),
]


@pytest.fixture
def culture(db):
    return SectorFactory(code="kebudayaan", name="Kebudayaan", name_en="Culture")


def waiting(stage, for_days: int, *, actor, sector) -> Agreement:
    return agreement_at(
        stage,
        actor=actor,
        since=days(-for_days),
        valid_until=date(2030, 1, 1),
        sectors=[sector],
    )


@pytest.mark.parametrize(("stage", "for_days", "level"), DELAY_CASES)
def test_it_tells_whether_a_file_is_held_past_its_guideline(biro, culture, stage, for_days, level):
    agreement = waiting(stage, for_days, actor=biro, sector=culture)

    assert (agreement.stage, agreement.stage_since) == (stage, days(-for_days))
    delayed = level is not None
    assert health.agreement_is_delayed(agreement, TODAY) is delayed
    assert Agreement.objects.filter(health.delayed_q(TODAY), pk=agreement.pk).exists() is delayed


@pytest.mark.parametrize(("stage", "for_days", "level"), DELAY_CASES)
def test_it_finds_the_agreement_delayed_but_never_its_sector(biro, culture, stage, for_days, level):
    agreement = waiting(stage, for_days, actor=biro, sector=culture)

    expected = (
        [Finding(Reason.DELAYED, level, 1, for_days, holder=agreement.holder_name)] if level else []
    )
    assert assessment_of(agreement.pk, by="agreement").findings == expected
    # A file on its way to the signing says nothing of the follow-up of its sectors.
    assert assessment_of(culture.pk).findings == []


def test_it_finds_no_sector_delayed_however_many_files_wait(biro, culture):
    waiting(Stage.LOI, 200, actor=biro, sector=culture)
    waiting(Stage.EXPLORATION, 500, actor=biro, sector=culture)
    waiting(Stage.EXPLORATION, 10, actor=biro, sector=culture)

    assert assessment_of(culture.pk).findings == []


def test_it_builds_delay_findings_only_from_delayed_files(biro, culture):
    young = waiting(Stage.LOI, 10, actor=biro, sector=culture)
    old = waiting(Stage.LOI, 200, actor=biro, sector=culture)

    assert health.delayed_finding(young, TODAY) is None
    assert health.delayed_finding(old, TODAY) == Finding(
        Reason.DELAYED, STALLED, 1, 200, holder=old.holder_name
    )


# --- MoU expiring -------------------------------------------------------------------------

EXPIRY_CASES = [
    pytest.param(180, True, id="ends-in-180-days"),
    pytest.param(181, False, id="ends-in-181-days"),
    pytest.param(0, True, id="ends-today"),
    pytest.param(-1, False, id="ended-yesterday"),
]


def mou_ending(in_days: int, *, actor, sector) -> Agreement:
    return agreement_at(
        Stage.MOU, actor=actor, since=date(2024, 9, 2), valid_until=days(in_days), sectors=[sector]
    )


@pytest.mark.parametrize(("in_days", "expiring"), EXPIRY_CASES)
def test_it_tells_whether_an_mou_is_expiring(biro, culture, in_days, expiring):
    agreement = mou_ending(in_days, actor=biro, sector=culture)

    assert Agreement.objects.filter(health.expiring_q(TODAY), pk=agreement.pk).exists() is expiring


@pytest.mark.parametrize(("in_days", "expiring"), EXPIRY_CASES)
def test_it_puts_the_agreement_and_its_sector_at_risk_when_the_mou_ends_soon(
    biro, culture, in_days, expiring
):
    agreement = mou_ending(in_days, actor=biro, sector=culture)

    expected = [Finding(Reason.EXPIRING, AT_RISK, 1, in_days)] if expiring else []
    assert assessment_of(agreement.pk, by="agreement").findings == expected
    assert assessment_of(culture.pk).findings == expected


def test_it_does_not_call_an_expired_mou_expiring(biro, culture):
    agreement = mou_ending(-1, actor=biro, sector=culture)

    agreement_move_stage(agreement=agreement, actor=None, action=StageAction.EXPIRED, date=TODAY)

    assert agreement.stage == Stage.EXPIRED
    assert assessment_of(agreement.pk, by="agreement").findings == []


def test_it_builds_expiring_findings_only_from_expiring_mous():
    assert health.expiring_finding(0, None, TODAY) is None
    assert health.expiring_finding(2, days(12), TODAY) == Finding(Reason.EXPIRING, AT_RISK, 2, 12)


# --- thresholds from settings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "level"),
    [({}, STALLED), ({"OVERDUE_STALLED_DAYS": 60}, AT_RISK)],
)
def test_it_reads_the_overdue_threshold_from_the_health_setting(
    settings, make_task, sector, overrides, level
):
    settings.HEALTH = overrides
    make_task(due=-45)

    assert health.overdue_finding(1, days(-45), TODAY).level == level
    assert assessment_of(sector.pk).findings == [Finding(Reason.OVERDUE, level, 1, 45)]


def test_it_stalls_at_once_with_a_threshold_of_zero(settings, make_request, sector):
    settings.HEALTH = {"NO_RESPONSE_STALLED_DAYS": 0}
    make_request(due=-1)

    assert health.no_response_finding(1, days(-1), TODAY).level == STALLED
    assert assessment_of(sector.pk).findings == [Finding(Reason.NO_RESPONSE, STALLED, 1, 1)]


def test_it_reads_the_no_progress_thresholds_from_the_health_setting(
    settings, make_task, biro, sector
):
    settings.HEALTH = {"NO_PROGRESS_AT_RISK_DAYS": 5, "NO_PROGRESS_STALLED_DAYS": 9}
    task = make_task()
    assigned_days_ago(task, 100)
    post_progress(task, actor=biro, on=days(-10))

    assert health.no_progress_finding(1, days(-6), days(-100), TODAY).level == AT_RISK
    assert assessment_of(sector.pk).findings == [Finding(Reason.NO_PROGRESS, STALLED, 1, 10)]


def test_it_reads_the_guidelines_from_the_health_setting(settings, biro, culture):
    settings.HEALTH = {"GUIDE_PLAN_DAYS": 30}
    agreement = waiting(Stage.LOI, 31, actor=biro, sector=culture)

    assert health.agreement_is_delayed(agreement, TODAY)
    assert assessment_of(agreement.pk, by="agreement").findings == [
        Finding(Reason.DELAYED, AT_RISK, 1, 31, holder=agreement.holder_name)
    ]
    assert assessment_of(culture.pk).findings == []


def test_it_reads_the_expiry_window_from_the_health_setting(settings, biro, culture):
    settings.HEALTH = {"EXPIRY_WARNING_DAYS": 30}
    agreement = mou_ending(60, actor=biro, sector=culture)

    assert assessment_of(agreement.pk, by="agreement").findings == []
    assert not Agreement.objects.filter(health.expiring_q(TODAY)).exists()


def test_it_shows_the_overridden_status_on_the_dashboard(settings, leader, make_task, sector):
    make_task(due=-45)
    settings.HEALTH = {"OVERDUE_STALLED_DAYS": 60}

    response = english(leader).get(reverse("agreements:dashboard"))

    assert response.status_code == 200
    (row,) = [r for r in response.context["matrix"] if r["sector"] == sector]
    assert row["assessment"].status == AT_RISK
    assert response.context["stalled_sectors"] == []


# --- the lists and counts beside the findings ---------------------------------------------


def test_it_lists_behind_no_progress_the_tasks_the_rule_finds(make_task, biro):
    reported_31, reported_30 = make_task(title="Reported 31 days ago"), make_task()
    never_reported, just_assigned = make_task(title="Never reported"), make_task()
    for task in (reported_31, reported_30, never_reported):
        assigned_days_ago(task, 400)
    post_progress(reported_31, actor=biro, on=days(-31))
    post_progress(reported_30, actor=biro, on=days(-30))
    tasks = FollowUpTask.objects.all()

    items = dashboard_selectors.items_behind(everything(), TODAY)

    expected = [t.pk for t in tasks.order_by("pk") if health.task_lacks_recent_progress(t, TODAY)]
    assert expected == [reported_31.pk, never_reported.pk]
    assert items["no_progress_count"] == 2
    assert sorted(t.pk for t in items["no_progress"]) == expected
    assert just_assigned.pk not in expected


def test_it_lists_as_upcoming_the_letters_soon_due(make_request, officer):
    today, in_14, in_15 = make_request(due=0), make_request(due=14), make_request(due=15)
    answer(make_request(due=3), actor=officer)

    upcoming = dashboard_selectors.upcoming(everything(), TODAY)

    assert [r.pk for r in upcoming["letters"]] == [today.pk, in_14.pk]
    assert not health.letter_is_soon_due(in_15, TODAY)


def test_it_scores_on_time_the_tasks_done_by_their_due_date(make_task, biro, unit):
    on_the_day, the_day_after = make_task(due=-10), make_task(due=-10)
    post_progress(on_the_day, actor=biro, on=days(-10), percent=100, status="done")
    post_progress(the_day_after, actor=biro, on=days(-9), percent=100, status="done")
    cancelled, due_today = make_task(due=-10), make_task(due=0)
    post_progress(cancelled, actor=biro, on=days(-20), status="cancelled")

    cards = dashboard_selectors.unit_scorecards(everything(), TODAY)

    (card,) = [c for c in cards if c["unit"] == unit]
    assert (card["on_time"], card["due_so_far"]) == (1, 2)
    done = FollowUpTask.objects.filter(pk__in=[on_the_day.pk, the_day_after.pk]).order_by("pk")
    assert [health.task_done_on_time(t) for t in done] == [True, False]
    assert not health.task_counts_as_due(due_today, TODAY)
