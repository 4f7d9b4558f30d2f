"""Writes on budget lines. An SKPD officer records their own unit's lines only."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import access
from ..access import Right
from ..models.budget import BudgetLine, spent_above_allocated
from .base import save_as
from .versioning import save_versioned


class BudgetError(Exception):
    """A budget line the rules refuse; the message is shown to the user."""


def _check_unit(actor, work_unit) -> None:
    if not access.can(actor, Right.RECORD_BUDGET, work_unit):
        raise BudgetError(_("Budget lines are recorded for your own work unit only."))


def _check_task(commitment, task) -> None:
    if task is not None and task.commitment_id != commitment.pk:
        raise BudgetError(_("The task does not belong to the chosen commitment."))


def _check_pks(commitment, pks) -> None:
    if pks is not None and pks.agreement_id != commitment.agreement_id:
        raise BudgetError(_("The PKS does not belong to the commitment's MoU."))


def _check_amounts(allocated: int, spent: int) -> None:
    if problem := spent_above_allocated(allocated, spent):
        raise BudgetError(problem)


@transaction.atomic
def budget_line_create(*, actor, **fields) -> BudgetLine:
    """``work_unit`` may be left out by an officer: it is then their own."""
    if not access.can(actor, Right.SEE_ALL_UNITS):
        fields.setdefault("work_unit", actor.work_unit)
    _check_unit(actor, fields.get("work_unit"))
    _check_task(fields["commitment"], fields.get("task"))
    _check_pks(fields["commitment"], fields.get("pks"))
    _check_amounts(fields.get("amount_allocated", 0), fields.get("amount_spent", 0))
    return save_as(BudgetLine(created_by=actor, **fields), actor)


@transaction.atomic
def budget_line_update(*, line, actor, expected_version: int, **fields) -> BudgetLine:
    _check_unit(actor, line.work_unit)  # the unit it was recorded for, and the one it gets
    _check_unit(actor, fields.get("work_unit", line.work_unit))
    _check_task(fields.get("commitment", line.commitment), fields.get("task", line.task))
    _check_pks(fields.get("commitment", line.commitment), fields.get("pks", line.pks))
    _check_amounts(
        fields.get("amount_allocated", line.amount_allocated),
        fields.get("amount_spent", line.amount_spent),
    )
    return save_versioned(line, expected_version=expected_version, actor=actor, fields=fields)
