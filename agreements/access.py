"""Who may see and do what.

Scope: Bureau staff, Leadership and Administrators see every record; an SKPD
officer sees only what their work unit takes part in. An object outside the
user's scope answers 404 (to prevent information leakage), an action the
role may not take answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Agreement, Document, Role, User, WorkUnit


def agreements_taking_part(work_unit: WorkUnit) -> QuerySet[Agreement]:
    """The agreements a work unit takes part in. Every scoped list goes through here.

    A unit takes part when it coordinates the agreement, leads one of its
    commitments, is responsible for one of its tasks, or is addressed by one of
    its coordination requests. Sharing a sector is not enough.
    """
    return Agreement.objects.filter(Q(coordinating_unit=work_unit))


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    if user.reads_everything:
        return Agreement.objects.all()
    if user.role == Role.SKPD and user.work_unit_id:
        return Agreement.objects.filter(pk__in=agreements_taking_part(user.work_unit).values("pk"))
    return Agreement.objects.none()


def get_agreement_for_user(user: User, pk: int) -> Agreement:
    try:
        return agreements_visible_to(user).select_related("partner", "coordinating_unit").get(pk=pk)
    except Agreement.DoesNotExist:
        raise Http404 from None


def get_document_for_user(user: User, pk: int) -> Document:
    try:
        return Document.objects.select_related("agreement").get(
            pk=pk, agreement__in=agreements_visible_to(user)
        )
    except Document.DoesNotExist:
        raise Http404 from None


def work_units_visible_to(user: User) -> QuerySet[WorkUnit]:
    """Whose details (and later scorecards) a user may open: an officer, only their own unit."""
    if user.reads_everything:
        return WorkUnit.objects.all()
    if user.role == Role.SKPD and user.work_unit_id:
        return WorkUnit.objects.filter(pk=user.work_unit_id)
    return WorkUnit.objects.none()


def get_work_unit_for_user(user: User, pk: int) -> WorkUnit:
    try:
        return work_units_visible_to(user).get(pk=pk)
    except WorkUnit.DoesNotExist:
        raise Http404 from None


# --- rights ---------------------------------------------------------------------


def can_manage_agreements(user: User) -> bool:
    """Create and edit agreements and partners, record contacts, stages and documents."""
    return user.is_authenticated and user.role == Role.BIRO


def require_manage_agreements(user: User) -> None:
    if not can_manage_agreements(user):
        raise PermissionDenied
