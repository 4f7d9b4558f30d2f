"""The lifecycle table and the service that moves an agreement, called directly."""

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
from agreements.models import Agreement, Document, Role, Stage, StageAction, StageEvent, User
from agreements.models.agreements import AppendOnlyError
from agreements.models.documents import DocumentKind
from agreements.services.lifecycle import (
    agreement_correct_last_step,
    agreement_move_stage,
    expire_agreements,
)

from ..factories import (
    DPRD_DATE,
    DPRD_DECISION_NUMBER,
    LOI_DATE,
    MOU_DATE,
    MOU_VALID_UNTIL,
    AgreementFactory,
    advance,
    pdf_upload,
)

TODAY = date(2026, 11, 27)
FIRST_CONTACT = date(2024, 1, 10)  # the factory's

# What the table must allow, written out by hand rather than read from the table under test.
PERSON_ACTIONS = [
    StageAction.LOI,
    StageAction.DPRD_APPROVAL,
    StageAction.MOU_SIGNED,
    StageAction.RENEWED,
    StageAction.TERMINATED,
    StageAction.DROPPED,
]
ALLOWED = {
    (Stage.CONTACT, StageAction.LOI): Stage.LOI,
    (Stage.CONTACT, StageAction.DROPPED): Stage.DROPPED,
    (Stage.LOI, StageAction.DPRD_APPROVAL): Stage.DPRD_APPROVAL,
    (Stage.LOI, StageAction.DROPPED): Stage.DROPPED,
    (Stage.DPRD_APPROVAL, StageAction.MOU_SIGNED): Stage.MOU,
    (Stage.DPRD_APPROVAL, StageAction.DROPPED): Stage.DROPPED,
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
        StageAction.LOI: {"document": pdf_upload("loi.pdf")},
        StageAction.DPRD_APPROVAL: {"reference_number": "7/KEP/DPRD/2026"},
        StageAction.MOU_SIGNED: {
            "valid_until": LATE_VALID_UNTIL,
            "document": pdf_upload("mou.pdf"),
            "reference_number": "MoU/NTB/2026",
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
    if stage in {Stage.LOI, Stage.DPRD_APPROVAL, Stage.MOU}:
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


def state(agreement) -> dict:
    """Everything a refused move must leave as it was."""
    agreement.refresh_from_db()
    return {
        "stage": agreement.stage,
        "stage_since": agreement.stage_since,
        "first_contact_date": agreement.first_contact_date,
        "loi_date": agreement.loi_date,
        "dprd_approval_date": agreement.dprd_approval_date,
        "dprd_decision_number": agreement.dprd_decision_number,
        "mou_signed_date": agreement.mou_signed_date,
        "mou_number": agreement.mou_number,
        "valid_until": agreement.valid_until,
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


@pytest.mark.parametrize("stage", [Stage.CONTACT, Stage.LOI, Stage.DPRD_APPROVAL])
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


@pytest.mark.parametrize("action", [StageAction.OPENED, StageAction.CORRECTED])
def test_it_refuses_the_actions_that_are_not_steps(biro, agreement, action):
    before = state(agreement)

    with pytest.raises(LifecycleError):
        move(agreement, biro, action)

    assert state(agreement) == before


# --- the spine and its key dates -------------------------------------------------------


def test_it_records_the_letter_of_intent_with_its_document(biro, agreement):
    event = agreement_move_stage(
        agreement=agreement,
        actor=biro,
        action=StageAction.LOI,
        date=LOI_DATE,
        document=pdf_upload("LoI signed.pdf"),
        today=TODAY,
    )

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.loi_date, agreement.stage_since) == (
        Stage.LOI,
        LOI_DATE,
        LOI_DATE,
    )
    document = Document.objects.get(agreement=agreement)
    assert (document.kind, document.stage_event, document.original_name) == (
        DocumentKind.LOI,
        event,
        "LoI signed.pdf",
    )


def test_it_records_the_dprd_approval_and_its_decision_number(biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)

    agreement_move_stage(
        agreement=agreement,
        actor=biro,
        action=StageAction.DPRD_APPROVAL,
        date=DPRD_DATE,
        reference_number="  12/KEP/DPRD/2024 ",
        today=TODAY,
    )

    agreement.refresh_from_db()
    assert agreement.stage == Stage.DPRD_APPROVAL
    assert agreement.dprd_approval_date == DPRD_DATE
    assert agreement.dprd_decision_number == "12/KEP/DPRD/2024"
    assert agreement.stage_since == DPRD_DATE
    assert agreement.loi_date == LOI_DATE


def test_it_records_the_signed_mou_and_its_validity(biro, agreement):
    advance(agreement, actor=biro, to=Stage.DPRD_APPROVAL)

    event = agreement_move_stage(
        agreement=agreement,
        actor=biro,
        action=StageAction.MOU_SIGNED,
        date=MOU_DATE,
        valid_until=MOU_VALID_UNTIL,
        reference_number="MoU/NTB/2024",
        document=pdf_upload("mou.pdf"),
        today=TODAY,
    )

    agreement.refresh_from_db()
    assert agreement.stage == Stage.MOU
    assert agreement.mou_signed_date == MOU_DATE
    assert agreement.valid_until == MOU_VALID_UNTIL
    assert agreement.mou_number == "MoU/NTB/2024"
    assert agreement.stage_since == MOU_DATE
    assert agreement.is_in_force
    assert event.documents.get().kind == DocumentKind.MOU


def test_it_keeps_every_key_date_along_the_spine(biro, agreement):
    advance(agreement, actor=biro, to=Stage.MOU)

    agreement.refresh_from_db()
    assert agreement.first_contact_date == FIRST_CONTACT
    assert agreement.loi_date == LOI_DATE
    assert agreement.dprd_approval_date == DPRD_DATE
    assert agreement.dprd_decision_number == DPRD_DECISION_NUMBER
    assert agreement.mou_signed_date == MOU_DATE
    assert agreement.valid_until == MOU_VALID_UNTIL
    assert actions_of(agreement) == ["opened", "loi", "dprd", "mou"]


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


def test_it_refuses_the_portal_expiring_an_mou_that_is_still_valid(biro, agreement):
    advance(agreement, actor=biro, to=Stage.MOU, valid_until=date(2025, 9, 1))

    with pytest.raises(LifecycleError):
        agreement_move_stage(
            agreement=agreement,
            actor=None,
            action=StageAction.EXPIRED,
            date=date(2025, 9, 1),
            today=TODAY,
        )

    agreement.refresh_from_db()
    assert agreement.stage == Stage.MOU
    assert not agreement.stage_events.filter(action=StageAction.EXPIRED).exists()


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


@pytest.mark.parametrize("stage", [Stage.CONTACT, Stage.LOI, Stage.DPRD_APPROVAL])
def test_it_drops_an_agreement_before_its_mou_with_its_reason(biro, stage):
    agreement = agreement_in(stage, actor=biro)

    event = move(agreement, biro, StageAction.DROPPED, reason="No answer from the partner.")

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.stage_since) == (Stage.DROPPED, STEP_DATE)
    assert (event.from_stage, event.reason) == (stage, "No answer from the partner.")


def test_it_drops_only_the_evidence_the_step_knows(biro, agreement):
    event = move(agreement, biro, StageAction.LOI, reason="ignored", valid_until=LATE_VALID_UNTIL)

    assert (event.reason, event.valid_until, event.reference_number) == ("", None, "")


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


MISSING_EVIDENCE = [
    (Stage.CONTACT, StageAction.LOI, "date", None),
    (Stage.CONTACT, StageAction.LOI, "document", None),
    (Stage.LOI, StageAction.DPRD_APPROVAL, "date", None),
    (Stage.LOI, StageAction.DPRD_APPROVAL, "reference_number", ""),
    (Stage.LOI, StageAction.DPRD_APPROVAL, "reference_number", "   "),
    (Stage.DPRD_APPROVAL, StageAction.MOU_SIGNED, "date", None),
    (Stage.DPRD_APPROVAL, StageAction.MOU_SIGNED, "valid_until", None),
    (Stage.DPRD_APPROVAL, StageAction.MOU_SIGNED, "document", None),
    (Stage.MOU, StageAction.RENEWED, "date", None),
    (Stage.MOU, StageAction.RENEWED, "valid_until", None),
    (Stage.MOU, StageAction.TERMINATED, "date", None),
    (Stage.MOU, StageAction.TERMINATED, "reason", ""),
    (Stage.CONTACT, StageAction.DROPPED, "reason", ""),
    (Stage.LOI, StageAction.DROPPED, "reason", "  "),
    (Stage.DPRD_APPROVAL, StageAction.DROPPED, "date", None),
]


@pytest.mark.parametrize(("stage", "action", "name", "value"), MISSING_EVIDENCE)
def test_it_refuses_a_step_without_its_evidence(biro, stage, action, name, value):
    agreement = agreement_in(stage, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="Missing evidence"):
        move(agreement, biro, action, **{name: value})

    assert state(agreement) == before


@pytest.mark.parametrize(
    ("stage", "action", "previous_date"),
    [
        (Stage.CONTACT, StageAction.LOI, FIRST_CONTACT),
        (Stage.LOI, StageAction.DPRD_APPROVAL, LOI_DATE),
        (Stage.DPRD_APPROVAL, StageAction.MOU_SIGNED, DPRD_DATE),
        (Stage.MOU, StageAction.TERMINATED, MOU_DATE),
        (Stage.LOI, StageAction.DROPPED, LOI_DATE),
    ],
)
def test_it_refuses_a_date_before_the_previous_step(biro, stage, action, previous_date):
    agreement = agreement_in(stage, actor=biro)
    before = state(agreement)

    with pytest.raises(LifecycleError, match="cannot be before the previous step"):
        move(agreement, biro, action, date=previous_date - timedelta(days=1))

    assert state(agreement) == before


def test_it_accepts_a_step_on_the_day_of_the_previous_one(biro, agreement):
    move(agreement, biro, StageAction.LOI, date=FIRST_CONTACT)

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.loi_date) == (Stage.LOI, FIRST_CONTACT)


@pytest.mark.parametrize("stage", [Stage.CONTACT, Stage.MOU])
def test_it_refuses_a_future_date(biro, stage):
    agreement = agreement_in(stage, actor=biro)
    before = state(agreement)
    action = StageAction.LOI if stage == Stage.CONTACT else StageAction.TERMINATED

    with pytest.raises(LifecycleError, match="cannot be in the future"):
        move(agreement, biro, action, date=TODAY + timedelta(days=1))

    assert state(agreement) == before


def test_it_accepts_a_step_dated_today(biro, agreement):
    move(agreement, biro, StageAction.LOI, date=TODAY)

    agreement.refresh_from_db()
    assert agreement.loi_date == TODAY


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
    agreement = agreement_in(Stage.DPRD_APPROVAL, actor=biro)
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
        Stage.CONTACT,
        None,
        FIRST_CONTACT,
    )
    assert actions_of(agreement) == ["opened", "loi", "corrected"]
    assert (correction.corrects, correction.from_stage, correction.to_stage) == (
        loi,
        Stage.LOI,
        Stage.CONTACT,
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
    assert agreement.stage == Stage.CONTACT
    assert agreement.loi_date is None
    assert agreement.dprd_approval_date is None
    assert agreement.dprd_decision_number == ""
    assert actions_of(agreement) == ["opened", "loi", "dprd", "corrected", "corrected"]


def test_it_goes_back_to_the_stage_date_before_the_undone_step(biro, agreement):
    advance(agreement, actor=biro, to=Stage.MOU)

    correct(agreement, biro, "Typo.")

    agreement.refresh_from_db()
    assert agreement.stage == Stage.DPRD_APPROVAL
    assert agreement.stage_since == DPRD_DATE
    assert (agreement.mou_signed_date, agreement.valid_until, agreement.mou_number) == (
        None,
        None,
        "",
    )


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
    assert agreement.stage == Stage.LOI
    assert actions_of(agreement) == ["opened", "loi", "dprd", "corrected"]


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

    move(agreement, biro, StageAction.LOI, date=date(2024, 4, 2))

    agreement.refresh_from_db()
    assert (agreement.stage, agreement.loi_date) == (Stage.LOI, date(2024, 4, 2))
    assert actions_of(agreement) == ["opened", "loi", "corrected", "loi"]


def test_it_checks_dates_against_the_history_without_the_undone_step(biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    correct(agreement, biro, "Wrong date.")

    # Before the undone LoI (2024-03-01) but after the first contact: allowed.
    move(agreement, biro, StageAction.LOI, date=date(2024, 2, 1))

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
        ({"action": StageAction.CORRECTED, "to_stage": Stage.CONTACT, "reason": "x"}, "target"),
        ({"action": "bogus", "to_stage": Stage.CONTACT}, "action"),
    ],
)
def test_it_keeps_history_rules_in_the_database(biro, agreement, fields, constraint):
    before = StageEvent.objects.count()

    with pytest.raises(IntegrityError), transaction.atomic():
        StageEvent.objects.create(
            agreement=agreement,
            from_stage=Stage.CONTACT,
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
