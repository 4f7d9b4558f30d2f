"""The PKS service: its path (lifecycle.PKS_STEPS) allowed and refused with its evidence,
the validity rules, corrections, expiry, edits and the "takes part" rule."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from agreements import access, health, lifecycle
from agreements.lifecycle import LifecycleError, StepChangedError
from agreements.models import Document, PksAction, PksEvent, PksStage, Stage, StageAction
from agreements.models.documents import DocumentKind
from agreements.services.lifecycle import agreement_move_stage
from agreements.services.pks import (
    PksError,
    expire_pks,
    pks_correct_last_step,
    pks_move,
    pks_update,
)

from ..factories import WorkUnitFactory, advance
from ..followup.conftest import CommitmentFactory
from .conftest import PATH_TO, PKS_VALID_UNTIL, SIGNED_ON, evidence, make_mou, make_pks, walk

pytestmark = pytest.mark.usefixtures("english")

PERSON_STEPS = [a for a, s in lifecycle.PKS_STEPS.items() if s.by_person]
STAGES = list(PATH_TO)


# --- drafting -------------------------------------------------------------------------------


def test_it_drafts_a_pks_with_its_opening_entry(pks, unit):
    (event,) = pks.events.all()

    assert (event.action, event.to_stage, event.date) == (
        PksAction.DRAFTED,
        PksStage.DRAFT,
        date(2024, 10, 1),
    )
    assert (pks.stage, pks.stage_since, pks.drafted_on) == (
        PksStage.DRAFT,
        date(2024, 10, 1),
        date(2024, 10, 1),
    )
    assert pks.history.count() >= 1
    assert pks.work_unit == unit


def test_it_refuses_a_pks_under_an_agreement_not_in_force(biro, unit, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)

    with pytest.raises(PksError, match="MoU in force"):
        make_pks(mou=agreement, actor=biro, unit=unit)

    assert not agreement.implementing_agreements.exists()


def test_it_refuses_commitments_of_another_agreement(biro, unit, mou):
    elsewhere = CommitmentFactory(actor=biro, lead_unit=unit)

    with pytest.raises(PksError, match="commitments"):
        make_pks(mou=mou, actor=biro, unit=unit, commitments=[elsewhere])

    assert not mou.implementing_agreements.exists()


def test_it_records_the_commitments_it_carries_out(biro, unit, mou):
    commitment = CommitmentFactory(actor=biro, agreement=mou, lead_unit=unit)

    pks = make_pks(mou=mou, actor=biro, unit=unit, commitments=[commitment])

    assert list(pks.commitments.all()) == [commitment]


def test_it_refuses_an_officer_drafting_for_another_unit(stranger, unit, mou):
    with pytest.raises(PksError, match="own work unit"):
        make_pks(mou=mou, actor=stranger, unit=unit)


def test_it_refuses_a_draft_dated_in_the_future_or_before_the_mou(biro, unit, mou):
    with pytest.raises(PksError):
        make_pks(mou=mou, actor=biro, unit=unit, drafted_on=date(2027, 1, 1))
    with pytest.raises(PksError):
        make_pks(mou=mou, actor=biro, unit=unit, drafted_on=date(2024, 1, 1))

    assert not mou.implementing_agreements.exists()


# --- every step from every stage ------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("action", PERSON_STEPS)
def test_it_allows_a_step_only_from_its_stages(biro, pks, stage, action):
    walk(pks, actor=biro, to=stage)
    step = lifecycle.PKS_STEPS[action]
    before = pks.events.count()
    values = evidence(action)
    if action == PksAction.ADDENDUM:
        values = {**values, "date": date(2025, 6, 2)}

    if stage in step.from_stages:
        event = pks_move(pks=pks, actor=biro, action=action, **values)
        pks.refresh_from_db()
        assert (event.action, event.from_stage, event.to_stage) == (action, stage, step.to_stage)
        assert pks.stage == step.to_stage
        assert pks.events.count() == before + 1
    else:
        with pytest.raises(LifecycleError, match="not possible"):
            pks_move(pks=pks, actor=biro, action=action, **values)
        pks.refresh_from_db()
        assert pks.stage == stage
        assert pks.events.count() == before


@pytest.mark.parametrize("action", PERSON_STEPS)
def test_it_refuses_each_step_without_each_required_evidence(biro, pks, action):
    step = lifecycle.PKS_STEPS[action]
    stage = next(iter(step.from_stages))
    walk(pks, actor=biro, to=stage)
    before = (pks.events.count(), Document.objects.count())
    for name in step.required:
        values = {**evidence(action), name: None if name != "reason" else ""}
        if name == "document":
            values["document"] = None

        with pytest.raises(LifecycleError, match="Missing evidence"):
            pks_move(pks=pks, actor=biro, action=action, **values)

    pks.refresh_from_db()
    assert pks.stage == stage
    assert (pks.events.count(), Document.objects.count()) == before


def test_it_sets_the_key_dates_from_the_history(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)

    assert pks.reviewed_on == date(2024, 10, 10)
    assert (pks.authorisation_date, pks.authorisation_number) == (
        date(2024, 10, 20),
        "180/123/Gub/2024",
    )
    assert (pks.signed_on, pks.valid_until, pks.number) == (
        SIGNED_ON,
        PKS_VALID_UNTIL,
        "PKS/01/Distanbun/2024",
    )
    assert pks.stage_since == SIGNED_ON


def test_it_files_the_signed_text_under_the_pks_and_its_mou(biro, pks, mou):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)

    document = Document.objects.get(pks=pks)
    assert (document.kind, document.agreement) == (DocumentKind.PKS, mou)


def test_it_refuses_expiry_by_a_person(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)

    with pytest.raises(PksError, match="by hand"):
        pks_move(pks=pks, actor=biro, action=PksAction.EXPIRED, date=date(2026, 1, 1))


def test_it_refuses_a_step_dated_before_the_previous_one(biro, pks):
    with pytest.raises(LifecycleError, match="before the previous step"):
        pks_move(pks=pks, actor=biro, action=PksAction.REVIEWED, date=date(2024, 9, 30))

    pks.refresh_from_db()
    assert pks.stage == PksStage.DRAFT


def test_it_refuses_a_step_dated_in_the_future(biro, pks):
    with pytest.raises(LifecycleError, match="future"):
        pks_move(pks=pks, actor=biro, action=PksAction.REVIEWED, date=date(2026, 12, 1))


# --- validity --------------------------------------------------------------------------------


def test_it_refuses_a_signing_whose_validity_ends_before_it(biro, pks):
    walk(pks, actor=biro, to=PksStage.AUTHORISED)

    with pytest.raises(LifecycleError, match="validity end must come after"):
        pks_move(
            pks=pks,
            actor=biro,
            action=PksAction.SIGNED,
            **{**evidence(PksAction.SIGNED), "valid_until": SIGNED_ON},
        )

    pks.refresh_from_db()
    assert (pks.stage, pks.valid_until) == (PksStage.AUTHORISED, None)


def test_it_refuses_a_signing_that_outlives_the_mou(biro, pks):
    walk(pks, actor=biro, to=PksStage.AUTHORISED)

    with pytest.raises(PksError, match="cannot outlive its MoU"):
        pks_move(
            pks=pks,
            actor=biro,
            action=PksAction.SIGNED,
            **{**evidence(PksAction.SIGNED), "valid_until": date(2029, 9, 2)},
        )

    pks.refresh_from_db()
    assert pks.stage == PksStage.AUTHORISED
    assert not Document.objects.filter(pks=pks).exists()


def test_it_refuses_an_addendum_ending_before_the_current_validity(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)

    with pytest.raises(PksError, match="after the current one"):
        pks_move(
            pks=pks,
            actor=biro,
            action=PksAction.ADDENDUM,
            **{**evidence(PksAction.ADDENDUM), "valid_until": date(2027, 1, 1)},
        )

    pks.refresh_from_db()
    assert pks.valid_until == PKS_VALID_UNTIL


def test_it_refuses_an_addendum_that_outlives_the_mou(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)

    with pytest.raises(PksError, match="cannot outlive its MoU"):
        pks_move(
            pks=pks,
            actor=biro,
            action=PksAction.ADDENDUM,
            **{**evidence(PksAction.ADDENDUM), "valid_until": date(2030, 1, 1)},
        )

    pks.refresh_from_db()
    assert pks.valid_until == PKS_VALID_UNTIL


def test_it_keeps_an_addendum_in_the_history(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)

    pks_move(pks=pks, actor=biro, action=PksAction.ADDENDUM, **evidence(PksAction.ADDENDUM))

    pks.refresh_from_db()
    assert pks.stage == PksStage.IN_FORCE
    assert pks.valid_until == date(2028, 10, 31)
    assert pks.signed_on == SIGNED_ON  # the addendum changes the validity, not the signing
    assert list(pks.events.order_by("pk").values_list("action", flat=True)) == [
        PksAction.DRAFTED,
        PksAction.REVIEWED,
        PksAction.AUTHORISED,
        PksAction.SIGNED,
        PksAction.ADDENDUM,
    ]
    assert Document.objects.filter(pks=pks, kind=DocumentKind.PKS).count() == 2


def test_it_takes_an_addendum_without_a_new_validity(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)

    pks_move(
        pks=pks,
        actor=biro,
        action=PksAction.ADDENDUM,
        **{**evidence(PksAction.ADDENDUM), "valid_until": None},
    )

    pks.refresh_from_db()
    assert pks.valid_until == PKS_VALID_UNTIL


def test_it_refuses_a_signing_once_the_mou_has_ended(biro, pks, mou):
    walk(pks, actor=biro, to=PksStage.AUTHORISED)
    agreement_move_stage(
        agreement=mou,
        actor=biro,
        action=StageAction.TERMINATED,
        date=date(2024, 10, 25),
        reason="Mitra mengakhiri kerja sama.",
    )

    with pytest.raises(PksError, match="no longer in force"):
        pks_move(pks=pks, actor=biro, action=PksAction.SIGNED, **evidence(PksAction.SIGNED))


# --- corrections -----------------------------------------------------------------------------


def test_it_undoes_the_last_step_and_keeps_both_in_the_history(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)
    signed = pks.events.get(action=PksAction.SIGNED)

    correction = pks_correct_last_step(
        pks=pks, actor=biro, reason="Salah tanggal.", event_id=signed.pk
    )

    pks.refresh_from_db()
    assert (correction.corrects, correction.to_stage) == (signed, PksStage.AUTHORISED)
    assert (pks.stage, pks.signed_on, pks.valid_until, pks.number) == (
        PksStage.AUTHORISED,
        None,
        None,
        "",
    )
    assert pks.events.filter(pk=signed.pk).exists()


def test_it_undoes_an_addendum_back_to_the_signed_validity(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)
    addendum = pks_move(
        pks=pks, actor=biro, action=PksAction.ADDENDUM, **evidence(PksAction.ADDENDUM)
    )

    pks_correct_last_step(pks=pks, actor=biro, reason="Belum ditandatangani.", event_id=addendum.pk)

    pks.refresh_from_db()
    assert (pks.stage, pks.valid_until) == (PksStage.IN_FORCE, PKS_VALID_UNTIL)


def test_it_refuses_a_stale_correction(biro, pks):
    walk(pks, actor=biro, to=PksStage.AUTHORISED)
    authorised = pks.events.get(action=PksAction.AUTHORISED)
    pks_correct_last_step(pks=pks, actor=biro, reason="Keliru.", event_id=authorised.pk)

    with pytest.raises(StepChangedError):
        pks_correct_last_step(pks=pks, actor=biro, reason="Keliru.", event_id=authorised.pk)

    pks.refresh_from_db()
    assert pks.stage == PksStage.REVIEWED
    assert pks.events.filter(action=PksAction.CORRECTED).count() == 1


def test_it_refuses_to_correct_the_drafting(biro, pks):
    with pytest.raises(LifecycleError, match="no step to correct"):
        pks_correct_last_step(pks=pks, actor=biro, reason="Keliru.", event_id=pks.events.get().pk)


def test_it_refuses_a_correction_without_a_reason(biro, pks):
    walk(pks, actor=biro, to=PksStage.REVIEWED)

    with pytest.raises(LifecycleError, match="reason"):
        pks_correct_last_step(
            pks=pks, actor=biro, reason=" ", event_id=pks.events.order_by("pk").last().pk
        )


# --- expiry ----------------------------------------------------------------------------------


def test_it_expires_a_pks_past_its_validity(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)

    expired = expire_pks(today=date(2027, 11, 1))

    pks.refresh_from_db()
    assert expired == [pks]
    assert (pks.stage, pks.stage_since) == (PksStage.EXPIRED, date(2027, 11, 1))
    assert pks.events.get(action=PksAction.EXPIRED).recorded_by is None


def test_it_leaves_a_pks_still_valid(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)

    assert expire_pks(today=PKS_VALID_UNTIL) == []
    pks.refresh_from_db()
    assert pks.stage == PksStage.IN_FORCE


def test_the_daily_command_expires_pks_and_says_how_many(biro, unit):
    mou = make_mou(actor=biro, unit=unit)
    pks = walk(
        make_pks(mou=mou, actor=biro, unit=unit),
        actor=biro,
        to=PksStage.IN_FORCE,
        **{PksAction.SIGNED: {"valid_until": date(2026, 11, 26)}},
    )
    out = StringIO()

    call_command("expire_agreements", stdout=out)

    pks.refresh_from_db()
    assert pks.stage == PksStage.EXPIRED
    assert f"expired PKS: {pks.pk} {pks.title}\n1 PKS expired.\n" in out.getvalue()


# --- edits -----------------------------------------------------------------------------------


def test_it_edits_the_descriptive_fields_only(biro, pks):
    pks_update(pks=pks, actor=biro, title="PKS Baru", signatory_ntb="Kepala Dinas")

    pks.refresh_from_db()
    assert (pks.title, pks.signatory_ntb) == ("PKS Baru", "Kepala Dinas")
    with pytest.raises(PksError):
        pks_update(pks=pks, actor=biro, stage=PksStage.IN_FORCE)
    with pytest.raises(PksError):
        pks_update(pks=pks, actor=biro, valid_until=date(2027, 1, 1))
    pks.refresh_from_db()
    assert (pks.stage, pks.valid_until) == (PksStage.DRAFT, None)


def test_an_officer_edits_their_units_draft_only(biro, officer, pks):
    pks_update(pks=pks, actor=officer, summary="Ringkasan.")
    walk(pks, actor=biro, to=PksStage.REVIEWED)

    with pytest.raises(PksError, match="no longer be edited"):
        pks_update(pks=pks, actor=officer, summary="Lagi.")

    pks.refresh_from_db()
    assert pks.summary == "Ringkasan."


def test_the_bureau_edits_a_reviewed_pks_but_not_an_authorised_one(biro, pks):
    walk(pks, actor=biro, to=PksStage.REVIEWED)
    pks_update(pks=pks, actor=biro, summary="Ditinjau.")
    walk_on = pks_move(
        pks=pks, actor=biro, action=PksAction.AUTHORISED, **evidence(PksAction.AUTHORISED)
    )
    assert walk_on.to_stage == PksStage.AUTHORISED

    with pytest.raises(PksError, match="addendum"):
        pks_update(pks=pks, actor=biro, summary="Sesudah kuasa.")

    pks.refresh_from_db()
    assert pks.summary == "Ditinjau."


def test_an_officer_cannot_move_their_pks_to_another_unit(officer, pks, other_unit):
    with pytest.raises(PksError, match="own work unit"):
        pks_update(pks=pks, actor=officer, work_unit=other_unit)

    pks.refresh_from_db()
    assert pks.work_unit != other_unit


# --- taking part, flags ------------------------------------------------------------------------


def test_the_ntb_unit_of_a_pks_takes_part_in_its_agreement(biro):
    coordinator, party = WorkUnitFactory(), WorkUnitFactory()
    mou = make_mou(actor=biro, unit=coordinator, title="MoU lain")
    assert mou not in access.agreements_taking_part(party)

    make_pks(mou=mou, actor=biro, unit=party)

    assert list(access.agreements_taking_part(party)) == [mou]


def test_it_warns_of_a_pks_ending_soon(biro, pks):
    today = date(2026, 11, 27)
    walk(pks, actor=biro, to=PksStage.IN_FORCE)
    assert not health.pks_is_expiring(pks, today)

    walk_to_soon = pks_move(
        pks=pks,
        actor=biro,
        action=PksAction.ADDENDUM,
        **{**evidence(PksAction.ADDENDUM), "valid_until": None},
    )
    assert walk_to_soon.action == PksAction.ADDENDUM
    assert health.pks_is_expiring(pks, date(2027, 9, 1))
    assert not health.pks_is_expiring(pks, date(2027, 11, 1))  # ended: not "soon"


def test_it_flags_a_pks_in_force_whose_mou_has_ended(biro, pks, mou):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)
    assert not health.pks_outlives_mou(pks)

    agreement_move_stage(
        agreement=mou,
        actor=biro,
        action=StageAction.TERMINATED,
        date=date(2025, 1, 6),
        reason="Mitra mengakhiri kerja sama.",
    )

    pks.refresh_from_db()
    assert health.pks_outlives_mou(pks)
    assert type(pks).objects.filter(health.pks_outlives_q()).get() == pks


def test_it_records_nothing_when_a_step_is_refused(biro, pks):
    before = PksEvent.objects.count()
    with pytest.raises(LifecycleError):
        pks_move(pks=pks, actor=biro, action=PksAction.SIGNED, **evidence(PksAction.SIGNED))
    assert PksEvent.objects.count() == before
