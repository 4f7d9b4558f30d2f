"""Reads of budget lines, scoped to the user."""

from django.db.models import QuerySet, Sum

from .. import access
from ..models import BudgetLine


def budget_list(*, user) -> QuerySet[BudgetLine]:
    return (
        access.budget_lines_visible_to(user)
        .select_related("work_unit", "commitment__agreement", "commitment__sector", "task", "pks")
        .order_by("-fiscal_year", "work_unit__name", "commitment__title", "pk")
    )


def budget_totals(queryset) -> list[dict]:
    """Totals per fiscal year, newest first: two years' money is never added together."""
    return list(
        queryset.order_by()
        .values("fiscal_year")
        .annotate(
            requested=Sum("amount_requested"),
            allocated=Sum("amount_allocated"),
            spent=Sum("amount_spent"),
        )
        .order_by("-fiscal_year")
    )
