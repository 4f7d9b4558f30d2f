"""The writes on annual evaluations: start one, edit its draft, complete it (its figures
are stored as they stand), and Leadership's sign-off.

Each write checks the state, refuses with an EvaluationError (a translated message,
nothing changed) or saves in one transaction with the change history naming the actor.
The rule "one per MoU or PKS and year" is the database's (UniqueConstraint); drafts are
edited with a conditional UPDATE on ``version`` (services/versioning.py), and completion
and sign-off claim the row with a conditional UPDATE on its status, so that a double click
or two people at once complete or sign off only once.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access
from ..access import Right
from ..models.monitoring import (
    EVALUATION_EDITABLE_FIELDS,
    Engagement,
    Evaluation,
    EvaluationStatus,
    Recommendation,
)
from ..selectors.evaluations import evaluation_figures, may_be_evaluated
from .base import save_as
from .versioning import save_versioned


class EvaluationError(Exception):
    """An evaluation write the rules refuse; the message is shown to the user as is."""


TEXT_FIELDS = (
    "achievements",
    "obstacles_other",
    "partner_engagement_notes",
    "recommendation_notes",
)


def _clean(fields: dict) -> dict:
    fields = {name: value for name, value in fields.items() if name in EVALUATION_EDITABLE_FIELDS}
    for name in TEXT_FIELDS:
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    for name in ("obstacle_no_follow_up", "obstacle_no_response", "obstacle_no_budget"):
        if name in fields:
            fields[name] = bool(fields[name])
    engagement = fields.get("partner_engagement") or ""
    if engagement and engagement not in Engagement.values:
        raise EvaluationError(_("Choose the partner's engagement from the list."))
    recommendation = fields.get("recommendation") or ""
    if recommendation and recommendation not in Recommendation.values:
        raise EvaluationError(_("Choose a recommendation from the list."))
    return fields


def _check_actor(actor) -> None:
    if actor is not None and not access.can(actor, Right.EVALUATE):
        raise EvaluationError(_("Only the Bureau evaluates agreements."))


@transaction.atomic
def evaluation_create(
    *, agreement, actor, year: int, pks=None, today: date | None = None, **fields
) -> Evaluation:
    """Start the ``year`` evaluation of an MoU (``pks`` None) or of a PKS, as a draft; or
    refuse with an EvaluationError and save nothing."""
    today = today or timezone.localdate()
    _check_actor(actor)
    if pks is not None and pks.agreement_id != agreement.pk:
        raise EvaluationError(_("The PKS is not one of this MoU."))
    if not may_be_evaluated(agreement=agreement, pks=pks):
        if pks is not None:
            raise EvaluationError(_("Only a PKS that is or was in force is evaluated."))
        raise EvaluationError(_("Only an MoU that is or was in force is evaluated."))
    if year is None or not 2000 <= year <= today.year:
        raise EvaluationError(_("Choose a year up to the current year."))
    existing = Evaluation.objects.filter(agreement=agreement, year=year)
    existing = existing.filter(pks=pks) if pks is not None else existing.filter(pks__isnull=True)
    if existing.exists():
        raise EvaluationError(
            _("The %(year)s evaluation already exists: open it instead of starting another.")
            % {"year": year}
        )
    evaluation = Evaluation(
        agreement=agreement, pks=pks, year=year, created_by=actor, **_clean(fields)
    )
    try:
        with transaction.atomic():  # two at once: the constraint refuses the second
            save_as(evaluation, actor)
    except IntegrityError:
        raise EvaluationError(
            _("The %(year)s evaluation already exists: open it instead of starting another.")
            % {"year": year}
        ) from None
    return evaluation


def evaluation_update(*, evaluation: Evaluation, actor, version: int, **fields) -> Evaluation:
    """Save a draft's fields if nobody saved it since ``version`` was read
    (ConcurrentEditError otherwise); a completed evaluation is refused."""
    _check_actor(actor)
    fields = _clean(fields)
    with transaction.atomic():
        current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if current.is_completed:
            raise EvaluationError(_("A completed evaluation is no longer edited."))
        saved = save_versioned(current, expected_version=version, actor=actor, fields=fields)
    return saved


@transaction.atomic
def evaluation_complete(*, evaluation: Evaluation, actor, today: date | None = None) -> Evaluation:
    """Complete a draft: store the portal's figures as they stand, the date and who; it
    needs a recommendation. Refused (nothing changed) when already completed."""
    today = today or timezone.localdate()
    _check_actor(actor)
    current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if current.is_completed:
        raise EvaluationError(_("This evaluation is already completed."))
    if not current.recommendation:
        raise EvaluationError(_("Choose a recommendation before completing the evaluation."))
    figures = evaluation_figures(
        agreement=current.agreement, pks=current.pks, year=current.year, today=today
    )
    claimed = Evaluation.objects.filter(pk=current.pk, status=EvaluationStatus.DRAFT).update(
        version=F("version") + 1
    )
    if not claimed:  # pragma: no cover - the row lock above already serialises
        raise EvaluationError(_("This evaluation is already completed."))
    current.refresh_from_db()
    current.status = EvaluationStatus.COMPLETED
    current.completed_on = today
    current.completed_by = actor
    current.overdue_tasks = figures.overdue_tasks
    current.late_answers = figures.late_answers
    current.unfunded_commitments = figures.unfunded_commitments
    save_as(current, actor)
    evaluation.refresh_from_db()
    return current


def signatory_name(user) -> str:
    return (user.get_full_name() or "").strip() or user.get_username()


@transaction.atomic
def evaluation_sign_off(*, evaluation: Evaluation, actor, today: date | None = None) -> Evaluation:
    """Leadership's sign-off of a completed evaluation, with the date and their name as
    it stands today. Refused (nothing changed) for a draft, or a second time."""
    today = today or timezone.localdate()
    if actor is None or not access.can(actor, Right.SIGN_OFF_EVALUATION):
        raise EvaluationError(_("Only Leadership signs off evaluations."))
    current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if current.status == EvaluationStatus.SIGNED_OFF:
        raise EvaluationError(_("This evaluation is already signed off."))
    if current.status != EvaluationStatus.COMPLETED:
        raise EvaluationError(_("Only a completed evaluation is signed off."))
    claimed = Evaluation.objects.filter(pk=current.pk, status=EvaluationStatus.COMPLETED).update(
        version=F("version") + 1
    )
    if not claimed:  # pragma: no cover - the row lock above already serialises
        raise EvaluationError(_("This evaluation is already signed off."))
    current.refresh_from_db()
    current.status = EvaluationStatus.SIGNED_OFF
    current.signed_off_on = today
    current.signed_off_by = actor
    current.signed_off_name = signatory_name(actor)
    save_as(current, actor)
    evaluation.refresh_from_db()
    return current
