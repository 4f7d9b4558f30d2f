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

from ..clock import TODAY, WITA, days
from .conftest import RequestFactory, TaskFactory, answer, client_as

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


# --- letters (coordination requests) ------------------------------------------------------


@pytest.fixture
def make_letter(biro, agreement, unit):
    def make(*, due: int, sent: int = -20):
        return RequestFactory(
            actor=biro,
            agreement=agreement,
            work_unit=unit,
            sent_on=days(sent),
            answer_due=days(due),
        )

    return make


def late_in_db(letter, today=TODAY) -> bool:
    return CoordinationRequest.objects.filter(health.late_letters_q(today), pk=letter.pk).exists()


def answered_late_in_db(letter) -> bool:
    return (
        CoordinationRequest.objects.annotate(answered_on=health.answered_late_annotation())
        .filter(health.answered_late_q(), pk=letter.pk)
        .exists()
    )


@pytest.mark.parametrize(("due", "late"), [(0, False), (-1, True), (1, False)])
def test_it_tells_whether_an_unanswered_request_is_late(make_letter, due, late):
    letter = make_letter(due=due)

    assert health.letter_is_late(letter, TODAY) is late
    assert late_in_db(letter) is late


@pytest.mark.parametrize(("due", "days_late"), [(0, 0), (-1, 1), (-20, 20)])
def test_it_counts_the_days_a_request_is_late(make_letter, due, days_late):
    letter = make_letter(due=due)

    assert health.letter_days_late(letter, TODAY) == days_late


def test_it_does_not_call_an_answered_request_late(make_letter, officer):
    letter = answer(make_letter(due=-5), actor=officer)

    assert not health.letter_is_late(letter, TODAY)
    assert not late_in_db(letter)
    assert health.letter_days_late(letter, TODAY) == 0


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
    clock, make_letter, officer, answered_at, answered_late
):
    letter = make_letter(due=-1)
    clock.move_to(answered_at)

    letter = answer(letter, actor=officer)

    assert letter.answered_at == answered_at
    assert health.letter_answered_late(letter) is answered_late
    assert answered_late_in_db(letter) is answered_late


def test_it_does_not_call_an_unanswered_request_answered_late(make_letter):
    letter = make_letter(due=-10)

    assert not health.letter_answered_late(letter)
    assert not answered_late_in_db(letter)


@pytest.mark.parametrize(
    ("answered_at", "label"),
    [
        (datetime(2026, 11, 26, 23, 30, tzinfo=WITA), "answered"),
        (datetime(2026, 11, 27, 0, 30, tzinfo=WITA), "answered late"),
    ],
)
def test_it_shows_on_the_request_page_whether_it_was_answered_late(
    clock, make_letter, officer, biro, answered_at, label
):
    letter = make_letter(due=-1)
    clock.move_to(answered_at)
    answer(letter, actor=officer)

    response = client_as(biro, language="en").get(
        reverse("agreements:letter_detail", args=[letter.pk])
    )

    assert response.status_code == 200
    assert f'">{label}</span>' in response.content.decode()


@pytest.mark.parametrize(("due", "escalated"), [(-14, False), (-15, True)])
def test_it_escalates_requests_unanswered_for_more_than_the_threshold(make_letter, due, escalated):
    letter = make_letter(due=due)

    assert (
        CoordinationRequest.objects.filter(health.escalated_letters_q(TODAY), pk=letter.pk).exists()
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
    letters = CoordinationRequest.objects.all()

    about_overdue = letters.filter(health.overdue_tasks_q(TODAY, prefix="task__"))
    about_soon_due = letters.filter(health.soon_due_tasks_q(TODAY, prefix="task__"))

    assert {r.task_id for r in about_overdue} == pks(
        t for t in task_grid if health.task_is_overdue(t, TODAY)
    )
    assert {r.task_id for r in about_soon_due} == pks(
        t for t in task_grid if health.task_is_soon_due(t, TODAY)
    )


@pytest.fixture
def letter_grid(clock, make_letter, officer):
    """Requests due on each offset: unanswered, answered the evening of the due date
    (23:30 WITA), and answered just after midnight WITA the day after."""
    letters = []
    for offset in [-20, -15, -14, -2, -1, 0, 1, 5]:
        letters.append(make_letter(due=offset, sent=-30))
        for moment in [(23, 30, 0), (0, 30, 1)]:
            hour, minute, after = moment
            letter = make_letter(due=offset, sent=-30)
            due = days(offset + after)
            clock.move_to(datetime(due.year, due.month, due.day, hour, minute, tzinfo=WITA))
            letters.append(answer(letter, actor=officer))
    clock.move_to(datetime(2026, 11, 27, 10, 0, tzinfo=WITA))
    return letters


@pytest.mark.parametrize("today_offset", [-1, 0, 1])
def test_it_gives_the_same_request_answers_as_predicate_and_as_query(letter_grid, today_offset):
    today = days(today_offset)
    letters = CoordinationRequest.objects.annotate(answered_on=health.answered_late_annotation())
    escalate_after = health.threshold("ESCALATE_AFTER_DAYS")

    late = pks(r for r in letter_grid if health.letter_is_late(r, today))
    answered_late = pks(r for r in letter_grid if health.letter_answered_late(r))
    escalated = pks(r for r in letter_grid if health.letter_days_late(r, today) > escalate_after)
    unanswered = pks(r for r in letter_grid if r.answered_at is None)

    assert late
    assert answered_late
    assert escalated
    assert pks(letters.filter(health.late_letters_q(today))) == late
    assert pks(letters.filter(health.answered_late_q())) == answered_late
    assert pks(letters.filter(health.escalated_letters_q(today))) == escalated
    assert pks(letters.filter(health.unanswered_letters_q())) == unanswered


@pytest.mark.parametrize("today_offset", [-1, 0, 15])
def test_it_escalates_the_same_tasks_as_predicate_and_as_query(task_grid, today_offset):
    today = days(today_offset)

    escalated = pks(t for t in task_grid if health.task_is_escalated(t, today))

    assert escalated
    assert pks(FollowUpTask.objects.filter(health.escalated_tasks_q(today))) == escalated


# --- open, done, due so far, done on time -------------------------------------------------


def set_completion(task, *, due: int, status, completed: int | None = None) -> FollowUpTask:
    FollowUpTask.objects.filter(pk=task.pk).update(
        due_date=days(due),
        status=status,
        completed_on=None if completed is None else days(completed),
    )
    task.refresh_from_db()
    return task


@pytest.fixture
def completion_grid(biro, commitment):
    """Tasks due on each offset: done the day before, on and after the due date, and in
    every other status."""
    tasks = []
    for due in [-10, -1, 0, 1, 10]:
        for late_by in [-1, 0, 1]:
            task = TaskFactory(commitment=commitment, actor=biro)
            tasks.append(
                set_completion(task, due=due, status=TaskStatus.DONE, completed=due + late_by)
            )
        for status in STATUSES:
            if status != TaskStatus.DONE:
                task = TaskFactory(commitment=commitment, actor=biro)
                tasks.append(set_completion(task, due=due, status=status))
    return tasks


@pytest.mark.parametrize("today_offset", [-1, 0, 1, 11])
def test_it_gives_the_same_completion_answers_as_predicate_and_as_query(
    completion_grid, today_offset
):
    today = days(today_offset)
    tasks = FollowUpTask.objects.all()
    rules = {
        "open": (health.task_is_open, health.open_q()),
        "done": (health.task_is_done, health.done_q()),
        "done on time": (health.task_done_on_time, health.done_on_time_q()),
        "counts as due": (
            lambda t: health.task_counts_as_due(t, today),
            health.counts_as_due_q(today),
        ),
    }

    for name, (predicate, condition) in rules.items():
        expected = pks(t for t in completion_grid if predicate(t))
        assert expected, name
        assert pks(tasks.filter(condition)) == expected, name


@pytest.mark.parametrize(
    ("late_by", "on_time"),
    [
        pytest.param(-1, True, id="done-the-day-before"),
        pytest.param(0, True, id="done-on-the-due-date"),
        pytest.param(1, False, id="done-the-day-after"),
    ],
)
def test_it_counts_a_task_done_by_its_due_date_as_done_on_time(task, late_by, on_time):
    set_completion(task, due=-5, status=TaskStatus.DONE, completed=-5 + late_by)

    assert health.task_done_on_time(task) is on_time
    assert FollowUpTask.objects.filter(health.done_on_time_q(), pk=task.pk).exists() is on_time


@pytest.mark.parametrize(
    ("due", "status", "counts"),
    [
        pytest.param(0, TaskStatus.PLANNED, False, id="due-today"),
        pytest.param(-1, TaskStatus.PLANNED, True, id="due-yesterday"),
        pytest.param(-1, TaskStatus.DONE, True, id="done-due-yesterday"),
        pytest.param(-1, TaskStatus.CANCELLED, False, id="cancelled-due-yesterday"),
    ],
)
def test_it_takes_the_on_time_share_of_tasks_due_before_today_and_not_cancelled(
    task, due, status, counts
):
    set_completion(
        task, due=due, status=status, completed=-2 if status == TaskStatus.DONE else None
    )

    assert health.task_counts_as_due(task, TODAY) is counts
    assert FollowUpTask.objects.filter(health.counts_as_due_q(TODAY), pk=task.pk).exists() is counts


def test_it_applies_the_q_prefix_to_the_related_tasks_completion(
    completion_grid, biro, agreement, unit
):
    for task in completion_grid:
        RequestFactory(actor=biro, agreement=agreement, work_unit=unit, task=task)
    letters = CoordinationRequest.objects.all()

    about_done_on_time = letters.filter(health.done_on_time_q(prefix="task__"))
    about_open = letters.filter(health.open_q(prefix="task__"))

    assert {r.task_id for r in about_done_on_time} == pks(
        t for t in completion_grid if health.task_done_on_time(t)
    )
    assert {r.task_id for r in about_open} == pks(
        t for t in completion_grid if health.task_is_open(t)
    )


# --- no recent progress -------------------------------------------------------------------


def set_progress(task, *, status, reported: int | None, assigned: datetime) -> FollowUpTask:
    """Last reported on ``reported`` days from today (None: never), assigned at ``assigned``."""
    FollowUpTask.objects.filter(pk=task.pk).update(
        status=status,
        completed_on=days(-1) if status == TaskStatus.DONE else None,
        last_progress_on=None if reported is None else days(reported),
        created_at=assigned,
    )
    task.refresh_from_db()
    return task


def wita(offset: int, hour: int, minute: int) -> datetime:
    day = days(offset)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WITA)


@pytest.fixture
def progress_grid(biro, commitment):
    """In each status: tasks last reported on either side of the 30-day cutoff, and tasks
    never reported on, assigned late in the evening or just after midnight WITA."""
    long_ago = wita(-400, 9, 0)
    cases = [(reported, long_ago) for reported in [-31, -30, -29, -1]] + [
        (None, wita(-31, 23, 30)),
        (None, wita(-30, 0, 30)),  # still the 31st day back in UTC: only the WITA date counts
        (None, wita(-30, 23, 30)),
        (None, wita(-29, 0, 30)),
    ]
    tasks = []
    for status in STATUSES:
        for reported, assigned in cases:
            task = TaskFactory(commitment=commitment, actor=biro)
            tasks.append(set_progress(task, status=status, reported=reported, assigned=assigned))
    return tasks


@pytest.mark.parametrize("today_offset", [0, 1])
@pytest.mark.parametrize("overrides", [{}, {"NO_PROGRESS_AT_RISK_DAYS": 29}])
def test_it_finds_the_same_tasks_without_recent_progress_as_predicate_and_as_query(
    settings, progress_grid, today_offset, overrides
):
    settings.HEALTH = overrides
    today = days(today_offset)

    expected = pks(t for t in progress_grid if health.task_lacks_recent_progress(t, today))

    assert expected
    assert expected != pks(t for t in progress_grid if health.task_is_open(t))
    assert pks(FollowUpTask.objects.filter(health.no_recent_progress_q(today))) == expected


@pytest.mark.parametrize(
    ("reported", "assigned", "lacking"),
    [
        pytest.param(-31, wita(-400, 9, 0), True, id="reported-31-days-ago"),
        pytest.param(-30, wita(-400, 9, 0), False, id="reported-30-days-ago"),
        pytest.param(None, wita(-31, 23, 30), True, id="never-reported-assigned-31-days-ago"),
        pytest.param(None, wita(-30, 0, 30), False, id="never-reported-assigned-30-days-ago"),
    ],
)
def test_it_gives_a_task_30_days_between_reports(task, reported, assigned, lacking):
    set_progress(task, status=TaskStatus.IN_PROGRESS, reported=reported, assigned=assigned)

    assert health.task_lacks_recent_progress(task, TODAY) is lacking
    assert (
        FollowUpTask.objects.filter(health.no_recent_progress_q(TODAY), pk=task.pk).exists()
        is lacking
    )


def test_it_asks_no_progress_of_a_closed_task(task):
    set_progress(task, status=TaskStatus.DONE, reported=-100, assigned=wita(-400, 9, 0))

    assert not health.task_lacks_recent_progress(task, TODAY)
    assert not FollowUpTask.objects.filter(health.no_recent_progress_q(TODAY)).exists()


# --- a letter's state and the letters soon due --------------------------------------------


@pytest.mark.parametrize(("due", "soon"), [(-1, False), (0, True), (14, True), (15, False)])
def test_it_tells_whether_a_letter_is_soon_due(make_letter, due, soon):
    letter = make_letter(due=due)

    assert health.letter_is_soon_due(letter, TODAY) is soon
    assert (
        CoordinationRequest.objects.filter(health.soon_due_letters_q(TODAY), pk=letter.pk).exists()
        is soon
    )


def test_it_does_not_call_an_answered_letter_soon_due(make_letter, officer):
    letter = answer(make_letter(due=3), actor=officer)

    assert not health.letter_is_soon_due(letter, TODAY)
    assert not CoordinationRequest.objects.filter(health.soon_due_letters_q(TODAY)).exists()


@pytest.mark.parametrize("today_offset", [-1, 0, 1])
def test_it_gives_the_same_letter_states_and_soon_due_answers_as_predicate_and_as_query(
    letter_grid, today_offset
):
    today = days(today_offset)
    letters = CoordinationRequest.objects.annotate(answered_on=health.answered_late_annotation())
    states = {r.pk: health.letter_state(r, today) for r in letter_grid}
    answered = ~health.unanswered_letters_q()

    def in_state(state):
        return {pk for pk, found in states.items() if found == state}

    queries = {
        health.LetterState.WAITING: health.unanswered_letters_q() & ~health.late_letters_q(today),
        health.LetterState.LATE: health.late_letters_q(today),
        health.LetterState.ANSWERED: answered & ~health.answered_late_q(),
        health.LetterState.ANSWERED_LATE: health.answered_late_q(),
    }
    for state, condition in queries.items():
        assert in_state(state), state
        assert pks(letters.filter(condition)) == in_state(state), state
    soon = pks(r for r in letter_grid if health.letter_is_soon_due(r, today))
    escalated = pks(r for r in letter_grid if health.letter_is_escalated(r, today))
    assert soon
    assert escalated
    assert pks(letters.filter(health.soon_due_letters_q(today))) == soon
    assert pks(letters.filter(health.escalated_letters_q(today))) == escalated


@pytest.mark.parametrize(
    ("due", "answered_at", "label"),
    [
        pytest.param(3, None, "waiting for an answer", id="waiting"),
        pytest.param(-1, None, "late, no answer", id="late"),
        pytest.param(-1, datetime(2026, 11, 26, 23, 30, tzinfo=WITA), "answered", id="answered"),
        pytest.param(
            -1, datetime(2026, 11, 27, 0, 30, tzinfo=WITA), "answered late", id="answered-late"
        ),
    ],
)
def test_it_shows_a_letters_state_alike_on_the_letter_list_and_the_task_page(
    clock, make_letter, officer, biro, task, due, answered_at, label
):
    letter = make_letter(due=due)
    CoordinationRequest.objects.filter(pk=letter.pk).update(task=task)
    if answered_at:
        clock.move_to(answered_at)
        letter = answer(letter, actor=officer)
        clock.move_to(datetime(2026, 11, 27, 10, 0, tzinfo=WITA))
    client = client_as(biro, language="en")

    listed = client.get(reverse("agreements:letter_list")).content.decode()
    task_page = client.get(reverse("agreements:task_detail", args=[task.pk])).content.decode()

    badge = f'<span class="badge letter-state state-{health.letter_state(letter, TODAY)}">'
    assert f"{badge}{label}</span>" in listed
    if answered_at is None:  # an answered letter shows its answer on the task page instead
        assert f"{badge}{label}</span>" in task_page
