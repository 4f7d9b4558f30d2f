"""Writes on commitments, follow-up tasks and progress updates."""

from datetime import date

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models.documents import DocumentKind
from ..models.followup import Commitment, FollowUpTask, ProgressUpdate, TaskStatus
from .documents import document_create
from .versioning import save_versioned


class FollowUpError(Exception):
    """A write the follow-up rules refuse; the message is shown to the user."""


def commitment_create(*, agreement, actor, sector, title, description="", lead_unit) -> Commitment:
    commitment = Commitment(
        agreement=agreement,
        sector=sector,
        title=title.strip(),
        description=description.strip(),
        lead_unit=lead_unit,
        created_by=actor,
    )
    commitment._history_user = actor
    commitment.save()
    return commitment


def commitment_update(*, commitment, actor, **fields) -> Commitment:
    for name, value in fields.items():
        setattr(commitment, name, value)
    commitment._history_user = actor
    commitment.save()
    return commitment


def task_create(
    *, commitment, actor, responsible_unit, title, due_date, description="", priority="normal"
) -> FollowUpTask:
    task = FollowUpTask(
        commitment=commitment,
        responsible_unit=responsible_unit,
        title=title.strip(),
        description=description.strip(),
        due_date=due_date,
        priority=priority,
        created_by=actor,
    )
    task._history_user = actor
    task.save()
    return task


def _status_fields(status: str, on: date) -> dict:
    """A task's completion date follows its status: set when done, cleared otherwise."""
    return {"status": status, "completed_on": on if status == TaskStatus.DONE else None}


def task_update(*, task, actor, expected_version: int, **fields) -> FollowUpTask:
    """Edit a task; refused with ConcurrentEditError if someone saved it meanwhile."""
    if "status" in fields:
        fields.update(_status_fields(fields["status"], timezone.localdate()))
    return save_versioned(task, expected_version=expected_version, actor=actor, fields=fields)


def tasks_record_progress_dates(*, tasks) -> None:
    """Keep the tasks' last progress dates (read by the status rules) in step with their
    updates; one UPDATE, whatever the number of tasks."""
    tasks.update(
        last_progress_on=Subquery(
            ProgressUpdate.objects.filter(task=OuterRef("pk")).order_by("-date").values("date")[:1]
        )
    )


def progress_post(
    *,
    task,
    actor,
    expected_version: int,
    date: date,
    text: str,
    percent_complete: int,
    status_change: str = "",
    evidence=(),
) -> ProgressUpdate:
    """Report progress on a task, with evidence; a status change moves the task too."""
    if date > timezone.localdate():
        raise FollowUpError(_("The date cannot be in the future."))
    if status_change == task.status:
        status_change = ""
    with transaction.atomic():
        if status_change:
            task = save_versioned(
                task,
                expected_version=expected_version,
                actor=actor,
                fields=_status_fields(status_change, date),
            )
        update = ProgressUpdate(
            task=task,
            author=actor,
            date=date,
            text=text.strip(),
            percent_complete=percent_complete,
            status_change=status_change,
        )
        update._history_user = actor
        update.save()
        tasks_record_progress_dates(tasks=FollowUpTask.objects.filter(pk=task.pk))
        for file in evidence:
            document_create(
                agreement=task.commitment.agreement,
                actor=actor,
                file=file,
                kind=DocumentKind.REPORT,
                title=file.name,
                task=task,
                progress_update=update,
            )
    return update
