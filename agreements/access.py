"""Who may see and do what.

Scope: Bureau staff, Leadership and Administrators see every record; an SKPD
officer sees only what their work unit takes part in. An object outside the
user's scope answers 404 (to prevent information leakage), an action the
role may not take answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import (
    Agreement,
    BudgetLine,
    Commitment,
    CoordinationRequest,
    Document,
    FollowUpTask,
    Role,
    User,
    WorkUnit,
)


def _unit_scoped(user: User, queryset: QuerySet, unit_field: str) -> QuerySet:
    """Everything for readers of everything; an officer's own unit's rows; else nothing."""
    if user.reads_everything:
        return queryset
    if user.role == Role.SKPD and user.work_unit_id:
        return queryset.filter(**{unit_field: user.work_unit_id})
    return queryset.none()


def _get_or_404(queryset: QuerySet, pk: int):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def agreements_taking_part(work_unit: WorkUnit) -> QuerySet[Agreement]:
    """The agreements a work unit takes part in. Every scoped list goes through here.

    A unit takes part when it coordinates the agreement, leads one of its
    commitments, is responsible for one of its tasks, or is addressed by one of
    its coordination requests. Sharing a sector is not enough.
    """
    return Agreement.objects.filter(
        Q(coordinating_unit=work_unit)
        | Q(pk__in=Commitment.objects.filter(lead_unit=work_unit).values("agreement_id"))
        | Q(
            pk__in=FollowUpTask.objects.filter(responsible_unit=work_unit).values(
                "commitment__agreement_id"
            )
        )
        | Q(pk__in=CoordinationRequest.objects.filter(work_unit=work_unit).values("agreement_id"))
    )


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    if user.reads_everything:
        return Agreement.objects.all()
    if user.role == Role.SKPD and user.work_unit_id:
        return Agreement.objects.filter(pk__in=agreements_taking_part(user.work_unit).values("pk"))
    return Agreement.objects.none()


def get_agreement_for_user(user: User, pk: int) -> Agreement:
    return _get_or_404(
        agreements_visible_to(user).select_related("partner", "coordinating_unit"), pk
    )


def documents_visible_to(user: User) -> QuerySet[Document]:
    """An officer sees the documents of their agreements, but not other units' task
    evidence or letters."""
    documents = Document.objects.filter(agreement__in=agreements_visible_to(user))
    if user.reads_everything:
        return documents
    return documents.filter(
        Q(task__isnull=True) | Q(task__in=tasks_visible_to(user)),
        Q(coordination_request__isnull=True) | Q(coordination_request__in=letters_visible_to(user)),
    )


def get_document_for_user(user: User, pk: int) -> Document:
    try:
        return documents_visible_to(user).select_related("agreement").get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def work_units_visible_to(user: User) -> QuerySet[WorkUnit]:
    """Whose details (and later scorecards) a user may open: an officer, only their own unit."""
    return _unit_scoped(user, WorkUnit.objects.all(), "pk")


def get_work_unit_for_user(user: User, pk: int) -> WorkUnit:
    return _get_or_404(work_units_visible_to(user), pk)


def tasks_visible_to(user: User) -> QuerySet[FollowUpTask]:
    """An officer sees only the tasks their unit is responsible for."""
    return _unit_scoped(user, FollowUpTask.objects.all(), "responsible_unit_id")


def get_task_for_user(user: User, pk: int) -> FollowUpTask:
    return _get_or_404(
        tasks_visible_to(user).select_related(
            "commitment__agreement", "commitment__sector", "responsible_unit"
        ),
        pk,
    )


def commitments_visible_to(user: User) -> QuerySet[Commitment]:
    """An officer sees the commitments their unit leads or has tasks in."""
    if user.reads_everything:
        return Commitment.objects.all()
    if user.role == Role.SKPD and user.work_unit_id:
        return Commitment.objects.filter(
            Q(lead_unit_id=user.work_unit_id)
            | Q(pk__in=tasks_visible_to(user).values("commitment_id"))
        )
    return Commitment.objects.none()


def letters_visible_to(user: User) -> QuerySet[CoordinationRequest]:
    """An officer sees the requests addressed to their unit."""
    return _unit_scoped(user, CoordinationRequest.objects.all(), "work_unit_id")


def get_letter_for_user(user: User, pk: int) -> CoordinationRequest:
    return _get_or_404(
        letters_visible_to(user).select_related(
            "agreement", "task", "work_unit", "answered_by", "created_by"
        ),
        pk,
    )


def budget_lines_visible_to(user: User) -> QuerySet[BudgetLine]:
    return _unit_scoped(user, BudgetLine.objects.all(), "work_unit_id")


def get_budget_line_for_user(user: User, pk: int) -> BudgetLine:
    return _get_or_404(
        budget_lines_visible_to(user).select_related("commitment", "task", "work_unit"), pk
    )


# --- rights ---------------------------------------------------------------------


def can_manage_agreements(user: User) -> bool:
    """Create and edit agreements and partners, record contacts, stages and documents."""
    return user.is_authenticated and user.role == Role.BIRO


def require_manage_agreements(user: User) -> None:
    if not can_manage_agreements(user):
        raise PermissionDenied


def can_update_task(user: User, task: FollowUpTask) -> bool:
    """Post progress and change status: Bureau staff, or the responsible unit's officers."""
    if user.role == Role.BIRO:
        return True
    return user.role == Role.SKPD and task.responsible_unit_id == user.work_unit_id


def require_update_task(user: User, task: FollowUpTask) -> None:
    if not can_update_task(user, task):
        raise PermissionDenied


def can_answer_letter(user: User, letter: CoordinationRequest) -> bool:
    """The addressed unit answers; Bureau staff may record an answer received on paper."""
    if user.role == Role.BIRO:
        return True
    return user.role == Role.SKPD and letter.work_unit_id == user.work_unit_id


def require_answer_letter(user: User, letter: CoordinationRequest) -> None:
    if not can_answer_letter(user, letter):
        raise PermissionDenied


def can_record_budget(user: User) -> bool:
    """Bureau staff for every unit; an officer for their own unit (scoped by the selectors)."""
    return user.role in {Role.BIRO, Role.SKPD}


def require_record_budget(user: User) -> None:
    if not can_record_budget(user):
        raise PermissionDenied


def can_download_report(user: User, kind: str, work_unit: WorkUnit | None = None) -> bool:
    """Every report for readers of everything; an SKPD officer, their own unit's only."""
    if user.reads_everything:
        return True
    return (
        user.role == Role.SKPD
        and kind == "work_unit"
        and work_unit is not None
        and work_unit.pk == user.work_unit_id
    )


def require_download_report(user: User, kind: str, work_unit: WorkUnit | None = None) -> None:
    if not can_download_report(user, kind, work_unit):
        raise PermissionDenied


def can_save_snapshot(user: User) -> bool:
    """Leadership's one write, shared with Bureau staff."""
    return user.role in {Role.LEADERSHIP, Role.BIRO}


def require_save_snapshot(user: User) -> None:
    if not can_save_snapshot(user):
        raise PermissionDenied
