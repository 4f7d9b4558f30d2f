"""Writes on budget lines."""

from django.utils.translation import gettext as _

from ..models.budget import BudgetLine
from .versioning import save_versioned


class BudgetError(Exception):
    """A budget line the rules refuse; the message is shown to the user."""


def _check(commitment, task):
    if task is not None and task.commitment_id != commitment.pk:
        raise BudgetError(_("The task does not belong to the chosen commitment."))


def budget_line_create(*, actor, **fields) -> BudgetLine:
    _check(fields["commitment"], fields.get("task"))
    line = BudgetLine(created_by=actor, **fields)
    line._history_user = actor
    line.save()
    return line


def budget_line_update(*, line, actor, expected_version: int, **fields) -> BudgetLine:
    _check(fields.get("commitment", line.commitment), fields.get("task", line.task))
    return save_versioned(line, expected_version=expected_version, actor=actor, fields=fields)
