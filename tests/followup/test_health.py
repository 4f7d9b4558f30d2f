"""The status rules of agreements/health.py at their boundary dates, with the clock frozen
at Friday 27 November 2026, 10:00 WITA (see conftest.py).

Each rule exists twice, as a predicate on one object and as a Q for querysets; the
last tests hold both to the same answers on the same rows.
"""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from agreements import health
from agreements.models import CoordinationRequest, FollowUpTask, TaskStatus

from .conftest import TODAY, WITA, RequestFactory, TaskFactory, answer, client_as, days

STATUSES = list(TaskStatus)


def set_task(task, *, due: int, status=TaskStatus.PLANNED) -> FollowUpTask:
    """Put a task at ``due`` days from today in ``status`` (completion date as the rules want)."""
    FollowUpTask.objects.filter(pk=task.pk).update(
        due_date=days(due),
        status=status,
        completed_on=days(-1) if status == TaskStatus.DONE else None,
    )
    task.refresh_from_db()
    return task


def overdue_in_db(task, today=TODAY) -> bool:
    return FollowUpTask.objects.filter(health.overdue_tasks_q(today), pk=task.pk).exists()


def soon_due_in_db(task, today=TODAY) -> bool:
    return FollowUpTask.objects.filter(health.soon_due_tasks_q(today), pk=task.pk).exists()


# --- overdue ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        pytest.param(0, TaskStatus.PLANNED, False, id="due-today"),
        pytest.param(-1, TaskStatus.PLANNED, True, id="due-yesterday-planned"),
        pytest.param(-1, TaskStatus.IN_PROGRESS, True, id="due-yesterday-in-progress"),
        pytest.param(-1, TaskStatus.BLOCKED, True, id="due-yesterday-blocked"),
        pytest.param(-1, TaskStatus.DONE, False, id="due-yesterday-done"),
        pytest.param(-1, TaskStatus.CANCELLED, False, id="due-yesterday-cancelled"),
        pytest.param(-400, TaskStatus.DONE, False, id="long-ago-done"),
        pytest.param(-400, TaskStatus.CANCELLED, False, id="long-ago-cancelled"),
        pytest.param(1, TaskStatus.PLANNED, False, id="due-tomorrow"),
    ],
)
def test_it_tells_whether_a_task_is_overdue(task, due, status, overdue):
    set_task(task, due=due, status=status)

    assert health.task_is_overdue(task, TODAY) is overdue
    assert overdue_in_db(task) is overdue


@pytest.mark.parametrize(("due", "days_late"), [(0, 0), (-1, 1), (-15, 15), (3, 0)])
def test_it_counts_the_days_a_task_is_late(task, due, days_late):
    set_task(task, due=due)

    assert health.task_days_late(task, TODAY) == days_late


def test_it_lists_a_task_due_yesterday_as_overdue_and_not_one_due_today(biro, commitment, unit):
    yesterday = TaskFactory(
        commitment=commitment, actor=biro, title="Due yesterday", due_date=days(-1)
    )
    today = TaskFactory(commitment=commitment, actor=biro, title="Due today", due_date=TODAY)

    response = client_as(biro).get(reverse("agreements:task_list"), {"overdue": "true"})

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [yesterday]
    assert today.title not in response.content.decode()


def test_it_takes_today_in_wita_not_in_utc(clock, biro, task):
    """At 00:30 WITA on 28 November it is still the 27th in UTC: the task due on the 27th
    is overdue in Mataram."""
    set_task(task, due=0)
    clock.move_to(datetime(2026, 11, 27, 16, 30, tzinfo=UTC))

    response = client_as(biro).get(reverse("agreements:task_list"), {"overdue": "true"})

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [task]


# --- soon due -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "status", "soon"),
    [
        pytest.param(0, TaskStatus.PLANNED, True, id="due-today"),
        pytest.param(14, TaskStatus.PLANNED, True, id="due-in-14-days"),
        pytest.param(14, TaskStatus.BLOCKED, True, id="due-in-14-days-blocked"),
        pytest.param(15, TaskStatus.PLANNED, False, id="due-in-15-days"),
        pytest.param(-1, TaskStatus.PLANNED, False, id="overdue-is-not-soon-due"),
        pytest.param(3, TaskStatus.DONE, False, id="done"),
        pytest.param(3, TaskStatus.CANCELLED, False, id="cancelled"),
    ],
)
def test_it_tells_whether_a_task_is_soon_due(task, due, status, soon):
    set_task(task, due=due, status=status)

    assert health.task_is_soon_due(task, TODAY) is soon
    assert soon_due_in_db(task) is soon


@pytest.mark.parametrize(("due", "soon"), [(3, True), (4, False)])
def test_it_reads_the_soon_due_threshold_from_the_health_setting(settings, task, due, soon):
    settings.HEALTH = {"SOON_DUE_DAYS": 3}
    set_task(task, due=due)

    assert health.threshold("SOON_DUE_DAYS") == 3
    assert health.task_is_soon_due(task, TODAY) is soon
    assert soon_due_in_db(task) is soon


def test_it_keeps_the_other_defaults_when_one_threshold_is_overridden(settings):
    settings.HEALTH = {"SOON_DUE_DAYS": 3}

    assert health.threshold("ESCALATE_AFTER_DAYS") == 14


def test_it_uses_the_documented_defaults_without_a_health_setting(settings):
    settings.HEALTH = {}

    assert health.threshold("SOON_DUE_DAYS") == 14
    assert health.threshold("ESCALATE_AFTER_DAYS") == 14


def test_it_refuses_an_unknown_health_threshold(settings, task):
    settings.HEALTH = {"SOON_DUE": 3}

    with pytest.raises(ImproperlyConfigured, match="SOON_DUE"):
        health.task_is_soon_due(task, TODAY)


# --- escalation ---------------------------------------------------------------------------


@pytest.mark.parametrize(("due", "escalated"), [(-14, False), (-15, True), (-1, False)])
def test_it_escalates_tasks_late_by_more_than_the_threshold(task, due, escalated):
    set_task(task, due=due)

    assert (
        FollowUpTask.objects.filter(health.escalated_tasks_q(TODAY), pk=task.pk).exists()
        is escalated
    )


@pytest.mark.parametrize(("due", "escalated"), [(-5, False), (-6, True)])
def test_it_reads_the_escalation_threshold_from_the_health_setting(settings, task, due, escalated):
    settings.HEALTH = {"ESCALATE_AFTER_DAYS": 5}
    set_task(task, due=due)

    assert (
        FollowUpTask.objects.filter(health.escalated_tasks_q(TODAY), pk=task.pk).exists()
        is escalated
    )


def test_it_never_escalates_a_closed_task(task):
    set_task(task, due=-100, status=TaskStatus.CANCELLED)

    assert not FollowUpTask.objects.filter(health.escalated_tasks_q(TODAY)).exists()


# --- coordination requests ----------------------------------------------------------------


@pytest.fixture
def make_request(biro, agreement, unit):
    def make(*, due: int, sent: int = -20):
        return RequestFactory(
            actor=biro,
            agreement=agreement,
            work_unit=unit,
            sent_on=days(sent),
            answer_due=days(due),
        )

    return make


def late_in_db(request, today=TODAY) -> bool:
    return CoordinationRequest.objects.filter(health.late_letters_q(today), pk=request.pk).exists()


def answered_late_in_db(request) -> bool:
    return (
        CoordinationRequest.objects.annotate(answered_on=health.answered_late_annotation())
        .filter(health.answered_late_q(), pk=request.pk)
        .exists()
    )


@pytest.mark.parametrize(("due", "late"), [(0, False), (-1, True), (1, False)])
def test_it_tells_whether_an_unanswered_request_is_late(make_request, due, late):
    request = make_request(due=due)

    assert health.letter_is_late(request, TODAY) is late
    assert late_in_db(request) is late


@pytest.mark.parametrize(("due", "days_late"), [(0, 0), (-1, 1), (-20, 20)])
def test_it_counts_the_days_a_request_is_late(make_request, due, days_late):
    request = make_request(due=due)

    assert health.letter_days_late(request, TODAY) == days_late


def test_it_does_not_call_an_answered_request_late(make_request, officer):
    request = answer(make_request(due=-5), actor=officer)

    assert not health.letter_is_late(request, TODAY)
    assert not late_in_db(request)
    assert health.letter_days_late(request, TODAY) == 0


@pytest.mark.parametrize(
    ("answered_at", "answered_late"),
    [
        pytest.param(datetime(2026, 11, 25, 9, 0, tzinfo=WITA), False, id="the-day-before"),
        pytest.param(datetime(2026, 11, 26, 23, 30, tzinfo=WITA), False, id="23h30-on-the-day"),
        # 00:30 WITA on the 27th is still the 26th in UTC: only the WITA date counts.
        pytest.param(datetime(2026, 11, 27, 0, 30, tzinfo=WITA), True, id="00h30-the-day-after"),
        pytest.param(datetime(2026, 11, 27, 9, 0, tzinfo=WITA), True, id="the-day-after"),
    ],
)
def test_it_compares_the_wita_date_of_an_answer_with_its_due_date(
    clock, make_request, officer, answered_at, answered_late
):
    request = make_request(due=-1)
    clock.move_to(answered_at)

    request = answer(request, actor=officer)

    assert request.answered_at == answered_at
    assert health.letter_answered_late(request) is answered_late
    assert answered_late_in_db(request) is answered_late


def test_it_does_not_call_an_unanswered_request_answered_late(make_request):
    request = make_request(due=-10)

    assert not health.letter_answered_late(request)
    assert not answered_late_in_db(request)


@pytest.mark.parametrize(
    ("answered_at", "label"),
    [
        (datetime(2026, 11, 26, 23, 30, tzinfo=WITA), "answered"),
        (datetime(2026, 11, 27, 0, 30, tzinfo=WITA), "answered late"),
    ],
)
def test_it_shows_on_the_request_page_whether_it_was_answered_late(
    clock, make_request, officer, biro, answered_at, label
):
    request = make_request(due=-1)
    clock.move_to(answered_at)
    answer(request, actor=officer)

    response = client_as(biro, language="en").get(
        reverse("agreements:letter_detail", args=[request.pk])
    )

    assert response.status_code == 200
    assert f'">{label}</span>' in response.content.decode()


@pytest.mark.parametrize(("due", "escalated"), [(-14, False), (-15, True)])
def test_it_escalates_requests_unanswered_for_more_than_the_threshold(make_request, due, escalated):
    request = make_request(due=due)

    assert (
        CoordinationRequest.objects.filter(
            health.escalated_letters_q(TODAY), pk=request.pk
        ).exists()
        is escalated
    )


# --- predicates and Q agree ---------------------------------------------------------------

OFFSETS = [-20, -15, -14, -13, -2, -1, 0, 1, 2, 3, 4, 13, 14, 15, 30]


@pytest.fixture
def task_grid(biro, commitment):
    """One task for each due-date offset in each status."""
    tasks = []
    for offset in OFFSETS:
        for status in STATUSES:
            task = TaskFactory(commitment=commitment, actor=biro, due_date=days(offset))
            tasks.append(set_task(task, due=offset, status=status))
    return tasks


def pks(rows):
    return {row.pk for row in rows}


@pytest.mark.parametrize("today_offset", [-1, 0, 1, 15])
@pytest.mark.parametrize("overrides", [{}, {"SOON_DUE_DAYS": 3, "ESCALATE_AFTER_DAYS": 2}])
def test_it_gives_the_same_task_answers_as_predicate_and_as_query(
    settings, task_grid, today_offset, overrides
):
    settings.HEALTH = overrides
    today = days(today_offset)
    tasks = FollowUpTask.objects.all()
    escalate_after = health.threshold("ESCALATE_AFTER_DAYS")

    overdue = pks(t for t in task_grid if health.task_is_overdue(t, today))
    soon = pks(t for t in task_grid if health.task_is_soon_due(t, today))
    escalated = pks(t for t in task_grid if health.task_days_late(t, today) > escalate_after)

    assert overdue  # the grid has some of each, so the comparison is not empty = empty
    assert soon
    assert escalated
    assert pks(tasks.filter(health.overdue_tasks_q(today))) == overdue
    assert pks(tasks.filter(health.soon_due_tasks_q(today))) == soon
    assert pks(tasks.filter(health.escalated_tasks_q(today))) == escalated


def test_it_applies_the_q_prefix_to_related_tasks(task_grid, biro, agreement, unit):
    for task in task_grid:
        RequestFactory(actor=biro, agreement=agreement, work_unit=unit, task=task)
    requests = CoordinationRequest.objects.all()

    about_overdue = requests.filter(health.overdue_tasks_q(TODAY, prefix="task__"))
    about_soon_due = requests.filter(health.soon_due_tasks_q(TODAY, prefix="task__"))

    assert {r.task_id for r in about_overdue} == pks(
        t for t in task_grid if health.task_is_overdue(t, TODAY)
    )
    assert {r.task_id for r in about_soon_due} == pks(
        t for t in task_grid if health.task_is_soon_due(t, TODAY)
    )


@pytest.fixture
def request_grid(clock, make_request, officer):
    """Requests due on each offset: unanswered, answered the evening of the due date
    (23:30 WITA), and answered just after midnight WITA the day after."""
    requests = []
    for offset in [-20, -15, -14, -2, -1, 0, 1, 5]:
        requests.append(make_request(due=offset, sent=-30))
        for moment in [(23, 30, 0), (0, 30, 1)]:
            hour, minute, after = moment
            request = make_request(due=offset, sent=-30)
            due = days(offset + after)
            clock.move_to(datetime(due.year, due.month, due.day, hour, minute, tzinfo=WITA))
            requests.append(answer(request, actor=officer))
    clock.move_to(datetime(2026, 11, 27, 10, 0, tzinfo=WITA))
    return requests


@pytest.mark.parametrize("today_offset", [-1, 0, 1])
def test_it_gives_the_same_request_answers_as_predicate_and_as_query(request_grid, today_offset):
    today = days(today_offset)
    requests = CoordinationRequest.objects.annotate(answered_on=health.answered_late_annotation())
    escalate_after = health.threshold("ESCALATE_AFTER_DAYS")

    late = pks(r for r in request_grid if health.letter_is_late(r, today))
    answered_late = pks(r for r in request_grid if health.letter_answered_late(r))
    escalated = pks(r for r in request_grid if health.letter_days_late(r, today) > escalate_after)
    unanswered = pks(r for r in request_grid if r.answered_at is None)

    assert late
    assert answered_late
    assert escalated
    assert pks(requests.filter(health.late_letters_q(today))) == late
    assert pks(requests.filter(health.answered_late_q())) == answered_late
    assert pks(requests.filter(health.escalated_letters_q(today))) == escalated
    assert pks(requests.filter(health.unanswered_letters_q())) == unanswered
