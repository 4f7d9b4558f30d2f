"""Writes on commitments, follow-up tasks and progress updates."""

from datetime import date
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access
from ..access import Right
from ..models.followup import Commitment, FollowUpTask, ProgressUpdate, TaskStatus
from .base import save_as
from .documents import document_create
from .notifications import notify_task_assigned, notify_task_progress
from .versioning import ConcurrentEditError, save_versioned


class FollowUpError(Exception):
    """A write the follow-up rules refuse; the message is shown to the user."""


@transaction.atomic
def commitment_create(*, agreement, actor, sector, title, description="", lead_unit) -> Commitment:
    commitment = Commitment(
        agreement=agreement,
        sector=sector,
        title=title.strip(),
        description=description.strip(),
        lead_unit=lead_unit,
        created_by=actor,
    )
    return save_as(commitment, actor)


@transaction.atomic
def commitment_update(*, commitment, actor, **fields) -> Commitment:
    for name, value in fields.items():
        setattr(commitment, name, value)
    return save_as(commitment, actor)


def _check_pks(commitment, pks) -> None:
    """A task may belong to a PKS too, one of its commitment's MoU."""
    if pks is not None and pks.agreement_id != commitment.agreement_id:
        raise FollowUpError(_("The PKS does not belong to the commitment's MoU."))


@transaction.atomic
def task_create(
    *,
    commitment,
    actor,
    responsible_unit,
    title,
    due_date,
    description="",
    priority="normal",
    pks=None,
) -> FollowUpTask:
    _check_pks(commitment, pks)
    task = FollowUpTask(
        commitment=commitment,
        responsible_unit=responsible_unit,
        title=title.strip(),
        description=description.strip(),
        due_date=due_date,
        priority=priority,
        pks=pks,
        created_by=actor,
    )
    save_as(task, actor)
    notify_task_assigned(task=task, actor=actor)
    return task


def _check_status(actor, status: str) -> None:
    if status == TaskStatus.CANCELLED and not access.can(actor, Right.CANCEL_TASK):
        raise FollowUpError(_("Only the Bureau cancels a task."))


def _status_fields(status: str, on: date) -> dict:
    """A task's completion date follows its status: set when done, cleared otherwise."""
    return {"status": status, "completed_on": on if status == TaskStatus.DONE else None}


@transaction.atomic
def task_update(*, task, actor, expected_version: int, **fields) -> FollowUpTask:
    """Edit a task; refused with ConcurrentEditError if someone saved it meanwhile."""
    if "pks" in fields:
        _check_pks(fields.get("commitment", task.commitment), fields["pks"])
    if "status" in fields:
        _check_status(actor, fields["status"])
        fields.update(_status_fields(fields["status"], timezone.localdate()))
    unit_before, status_before = task.responsible_unit_id, task.status
    task = save_versioned(task, expected_version=expected_version, actor=actor, fields=fields)
    if task.responsible_unit_id != unit_before:
        notify_task_assigned(task=task, actor=actor)
    if task.status != status_before:
        notify_task_progress(task=task, actor=actor)
    return task


@transaction.atomic
def tasks_record_progress_dates(*, tasks) -> None:
    """Keep the tasks' last progress dates (read by the status rules) in step with their
    updates; one UPDATE, whatever the number of tasks."""
    tasks.update(
        last_progress_on=Subquery(
            ProgressUpdate.objects.filter(task=OuterRef("pk")).order_by("-date").values("date")[:1]
        )
    )


def progress_saved_before(*, task, idempotency_key: UUID | str | None) -> ProgressUpdate | None:
    """The update a post with this key already saved on this task, if any.

    The view asks before validating the form: a repeat may name the status the first
    post moved the task to, which the form no longer offers.
    """
    try:
        idempotency_key = UUID(str(idempotency_key)) if idempotency_key else None
    except ValueError:
        return None  # not a key the portal made: the form refuses it
    if idempotency_key is None:
        return None
    return ProgressUpdate.objects.filter(task=task, idempotency_key=idempotency_key).first()


@transaction.atomic
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
    idempotency_key: UUID | None = None,
) -> ProgressUpdate:
    """Report progress on a task, with evidence; a status change moves the task too.

    A post repeating ``idempotency_key`` (a double click, a reload) does nothing and
    returns the update the first post saved. The key is looked at before the version:
    a repeat carries the version read before the first post, which that post moved on.
    """
    saved = progress_saved_before(task=task, idempotency_key=idempotency_key)
    if saved is not None:
        return saved
    try:
        return _progress_save(
            task=task,
            actor=actor,
            expected_version=expected_version,
            date=date,
            text=text,
            percent_complete=percent_complete,
            status_change=status_change,
            evidence=evidence,
            idempotency_key=idempotency_key,
        )
    except (IntegrityError, ConcurrentEditError):
        # Two posts of the same form at the same moment: the unique key let one in, and
        # the other either met its version change or its key. Then it is a repeat.
        saved = progress_saved_before(task=task, idempotency_key=idempotency_key)
        if saved is not None:
            return saved
        taken = idempotency_key and ProgressUpdate.objects.filter(idempotency_key=idempotency_key)
        if taken and taken.exists():
            # A key of another task's form: not one this page made.
            raise FollowUpError(_("The page is out of date: open it again.")) from None
        raise


def _progress_save(
    *,
    task,
    actor,
    expected_version,
    date,
    text,
    percent_complete,
    status_change,
    evidence,
    idempotency_key,
) -> ProgressUpdate:
    if date > timezone.localdate():
        raise FollowUpError(_("The date cannot be in the future."))
    if status_change == task.status:
        status_change = ""
    _check_status(actor, status_change)
    with transaction.atomic():  # a savepoint: progress_post reads on after a refusal
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
            idempotency_key=idempotency_key,
        )
        save_as(update, actor)
        tasks_record_progress_dates(tasks=FollowUpTask.objects.filter(pk=task.pk))
        for file in evidence:
            document_create(
                agreement=task.commitment.agreement,
                actor=actor,
                file=file,
                kind=None,  # a photo of the work as a photo, other evidence as a report
                title=file.name,
                task=task,
                progress_update=update,
            )
        notify_task_progress(task=task, actor=actor)
    return update
