"""Query counts that do not grow with the data: the lists (and their downloads) as the
Bureau and as an officer, the task page with more progress, the agreement's follow-up.

Each test measures a page with a little data, adds much more, and asserts the same
number of queries; django_assert_num_queries prints the SQL when it fails.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..clock import days
from ..factories import pdf_upload
from .conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    answer,
    client_as,
    post_progress,
)


@pytest.fixture
def grow(biro, officer, stranger, unit, other_unit, third_unit, agreement, other_agreement):
    """``grow(n)`` adds n tasks, two per commitment, over three units and two agreements,
    in several states, each with a coordination request (some answered) and a budget line."""
    units = [unit, other_unit, third_unit]
    agreements = [agreement, other_agreement]
    answerers = {unit: officer, other_unit: stranger, third_unit: biro}
    made = {"count": 0}

    def add(n):
        commitment = None
        for _ in range(n):
            i = made["count"]
            made["count"] += 1
            work_unit, parent = units[i % 3], agreements[i % 2]
            if commitment is None or i % 2 == 0:
                commitment = CommitmentFactory(agreement=parent, actor=biro, lead_unit=work_unit)
            task = TaskFactory(
                commitment=commitment,
                actor=biro,
                responsible_unit=work_unit,
                due_date=days(i % 40 - 20),
            )
            if i % 4 == 1:
                post_progress(task, actor=biro, status="in_progress")
            elif i % 4 == 2:
                post_progress(task, actor=biro, status="done", percent=100)
            request = RequestFactory(
                actor=biro,
                agreement=commitment.agreement,
                work_unit=work_unit,
                task=task,
                sent_on=days(-40),
                answer_due=days(i % 20 - 10),
            )
            if i % 3 == 0:
                answer(request, actor=answerers[work_unit])
            BudgetLineFactory(actor=biro, commitment=commitment, task=task, work_unit=work_unit)

    return add


def measure(client, path, params) -> int:
    client.get(path, params)  # warm-up: sessions, content types, caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries)


LISTS = [
    pytest.param("agreements:task_list", {}, id="tasks"),
    pytest.param("agreements:task_list", {"overdue": "true", "q": "uji"}, id="tasks-filtered"),
    pytest.param("agreements:task_list", {"export": "csv"}, id="tasks-csv"),
    pytest.param("agreements:task_list", {"export": "xlsx"}, id="tasks-xlsx"),
    pytest.param("agreements:letter_list", {}, id="letters"),
    pytest.param("agreements:letter_list", {"answered": "false"}, id="requests-filtered"),
    pytest.param("agreements:letter_list", {"export": "csv"}, id="requests-csv"),
    pytest.param("agreements:budget_list", {}, id="budget"),
    pytest.param("agreements:budget_list", {"export": "xlsx"}, id="budget-xlsx"),
]


@pytest.mark.parametrize("role", ["biro", "officer"])
@pytest.mark.parametrize(("name", "params"), LISTS)
def test_it_lists_in_the_same_number_of_queries_with_more_rows(
    request, django_assert_num_queries, grow, role, name, params
):
    client = client_as(request.getfixturevalue(role))
    path = reverse(name)
    grow(3)
    few = measure(client, path, params)

    grow(27)

    with django_assert_num_queries(few):
        response = client.get(path, params)
    assert response.status_code == 200


def test_it_shows_more_rows_in_the_grown_lists(biro, officer, grow):
    """The comparison above is between lists that really grew."""
    grow(30)

    tasks = client_as(biro).get(reverse("agreements:task_list"))
    inbox = client_as(officer).get(reverse("agreements:task_list"))
    letters = client_as(officer).get(reverse("agreements:letter_list"))

    assert tasks.context["page"].paginator.count == 30
    assert len(tasks.context["page"].object_list) == 25
    assert inbox.context["page"].paginator.count == 10
    assert letters.context["page"].paginator.count == 10
    assert len(inbox.context["inbox"]["budget_lines"]) == 10


@pytest.mark.parametrize("role", ["biro", "officer", "leader"])
def test_it_shows_a_task_in_the_same_number_of_queries_with_more_progress(
    request, django_assert_num_queries, officer, task, role
):
    def report(n):
        for i in range(n):
            post_progress(
                task,
                actor=officer,
                text=f"Laporan {i}",
                percent=min(10 * i, 90),
                status=["in_progress", "blocked"][i % 2],
                evidence=[pdf_upload(f"bukti-{i}.pdf")],
            )

    client = client_as(request.getfixturevalue(role))
    path = reverse("agreements:task_detail", args=[task.pk])
    report(1)
    few = measure(client, path, {})

    report(9)

    with django_assert_num_queries(few):
        response = client.get(path)
    assert response.status_code == 200
    assert len(response.context["updates"]) == 10
    assert response.content.decode().count("bukti-") == 10


@pytest.mark.parametrize("role", ["biro", "officer"])
def test_it_shows_an_agreements_follow_up_in_the_same_number_of_queries(
    request, django_assert_num_queries, biro, agreement, unit, role
):
    def add(n):
        for _ in range(n):
            commitment = CommitmentFactory(agreement=agreement, actor=biro, lead_unit=unit)
            for due in (-3, 5, 30):
                TaskFactory(commitment=commitment, actor=biro, due_date=days(due))

    client = client_as(request.getfixturevalue(role))
    path = reverse("agreements:detail", args=[agreement.pk])
    add(1)
    few = measure(client, path, {})

    add(6)

    with django_assert_num_queries(few):
        response = client.get(path)
    assert response.status_code == 200


def test_it_shows_a_request_in_the_same_number_of_queries_after_its_answer(
    django_assert_num_queries, biro, officer, request_for_unit
):
    client = client_as(biro)
    path = reverse("agreements:letter_detail", args=[request_for_unit.pk])
    few = measure(client, path, {})

    answer(request_for_unit, actor=officer)

    with django_assert_num_queries(few):
        response = client.get(path)
    assert response.status_code == 200
