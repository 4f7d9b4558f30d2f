"""Reads of coordination requests, scoped to the user."""

from datetime import date

from django.db.models import BooleanField, Case, Value, When
from django.utils.translation import gettext_lazy as _

from .. import access, health
from ..exports import export_response
from ..filters import LetterFilterSet
from .history import history_entries


def letter_list(*, user, data=None, today: date) -> LetterFilterSet:
    queryset = (
        access.letters_visible_to(user)
        .select_related("agreement", "work_unit", "answered_by", "task")
        .annotate(
            answered_on=health.answered_late_annotation(),
            is_late=Case(
                When(health.late_letters_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-is_late", "answered_at", "answer_due", "pk")
    )
    return LetterFilterSet(data=data, queryset=queryset, today=today, user=user)


def letter_page(*, item, user) -> dict:
    """What the page of one letter shows the user. A letter to one unit may be about
    another unit's task: the task is named only to those who may see it."""
    task = access.tasks_visible_to(user).filter(pk=item.task_id).first() if item.task_id else None
    return {
        "item": item,
        "task": task,
        "documents": access.documents_visible_to(user).filter(coordination_request=item),
        "history": history_entries(item, user=user),
    }


def _answer_state(letter):
    if letter.answered_at is None:
        return _("late, no answer") if letter.is_late else _("waiting for an answer")
    return _("answered late") if health.letter_answered_late(letter) else _("answered")


REQUEST_COLUMNS = [
    (_("Letter number"), lambda r: r.letter_number),
    (_("Subject"), lambda r: r.subject),
    (_("Agreement"), lambda r: r.agreement.title),
    (_("Addressed to"), lambda r: r.work_unit.name),
    (_("Sent on"), lambda r: r.sent_on),
    (_("Answer due"), lambda r: r.answer_due),
    (_("Answered at"), lambda r: r.answered_at),
    (_("Answered by"), lambda r: str(r.answered_by) if r.answered_by else ""),
    (_("State"), _answer_state),
]


def letter_export(queryset, *, kind: str):
    return export_response(
        kind=kind,
        filename="permintaan-koordinasi",
        columns=REQUEST_COLUMNS,
        rows=queryset.iterator(),
    )
