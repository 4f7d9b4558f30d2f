"""The rights table, and the rules its services keep for every caller.

The URL × role matrix checks what each page answers; here the table itself is read
right by right, role by role, and the services refuse what a form only hides.
"""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import translation

from agreements import access
from agreements.access import RIGHTS, Right
from agreements.models import CoordinationRequest, Role
from agreements.models.budget import BudgetLine, FundingSource
from agreements.models.followup import FollowUpTask, ProgressUpdate, TaskStatus
from agreements.services.budget import BudgetError, budget_line_create, budget_line_update
from agreements.services.followup import (
    FollowUpError,
    commitment_create,
    progress_post,
    task_create,
    task_update,
)

from ..factories import UserFactory

# The refusals in the language the portal speaks by default.
OWN_UNIT_ONLY = "hanya dicatat untuk perangkat daerah Anda sendiri"
BUREAU_CANCELS = "Hanya Biro yang dapat membatalkan tugas"

pytestmark = pytest.mark.django_db

SEES_EVERY_UNIT = RIGHTS[Right.SEE_ALL_UNITS]


@pytest.fixture
def commitment(agreement, biro, unit):
    return commitment_create(
        agreement=agreement,
        actor=biro,
        sector=agreement.sectors.get(),
        title="Pengembangan agribisnis jagung",
        lead_unit=unit,
    )


@pytest.fixture
def task(commitment, biro, unit):
    return task_create(
        commitment=commitment,
        actor=biro,
        responsible_unit=unit,
        title="Menyusun rencana aksi",
        due_date=date(2030, 1, 10),
    )


def person(role, work_unit):
    return UserFactory(role=role, work_unit=work_unit if role == Role.SKPD else None)


def own_and_other(right, unit, other_unit, task):
    """One object of ``unit`` and one of ``other_unit``, for the own-unit rule of ``right``."""
    if right == Right.UPDATE_TASK:
        return task, FollowUpTask(responsible_unit=other_unit)
    if right == Right.ANSWER_LETTER:
        return CoordinationRequest(work_unit=unit), CoordinationRequest(work_unit=other_unit)
    return unit, other_unit  # a budget line's unit, a work-unit report's unit


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("right", list(Right))
def test_it_grants_each_right_to_the_roles_of_the_table(right, role, unit, other_unit, task):
    user = person(role, unit)
    held = role in RIGHTS[right]
    if right not in access.OWN_UNIT_RULES:
        assert access.can(user, right) is held
        return
    own, others = own_and_other(right, unit, other_unit, task)
    assert access.can(user, right, own) is held
    assert access.can(user, right, others) is (held and role in SEES_EVERY_UNIT)


def test_it_names_every_right_in_the_table():
    assert set(RIGHTS) == set(Right)


def test_it_refuses_every_right_to_someone_signed_out():
    assert not any(access.can(AnonymousUser(), right) for right in Right)


def test_it_lets_an_officer_download_only_their_own_units_report(officer, unit, other_unit):
    assert access.can(officer, Right.DOWNLOAD_REPORT, unit)
    assert not access.can(officer, Right.DOWNLOAD_REPORT, other_unit)
    assert not access.can(officer, Right.DOWNLOAD_REPORT)  # the portfolio or an agreement


def test_it_raises_permission_denied_for_a_right_not_held(officer):
    with pytest.raises(PermissionDenied):
        access.require(officer, Right.MANAGE_AGREEMENTS)


# --- the budget: an officer records their own unit's lines, whoever calls -----------------


def budget_fields(commitment, **fields):
    return {
        "commitment": commitment,
        "fiscal_year": 2026,
        "source": FundingSource.APBD,
        "amount_requested": 100_000_000,
        "amount_allocated": 0,
        "amount_spent": 0,
        **fields,
    }


def test_it_refuses_an_officer_a_budget_line_for_another_unit(stranger, unit, commitment):
    with translation.override("id"), pytest.raises(BudgetError, match=OWN_UNIT_ONLY):
        budget_line_create(actor=stranger, **budget_fields(commitment, work_unit=unit))

    assert not BudgetLine.objects.exists()


def test_it_records_an_officers_line_for_their_own_unit_when_none_is_named(
    officer, unit, commitment
):
    line = budget_line_create(actor=officer, **budget_fields(commitment))

    assert line.work_unit == unit
    assert line.history.get().history_user == officer


def test_it_refuses_an_officer_moving_a_line_of_another_unit(biro, stranger, unit, commitment):
    line = budget_line_create(actor=biro, **budget_fields(commitment, work_unit=unit))

    with translation.override("id"), pytest.raises(BudgetError, match=OWN_UNIT_ONLY):
        budget_line_update(
            line=line,
            actor=stranger,
            expected_version=line.version,
            work_unit=stranger.work_unit,
            note="Dipindahkan",
        )

    line.refresh_from_db()
    assert (line.work_unit, line.note, line.version) == (unit, "", 1)


def test_it_lets_bureau_staff_record_a_line_for_any_unit(biro, other_unit, commitment):
    line = budget_line_create(actor=biro, **budget_fields(commitment, work_unit=other_unit))

    assert line.work_unit == other_unit


# --- tasks: only the Bureau cancels one, whoever calls ------------------------------------


def test_it_refuses_an_officer_cancelling_a_task_through_progress(officer, task):
    with translation.override("id"), pytest.raises(FollowUpError, match=BUREAU_CANCELS):
        progress_post(
            task=task,
            actor=officer,
            expected_version=task.version,
            date=date(2026, 1, 5),
            text="Dibatalkan.",
            percent_complete=0,
            status_change=TaskStatus.CANCELLED,
        )

    task.refresh_from_db()
    assert task.status != TaskStatus.CANCELLED
    assert task.version == 1
    assert not ProgressUpdate.objects.exists()


def test_it_refuses_an_officer_cancelling_a_task_by_editing_it(officer, task):
    with translation.override("id"), pytest.raises(FollowUpError, match=BUREAU_CANCELS):
        task_update(
            task=task, actor=officer, expected_version=task.version, status=TaskStatus.CANCELLED
        )

    task.refresh_from_db()
    assert (task.status, task.version) == (TaskStatus.PLANNED, 1)


def test_it_lets_bureau_staff_cancel_a_task(biro, task):
    progress_post(
        task=task,
        actor=biro,
        expected_version=task.version,
        date=date(2026, 1, 5),
        text="Dibatalkan atas kesepakatan.",
        percent_complete=0,
        status_change=TaskStatus.CANCELLED,
    )

    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
