"""Who may see and do what.

Scope: Bureau staff, Leadership and Administrators see every record; an SKPD
officer sees only what their work unit takes part in. An object outside the
user's scope answers 404 (to prevent information leakage), an action the
role may not take answers 403.

Rights: one table, RIGHTS (right → roles), read by ``can``/``require`` and by the
``may`` template filter; a right held for one's own unit only has a small rule in
OWN_UNIT_RULES. Views, forms and templates ask a right, never a role.
"""

from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import (
    Agreement,
    BudgetLine,
    Commitment,
    CoordinationRequest,
    Counterpart,
    Document,
    Evaluation,
    FollowUpTask,
    ImplementingAgreement,
    PlannedActivity,
    Role,
    User,
    Visit,
    WorkPlan,
    WorkUnit,
)


def _sees_all_units(user: User) -> bool:
    """The scope rule, read from the rights table: Bureau staff, Leadership, Administrators."""
    return user.role in RIGHTS[Right.SEE_ALL_UNITS]


def _unit_scoped(user: User, queryset: QuerySet, unit_field: str) -> QuerySet:
    """Everything for readers of everything; an officer's own unit's rows; else nothing."""
    if _sees_all_units(user):
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
    its coordination requests, or is the NTB party to one of its PKS. Sharing a sector
    is not enough.
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
        | Q(pk__in=ImplementingAgreement.objects.filter(work_unit=work_unit).values("agreement_id"))
    )


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    if _sees_all_units(user):
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
    if _sees_all_units(user):
        return documents
    return documents.filter(
        Q(task__isnull=True) | Q(task__in=tasks_visible_to(user)),
        Q(coordination_request__isnull=True) | Q(coordination_request__in=letters_visible_to(user)),
        Q(pks__isnull=True) | Q(pks__in=pks_visible_to(user)),
        Q(visit__isnull=True) | Q(visit__in=visits_visible_to(user)),
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
    if _sees_all_units(user):
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


def pks_visible_to(user: User) -> QuerySet[ImplementingAgreement]:
    """Implementing agreements (PKS): an officer sees only those their unit is party to."""
    return _unit_scoped(user, ImplementingAgreement.objects.all(), "work_unit_id")


def get_pks_for_user(user: User, pk: int) -> ImplementingAgreement:
    return _get_or_404(
        pks_visible_to(user).select_related("agreement__partner", "work_unit", "created_by"),
        pk,
    )


def budget_lines_visible_to(user: User) -> QuerySet[BudgetLine]:
    return _unit_scoped(user, BudgetLine.objects.all(), "work_unit_id")


def get_budget_line_for_user(user: User, pk: int) -> BudgetLine:
    return _get_or_404(
        budget_lines_visible_to(user).select_related("commitment", "task", "work_unit"), pk
    )


def activities_visible_to(user: User) -> QuerySet[PlannedActivity]:
    """Planned activities: an officer sees only those their unit is responsible for."""
    return _unit_scoped(user, PlannedActivity.objects.all(), "work_unit_id")


def work_plans_visible_to(user: User) -> QuerySet[WorkPlan]:
    """Work plans: an officer sees those with an activity of their unit, or of their PKS
    (and, inside one, only their own activities: activities_visible_to)."""
    if _sees_all_units(user):
        return WorkPlan.objects.all()
    if user.role == Role.SKPD and user.work_unit_id:
        return WorkPlan.objects.filter(
            Q(pk__in=activities_visible_to(user).values("work_plan_id"))
            | Q(pks__in=pks_visible_to(user))
        )
    return WorkPlan.objects.none()


def get_work_plan_for_user(user: User, pk: int) -> WorkPlan:
    return _get_or_404(
        work_plans_visible_to(user).select_related("agreement__partner", "pks", "created_by"), pk
    )


def get_activity_for_user(user: User, pk: int) -> PlannedActivity:
    return _get_or_404(
        activities_visible_to(user).select_related(
            "work_plan__agreement", "work_plan__pks", "sector", "work_unit", "commitment", "task"
        ),
        pk,
    )


def evaluations_visible_to(user: User) -> QuerySet[Evaluation]:
    """Evaluations weigh every unit's follow-up: Bureau staff, Leadership and
    Administrators read them; an officer none."""
    if _sees_all_units(user):
        return Evaluation.objects.all()
    return Evaluation.objects.none()


def get_evaluation_for_user(user: User, pk: int) -> Evaluation:
    return _get_or_404(
        evaluations_visible_to(user).select_related(
            "agreement__partner", "pks", "completed_by", "signed_off_by", "created_by"
        ),
        pk,
    )


def visits_visible_to(user: User) -> QuerySet[Visit]:
    """Visits: an officer sees those their unit takes part in (a participant, the task,
    the PKS)."""
    if _sees_all_units(user):
        return Visit.objects.all()
    if user.role == Role.SKPD and user.work_unit_id:
        unit = user.work_unit_id
        return Visit.objects.filter(
            Q(participants__work_unit_id=unit)
            | Q(task__responsible_unit_id=unit)
            | Q(pks__work_unit_id=unit)
        ).distinct()
    return Visit.objects.none()


def get_visit_for_user(user: User, pk: int) -> Visit:
    return _get_or_404(
        visits_visible_to(user).select_related(
            "agreement__partner", "pks", "task", "budget_line__work_unit", "created_by"
        ),
        pk,
    )


def counterparts_visible_to(user: User) -> QuerySet[Counterpart]:
    """The counterpart directory holds personal data: Bureau staff see it all, an officer
    the entries of the agreements their unit takes part in; no one else any."""
    if user.role == Role.BIRO:
        return Counterpart.objects.all()
    if user.role == Role.SKPD and user.work_unit_id:
        return Counterpart.objects.filter(
            agreement__in=agreements_taking_part(user.work_unit).values("pk")
        )
    return Counterpart.objects.none()


def get_counterpart_for_user(user: User, pk: int) -> Counterpart:
    return _get_or_404(counterparts_visible_to(user).select_related("agreement"), pk)


# --- rights ---------------------------------------------------------------------


class Right(StrEnum):
    """What a user may do. Who holds each right is said once, in RIGHTS."""

    MANAGE_AGREEMENTS = "manage_agreements"  # agreements, partners, contacts, stages, documents
    UPDATE_TASK = "update_task"  # post progress, change a task's status
    CANCEL_TASK = "cancel_task"
    ANSWER_LETTER = "answer_letter"
    RECEIVE_ANSWER = "receive_answer"  # mark a unit's answer received: it is final then
    RECORD_BUDGET = "record_budget"
    DOWNLOAD_REPORT = "download_report"
    SAVE_SNAPSHOT = "save_snapshot"
    SEE_ALL_UNITS = "see_all_units"  # every unit's records, the snapshot archive
    DRAFT_PKS = "draft_pks"  # draft and edit a PKS, record its signing and addenda
    APPROVE_PKS = "approve_pks"  # review a PKS, record the Governor's authorisation
    PLAN_WORK = "plan_work"  # annual work plans, their activities and indicators
    EVALUATE = "evaluate"  # write and complete the annual evaluation
    SIGN_OFF_EVALUATION = "sign_off_evaluation"
    RECORD_VISIT = "record_visit"  # missions abroad, delegations received, their permits
    SEE_COUNTERPARTS = "see_counterparts"  # the counterpart directory (personal data)
    MANAGE_COUNTERPARTS = "manage_counterparts"  # add, edit, remove on request
    ARCHIVE_YEARLY_REPORT = "archive_yearly_report"


RIGHTS: dict[Right, frozenset[str]] = {
    Right.MANAGE_AGREEMENTS: frozenset({Role.BIRO}),
    Right.UPDATE_TASK: frozenset({Role.BIRO, Role.SKPD}),
    Right.CANCEL_TASK: frozenset({Role.BIRO}),
    Right.ANSWER_LETTER: frozenset({Role.BIRO, Role.SKPD}),
    Right.RECEIVE_ANSWER: frozenset({Role.BIRO}),
    Right.RECORD_BUDGET: frozenset({Role.BIRO, Role.SKPD}),
    Right.DOWNLOAD_REPORT: frozenset(Role.values),
    # Leadership's one write, shared with Bureau staff.
    Right.SAVE_SNAPSHOT: frozenset({Role.LEADERSHIP, Role.BIRO}),
    Right.SEE_ALL_UNITS: frozenset({Role.BIRO, Role.LEADERSHIP, Role.ADMINISTRATOR}),
    Right.DRAFT_PKS: frozenset({Role.BIRO, Role.SKPD}),
    Right.APPROVE_PKS: frozenset({Role.BIRO}),
    Right.PLAN_WORK: frozenset({Role.BIRO}),
    Right.EVALUATE: frozenset({Role.BIRO}),
    # Leadership's second write: the sign-off of an evaluation, and theirs alone.
    Right.SIGN_OFF_EVALUATION: frozenset({Role.LEADERSHIP}),
    Right.RECORD_VISIT: frozenset({Role.BIRO}),
    # Personal data: Bureau staff, and an officer for the agreements of their unit
    # (counterparts_visible_to scopes it); neither Leadership nor Administrators.
    Right.SEE_COUNTERPARTS: frozenset({Role.BIRO, Role.SKPD}),
    Right.MANAGE_COUNTERPARTS: frozenset({Role.BIRO}),
    Right.ARCHIVE_YEARLY_REPORT: frozenset({Role.BIRO}),
}


def _responsible_unit(user: User, task: FollowUpTask) -> bool:
    return task.responsible_unit_id == user.work_unit_id


def _addressed_unit(user: User, letter: CoordinationRequest) -> bool:
    return letter.work_unit_id == user.work_unit_id


def _budget_unit(user: User, work_unit: WorkUnit | None) -> bool:
    """The unit a line is recorded for; none named: whether they record budget at all."""
    return work_unit is None or work_unit.pk == user.work_unit_id


def _reported_unit(user: User, work_unit: WorkUnit | None) -> bool:
    """The unit of a work-unit report; none (a portfolio or agreement report): refused."""
    return work_unit is not None and work_unit.pk == user.work_unit_id


def _pks_unit(user: User, obj) -> bool:
    """A PKS, or the unit one is drafted for, is the officer's own; none named: whether
    they draft PKS at all."""
    if obj is None:
        return True
    unit_id = obj.work_unit_id if isinstance(obj, ImplementingAgreement) else obj.pk
    return unit_id == user.work_unit_id


# Who holds one of these rights without seeing every unit holds it for their own unit
# only: the rule says whether ``obj`` is their unit's.
OWN_UNIT_RULES = {
    Right.UPDATE_TASK: _responsible_unit,
    Right.ANSWER_LETTER: _addressed_unit,
    Right.RECORD_BUDGET: _budget_unit,
    Right.DOWNLOAD_REPORT: _reported_unit,
    Right.DRAFT_PKS: _pks_unit,
}


def can(user: User, right: Right, obj=None) -> bool:
    if not user.is_authenticated or user.role not in RIGHTS[right]:
        return False
    rule = OWN_UNIT_RULES.get(right)
    if rule is None or _sees_all_units(user):
        return True
    return rule(user, obj)


def require(user: User, right: Right, obj=None) -> None:
    """Refuse (403) what the user's role may not do; the object is already in their scope."""
    if not can(user, right, obj):
        raise PermissionDenied


# The roles for which TWO_FACTOR_REQUIRED makes two-factor authentication mandatory.
TWO_FACTOR_ROLES = frozenset({Role.BIRO, Role.ADMINISTRATOR})


def two_factor_required(user: User) -> bool:
    """Whether this user must use two-factor authentication (anyone who reaches the admin
    counts as an administrator here)."""
    return settings.TWO_FACTOR_REQUIRED and (user.role in TWO_FACTOR_ROLES or user.is_staff)


# Where each role starts its day.
START_PAGES = {
    Role.BIRO: "agreements:list",
    Role.SKPD: "agreements:task_list",
    Role.LEADERSHIP: "agreements:dashboard",
    Role.ADMINISTRATOR: "agreements:list",
}


def start_page(user: User) -> str:
    return START_PAGES.get(user.role, "agreements:list")
