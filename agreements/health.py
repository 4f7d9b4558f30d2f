"""On track, at risk, stalled: the status rules, in one place.

Every rule is a plain function of ``today`` (a date in WITA). The lists, the
reminders, and later the dashboards and the PDF reports all read this module, so
they never disagree. Each rule comes twice, side by side: as a predicate on one
object, and as a ``Q`` for querysets; tests hold the two to the same answers.

Thresholds have defaults here and can be overridden with the ``HEALTH``
setting (a dict), e.g. ``HEALTH = {"SOON_DUE_DAYS": 7}``.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models.followup import OPEN_STATUSES

DEFAULTS = {
    # A follow-up task due within this many days is "soon due".
    "SOON_DUE_DAYS": 14,
    # Items late by more than this many days are escalated to the Bureau and Leadership.
    "ESCALATE_AFTER_DAYS": 14,
}


def threshold(name: str) -> int:
    overrides = getattr(settings, "HEALTH", {})
    unknown = set(overrides) - set(DEFAULTS)
    if unknown:
        raise ImproperlyConfigured(f"Unknown HEALTH thresholds: {', '.join(sorted(unknown))}")
    return {**DEFAULTS, **overrides}[name]


# --- follow-up tasks ---------------------------------------------------------------
# A task due today is not yet overdue: overdue starts the day after the due date.


def task_is_overdue(task, today: date) -> bool:
    return task.status in OPEN_STATUSES and task.due_date < today


def overdue_tasks_q(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}due_date__lt": today})


def task_is_soon_due(task, today: date) -> bool:
    horizon = today + timedelta(days=threshold("SOON_DUE_DAYS"))
    return task.status in OPEN_STATUSES and today <= task.due_date <= horizon


def soon_due_tasks_q(today: date, prefix: str = "") -> Q:
    horizon = today + timedelta(days=threshold("SOON_DUE_DAYS"))
    return Q(
        **{
            f"{prefix}status__in": OPEN_STATUSES,
            f"{prefix}due_date__gte": today,
            f"{prefix}due_date__lte": horizon,
        }
    )


def task_days_late(task, today: date) -> int:
    return (today - task.due_date).days if task_is_overdue(task, today) else 0


def escalated_tasks_q(today: date) -> Q:
    """Overdue by more than ESCALATE_AFTER_DAYS."""
    limit = today - timedelta(days=threshold("ESCALATE_AFTER_DAYS"))
    return Q(status__in=OPEN_STATUSES, due_date__lt=limit)


# --- coordination requests -------------------------------------------------------------
# Late: past the answer date with no answer. An answer after the date counts as
# answered, but late. Answer times are compared as dates in WITA.


def request_is_late(request, today: date) -> bool:
    return request.answered_at is None and request.answer_due < today


def late_requests_q(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}answered_at__isnull": True, f"{prefix}answer_due__lt": today})


def unanswered_requests_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}answered_at__isnull": True})


def request_answered_late(request) -> bool:
    if request.answered_at is None:
        return False
    return timezone.localtime(request.answered_at).date() > request.answer_due


def answered_late_annotation():
    """Annotate ``answered_on`` (the WITA date of the answer) to filter answered-late."""
    return TruncDate("answered_at", tzinfo=timezone.get_current_timezone())


def answered_late_q() -> Q:
    """Use on a queryset annotated with ``answered_on=answered_late_annotation()``."""
    return Q(answered_at__isnull=False, answered_on__gt=F("answer_due"))


def request_days_late(request, today: date) -> int:
    return (today - request.answer_due).days if request_is_late(request, today) else 0


def escalated_requests_q(today: date) -> Q:
    limit = today - timedelta(days=threshold("ESCALATE_AFTER_DAYS"))
    return Q(answered_at__isnull=True, answer_due__lt=limit)
