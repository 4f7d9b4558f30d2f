"""Reads of follow-up tasks, scoped to the user."""

from datetime import date

from django.db.models import BooleanField, Case, Prefetch, QuerySet, Value, When

from .. import access, health
from ..models import Document, FollowUpTask
from ..models.followup import ProgressUpdate
from .history import task_history


def with_overdue_flag(queryset, today: date):
    return queryset.annotate(
        is_overdue=Case(
            When(health.overdue_tasks_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_still_open=Case(
            When(health.open_q(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def task_list(*, user, today: date) -> QuerySet[FollowUpTask]:
    """Tasks the user may see: overdue first, then open ones by due date, closed ones last."""
    return with_overdue_flag(
        access.tasks_visible_to(user).select_related(
            "commitment__agreement__partner", "commitment__sector", "responsible_unit", "pks"
        ),
        today,
    ).order_by("-is_overdue", "-is_still_open", "due_date", "pk")


def agreement_followup(*, agreement, user, today: date) -> list:
    """The agreement's commitments the user may see, each with its visible tasks."""
    tasks = with_overdue_flag(
        access.tasks_visible_to(user).select_related("responsible_unit", "pks"), today
    ).order_by("-is_overdue", "-is_still_open", "due_date", "pk")
    return list(
        access.commitments_visible_to(user)
        .filter(agreement=agreement)
        .select_related("sector", "lead_unit")
        .prefetch_related(Prefetch("tasks", queryset=tasks, to_attr="visible_tasks"))
        .order_by("sector__name", "title")
    )


def task_inbox(*, user, today: date) -> dict:
    """What an SKPD officer's unit must answer and fund, beside its tasks."""
    letters = (
        access.letters_visible_to(user)
        .filter(health.unanswered_letters_q())
        .select_related("agreement")
        .order_by("answer_due", "pk")
    )
    budget_lines = (
        access.budget_lines_visible_to(user)
        .filter(fiscal_year=today.year)
        .select_related("commitment__agreement", "task", "pks")
        .order_by("commitment__title", "pk")
    )
    return {"letters": letters, "budget_lines": budget_lines, "fiscal_year": today.year}


def task_detail_context(*, task, user, today: date) -> dict:
    updates = (
        ProgressUpdate.objects.filter(task=task)
        .select_related("author")
        .prefetch_related(Prefetch("documents", queryset=Document.objects.order_by("pk")))
        .order_by("-date", "-pk")
    )
    return {
        "task": task,
        "updates": updates,
        "letters": access.letters_visible_to(user)
        .filter(task=task)
        .select_related("work_unit", "answered_by"),
        "budget_lines": access.budget_lines_visible_to(user)
        .filter(task=task)
        .select_related("work_unit"),
        "history": task_history(task=task, user=user),
        "is_overdue": health.task_is_overdue(task, today),
        "is_soon_due": health.task_is_soon_due(task, today),
        "days_late": health.task_days_late(task, today),
    }
