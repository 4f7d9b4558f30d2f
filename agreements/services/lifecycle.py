"""The writes that move an agreement through its lifecycle (the table is ``lifecycle.py``).

Every move appends a history row and sets the agreement's stage and key dates from
the effective history, in one transaction: one rule, no drift.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..lifecycle import (
    DATE,
    DOCUMENT,
    REASON,
    REFERENCE_NUMBER,
    STEPS,
    VALID_UNTIL,
    LifecycleError,
    StepChangedError,
    effective_events,
    history_state,
    last_correctable_event,
    missing_evidence,
)
from ..models import Agreement, Stage, StageAction, StageEvent
from .base import save_as
from .documents import document_create


def _sync_from_history(agreement: Agreement, actor) -> None:
    """Set stage and key dates from the effective history, and save."""
    events = agreement.stage_events.select_related("corrects").order_by("pk")
    for name, value in history_state(events).fields.items():
        setattr(agreement, name, value)
    save_as(agreement, actor)  # the audit trail names who moved it


@transaction.atomic
def agreement_open(*, agreement: Agreement, actor, first_contact_date: date) -> StageEvent:
    """Write the opening history entry of a new agreement (inside its creation's transaction)."""
    return StageEvent.objects.create(
        agreement=agreement,
        action=StageAction.OPENED,
        from_stage="",
        to_stage=Stage.CONTACT,
        date=first_contact_date,
        recorded_by=actor,
    )


@transaction.atomic
def agreement_move_stage(
    *,
    agreement: Agreement,
    actor,
    action: StageAction,
    date: date | None,
    reference_number: str = "",
    valid_until: date | None = None,
    document=None,
    note: str = "",
    reason: str = "",
    today: date | None = None,
) -> StageEvent:
    """Move an agreement one step, or refuse with a LifecycleError and change nothing.

    The row is locked, the table and the evidence checked, the history row and
    the agreement saved, all in one transaction.
    """
    today = today or timezone.localdate()
    step = STEPS.get(action)
    if step is None or (actor is not None and not step.by_person):
        raise LifecycleError(_("This step cannot be recorded by hand."))
    values = {
        DATE: date,
        DOCUMENT: document,
        REFERENCE_NUMBER: reference_number,
        VALID_UNTIL: valid_until,
        REASON: reason,
    }
    missing = missing_evidence(step, values)
    if missing:
        raise LifecycleError(
            _("Missing evidence for “%(step)s”: %(missing)s.")
            % {"step": step.action.label, "missing": ", ".join(missing)}
        )
    if date > today:
        raise LifecycleError(_("The date cannot be in the future."))
    if valid_until is not None and valid_until <= date:
        raise LifecycleError(_("The validity end must come after the date of the step."))

    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.stage not in step.from_stages:
        raise LifecycleError(
            _("“%(step)s” is not possible from the stage “%(stage)s”.")
            % {"step": step.action.label, "stage": locked.get_stage_display()}
        )
    previous = effective_events(locked)[-1]
    if date < previous.date:
        raise LifecycleError(
            _("The date cannot be before the previous step (%(date)s).")
            % {"date": date_format(previous.date)}
        )
    if action == StageAction.EXPIRED and not locked.valid_until < date:
        raise LifecycleError(_("The MoU is still valid on that date."))
    if action == StageAction.RENEWED and valid_until <= locked.valid_until:
        raise LifecycleError(
            _("A renewal must end after the current validity end (%(date)s).")
            % {"date": date_format(locked.valid_until)}
        )
    event = StageEvent.objects.create(
        agreement=locked,
        action=action,
        from_stage=locked.stage,
        to_stage=step.to_stage,
        date=date,
        reference_number=reference_number.strip() if REFERENCE_NUMBER in step.evidence else "",
        valid_until=valid_until if VALID_UNTIL in step.evidence else None,
        note=note.strip(),
        reason=reason.strip() if REASON in step.evidence else "",
        recorded_by=actor,
    )
    if document is not None and DOCUMENT in step.evidence:
        document_create(
            agreement=locked,
            actor=actor,
            file=document,
            kind=step.document_kind,
            title=f"{step.action.label} – {locked.title}",
            stage_event=event,
        )
    _sync_from_history(locked, actor)
    agreement.refresh_from_db()
    return event


@transaction.atomic
def agreement_correct_last_step(
    *, agreement: Agreement, actor, reason: str, event_id: int, today: date | None = None
) -> StageEvent:
    """Undo the last step with a correction entry; both stay in the history.

    ``event_id`` names the step the user saw as the last one; if it no longer is (a
    repeated post, or a step recorded meanwhile), nothing is undone: StepChangedError.
    """
    today = today or timezone.localdate()
    if not reason.strip():
        raise LifecycleError(_("A correction needs a reason."))
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    target = last_correctable_event(locked)
    if target is None or target.pk != event_id:
        named_was_undone = locked.stage_events.filter(corrects_id=event_id).exists()
        if target is not None or named_was_undone:
            raise StepChangedError(
                _(
                    "This step was already corrected, or another step was recorded "
                    "meanwhile: nothing was undone. The history is shown as it is now."
                )
            )
        raise LifecycleError(_("There is no step to correct."))
    event = StageEvent.objects.create(
        agreement=locked,
        action=StageAction.CORRECTED,
        from_stage=locked.stage,
        to_stage=target.from_stage,
        date=today,
        reason=reason.strip(),
        corrects=target,
        recorded_by=actor,
    )
    _sync_from_history(locked, actor)
    agreement.refresh_from_db()
    return event


def expire_agreements(*, today: date | None = None) -> list[Agreement]:
    """Mark as expired every MoU whose validity end has passed (run daily from cron).

    Each agreement moves in its own transaction: one refused move does not undo the others.
    """
    today = today or timezone.localdate()
    expired = []
    due = Agreement.objects.filter(stage=Stage.MOU, valid_until__lt=today).order_by("pk")
    for agreement in due:
        try:
            agreement_move_stage(
                agreement=agreement,
                actor=None,
                action=StageAction.EXPIRED,
                date=agreement.valid_until + timedelta(days=1),
                today=today,
            )
        except LifecycleError:
            continue  # renewed or moved meanwhile by someone else
        expired.append(agreement)
    return expired
