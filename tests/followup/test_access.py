"""Who may do what in the follow-up, beyond the URL × role matrix (tests/access/):
the way back after the login page, cross-unit attempts, and the "takes part in" selector.

An object outside the user's scope answers 404 (to prevent information leakage), an
action the role may not take answers 403, anonymous users go to the login page.
"""

import pytest
from django.urls import reverse

from agreements import access
from agreements.models import Agreement, BudgetLine, Role

from ..access.matrix import database_state, row
from ..clock import TODAY
from ..factories import AgreementFactory, UserFactory, WorkUnitFactory, pdf_upload
from .conftest import CommitmentFactory, RequestFactory, TaskFactory, client_as

LOGIN = "/accounts/login/"


@pytest.fixture
def world(access_world):
    """The matrix's world: ``task``, ``request`` and ``line`` are ``unit``'s."""
    return access_world


def test_it_sends_anonymous_users_to_the_login_page_with_the_way_back(world):
    path = reverse("agreements:task_detail", args=[world.task.pk])

    response = client_as(None).get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={path}"


def test_it_answers_404_for_an_unknown_calendar_token(world):
    response = client_as(None).get(reverse("agreements:calendar_feed", args=["not-a-token"]))

    assert response.status_code == 404


def test_it_lets_the_officer_edit_their_units_budget_line(world, officer):
    budget_edit = row("agreements:budget_edit")

    response = client_as(officer).post(budget_edit.path(world), budget_edit.write(world))

    assert response.status_code == 302
    world.line.refresh_from_db()
    assert world.line.amount_spent == 99_000_000
    assert world.line.work_unit == world.unit


# --- cross-unit attempts ------------------------------------------------------------------


def budget_post(commitment, task=None, **extra):
    return {
        "fiscal_year": TODAY.year,
        "commitment": commitment.pk,
        "task": task.pk if task else "",
        "source": "apbd",
        "amount_requested": 100_000_000,
        "amount_allocated": 50_000_000,
        "amount_spent": 0,
        **extra,
    }


def test_it_refuses_an_officers_budget_line_naming_another_units_task(
    officer, commitment, other_task
):
    response = client_as(officer).post(
        reverse("agreements:budget_create"), budget_post(commitment, other_task)
    )

    assert response.status_code == 200
    assert "task" in response.context["form"].errors
    assert not BudgetLine.objects.exists()


def test_it_refuses_an_officers_budget_line_for_a_commitment_outside_their_scope(
    officer, commitment, other_commitment
):
    response = client_as(officer).post(
        reverse("agreements:budget_create"), budget_post(other_commitment)
    )

    assert response.status_code == 200
    assert "commitment" in response.context["form"].errors
    assert not BudgetLine.objects.exists()


def test_it_refuses_an_officers_edit_moving_a_line_to_another_units_task(
    officer, budget_line, other_task
):
    data = {
        **budget_post(other_task.commitment, other_task),
        "version": budget_line.version,
    }

    response = client_as(officer).post(
        reverse("agreements:budget_edit", args=[budget_line.pk]), data
    )

    assert response.status_code == 200
    assert {"commitment", "task"} <= set(response.context["form"].errors)
    budget_line.refresh_from_db()
    assert budget_line.commitment.lead_unit == officer.work_unit
    assert budget_line.version == 1


def test_it_records_an_officers_budget_line_for_their_own_unit_whatever_the_form_says(
    officer, unit, other_unit, commitment, task
):
    response = client_as(officer).post(
        reverse("agreements:budget_create"),
        budget_post(commitment, task, work_unit=other_unit.pk),
    )

    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert line.work_unit == unit
    assert not BudgetLine.objects.filter(work_unit=other_unit).exists()


def test_it_answers_404_to_an_officers_progress_on_another_units_task(officer, other_task):
    before = database_state()

    response = client_as(officer).post(
        reverse("agreements:task_progress", args=[other_task.pk]),
        {
            "version": other_task.version,
            "date": TODAY.isoformat(),
            "text": "Bukan tugas kami.",
            "percent_complete": 100,
            "status_change": "done",
            "evidence": pdf_upload(),
        },
    )

    assert response.status_code == 404
    assert database_state() == before


def test_it_answers_404_to_an_officers_answer_to_another_units_request(
    officer, biro, other_agreement, other_unit
):
    other_request = RequestFactory(actor=biro, agreement=other_agreement, work_unit=other_unit)

    response = client_as(officer).post(
        reverse("agreements:letter_answer", args=[other_request.pk]),
        {"version": other_request.version, "answer_text": "Jawaban palsu"},
    )

    assert response.status_code == 404
    other_request.refresh_from_db()
    assert other_request.answered_at is None
    assert other_request.answer_text == ""


def test_it_hides_another_units_tasks_from_the_officers_list(officer, task, other_task):
    response = client_as(officer).get(reverse("agreements:task_list"))

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [task]
    assert other_task.title not in response.content.decode()


# --- the "takes part in" selector ---------------------------------------------------------


@pytest.fixture
def outsider_agreement(biro):
    """An agreement coordinated by a unit of its own: nobody else takes part yet."""
    coordinator = WorkUnitFactory(name="Bappeda", abbreviation="Bappeda")
    return AgreementFactory(actor=biro, coordinating_unit=coordinator, title="Kerja sama lain")


@pytest.fixture
def dkp_officer(third_unit):
    return UserFactory(username="skpd-dkp", role=Role.SKPD, work_unit=third_unit)


def link_coordinating(agreement, unit, biro):
    Agreement.objects.filter(pk=agreement.pk).update(coordinating_unit=unit)


def link_lead(agreement, unit, biro):
    CommitmentFactory(agreement=agreement, actor=biro, lead_unit=unit)


def link_responsible(agreement, unit, biro):
    commitment = CommitmentFactory(agreement=agreement, actor=biro)
    TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit)


def link_addressee(agreement, unit, biro):
    RequestFactory(agreement=agreement, actor=biro, work_unit=unit)


@pytest.mark.parametrize("link", [link_coordinating, link_lead, link_responsible, link_addressee])
def test_it_makes_the_agreement_visible_to_a_unit_taking_part(
    link, biro, outsider_agreement, third_unit, dkp_officer
):
    link(outsider_agreement, third_unit, biro)

    response = client_as(dkp_officer).get(
        reverse("agreements:detail", args=[outsider_agreement.pk])
    )

    assert list(access.agreements_taking_part(third_unit)) == [outsider_agreement]
    assert response.status_code == 200


def test_it_does_not_count_sharing_a_sector_as_taking_part(
    biro, outsider_agreement, third_unit, dkp_officer
):
    third_unit.sectors.set(outsider_agreement.sectors.all())

    response = client_as(dkp_officer).get(
        reverse("agreements:detail", args=[outsider_agreement.pk])
    )

    assert not access.agreements_taking_part(third_unit).exists()
    assert response.status_code == 404
