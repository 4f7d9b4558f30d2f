"""The lifecycle table and the services that move an agreement and its file, called directly."""

import os
import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from agreements.lifecycle import LifecycleError, StepChangedError, last_correctable_event
from agreements.models import (
    Agreement,
    Document,
    Holder,
    Role,
    Stage,
    StageAction,
    StageEvent,
    User,
)
from agreements.models.agreements import AgreementKind, AppendOnlyError
from agreements.models.documents import DocumentKind
from agreements.services.lifecycle import (
    agreement_correct_last_step,
    agreement_hand_over,
    agreement_move_stage,
    agreement_receive_answer,
    agreement_record_steps,
    expire_agreements,
)

from ..factories import (
    DPRD_DATE,
    DPRD_DECISION_NUMBER,
    FULL_POWERS_DATE,
    LOI_DATE,
    MOU_DATE,
    MOU_VALID_UNTIL,
    PLAN_DATE,
    VERIFIED_DATE,
    AgreementFactory,
    WorkUnitFactory,
    advance,
    pdf_upload,
)

TODAY = date(2026, 11, 27)
FIRST_CONTACT = date(2024, 1, 10)  # the factory's

# What the table must allow for a sister province (the factory's kind, which takes the
# whole path), written out by hand rather than read from the table under test.
PERSON_ACTIONS = [
    StageAction.LOI,
    StageAction.PLAN,
    StageAction.DPRD_APPROVAL,
    StageAction.VERIFIED,
    StageAction.FULL_POWERS,
    StageAction.MOU_SIGNED,
    StageAction.RENEWED,
    StageAction.TERMINATED,
    StageAction.DROPPED,
]
PRE_SIGNING = [
    Stage.EXPLORATION,
    Stage.LOI,
    Stage.PLAN,
    Stage.DPRD_APPROVAL,
    Stage.VERIFIED,
    Stage.FULL_POWERS,
]
ALLOWED = {
    (Stage.EXPLORATION, StageAction.LOI): Stage.LOI,
    (Stage.LOI, StageAction.PLAN): Stage.PLAN,
    (Stage.PLAN, StageAction.DPRD_APPROVAL): Stage.DPRD_APPROVAL,
    (Stage.DPRD_APPROVAL, StageAction.VERIFIED): Stage.VERIFIED,
    (Stage.VERIFIED, StageAction.FULL_POWERS): Stage.FULL_POWERS,
    (Stage.FULL_POWERS, StageAction.MOU_SIGNED): Stage.MOU,
    **{(stage, StageAction.DROPPED): Stage.DROPPED for stage in PRE_SIGNING},
    (Stage.MOU, StageAction.RENEWED): Stage.MOU,
    (Stage.MOU, StageAction.TERMINATED): Stage.TERMINATED,
    (Stage.EXPIRED, StageAction.RENEWED): Stage.MOU,
}
REFUSED = [
    (stage, action)
    for stage in Stage
    for action in PERSON_ACTIONS
    if (stage, action) not in ALLOWED
]

# A step date after every date the set-up uses, and a validity end after every one.
STEP_DATE = date(2026, 11, 20)
LATE_VALID_UNTIL = date(2035, 1, 1)


@pytest.fixture(autouse=True)
def english():
    """The messages are matched in English; the portal's default is Indonesian."""
    with translation.override("en"):
        yield


def evidence(action, **overrides):
    """Complete, valid evidence for ``action`` on STEP_DATE, with a fresh PDF."""
    values = {
        StageAction.LOI: {"document": pdf_upload("loi.pdf"), "consulted_on": date(2026, 10, 1)},
        StageAction.PLAN: {"document": pdf_upload("plan.pdf")},
        StageAction.DPRD_APPROVAL: {"reference_number": "7/KEP/DPRD/2026"},
        StageAction.VERIFIED: {"reference_number": "120/1034/OTDA", "document": pdf_upload()},
        StageAction.FULL_POWERS: {"reference_number": "412/SK/2026"},
        StageAction.MOU_SIGNED: {
            "valid_until": LATE_VALID_UNTIL,
            "document": pdf_upload("mou.pdf"),
            "reference_number": "MoU/NTB/2026",
            "signatories": "Gubernur NTB\nGubernur Zhejiang",
            "languages": "Bahasa Indonesia, 中文, English",
        },
        StageAction.RENEWED: {"valid_until": LATE_VALID_UNTIL},
        StageAction.TERMINATED: {"reason": "The partner withdrew."},
        StageAction.DROPPED: {"reason": "No answer from the partner."},
    }.get(action, {})
    return {"action": action, "date": STEP_DATE, **values, **overrides}


def move(agreement, actor, action, **overrides):
    return agreement_move_stage(
        agreement=agreement, actor=actor, today=TODAY, **evidence(action, **overrides)
    )


def agreement_in(stage, *, actor, **kwargs):
    """An agreement brought to ``stage`` through the service, with dates before STEP_DATE."""
    agreement = AgreementFactory(actor=actor, **kwargs)
    if stage in {*PRE_SIGNING, Stage.MOU}:
        advance(agreement, actor=actor, to=stage)
    elif stage == Stage.EXPIRED:
        advance(agreement, actor=actor, to=Stage.MOU, valid_until=date(2025, 9, 1))
        agreement_move_stage(
            agreement=agreement,
            actor=None,
            action=StageAction.EXPIRED,
            date=date(2025, 9, 2),
            today=TODAY,
        )
    elif stage == Stage.TERMINATED:
        advance(agreement, actor=actor, to=Stage.MOU)
        agreement_move_stage(
            agreement=agreement,
            actor=actor,
            action=StageAction.TERMINATED,
            date=date(2025, 1, 15),
            reason="Ended by both sides.",
            today=TODAY,
        )
    elif stage == Stage.DROPPED:
        agreement_move_stage(
            agreement=agreement,
            actor=actor,
            action=StageAction.DROPPED,
            date=date(2024, 2, 1),
            reason="No answer.",
            today=TODAY,
        )
    assert agreement.stage == stage
    return agreement


RECORDED = [
    "stage",
    "stage_since",
    "first_contact_date",
    "loi_date",
    "kemlu_consulted_on",
    "plan_date",
    "dprd_approval_date",
    "dprd_decision_number",
    "verified_date",
    "verification_number",
    "full_powers_date",
    "full_powers_number",
    "mou_signed_date",
    "mou_number",
    "mou_signatories",
    "mou_languages",
    "valid_until",
    "holder",
    "holder_unit_id",
    "held_since",
    "holder_reference",
]


def state(agreement) -> dict:
    """Everything a refused move must leave as it was."""
    agreement.refresh_from_db()
    return {
        **{name: getattr(agreement, name) for name in RECORDED},
        "events": StageEvent.objects.filter(agreement=agreement).count(),
        "documents": Document.objects.filter(agreement=agreement).count(),
    }


def actions_of(agreement) -> list[str]:
    return list(
        agreement.stage_events.order_by("recorded_at", "pk").values_list("action", flat=True)
    )


# --- the table ---------------------------------------------------------------------------


@pytest.mark.parametrize(("stage", "action"), list(ALLOWED))
def test_it_allows_each_step_of_the_table(biro, stage, action):
    agreement = agreement_in(stage, actor=biro)
    events_before = StageEvent.objects.count()

    event = move(agreement, biro, action)

    agreement.refresh_from_db()
    assert agreement.stage == ALLOWED[(stage, action)]
    assert StageEvent.objects.count() == events_before + 1
    assert (event.action, event.from_stage, event.to_stage) == (
        action,
        stage,
        ALLOWED[(stage, action)],
    )
    assert event.recorded_by == biro


@pytest.mark.parametrize(("stage", "action"), REFUSED)
def test_it_refuses_each_step_outside_the_table(biro, stage, action):
    agreement = agreement_in(stage, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="is not possible from the stage"):
        move(agreement, biro, action)

    assert state(agreement) == before


@pytest.mark.parametrize("stage", [Stage.EXPLORATION, Stage.LOI, Stage.FULL_POWERS])
def test_it_refuses_the_portal_expiring_an_agreement_before_its_mou(biro, stage):
    agreement = agreement_in(stage, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError):
        move(agreement, None, StageAction.EXPIRED)

    assert state(agreement) == before


@pytest.mark.parametrize("stage", [Stage.EXPIRED, Stage.TERMINATED, Stage.DROPPED])
def test_it_refuses_the_portal_expiring_an_agreement_that_is_over(biro, stage):
    agreement = agreement_in(stage, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError):
        move(agreement, None, StageAction.EXPIRED)

    assert state(agreement) == before


def test_it_refuses_a_person_recording_an_expiry(biro):
    agreement = agreement_in(Stage.MOU, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="cannot be recorded by hand"):
        move(agreement, biro, StageAction.EXPIRED)

    assert state(agreement) == before


@pytest.mark.parametrize(
    "action", [StageAction.OPENED, StageAction.CORRECTED, StageAction.HANDED_OVER]
)
def test_it_refuses_the_actions_that_are_not_steps(biro, agreement, action):
    before = state(agreement)

    with pytest.raises(LifecycleError):
        move(agreement, biro, action)

    assert state(agreement) == before


# --- each kind's path ---------------------------------------------------------------------


def test_a_cooperation_that_is_not_a_sister_region_skips_the_full_powers(biro):
    agreement = agreement_in(Stage.VERIFIED, actor=biro, kind=AgreementKind.OTHER)
    with pytest.raises(LifecycleError, match="is not possible from the stage"):
        move(agreement, biro, StageAction.FULL_POWERS)

    move(agreement, biro, StageAction.MOU_SIGNED)

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.full_powers_date) == (Stage.MOU, None)
    assert actions_of(agreement) == ["opened", "loi", "plan", "dprd", "verified", "mou"]


@pytest.mark.parametrize("kind", [AgreementKind.SISTER_PROVINCE, AgreementKind.SISTER_CITY])
def test_a_sister_region_needs_its_full_powers_before_the_signing(biro, kind):
    agreement = agreement_in(Stage.VERIFIED, actor=biro, kind=kind)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="is not possible from the stage"):
        move(agreement, biro, StageAction.MOU_SIGNED)

    assert state(agreement) == before


def test_the_setting_changes_which_steps_a_kind_takes(biro, settings):
    settings.LIFECYCLE_STEPS = {AgreementKind.OTHER: {StageAction.DPRD_APPROVAL}}
    agreement = AgreementFactory(actor=biro, kind=AgreementKind.OTHER)
    move(agreement, biro, StageAction.LOI, date=date(2026, 1, 5), consulted_on=None)
    with pytest.raises(LifecycleError, match="is not possible from the stage"):
        move(agreement, biro, StageAction.PLAN, date=date(2026, 2, 5))

    move(agreement, biro, StageAction.DPRD_APPROVAL, date=date(2026, 3, 5))
    move(agreement, biro, StageAction.MOU_SIGNED)

    agreement.refresh_from_db()
    assert agreement.stage == Stage.MOU
    assert actions_of(agreement) == ["opened", "loi", "dprd", "mou"]


# --- the path and its evidence on the agreement --------------------------------------------

# step, the stage it is taken from, what it records on the agreement, its document's kind
RECORDS = [
    (
        StageAction.LOI,
        Stage.EXPLORATION,
        {"loi_date": STEP_DATE, "kemlu_consulted_on": date(2026, 10, 1)},
        DocumentKind.LOI,
    ),
    (StageAction.PLAN, Stage.LOI, {"plan_date": STEP_DATE}, DocumentKind.COOPERATION_PLAN),
    (
        StageAction.DPRD_APPROVAL,
        Stage.PLAN,
        {"dprd_approval_date": STEP_DATE, "dprd_decision_number": "7/KEP/DPRD/2026"},
        None,
    ),
    (
        StageAction.VERIFIED,
        Stage.DPRD_APPROVAL,
        {"verified_date": STEP_DATE, "verification_number": "120/1034/OTDA"},
        DocumentKind.MINUTES,
    ),
    (
        StageAction.FULL_POWERS,
        Stage.VERIFIED,
        {"full_powers_date": STEP_DATE, "full_powers_number": "412/SK/2026"},
        None,
    ),
    (
        StageAction.MOU_SIGNED,
        Stage.FULL_POWERS,
        {
            "mou_signed_date": STEP_DATE,
            "valid_until": LATE_VALID_UNTIL,
            "mou_number": "MoU/NTB/2026",
            "mou_signatories": "Gubernur NTB\nGubernur Zhejiang",
            "mou_languages": "Bahasa Indonesia, 中文, English",
        },
        DocumentKind.MOU,
    ),
]


@pytest.mark.parametrize(("action", "stage", "recorded", "document_kind"), RECORDS)
def test_it_records_each_steps_evidence_on_the_agreement(
    biro, action, stage, recorded, document_kind
):
    agreement = agreement_in(stage, actor=biro)

    event = move(agreement, biro, action)

    agreement.refresh_from_db()
    assert {name: getattr(agreement, name) for name in recorded} == recorded
    assert agreement.stage_since == STEP_DATE
    kinds = list(event.documents.values_list("kind", flat=True))
    assert kinds == ([document_kind] if document_kind else [])


def test_it_records_the_dprd_approval_and_its_decision_number_stripped(biro):
    agreement = agreement_in(Stage.PLAN, actor=biro)

    move(agreement, biro, StageAction.DPRD_APPROVAL, reference_number="  12/KEP/DPRD/2024 ")

    agreement.refresh_from_db()
    assert agreement.dprd_decision_number == "12/KEP/DPRD/2024"
    assert (agreement.loi_date, agreement.plan_date) == (LOI_DATE, PLAN_DATE)


def test_it_keeps_every_key_date_along_the_path(biro, agreement):
    advance(agreement, actor=biro, to=Stage.MOU)

    agreement.refresh_from_db()
    assert agreement.first_contact_date == FIRST_CONTACT
    assert agreement.loi_date == LOI_DATE
    assert agreement.plan_date == PLAN_DATE
    assert agreement.dprd_approval_date == DPRD_DATE
    assert agreement.dprd_decision_number == DPRD_DECISION_NUMBER
    assert agreement.verified_date == VERIFIED_DATE
    assert agreement.full_powers_date == FULL_POWERS_DATE
    assert agreement.mou_signed_date == MOU_DATE
    assert agreement.valid_until == MOU_VALID_UNTIL
    assert agreement.is_in_force
    assert actions_of(agreement) == [
        "opened",
        "loi",
        "plan",
        "dprd",
        "verified",
        "full_powers",
        "mou",
    ]


def test_it_renews_an_mou_in_force_without_changing_its_stage_date(biro):
    agreement = agreement_in(Stage.MOU, actor=biro)

    move(agreement, biro, StageAction.RENEWED, valid_until=date(2034, 9, 1))

    agreement.refresh_from_db()
    assert agreement.stage == Stage.MOU
    assert agreement.valid_until == date(2034, 9, 1)
    assert agreement.mou_signed_date == MOU_DATE
    assert agreement.stage_since == MOU_DATE


def test_it_records_the_new_mou_number_of_a_renewal_and_keeps_it_without_one(biro):
    agreement = agreement_in(Stage.MOU, actor=biro)

    move(
        agreement, biro, StageAction.RENEWED, valid_until=date(2030, 9, 1), reference_number="MoU/2"
    )
    move(agreement, biro, StageAction.RENEWED, valid_until=date(2031, 9, 1))

    agreement.refresh_from_db()
    assert (agreement.mou_number, agreement.valid_until) == ("MoU/2", date(2031, 9, 1))


def test_it_renews_an_expired_mou_back_into_force(biro):
    agreement = agreement_in(Stage.EXPIRED, actor=biro)

    move(agreement, biro, StageAction.RENEWED, valid_until=date(2031, 9, 1))

    agreement.refresh_from_db()
    assert agreement.stage == Stage.MOU
    assert agreement.valid_until == date(2031, 9, 1)
    assert agreement.stage_since == STEP_DATE


# An expired MoU can only be renewed after its end, so there the date rule already refuses it.
@pytest.mark.parametrize("days_after_current", [0, -1])
def test_it_refuses_a_renewal_that_does_not_end_later(biro, days_after_current):
    agreement = agreement_in(Stage.MOU, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="must end after the current validity end"):
        move(
            agreement,
            biro,
            StageAction.RENEWED,
            valid_until=agreement.valid_until + timedelta(days=days_after_current),
        )

    assert state(agreement) == before


def test_it_terminates_an_mou_with_its_reason(biro):
    agreement = agreement_in(Stage.MOU, actor=biro)

    event = move(agreement, biro, StageAction.TERMINATED, reason="  The partner withdrew. ")

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.stage_since) == (Stage.TERMINATED, STEP_DATE)
    assert event.reason == "The partner withdrew."
    assert agreement.valid_until == MOU_VALID_UNTIL


@pytest.mark.parametrize("stage", PRE_SIGNING)
def test_it_drops_an_agreement_before_its_signing_with_its_reason(biro, stage):
    agreement = agreement_in(stage, actor=biro)

    event = move(agreement, biro, StageAction.DROPPED, reason="No answer from the partner.")

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.stage_since) == (Stage.DROPPED, STEP_DATE)
    assert (event.from_stage, event.reason) == (stage, "No answer from the partner.")
    assert (agreement.holder, agreement.held_since) == (Holder.BUREAU, None)


def test_it_drops_only_the_evidence_the_step_knows(biro, agreement):
    event = move(
        agreement,
        biro,
        StageAction.LOI,
        reason="ignored",
        valid_until=LATE_VALID_UNTIL,
        signatories="ignored",
    )

    assert (event.reason, event.valid_until, event.reference_number, event.signatories) == (
        "",
        None,
        "",
        "",
    )


# --- expiry ------------------------------------------------------------------------------


def test_it_expires_an_mou_that_ended_yesterday(biro):
    agreement = agreement_in(Stage.MOU, actor=biro)

    expired = expire_agreements(today=MOU_VALID_UNTIL + timedelta(days=1))

    agreement.refresh_from_db()
    assert expired == [agreement]
    assert agreement.stage == Stage.EXPIRED
    assert agreement.stage_since == MOU_VALID_UNTIL + timedelta(days=1)
    event = agreement.stage_events.get(action=StageAction.EXPIRED)
    assert (event.recorded_by, event.date) == (None, MOU_VALID_UNTIL + timedelta(days=1))


def test_it_does_not_expire_an_mou_that_ends_today(biro):
    agreement = agreement_in(Stage.MOU, actor=biro)
    before = state(agreement)

    expired = expire_agreements(today=MOU_VALID_UNTIL)

    assert expired == []
    assert state(agreement) == before


def test_it_expires_only_mous_in_force(biro):
    terminated = agreement_in(Stage.TERMINATED, actor=biro)
    dprd = agreement_in(Stage.DPRD_APPROVAL, actor=biro)
    before = [state(terminated), state(dprd)]

    expired = expire_agreements(today=date(2030, 1, 1))

    assert expired == []
    assert [state(terminated), state(dprd)] == before


def test_it_lets_the_portal_record_an_expiry(biro, agreement):
    advance(agreement, actor=biro, to=Stage.MOU, valid_until=date(2025, 9, 1))

    event = agreement_move_stage(
        agreement=agreement,
        actor=None,
        action=StageAction.EXPIRED,
        date=date(2025, 9, 2),
        today=TODAY,
    )

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.stage_since) == (Stage.EXPIRED, date(2025, 9, 2))
    assert agreement.valid_until == date(2025, 9, 1)
    assert event.recorded_by is None


# --- evidence and dates ------------------------------------------------------------------

# stage, step, the evidence left out, its empty value, how the error names it
MISSING_EVIDENCE = [
    (Stage.EXPLORATION, StageAction.LOI, "date", None, "date"),
    (Stage.EXPLORATION, StageAction.LOI, "document", None, "document"),
    (Stage.LOI, StageAction.PLAN, "date", None, "date"),
    (Stage.LOI, StageAction.PLAN, "document", None, "document"),
    (Stage.PLAN, StageAction.DPRD_APPROVAL, "date", None, "date"),
    (Stage.PLAN, StageAction.DPRD_APPROVAL, "reference_number", "", "DPRD decision number"),
    (Stage.PLAN, StageAction.DPRD_APPROVAL, "reference_number", "   ", "DPRD decision number"),
    (Stage.DPRD_APPROVAL, StageAction.VERIFIED, "date", None, "date"),
    (
        Stage.DPRD_APPROVAL,
        StageAction.VERIFIED,
        "reference_number",
        "",
        "Number of the ministry's answer",
    ),
    (Stage.VERIFIED, StageAction.FULL_POWERS, "date", None, "date"),
    (Stage.VERIFIED, StageAction.FULL_POWERS, "reference_number", " ", "Full Powers letter number"),
    (Stage.FULL_POWERS, StageAction.MOU_SIGNED, "date", None, "date"),
    (Stage.FULL_POWERS, StageAction.MOU_SIGNED, "valid_until", None, "validity end date"),
    (Stage.FULL_POWERS, StageAction.MOU_SIGNED, "document", None, "document"),
    (Stage.FULL_POWERS, StageAction.MOU_SIGNED, "signatories", "  ", "signatories"),
    (Stage.MOU, StageAction.RENEWED, "date", None, "date"),
    (Stage.MOU, StageAction.RENEWED, "valid_until", None, "validity end date"),
    (Stage.MOU, StageAction.TERMINATED, "date", None, "date"),
    (Stage.MOU, StageAction.TERMINATED, "reason", "", "reason"),
    (Stage.EXPLORATION, StageAction.DROPPED, "reason", "", "reason"),
    (Stage.VERIFIED, StageAction.DROPPED, "reason", "  ", "reason"),
    (Stage.DPRD_APPROVAL, StageAction.DROPPED, "date", None, "date"),
]


@pytest.mark.parametrize(("stage", "action", "name", "value", "label"), MISSING_EVIDENCE)
def test_it_refuses_a_step_without_its_evidence_and_names_it(
    biro, stage, action, name, value, label
):
    agreement = agreement_in(stage, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="Missing evidence") as refused:
        move(agreement, biro, action, **{name: value})

    assert str(refused.value).endswith(f": {label}.")
    assert state(agreement) == before


@pytest.mark.parametrize(
    ("stage", "action", "previous_date"),
    [
        (Stage.EXPLORATION, StageAction.LOI, FIRST_CONTACT),
        (Stage.LOI, StageAction.PLAN, LOI_DATE),
        (Stage.PLAN, StageAction.DPRD_APPROVAL, PLAN_DATE),
        (Stage.DPRD_APPROVAL, StageAction.VERIFIED, DPRD_DATE),
        (Stage.VERIFIED, StageAction.FULL_POWERS, VERIFIED_DATE),
        (Stage.FULL_POWERS, StageAction.MOU_SIGNED, FULL_POWERS_DATE),
        (Stage.MOU, StageAction.TERMINATED, MOU_DATE),
        (Stage.LOI, StageAction.DROPPED, LOI_DATE),
    ],
)
def test_it_refuses_a_date_before_the_previous_step(biro, stage, action, previous_date):
    agreement = agreement_in(stage, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="cannot be before the previous step"):
        move(
            agreement,
            biro,
            action,
            date=previous_date - timedelta(days=1),
            consulted_on=None,
            valid_until=LATE_VALID_UNTIL,
        )

    assert state(agreement) == before


def test_it_accepts_a_step_on_the_day_of_the_previous_one(biro, agreement):
    move(agreement, biro, StageAction.LOI, date=FIRST_CONTACT, consulted_on=None)

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.loi_date) == (Stage.LOI, FIRST_CONTACT)


@pytest.mark.parametrize("stage", [Stage.EXPLORATION, Stage.DPRD_APPROVAL, Stage.MOU])
def test_it_refuses_a_future_date(biro, stage):
    agreement = agreement_in(stage, actor=biro)
    before = state(agreement)
    action = {
        Stage.EXPLORATION: StageAction.LOI,
        Stage.DPRD_APPROVAL: StageAction.VERIFIED,
        Stage.MOU: StageAction.TERMINATED,
    }[stage]

    with pytest.raises(LifecycleError, match="cannot be in the future"):
        move(agreement, biro, action, date=TODAY + timedelta(days=1))

    assert state(agreement) == before


def test_it_accepts_a_step_dated_today(biro, agreement):
    move(agreement, biro, StageAction.LOI, date=TODAY)

    agreement.refresh_from_db()
    assert agreement.loi_date == TODAY


def test_it_refuses_a_kemlu_consultation_after_the_letter_of_intent(biro, agreement):
    before = state(agreement)

    with pytest.raises(LifecycleError, match="Kemlu is consulted before"):
        move(agreement, biro, StageAction.LOI, consulted_on=STEP_DATE + timedelta(days=1))

    assert state(agreement) == before


# The agreement is made inside the travel too: history is ordered by the time it was recorded.
@time_machine.travel("2026-11-27 16:00 +0000", tick=False)  # 00:00 on 28 November in Mataram
def test_it_takes_today_in_the_portals_time_zone(biro):
    agreement = AgreementFactory(actor=biro)

    agreement_move_stage(
        agreement=agreement,
        actor=biro,
        action=StageAction.LOI,
        date=date(2026, 11, 28),
        document=pdf_upload(),
    )

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.loi_date) == (Stage.LOI, date(2026, 11, 28))


@time_machine.travel("2026-11-27 15:59 +0000", tick=False)  # still 27 November in Mataram
def test_it_refuses_tomorrow_in_the_portals_time_zone(biro):
    agreement = AgreementFactory(actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="cannot be in the future"):
        agreement_move_stage(
            agreement=agreement,
            actor=biro,
            action=StageAction.LOI,
            date=date(2026, 11, 28),
            document=pdf_upload(),
        )

    assert state(agreement) == before


@pytest.mark.parametrize("days", [0, -1])
def test_it_refuses_an_mou_whose_validity_does_not_end_after_its_date(biro, days):
    agreement = agreement_in(Stage.FULL_POWERS, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="validity end must come after"):
        move(
            agreement,
            biro,
            StageAction.MOU_SIGNED,
            valid_until=STEP_DATE + timedelta(days=days),
        )

    assert state(agreement) == before


def test_it_refuses_a_document_that_is_not_acceptable_and_writes_no_history(biro, agreement):
    before = state(agreement)
    html = SimpleUploadedFile("loi.pdf", b"<html><script>alert(1)</script></html>")

    with pytest.raises(ValidationError):
        move(agreement, biro, StageAction.LOI, document=html)

    assert state(agreement) == before


# --- an old file entered at once ---------------------------------------------------------


def backfilled_path():
    """Zhejiang's steps as the Bureau enters them from its 2013–2015 files."""
    return [
        {
            "action": StageAction.LOI,
            "date": date(2013, 11, 20),
            "consulted_on": date(2013, 10, 1),
            "document": pdf_upload("loi.pdf"),
        },
        {"action": StageAction.PLAN, "date": date(2014, 2, 17), "document": pdf_upload()},
        {
            "action": StageAction.DPRD_APPROVAL,
            "date": date(2014, 9, 8),
            "reference_number": "Keputusan DPRD NTB No. 12/KEP/DPRD/2014",
        },
        {"action": StageAction.VERIFIED, "date": date(2015, 2, 16), "reference_number": "120/1"},
        {"action": StageAction.FULL_POWERS, "date": date(2015, 4, 20), "reference_number": "SK/1"},
        {
            "action": StageAction.MOU_SIGNED,
            "date": date(2015, 5, 22),
            "valid_until": date(2020, 5, 21),
            "reference_number": "MoU/NTB-ZJ/2015",
            "signatories": "Gubernur NTB\nGubernur Zhejiang",
            "document": pdf_upload("mou.pdf"),
        },
    ]


@pytest.fixture
def old_file(biro):
    return AgreementFactory(actor=biro, first_contact_date=date(2012, 10, 15))


def test_it_records_the_whole_backfilled_path_in_one_go(biro, old_file):
    events = agreement_record_steps(
        agreement=old_file, actor=biro, entries=backfilled_path(), today=TODAY
    )

    old_file.refresh_from_db()
    assert [e.action for e in events] == [
        "loi",
        "plan",
        "dprd",
        "verified",
        "full_powers",
        "mou",
    ]
    assert [(e.from_stage, e.to_stage) for e in events][1:3] == [
        (Stage.LOI, Stage.PLAN),
        (Stage.PLAN, Stage.DPRD_APPROVAL),
    ]
    assert (old_file.stage, old_file.stage_since) == (Stage.MOU, date(2015, 5, 22))
    assert (old_file.loi_date, old_file.kemlu_consulted_on) == (
        date(2013, 11, 20),
        date(2013, 10, 1),
    )
    assert old_file.plan_date == date(2014, 2, 17)
    assert old_file.dprd_decision_number == "Keputusan DPRD NTB No. 12/KEP/DPRD/2014"
    assert (old_file.verified_date, old_file.full_powers_date) == (
        date(2015, 2, 16),
        date(2015, 4, 20),
    )
    assert (old_file.mou_number, old_file.valid_until) == ("MoU/NTB-ZJ/2015", date(2020, 5, 21))
    assert Document.objects.filter(agreement=old_file).count() == 3


def test_it_records_a_renewal_in_the_same_batch_as_the_signing(biro, old_file):
    entries = [
        *backfilled_path(),
        {
            "action": StageAction.RENEWED,
            "date": date(2020, 5, 11),
            "valid_until": date(2025, 5, 21),
        },
    ]

    agreement_record_steps(agreement=old_file, actor=biro, entries=entries, today=TODAY)

    old_file.refresh_from_db()
    assert (old_file.stage, old_file.valid_until) == (Stage.MOU, date(2025, 5, 21))


BAD_ENTRIES = [
    pytest.param(3, {"reference_number": ""}, "Missing evidence", id="evidence"),
    pytest.param(4, {"date": date(2015, 1, 1)}, "cannot be before the previous", id="order"),
    pytest.param(5, {"date": TODAY + timedelta(days=1)}, "cannot be in the future", id="future"),
    pytest.param(
        1,
        {"action": StageAction.VERIFIED, "reference_number": "120/1"},
        "is not possible",
        id="skips-a-step",
    ),
]


@pytest.mark.parametrize(("index", "change", "message"), BAD_ENTRIES)
def test_one_bad_entry_records_nothing_at_all(biro, old_file, index, change, message):
    entries = backfilled_path()
    entries[index].update(change)
    before = state(old_file)

    with pytest.raises(LifecycleError, match=message):
        agreement_record_steps(agreement=old_file, actor=biro, entries=entries, today=TODAY)

    assert state(old_file) == before
    assert old_file.stage == Stage.EXPLORATION


def test_it_refuses_an_empty_batch(biro, old_file):
    before = state(old_file)

    with pytest.raises(LifecycleError, match="at least one step"):
        agreement_record_steps(agreement=old_file, actor=biro, entries=[], today=TODAY)

    assert state(old_file) == before


# --- prospects ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sectors", "with_unit", "lacking"),
    [
        ([], False, "its sectors and its coordinating work unit"),
        ([], True, "its sectors"),
        (None, False, "its coordinating work unit"),
    ],
)
def test_it_refuses_the_letter_of_intent_of_a_prospect(biro, sectors, with_unit, lacking):
    kwargs = {} if sectors is None else {"sectors": sectors}
    prospect = AgreementFactory(
        actor=biro, coordinating_unit=WorkUnitFactory() if with_unit else None, **kwargs
    )
    before = state(prospect)

    with pytest.raises(LifecycleError, match="Before the Letter of Intent") as refused:
        move(prospect, biro, StageAction.LOI)

    assert f"give the agreement {lacking} (edit it)" in str(refused.value)
    assert state(prospect) == before


def test_a_prospect_can_be_dropped(biro):
    prospect = AgreementFactory(actor=biro, sectors=[], coordinating_unit=None)
    assert prospect.is_prospect

    move(prospect, biro, StageAction.DROPPED)

    prospect.refresh_from_db()
    assert (prospect.stage, prospect.coordinating_unit) == (Stage.DROPPED, None)


# --- whose turn it is: handovers -----------------------------------------------------------


def hand_over(agreement, actor, holder, when, reference="Surat Gubernur No. 050/412/2024", **kw):
    return agreement_hand_over(
        agreement=agreement,
        actor=actor,
        holder=holder,
        date=when,
        reference_number=reference,
        today=TODAY,
        **kw,
    )


def test_it_hands_the_file_to_the_dprd_with_the_letter(biro):
    agreement = agreement_in(Stage.PLAN, actor=biro)

    event = hand_over(agreement, biro, Holder.DPRD, date(2024, 5, 6), " Surat No. 050/412/2024 ")

    agreement.refresh_from_db()
    assert (agreement.holder, agreement.held_since, agreement.holder_reference) == (
        Holder.DPRD,
        date(2024, 5, 6),
        "Surat No. 050/412/2024",
    )
    assert (agreement.stage, agreement.stage_since) == (Stage.PLAN, PLAN_DATE)
    assert (event.action, event.from_stage, event.to_stage, event.holder) == (
        StageAction.HANDED_OVER,
        Stage.PLAN,
        Stage.PLAN,
        Holder.DPRD,
    )
    assert (event.reference_number, event.recorded_by) == ("Surat No. 050/412/2024", biro)
    assert agreement.holder_name == "DPRD"


def test_it_hands_the_file_to_a_work_unit_by_name(biro, other_unit):
    agreement = agreement_in(Stage.LOI, actor=biro)

    hand_over(agreement, biro, Holder.WORK_UNIT, date(2024, 3, 5), holder_unit=other_unit)

    agreement.refresh_from_db()
    assert (agreement.holder, agreement.holder_unit) == (Holder.WORK_UNIT, other_unit)
    assert agreement.holder_name == "Dinas Pariwisata"


@pytest.mark.parametrize(
    ("stage", "holder", "when", "reference", "unit", "message"),
    [
        pytest.param(
            Stage.PLAN,
            Holder.DPRD,
            date(2024, 5, 6),
            "",
            False,
            "number of the letter",
            id="no-letter",
        ),
        pytest.param(
            Stage.PLAN,
            Holder.DPRD,
            date(2024, 5, 6),
            "  ",
            False,
            "number of the letter",
            id="blank",
        ),
        pytest.param(
            Stage.PLAN, Holder.BUREAU, date(2024, 5, 6), "1/2024", False, "already holds", id="same"
        ),
        pytest.param(
            Stage.MOU, Holder.PARTNER, date(2025, 1, 6), "1/2025", False, "on its way", id="signed"
        ),
        pytest.param(
            Stage.TERMINATED,
            Holder.DPRD,
            date(2025, 2, 6),
            "1/2025",
            False,
            "on its way",
            id="over",
        ),
        pytest.param(
            Stage.PLAN,
            Holder.DPRD,
            PLAN_DATE - timedelta(days=1),
            "1/2024",
            False,
            "before the previous step",
            id="before",
        ),
        pytest.param(
            Stage.PLAN,
            Holder.DPRD,
            TODAY + timedelta(days=1),
            "1/2026",
            False,
            "in the future",
            id="future",
        ),
        pytest.param(
            Stage.PLAN,
            Holder.WORK_UNIT,
            date(2024, 5, 6),
            "1/2024",
            False,
            "Name the work unit",
            id="unit-missing",
        ),
        pytest.param(
            Stage.PLAN,
            Holder.DPRD,
            date(2024, 5, 6),
            "1/2024",
            True,
            "Name the work unit",
            id="unit-not-holding",
        ),
        pytest.param(Stage.PLAN, "nobody", date(2024, 5, 6), "1/2024", False, "Choose who", id="x"),
    ],
)
def test_it_refuses_a_handover_the_rules_do_not_allow(
    biro, other_unit, stage, holder, when, reference, unit, message
):
    agreement = agreement_in(stage, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError, match=message):
        hand_over(
            agreement, biro, holder, when, reference, holder_unit=other_unit if unit else None
        )

    assert state(agreement) == before


def test_it_refuses_handing_the_file_again_to_who_holds_it(biro):
    agreement = agreement_in(Stage.PLAN, actor=biro)
    hand_over(agreement, biro, Holder.DPRD, date(2024, 5, 6))
    before = state(agreement)

    with pytest.raises(LifecycleError, match="already holds the file"):
        hand_over(agreement, biro, Holder.DPRD, date(2024, 5, 7), "050/413/2024")

    assert state(agreement) == before


def test_it_refuses_a_handover_dated_before_the_previous_entry(biro):
    agreement = agreement_in(Stage.PLAN, actor=biro)
    hand_over(agreement, biro, Holder.GOVERNOR, date(2024, 5, 6))
    before = state(agreement)

    with pytest.raises(LifecycleError, match="cannot be before the previous step"):
        hand_over(agreement, biro, Holder.DPRD, date(2024, 5, 5), "050/413/2024")

    assert state(agreement) == before


def test_an_answer_brings_the_file_back_to_the_bureau(biro):
    agreement = agreement_in(Stage.LOI, actor=biro)
    hand_over(agreement, biro, Holder.PARTNER, date(2024, 3, 5))

    event = agreement_receive_answer(
        agreement=agreement,
        actor=biro,
        date=date(2024, 3, 20),
        reference_number=" Letter 7/2024 ",
        today=TODAY,
    )

    agreement.refresh_from_db()
    assert (agreement.holder, agreement.held_since, agreement.holder_reference) == (
        Holder.BUREAU,
        date(2024, 3, 20),
        "",
    )
    assert agreement.stage == Stage.LOI
    assert (event.action, event.to_stage, event.reference_number) == (
        StageAction.RECEIVED,
        Stage.LOI,
        "Letter 7/2024",
    )


@pytest.mark.parametrize("stage", [Stage.LOI, Stage.MOU])
def test_it_refuses_an_answer_when_the_bureau_holds_the_file(biro, stage):
    agreement = agreement_in(stage, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="no answer to wait for"):
        agreement_receive_answer(agreement=agreement, actor=biro, date=STEP_DATE, today=TODAY)

    assert state(agreement) == before


def test_recording_the_awaited_step_closes_the_wait(biro):
    agreement = agreement_in(Stage.PLAN, actor=biro)
    hand_over(agreement, biro, Holder.DPRD, date(2024, 5, 6))

    move(agreement, biro, StageAction.DPRD_APPROVAL)

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.holder, agreement.held_since) == (
        Stage.DPRD_APPROVAL,
        Holder.BUREAU,
        STEP_DATE,
    )
    assert agreement.holder_reference == ""


def test_the_signing_leaves_nobody_holding_the_file(biro):
    agreement = agreement_in(Stage.FULL_POWERS, actor=biro)
    hand_over(agreement, biro, Holder.PARTNER, date(2024, 8, 20))

    move(agreement, biro, StageAction.MOU_SIGNED)

    agreement.refresh_from_db()
    assert (agreement.holder, agreement.held_since, agreement.holder_reference) == (
        Holder.BUREAU,
        None,
        "",
    )


def test_correcting_a_handover_gives_the_file_back_to_its_previous_holder(biro):
    agreement = agreement_in(Stage.DPRD_APPROVAL, actor=biro)
    hand_over(agreement, biro, Holder.KEMENDAGRI, date(2024, 6, 10), "120/587/2024")
    wrong = hand_over(agreement, biro, Holder.KEMLU, date(2024, 6, 12), "120/590/2024")

    agreement_correct_last_step(
        agreement=agreement, actor=biro, reason="Wrong ministry.", event_id=wrong.pk, today=TODAY
    )

    agreement.refresh_from_db()
    assert (agreement.holder, agreement.held_since, agreement.holder_reference) == (
        Holder.KEMENDAGRI,
        date(2024, 6, 10),
        "120/587/2024",
    )
    assert agreement.stage == Stage.DPRD_APPROVAL
    assert actions_of(agreement)[-3:] == ["handover", "handover", "corrected"]


def test_correcting_the_only_handover_gives_the_file_back_to_the_bureau(biro):
    agreement = agreement_in(Stage.PLAN, actor=biro)
    wrong = hand_over(agreement, biro, Holder.DPRD, date(2024, 5, 6))

    agreement_correct_last_step(
        agreement=agreement, actor=biro, reason="Not sent yet.", event_id=wrong.pk, today=TODAY
    )

    agreement.refresh_from_db()
    assert (agreement.holder, agreement.held_since, agreement.holder_reference) == (
        Holder.BUREAU,
        PLAN_DATE,
        "",
    )


# --- corrections -------------------------------------------------------------------------


def correct(agreement, actor, reason):
    """Correct as the form does: naming the step shown as the last one (0: none)."""
    event = last_correctable_event(agreement)
    return agreement_correct_last_step(
        agreement=agreement,
        actor=actor,
        reason=reason,
        event_id=event.pk if event else 0,
        today=TODAY,
    )


def test_it_undoes_the_last_step_with_a_correction(biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    loi = agreement.stage_events.get(action=StageAction.LOI)

    correction = agreement_correct_last_step(
        agreement=agreement, actor=biro, reason="Wrong agreement.", event_id=loi.pk, today=TODAY
    )

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.loi_date, agreement.stage_since) == (
        Stage.EXPLORATION,
        None,
        FIRST_CONTACT,
    )
    assert actions_of(agreement) == ["opened", "loi", "corrected"]
    assert (correction.corrects, correction.from_stage, correction.to_stage) == (
        loi,
        Stage.LOI,
        Stage.EXPLORATION,
    )
    assert (correction.date, correction.reason, correction.recorded_by) == (
        TODAY,
        "Wrong agreement.",
        biro,
    )
    # The LoI's document stays, as evidence of what was recorded.
    assert Document.objects.filter(agreement=agreement).count() == 1


def test_it_undoes_two_steps_with_two_corrections(biro, agreement):
    advance(agreement, actor=biro, to=Stage.DPRD_APPROVAL)

    correct(agreement, biro, "Not yet.")
    correct(agreement, biro, "Nor this.")

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.stage_since) == (Stage.LOI, LOI_DATE)
    assert agreement.plan_date is None
    assert agreement.dprd_approval_date is None
    assert agreement.dprd_decision_number == ""
    assert actions_of(agreement) == ["opened", "loi", "plan", "dprd", "corrected", "corrected"]


def test_it_goes_back_to_the_stage_date_before_the_undone_step(biro, agreement):
    advance(agreement, actor=biro, to=Stage.MOU)

    correct(agreement, biro, "Typo.")

    agreement.refresh_from_db()
    assert agreement.stage == Stage.FULL_POWERS
    assert agreement.stage_since == FULL_POWERS_DATE
    assert (agreement.mou_signed_date, agreement.valid_until, agreement.mou_signatories) == (
        None,
        None,
        "",
    )
    # Open again: the Bureau holds the file since the step before the undone one.
    assert (agreement.holder, agreement.held_since) == (Holder.BUREAU, FULL_POWERS_DATE)


def test_it_restores_the_previous_validity_when_a_renewal_is_corrected(biro):
    agreement = agreement_in(Stage.MOU, actor=biro)
    move(agreement, biro, StageAction.RENEWED, valid_until=date(2034, 9, 1))

    correct(agreement, biro, "Wrong end.")

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.valid_until) == (Stage.MOU, MOU_VALID_UNTIL)


def test_it_refuses_a_repeated_correction_of_the_same_step(biro, agreement):
    """A double click posts the same step twice: the second must not undo the LoI too."""
    advance(agreement, actor=biro, to=Stage.DPRD_APPROVAL)
    dprd = agreement.stage_events.get(action=StageAction.DPRD_APPROVAL)
    correct(agreement, biro, "Not yet.")
    before = state(agreement)

    with translation.override("en"), pytest.raises(StepChangedError) as refused:
        agreement_correct_last_step(
            agreement=agreement, actor=biro, reason="Not yet.", event_id=dprd.pk, today=TODAY
        )

    assert str(refused.value).startswith("This step was already corrected")
    assert state(agreement) == before
    assert agreement.stage == Stage.PLAN
    assert actions_of(agreement) == ["opened", "loi", "plan", "dprd", "corrected"]


def test_it_refuses_a_second_correction_of_the_only_step(biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    loi = agreement.stage_events.get(action=StageAction.LOI)
    correct(agreement, biro, "Undo.")
    before = state(agreement)

    with pytest.raises(StepChangedError):
        agreement_correct_last_step(
            agreement=agreement, actor=biro, reason="Undo.", event_id=loi.pk, today=TODAY
        )

    assert state(agreement) == before


def test_it_refuses_a_correction_of_a_step_no_longer_the_last(biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    shown = last_correctable_event(agreement)
    advance(agreement, actor=biro, to=Stage.DPRD_APPROVAL)  # by a colleague, meanwhile
    before = state(agreement)

    with pytest.raises(StepChangedError):
        agreement_correct_last_step(
            agreement=agreement, actor=biro, reason="Wrong.", event_id=shown.pk, today=TODAY
        )

    assert state(agreement) == before
    assert agreement.stage == Stage.DPRD_APPROVAL


def test_it_has_nothing_to_correct_on_a_fresh_agreement(biro, agreement):
    before = state(agreement)

    with pytest.raises(LifecycleError, match="no step to correct"):
        correct(agreement, biro, "?")

    assert state(agreement) == before


def test_it_never_corrects_the_opening_entry(biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    correct(agreement, biro, "Undo.")
    before = state(agreement)

    with pytest.raises(LifecycleError, match="no step to correct"):
        correct(agreement, biro, "Again.")

    assert state(agreement) == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_refuses_a_correction_without_a_reason(biro, agreement, reason):
    advance(agreement, actor=biro, to=Stage.LOI)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="needs a reason"):
        correct(agreement, biro, reason)

    assert state(agreement) == before


def test_it_allows_the_corrected_step_to_be_recorded_again(biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    correct(agreement, biro, "Wrong date.")

    move(agreement, biro, StageAction.LOI, date=date(2024, 4, 2), consulted_on=None)

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.loi_date) == (Stage.LOI, date(2024, 4, 2))
    assert actions_of(agreement) == ["opened", "loi", "corrected", "loi"]


def test_it_checks_dates_against_the_history_without_the_undone_step(biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    correct(agreement, biro, "Wrong date.")

    # Before the undone LoI (2024-03-01) but after the first contact: allowed.
    move(agreement, biro, StageAction.LOI, date=date(2024, 2, 1), consulted_on=None)

    agreement.refresh_from_db()
    assert agreement.loi_date == date(2024, 2, 1)


# --- the history is append-only, and the database keeps the rules ---------------------------


def test_it_refuses_to_rewrite_a_history_entry(biro, agreement):
    event = agreement.stage_events.get()
    event.date = date(2020, 1, 1)

    with pytest.raises(AppendOnlyError):
        event.save()

    assert StageEvent.objects.get(pk=event.pk).date == FIRST_CONTACT


def test_it_refuses_to_delete_a_history_entry(biro, agreement):
    event = agreement.stage_events.get()

    with pytest.raises(AppendOnlyError):
        event.delete()

    assert StageEvent.objects.filter(pk=event.pk).exists()


def test_it_refuses_to_delete_or_rewrite_history_in_bulk(biro, agreement):
    with pytest.raises(AppendOnlyError):
        StageEvent.objects.filter(agreement=agreement).delete()
    with pytest.raises(AppendOnlyError):
        StageEvent.objects.filter(agreement=agreement).update(reason="rewritten")

    assert agreement.stage_events.get().reason == ""


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"action": StageAction.DROPPED, "to_stage": Stage.DROPPED}, "reason"),
        ({"action": StageAction.TERMINATED, "to_stage": Stage.TERMINATED}, "reason"),
        ({"action": StageAction.DPRD_APPROVAL, "to_stage": Stage.DPRD_APPROVAL}, "decision"),
        ({"action": StageAction.MOU_SIGNED, "to_stage": Stage.MOU}, "validity"),
        ({"action": StageAction.CORRECTED, "to_stage": Stage.EXPLORATION, "reason": "x"}, "target"),
        ({"action": "bogus", "to_stage": Stage.EXPLORATION}, "action"),
        ({"action": StageAction.HANDED_OVER, "to_stage": Stage.EXPLORATION}, "holder"),
        ({"action": StageAction.LOI, "to_stage": Stage.LOI, "holder": Holder.DPRD}, "no holder"),
        (
            {
                "action": StageAction.HANDED_OVER,
                "to_stage": Stage.EXPLORATION,
                "holder": Holder.WORK_UNIT,
            },
            "unit",
        ),
    ],
)
def test_it_keeps_history_rules_in_the_database(biro, agreement, fields, constraint):
    before = StageEvent.objects.count()

    with pytest.raises(IntegrityError), transaction.atomic():
        StageEvent.objects.create(
            agreement=agreement,
            from_stage=Stage.EXPLORATION,
            date=TODAY,
            recorded_by=biro,
            **fields,
        )

    assert StageEvent.objects.count() == before


def test_it_requires_a_work_unit_for_an_skpd_officer_in_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="nounit", role=Role.SKPD, work_unit=None)

    assert not User.objects.filter(username="nounit").exists()


@pytest.mark.parametrize("role", [Role.BIRO, Role.LEADERSHIP, Role.ADMINISTRATOR])
def test_it_refuses_a_work_unit_for_other_roles_in_the_database(unit, role):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="withunit", role=role, work_unit=unit)

    assert not User.objects.filter(username="withunit").exists()


def test_it_refuses_an_unknown_role_in_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="nobody", role="guest")

    assert not User.objects.filter(username="nobody").exists()


# --- concurrency -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("REQUIRE_POSTGRES"),
    reason="select_for_update needs PostgreSQL; SQLite serialises writes",
)
def test_it_lets_only_one_of_two_concurrent_advances_through(media_root):
    biro = User.objects.create(username="biro-concurrent", role=Role.BIRO)
    agreement = AgreementFactory(actor=biro)
    barrier = threading.Barrier(2)
    outcomes = []

    def advance_once(name):
        try:
            barrier.wait(timeout=10)
            agreement_move_stage(
                agreement=Agreement.objects.get(pk=agreement.pk),
                actor=biro,
                action=StageAction.LOI,
                date=LOI_DATE,
                document=pdf_upload(f"{name}.pdf"),
                today=TODAY,
            )
            outcomes.append("ok")
        except LifecycleError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=advance_once, args=(n,)) for n in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    agreement.refresh_from_db()
    assert sorted(outcomes) == ["ok", "refused"]
    assert agreement.stage == Stage.LOI
    assert StageEvent.objects.filter(agreement=agreement, action=StageAction.LOI).count() == 1
    assert Document.objects.filter(agreement=agreement).count() == 1
