"""The writes on implementing agreements (PKS): drafting, editing, moving along its path.

The path is ``lifecycle.PKS_STEPS`` (the ``PKS`` table); like an agreement, a PKS's stage
and key dates are set only from its append-only history (PksEvent), in the transaction
that writes the history row. A PKS lives under an MoU in force and cannot outlive it.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import access, lifecycle
from ..access import Right
from ..lifecycle import DATE, DOCUMENT, REASON, REFERENCE_NUMBER, VALID_UNTIL, LifecycleError
from ..models import ImplementingAgreement, PksAction, PksEvent, PksStage, Stage
from .base import save_as
from .documents import document_create
from .lifecycle import (
    check_correction_target,
    check_order,
    check_reason,
    check_step,
    sync_from_history,
)


class PksError(LifecycleError):
    """A PKS write the rules refuse; the message is shown to the user as is."""


DESCRIPTIVE_FIELDS = (
    "title",
    "work_unit",
    "counterpart",
    "counterpart_native_name",
    "signatory_ntb",
    "signatory_partner",
    "commitments",
    "summary",
)
TEXT_FIELDS = (
    "title",
    "counterpart",
    "counterpart_native_name",
    "signatory_ntb",
    "signatory_partner",
    "summary",
)


def _events(pks):
    # Insertion order (pk), not the clock, as for agreements.
    return pks.events.select_related("corrects").order_by("pk")


def _sync_from_history(pks: ImplementingAgreement, actor) -> None:
    sync_from_history(pks, _events(pks), actor, lifecycle.PKS)


def effective_pks_events(pks) -> list[PksEvent]:
    return lifecycle.history_state(_events(pks), table=lifecycle.PKS).effective


def last_correctable_pks_event(pks) -> PksEvent | None:
    """The entry a correction would undo: the last effective one, never the drafting."""
    return lifecycle.last_correctable(effective_pks_events(pks), lifecycle.PKS)


def pks_steps_available(pks) -> list[lifecycle.Step]:
    """The steps a person may take from the PKS's stage, in table order."""
    return [s for s in lifecycle.PKS_STEPS.values() if s.by_person and pks.stage in s.from_stages]


def pks_editable(user, pks) -> bool:
    """Officers edit their unit's drafts; the Bureau drafts and reviewed ones. After the
    authorisation, changes go through an addendum."""
    if not access.can(user, Right.DRAFT_PKS, pks):
        return False
    if pks.stage == PksStage.DRAFT:
        return True
    return pks.stage == PksStage.REVIEWED and access.can(user, Right.APPROVE_PKS)


def _check_fields(agreement, fields: dict) -> dict:
    for name in TEXT_FIELDS:
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if "title" in fields and not fields["title"]:
        raise PksError(_("Give the PKS a title."))
    if "counterpart" in fields and not fields["counterpart"]:
        raise PksError(_("Name the counterpart agency."))
    if "work_unit" in fields and fields["work_unit"] is None:
        raise PksError(_("Choose the NTB work unit that is party to the PKS."))
    if "commitments" in fields:
        commitments = list(fields["commitments"] or ())
        if any(c.agreement_id != agreement.pk for c in commitments):
            raise PksError(_("The commitments a PKS carries out are those of its MoU."))
        fields["commitments"] = commitments
    return fields


@transaction.atomic
def pks_create(
    *,
    agreement,
    actor,
    title,
    work_unit,
    counterpart,
    counterpart_native_name="",
    signatory_ntb="",
    signatory_partner="",
    commitments=(),
    summary="",
    drafted_on: date,
    today: date | None = None,
) -> ImplementingAgreement:
    """Draft a PKS under an MoU in force, with its opening history entry; or refuse with
    a PksError and save nothing."""
    today = today or timezone.localdate()
    if agreement.stage != Stage.MOU:
        raise PksError(_("A PKS is drafted only under an MoU in force."))
    if drafted_on is None:
        raise PksError(_("Give the date of the draft."))
    if drafted_on > today:
        raise PksError(_("The date cannot be in the future."))
    if agreement.mou_signed_date and drafted_on < agreement.mou_signed_date:
        raise PksError(
            _("A PKS is drafted after its MoU was signed (%(date)s).")
            % {"date": date_format(agreement.mou_signed_date)}
        )
    if actor is not None and not access.can(actor, Right.DRAFT_PKS, work_unit):
        raise PksError(_("You draft PKS for your own work unit only."))
    fields = _check_fields(
        agreement,
        {
            "title": title,
            "work_unit": work_unit,
            "counterpart": counterpart,
            "counterpart_native_name": counterpart_native_name,
            "signatory_ntb": signatory_ntb,
            "signatory_partner": signatory_partner,
            "commitments": commitments,
            "summary": summary,
        },
    )
    commitments = fields.pop("commitments")
    pks = ImplementingAgreement(
        agreement=agreement,
        created_by=actor,
        stage=PksStage.DRAFT,
        stage_since=drafted_on,
        drafted_on=drafted_on,
        **fields,
    )
    save_as(pks, actor)
    pks.commitments.set(commitments)
    PksEvent.objects.create(
        pks=pks,
        action=PksAction.DRAFTED,
        from_stage="",
        to_stage=PksStage.DRAFT,
        date=drafted_on,
        recorded_by=actor,
    )
    # The opening sets exactly what the record was saved with: no second save (it would
    # leave an empty entry in the change history).
    return pks


@transaction.atomic
def pks_update(*, pks: ImplementingAgreement, actor, **fields) -> ImplementingAgreement:
    """Change a PKS's descriptive fields (never its stage or dates: those follow its history)."""
    unknown = set(fields) - set(DESCRIPTIVE_FIELDS)
    if unknown:
        raise PksError(
            _("These fields are not edited here: %(names)s.")
            % {"names": ", ".join(sorted(unknown))}
        )
    locked = ImplementingAgreement.objects.select_for_update().get(pk=pks.pk)
    if actor is not None and not pks_editable(actor, locked):
        raise PksError(
            _("This PKS can no longer be edited: after the authorisation, record an addendum.")
        )
    fields = _check_fields(locked.agreement, dict(fields))
    unit = fields.get("work_unit")
    if actor is not None and unit is not None and not access.can(actor, Right.DRAFT_PKS, unit):
        raise PksError(_("You draft PKS for your own work unit only."))
    commitments = fields.pop("commitments", None)
    for name, value in fields.items():
        setattr(locked, name, value)
    save_as(locked, actor)
    if commitments is not None:
        locked.commitments.set(commitments)
    pks.refresh_from_db()
    return locked


def _check_validity(step, values: dict, pks: ImplementingAgreement) -> None:
    valid_until = values.get(VALID_UNTIL)
    later = step.action == PksAction.ADDENDUM and valid_until and pks.valid_until
    if later and valid_until <= pks.valid_until:
        raise PksError(
            _("An addendum's validity end must come after the current one (%(date)s).")
            % {"date": date_format(pks.valid_until)}
        )
    mou = pks.agreement
    if valid_until is not None and mou.valid_until and valid_until > mou.valid_until:
        raise PksError(
            _(
                "A PKS cannot outlive its MoU: the MoU is valid until %(date)s. "
                "Renew the MoU first, or end the PKS by then."
            )
            % {"date": date_format(mou.valid_until)}
        )


@transaction.atomic
def pks_move(
    *,
    pks: ImplementingAgreement,
    actor,
    action,
    date: date,
    reference_number="",
    valid_until=None,
    document=None,
    reason="",
    note="",
    today: date | None = None,
) -> PksEvent:
    """Move a PKS one step along its path (lifecycle.PKS_STEPS), or refuse with a
    LifecycleError (PksError) and change nothing."""
    today = today or timezone.localdate()
    step = lifecycle.PKS_STEPS.get(action)
    if step is None or (actor is not None and not step.by_person):
        raise PksError(_("This step cannot be recorded by hand."))
    values = {
        DATE: date,
        DOCUMENT: document,
        REFERENCE_NUMBER: reference_number,
        VALID_UNTIL: valid_until,
        REASON: reason,
    }
    check_step(step, values, today=today)
    locked = (
        ImplementingAgreement.objects.select_for_update().select_related("agreement").get(pk=pks.pk)
    )
    if locked.stage not in step.from_stages:
        raise PksError(
            _("“%(step)s” is not possible from the stage “%(stage)s”.")
            % {"step": step.label, "stage": PksStage(locked.stage).label}
        )
    check_order(date, effective_pks_events(locked)[-1].date)
    if step.action in (PksAction.SIGNED, PksAction.ADDENDUM):
        if locked.agreement.stage != Stage.MOU:
            raise PksError(_("Its MoU is no longer in force: the PKS cannot be signed or amended."))
        _check_validity(step, values, locked)
    if step.action == PksAction.EXPIRED and not locked.valid_until < date:
        raise PksError(_("The PKS is still valid on that date."))
    event = PksEvent.objects.create(
        pks=locked,
        action=step.action,
        from_stage=locked.stage,
        to_stage=step.to_stage,
        date=date,
        reference_number=(reference_number or "").strip()
        if REFERENCE_NUMBER in step.evidence
        else "",
        valid_until=valid_until if VALID_UNTIL in step.evidence else None,
        reason=(reason or "").strip() if REASON in step.evidence else "",
        note=(note or "").strip(),
        recorded_by=actor,
    )
    if document is not None and DOCUMENT in step.evidence:
        document_create(
            agreement=locked.agreement,
            actor=actor,
            file=document,
            kind=step.document_kind,
            title=f"{step.label} – {locked.title}",
            pks=locked,
        )
    _sync_from_history(locked, actor)
    pks.refresh_from_db()
    return event


@transaction.atomic
def pks_correct_last_step(
    *, pks: ImplementingAgreement, actor, reason: str, event_id: int, today: date | None = None
) -> PksEvent:
    """Undo the PKS's last step with a correction entry; both stay in the history.

    ``event_id`` names the step the user saw as the last one; if it no longer is,
    nothing is undone: StepChangedError.
    """
    today = today or timezone.localdate()
    check_reason(reason)
    locked = ImplementingAgreement.objects.select_for_update().get(pk=pks.pk)
    target = check_correction_target(
        last_correctable_pks_event(locked), history=locked.events, event_id=event_id
    )
    event = PksEvent.objects.create(
        pks=locked,
        action=PksAction.CORRECTED,
        from_stage=locked.stage,
        to_stage=target.from_stage,
        date=today,
        reason=reason.strip(),
        corrects=target,
        recorded_by=actor,
    )
    _sync_from_history(locked, actor)
    pks.refresh_from_db()
    return event


def expire_pks(*, today: date | None = None) -> list[ImplementingAgreement]:
    """Mark as expired every PKS in force whose validity end has passed (run daily).

    Each PKS moves in its own transaction: one refused move does not undo the others.
    """
    today = today or timezone.localdate()
    expired = []
    due = ImplementingAgreement.objects.filter(
        stage=PksStage.IN_FORCE, valid_until__lt=today
    ).order_by("pk")
    for pks in due:
        try:
            pks_move(
                pks=pks,
                actor=None,
                action=PksAction.EXPIRED,
                date=pks.valid_until + timedelta(days=1),
                today=today,
            )
        except LifecycleError:
            continue  # amended or moved meanwhile by someone else
        expired.append(pks)
    return expired
