"""The writes that move an agreement through its lifecycle (the table is ``lifecycle.py``).

Every move appends a history row and sets the agreement's stage and key dates from
the effective history, in one transaction: one rule, no drift.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..lifecycle import (
    AGREEMENT,
    CONSULTED_ON,
    DATE,
    DOCUMENT,
    LANGUAGES,
    REASON,
    REFERENCE_NUMBER,
    SIGNATORIES,
    STEPS,
    VALID_UNTIL,
    LifecycleError,
    Step,
    StepChangedError,
    Table,
    can_hand_over,
    effective_events,
    from_stages,
    history_state,
    last_correctable_event,
    missing_evidence,
    scope_missing,
)
from ..models import Agreement, Holder, Stage, StageAction, StageEvent
from ..selectors.evaluations import renewal_evaluation
from .base import save_as
from .documents import document_create


def sync_from_history(record, events, actor, table: Table = AGREEMENT) -> None:
    """Set a record's stage, key dates (and holder) from its effective history, and save.
    ``events`` in insertion order; shared by agreements and PKS."""
    for name, value in history_state(events, table).fields.items():
        setattr(record, name, value)
    save_as(record, actor)  # the audit trail names who moved it


def _sync_from_history(agreement: Agreement, actor) -> None:
    sync_from_history(
        agreement, agreement.stage_events.select_related("corrects").order_by("pk"), actor
    )


@transaction.atomic
def agreement_open(*, agreement: Agreement, actor, first_contact_date: date) -> StageEvent:
    """Write the opening history entry of a new agreement (inside its creation's transaction)."""
    return StageEvent.objects.create(
        agreement=agreement,
        action=StageAction.OPENED,
        from_stage="",
        to_stage=Stage.EXPLORATION,
        date=first_contact_date,
        recorded_by=actor,
    )


def check_step(step: Step, values: dict, *, today: date) -> None:
    """The checks of a step's evidence that need no record: present, not in the future,
    validity after the date. Raises LifecycleError."""
    missing = missing_evidence(step, values)
    if missing:
        raise LifecycleError(
            _("Missing evidence for “%(step)s”: %(missing)s.")
            % {"step": step.label, "missing": ", ".join(missing)}
        )
    when = values[DATE]
    if when > today:
        raise LifecycleError(_("The date cannot be in the future."))
    consulted = values.get(CONSULTED_ON)
    if consulted is not None and consulted > when:
        raise LifecycleError(_("Kemlu is consulted before the Letter of Intent, not after."))
    valid_until = values.get(VALID_UNTIL)
    if valid_until is not None and valid_until <= when:
        raise LifecycleError(_("The validity end must come after the date of the step."))


def check_order(when: date, previous: date) -> None:
    if when < previous:
        raise LifecycleError(
            _("The date cannot be before the previous step (%(date)s).")
            % {"date": date_format(previous)}
        )


def _evidence(step: Step, values: dict) -> dict:
    """The history entry's evidence fields: what the step takes, stripped; nothing else."""
    fields = {}
    for name in (REFERENCE_NUMBER, REASON, SIGNATORIES, LANGUAGES):
        fields[name] = (values.get(name) or "").strip() if name in step.evidence else ""
    for name in (VALID_UNTIL, CONSULTED_ON):
        fields[name] = values.get(name) if name in step.evidence else None
    return fields


def _step_values(
    *,
    date=None,
    reference_number="",
    valid_until=None,
    document=None,
    reason="",
    consulted_on=None,
    signatories="",
    languages="",
    note="",
) -> dict:
    return {
        DATE: date,
        DOCUMENT: document,
        REFERENCE_NUMBER: reference_number,
        VALID_UNTIL: valid_until,
        REASON: reason,
        CONSULTED_ON: consulted_on,
        SIGNATORIES: signatories,
        LANGUAGES: languages,
        "note": note,
    }


def recorded_in_portal_on(agreement: Agreement) -> date:
    """The day the agreement was recorded in the portal (WITA): steps dated before it are
    history of the past."""
    return timezone.localtime(agreement.created_at).date()


def _renewal_basis(agreement: Agreement, when: date, *, past_record: bool) -> dict:
    """What a renewal rests on: the latest valid evaluation of the MoU, or, for history of
    the past (dated before the portal recorded the agreement, or passed as such by an
    import), nothing and ``past_record``. Without either: LifecycleError."""
    if past_record or when < recorded_in_portal_on(agreement):
        return {"evaluation": None, "past_record": True}
    evaluation = renewal_evaluation(agreement=agreement, on=when)
    if evaluation is None:
        months = settings.EVALUATION_VALID_MONTHS
        raise LifecycleError(
            ngettext(
                "Renewal needs an evaluation completed in the last %(months)s month: "
                "evaluate the MoU first.",
                "Renewal needs an evaluation completed in the last %(months)s months: "
                "evaluate the MoU first.",
                months,
            )
            % {"months": months}
        )
    return {"evaluation": evaluation, "past_record": False}


@transaction.atomic
def agreement_record_steps(
    *, agreement: Agreement, actor, entries: list[dict], today: date | None = None
) -> list[StageEvent]:
    """Record one step or several in a row (the Bureau entering an old file), or refuse
    with a LifecycleError and change nothing.

    ``entries`` are dicts of an ``action`` and its evidence (date, reference_number,
    valid_until, document, reason, consulted_on, signatories, languages, note), in the
    order of the path. A renewal rests on a recent evaluation of the MoU (_renewal_basis),
    unless it is history of the past: dated before the portal recorded the agreement, or
    passed with ``past_record=True`` (an import). The row is locked, each entry checked
    against the stage the one before it reached, the history rows and the agreement
    saved, in one transaction.
    """
    today = today or timezone.localdate()
    if not entries:
        raise LifecycleError(_("Fill in at least one step."))
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    stage = locked.stage
    previous = effective_events(locked)[-1].date
    events = []
    for entry in entries:
        entry = dict(entry)
        action = entry.pop("action")
        past_record = bool(entry.pop("past_record", False))
        step = STEPS.get(action)
        if step is None or (actor is not None and not step.by_person):
            raise LifecycleError(_("This step cannot be recorded by hand."))
        values = _step_values(**entry)
        check_step(step, values, today=today)
        if stage not in from_stages(step, locked.kind):
            raise LifecycleError(
                _("“%(step)s” is not possible from the stage “%(stage)s”.")
                % {"step": step.label, "stage": Stage(stage).label}
            )
        check_order(values[DATE], previous)
        if action == StageAction.LOI:
            missing = scope_missing(locked)
            if missing:
                raise LifecycleError(
                    _("Before the Letter of Intent, give the agreement %(missing)s (edit it).")
                    % {"missing": _(" and ").join(missing)}
                )
        if action == StageAction.EXPIRED and not locked.valid_until < values[DATE]:
            raise LifecycleError(_("The MoU is still valid on that date."))
        if action == StageAction.RENEWED and values[VALID_UNTIL] <= locked.valid_until:
            raise LifecycleError(
                _("A renewal must end after the current validity end (%(date)s).")
                % {"date": date_format(locked.valid_until)}
            )
        renewal = {}
        if action == StageAction.RENEWED:
            renewal = _renewal_basis(locked, values[DATE], past_record=past_record)
        event = StageEvent.objects.create(
            agreement=locked,
            action=action,
            from_stage=stage,
            to_stage=step.to_stage,
            date=values[DATE],
            note=(values["note"] or "").strip(),
            recorded_by=actor,
            **renewal,
            **_evidence(step, values),
        )
        if values[DOCUMENT] is not None and DOCUMENT in step.evidence:
            document_create(
                agreement=locked,
                actor=actor,
                file=values[DOCUMENT],
                kind=step.document_kind,
                title=f"{step.label} – {locked.title}",
                stage_event=event,
            )
        events.append(event)
        stage, previous = step.to_stage, values[DATE]
        if step.records.get(VALID_UNTIL) == "valid_until" and values[VALID_UNTIL]:
            locked.valid_until = values[VALID_UNTIL]  # a renewal in the same batch reads it
    _sync_from_history(locked, actor)
    agreement.refresh_from_db()
    return events


def agreement_move_stage(*, agreement: Agreement, actor, action, today=None, **evidence):
    """Move an agreement one step (see agreement_record_steps), or refuse and change nothing."""
    (event,) = agreement_record_steps(
        agreement=agreement, actor=actor, entries=[{"action": action, **evidence}], today=today
    )
    return event


@transaction.atomic
def agreement_hand_over(
    *,
    agreement: Agreement,
    actor,
    holder: str,
    holder_unit=None,
    date: date,
    reference_number: str,
    note: str = "",
    today: date | None = None,
) -> StageEvent:
    """Record that the file went to ``holder`` (with the outgoing letter's number), or
    refuse with a LifecycleError and change nothing."""
    today = today or timezone.localdate()
    if holder not in Holder.values:
        raise LifecycleError(_("Choose who receives the file."))
    if (holder == Holder.WORK_UNIT) != (holder_unit is not None):
        raise LifecycleError(_("Name the work unit when a work unit receives the file."))
    if not (reference_number or "").strip():
        raise LifecycleError(_("Give the number of the letter the file went with."))
    if date > today:
        raise LifecycleError(_("The date cannot be in the future."))
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not can_hand_over(locked):
        raise LifecycleError(_("Only a file on its way to the signing changes hands."))
    if locked.holder == holder and locked.holder_unit_id == getattr(holder_unit, "pk", None):
        raise LifecycleError(
            _("%(holder)s already holds the file.") % {"holder": locked.holder_name}
        )
    check_order(date, effective_events(locked)[-1].date)
    event = StageEvent.objects.create(
        agreement=locked,
        action=StageAction.HANDED_OVER,
        from_stage=locked.stage,
        to_stage=locked.stage,
        date=date,
        holder=holder,
        holder_unit=holder_unit if holder == Holder.WORK_UNIT else None,
        reference_number=reference_number.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    _sync_from_history(locked, actor)
    agreement.refresh_from_db()
    return event


@transaction.atomic
def agreement_receive_answer(
    *,
    agreement: Agreement,
    actor,
    date: date,
    reference_number: str = "",
    note: str = "",
    today: date | None = None,
) -> StageEvent:
    """Record the answer that brings the file back to the Bureau: the wait is closed."""
    today = today or timezone.localdate()
    if date > today:
        raise LifecycleError(_("The date cannot be in the future."))
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not can_hand_over(locked) or locked.holder == Holder.BUREAU:
        raise LifecycleError(_("The Bureau holds the file: there is no answer to wait for."))
    check_order(date, effective_events(locked)[-1].date)
    event = StageEvent.objects.create(
        agreement=locked,
        action=StageAction.RECEIVED,
        from_stage=locked.stage,
        to_stage=locked.stage,
        date=date,
        reference_number=(reference_number or "").strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    _sync_from_history(locked, actor)
    agreement.refresh_from_db()
    return event


def check_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise LifecycleError(_("A correction needs a reason."))


def check_correction_target(target, *, history, event_id: int):
    """The entry a correction undoes, if it is the one the user saw (``event_id``) as the
    last; else StepChangedError (a double click, or a step recorded meanwhile) or, with
    nothing to undo, LifecycleError. Shared by the agreements' and the PKS' lifecycles."""
    if target is not None and target.pk == event_id:
        return target
    if target is not None or history.filter(corrects_id=event_id).exists():
        raise StepChangedError(
            _(
                "This step was already corrected, or another step was recorded "
                "meanwhile: nothing was undone. The history is shown as it is now."
            )
        )
    raise LifecycleError(_("There is no step to correct."))


@transaction.atomic
def agreement_correct_last_step(
    *, agreement: Agreement, actor, reason: str, event_id: int, today: date | None = None
) -> StageEvent:
    """Undo the last step with a correction entry; both stay in the history.

    ``event_id`` names the step the user saw as the last one; if it no longer is (a
    repeated post, or a step recorded meanwhile), nothing is undone: StepChangedError.
    """
    today = today or timezone.localdate()
    check_reason(reason)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    target = check_correction_target(
        last_correctable_event(locked), history=locked.stage_events, event_id=event_id
    )
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
