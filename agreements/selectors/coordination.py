"""Reads of coordination requests, scoped to the user."""

from datetime import date

from django.db.models import BooleanField, Case, QuerySet, Value, When

from .. import access, health
from ..models import CoordinationRequest
from ..models.documents import DocumentKind
from .history import history_entries


def letter_list(*, user, today: date) -> QuerySet[CoordinationRequest]:
    """The letters the user may see, the late ones first."""
    return (
        access.letters_visible_to(user)
        .select_related("agreement", "work_unit", "answered_by", "task")
        .annotate(
            is_late=Case(
                When(health.late_letters_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-is_late", "answered_at", "answer_due", "pk")
    )


def letter_page(*, item, user) -> dict:
    """What the page of one letter shows the user. A letter to one unit may be about
    another unit's task: the task is named only to those who may see it."""
    task = access.tasks_visible_to(user).filter(pk=item.task_id).first() if item.task_id else None
    documents = list(
        access.documents_visible_to(user).filter(coordination_request=item).order_by("pk")
    )
    return {
        "item": item,
        "task": task,
        # The Bureau's letter and the unit's reply, each beside what it belongs to.
        "letter_documents": [d for d in documents if d.kind != DocumentKind.REPLY_LETTER],
        "reply_documents": [d for d in documents if d.kind == DocumentKind.REPLY_LETTER],
        "history": history_entries(item, user=user),
    }


def units_already_sent(*, letter_number: str, work_units) -> list:
    """The units among ``work_units`` that letter ``letter_number`` was already sent to
    (the number is unique per unit: a database constraint)."""
    return [
        letter.work_unit
        for letter in CoordinationRequest.objects.filter(
            letter_number=letter_number.strip(), work_unit__in=work_units
        ).select_related("work_unit")
    ]
