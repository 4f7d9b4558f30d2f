"""The agreement lifecycle: the table of steps, and the one service that moves an agreement.

Initial contact → Letter of Intent → DPRD approval → MoU signed (in force), then
renewed, expired or terminated; dropped from any stage before the MoU. A
mistaken step is undone by a correction entry; history is never rewritten.

To add a stage (the regulation also knows a cooperation plan and verification
by the central government): add it to ``Stage`` and ``StageAction`` in
``models/agreements.py``, add one ``Step`` below, and point the next step's
``from_stages`` at it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Agreement, Stage, StageAction, StageEvent
from .models.documents import DocumentKind
from .services.documents import document_create

# The evidence a step can ask for. Each is a field of StageEvent except DOCUMENT.
DATE = "date"
DOCUMENT = "document"
REFERENCE_NUMBER = "reference_number"
VALID_UNTIL = "valid_until"
REASON = "reason"

PRE_MOU_STAGES = frozenset({Stage.CONTACT, Stage.LOI, Stage.DPRD_APPROVAL})
# Over: no status is given to them (a dropped cooperation is not "on track").
CLOSED_STAGES = frozenset({Stage.EXPIRED, Stage.TERMINATED, Stage.DROPPED})


@dataclass(frozen=True)
class Step:
    """One way of moving an agreement, with the evidence it needs."""

    action: StageAction
    from_stages: frozenset
    to_stage: Stage
    required: frozenset
    optional: frozenset = frozenset()
    # What the button that takes this step says.
    button_label: object = ""
    document_kind: str = DocumentKind.OTHER
    reference_label: object = gettext_lazy("Reference number")
    # Copies evidence onto the agreement's key dates: {StageEvent field: Agreement field}.
    records: dict = field(default_factory=dict)
    # Expiry is recorded by the portal itself (manage.py expire_agreements), never by a person.
    by_person: bool = True

    @property
    def evidence(self) -> frozenset:
        return self.required | self.optional


STEPS: dict[StageAction, Step] = {
    StageAction.LOI: Step(
        action=StageAction.LOI,
        button_label=gettext_lazy("Record the Letter of Intent"),
        from_stages=frozenset({Stage.CONTACT}),
        to_stage=Stage.LOI,
        required=frozenset({DATE, DOCUMENT}),
        document_kind=DocumentKind.LOI,
        records={"date": "loi_date"},
    ),
    StageAction.DPRD_APPROVAL: Step(
        action=StageAction.DPRD_APPROVAL,
        button_label=gettext_lazy("Record the DPRD approval"),
        from_stages=frozenset({Stage.LOI}),
        to_stage=Stage.DPRD_APPROVAL,
        required=frozenset({DATE, REFERENCE_NUMBER}),
        optional=frozenset({DOCUMENT}),
        document_kind=DocumentKind.DPRD_DECISION,
        reference_label=gettext_lazy("DPRD decision number"),
        records={"date": "dprd_approval_date", "reference_number": "dprd_decision_number"},
    ),
    StageAction.MOU_SIGNED: Step(
        action=StageAction.MOU_SIGNED,
        button_label=gettext_lazy("Record the signed MoU"),
        from_stages=frozenset({Stage.DPRD_APPROVAL}),
        to_stage=Stage.MOU,
        required=frozenset({DATE, VALID_UNTIL, DOCUMENT}),
        optional=frozenset({REFERENCE_NUMBER}),
        document_kind=DocumentKind.MOU,
        reference_label=gettext_lazy("MoU number"),
        records={
            "date": "mou_signed_date",
            "valid_until": "valid_until",
            "reference_number": "mou_number",
        },
    ),
    StageAction.RENEWED: Step(
        action=StageAction.RENEWED,
        button_label=gettext_lazy("Renew the MoU"),
        from_stages=frozenset({Stage.MOU, Stage.EXPIRED}),
        to_stage=Stage.MOU,
        required=frozenset({DATE, VALID_UNTIL}),
        optional=frozenset({DOCUMENT, REFERENCE_NUMBER}),
        document_kind=DocumentKind.MOU,
        reference_label=gettext_lazy("MoU number"),
        records={"valid_until": "valid_until", "reference_number": "mou_number"},
    ),
    StageAction.TERMINATED: Step(
        action=StageAction.TERMINATED,
        button_label=gettext_lazy("Terminate the cooperation"),
        from_stages=frozenset({Stage.MOU}),
        to_stage=Stage.TERMINATED,
        required=frozenset({DATE, REASON}),
        optional=frozenset({DOCUMENT}),
        document_kind=DocumentKind.LETTER,
    ),
    StageAction.DROPPED: Step(
        action=StageAction.DROPPED,
        button_label=gettext_lazy("Drop the cooperation"),
        from_stages=PRE_MOU_STAGES,
        to_stage=Stage.DROPPED,
        required=frozenset({DATE, REASON}),
        optional=frozenset({DOCUMENT}),
        document_kind=DocumentKind.LETTER,
    ),
    StageAction.EXPIRED: Step(
        action=StageAction.EXPIRED,
        button_label=gettext_lazy("Mark as expired"),
        from_stages=frozenset({Stage.MOU}),
        to_stage=Stage.EXPIRED,
        required=frozenset({DATE}),
        by_person=False,
    ),
}

# The opening entry records the first contact; it is written by agreement_create.
OPENING_RECORDS = {"date": "first_contact_date"}

# Derived view of the table, stage → the stages a person can move it to.
TRANSITIONS: dict[Stage, set[Stage]] = {
    stage: {s.to_stage for s in STEPS.values() if stage in s.from_stages} for stage in Stage
}


class LifecycleError(Exception):
    """A move the lifecycle refuses; the message is shown to the user as is."""


class StepChangedError(LifecycleError):
    """The step a correction names is no longer the last one: it was corrected already
    (a double click), or another step was recorded meanwhile."""


def steps_available(agreement: Agreement) -> list[Step]:
    """The steps a person may take from the agreement's current stage, in table order."""
    return [s for s in STEPS.values() if s.by_person and agreement.stage in s.from_stages]


def effective_events(agreement: Agreement) -> list[StageEvent]:
    """The history without corrections and the steps they undid, oldest first."""
    # Insertion order (pk), not the clock: a clock set back must not reorder history.
    events = list(agreement.stage_events.select_related("corrects").order_by("pk"))
    undone = {e.corrects_id for e in events if e.action == StageAction.CORRECTED}
    return [e for e in events if e.action != StageAction.CORRECTED and e.pk not in undone]


def last_correctable_event(agreement: Agreement) -> StageEvent | None:
    """The step a correction would undo: the last effective one, never the opening."""
    events = effective_events(agreement)
    if events and events[-1].action != StageAction.OPENED:
        return events[-1]
    return None


def _missing_evidence(step: Step, values: dict) -> list[str]:
    labels = {
        DATE: _("date"),
        DOCUMENT: _("document"),
        REFERENCE_NUMBER: str(step.reference_label),
        VALID_UNTIL: _("validity end date"),
        REASON: _("reason"),
    }
    missing = []
    for name in sorted(step.required):
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(labels[name])
    return missing


def _sync_from_history(agreement: Agreement, actor) -> None:
    """Set stage and key dates from the effective history: one rule, no drift."""
    for step in STEPS.values():
        for target in step.records.values():
            setattr(agreement, target, "" if target.endswith("number") else None)
    stage = Stage.CONTACT
    for event in effective_events(agreement):
        records = (
            OPENING_RECORDS if event.action == StageAction.OPENED else STEPS[event.action].records
        )
        for source, target in records.items():
            value = getattr(event, source)
            if value not in (None, ""):  # optional evidence left empty keeps the earlier value
                setattr(agreement, target, value)
        if event.to_stage != stage or event.action == StageAction.OPENED:
            agreement.stage_since = event.date
        stage = event.to_stage
    agreement.stage = stage
    agreement._history_user = actor  # the audit trail names who moved it
    agreement.save()


def agreement_open(*, agreement: Agreement, actor, first_contact_date: date) -> StageEvent:
    """Write the opening history entry of a new agreement (inside its creation's transaction)."""
    event = StageEvent.objects.create(
        agreement=agreement,
        action=StageAction.OPENED,
        from_stage="",
        to_stage=Stage.CONTACT,
        date=first_contact_date,
        recorded_by=actor,
    )
    return event


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
    missing = _missing_evidence(step, values)
    if missing:
        raise LifecycleError(
            _("Missing evidence for “%(step)s”: %(missing)s.")
            % {"step": step.action.label, "missing": ", ".join(missing)}
        )
    if date > today:
        raise LifecycleError(_("The date cannot be in the future."))
    if valid_until is not None and valid_until <= date:
        raise LifecycleError(_("The validity end must come after the date of the step."))

    with transaction.atomic():
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
    with transaction.atomic():
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
    """Mark as expired every MoU whose validity end has passed (run daily from cron)."""
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
