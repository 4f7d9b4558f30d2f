"""Reads of budget lines, scoped to the user."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from .. import access
from ..exports import export_response
from ..filters import BudgetFilterSet


def budget_list(*, user, data=None) -> BudgetFilterSet:
    queryset = (
        access.budget_lines_visible_to(user)
        .select_related("work_unit", "commitment__agreement", "commitment__sector", "task")
        .order_by("-fiscal_year", "work_unit__name", "commitment__title", "pk")
    )
    return BudgetFilterSet(data=data, queryset=queryset, user=user)


def budget_totals(queryset) -> dict:
    return queryset.aggregate(
        requested=Sum("amount_requested"),
        allocated=Sum("amount_allocated"),
        spent=Sum("amount_spent"),
    )


BUDGET_COLUMNS = [
    (_("Fiscal year"), lambda b: b.fiscal_year),
    (_("Work unit"), lambda b: b.work_unit.name),
    (_("Agreement"), lambda b: b.commitment.agreement.title),
    (_("Commitment"), lambda b: b.commitment.title),
    (_("Sector"), lambda b: str(b.commitment.sector)),
    (_("Follow-up task"), lambda b: b.task.title if b.task else ""),
    (_("Source of funds"), lambda b: b.get_source_display()),
    (_("Requested (Rp)"), lambda b: b.amount_requested),
    (_("Allocated in the DPA (Rp)"), lambda b: b.amount_allocated),
    (_("Spent (Rp)"), lambda b: b.amount_spent),
]


def budget_export(queryset, *, kind: str):
    return export_response(
        kind=kind, filename="anggaran", columns=BUDGET_COLUMNS, rows=queryset.iterator()
    )
