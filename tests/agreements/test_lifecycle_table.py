"""The lifecycle table's pure rules: each kind's path, the danger steps, the derived state
and the waits of the file."""

from datetime import date
from types import SimpleNamespace

import pytest

from agreements import lifecycle
from agreements.lifecycle import (
    PATH,
    STEPS,
    Wait,
    from_stages,
    history_state,
    next_step,
    path_stages,
    stage_strip,
)
from agreements.models import Agreement, Holder, Stage, StageAction
from agreements.models.agreements import AgreementKind

WHOLE_PATH = [
    Stage.EXPLORATION,
    Stage.LOI,
    Stage.PLAN,
    Stage.DPRD_APPROVAL,
    Stage.VERIFIED,
    Stage.FULL_POWERS,
    Stage.MOU,
]


def event(action, to_stage, when, corrects=None, **evidence):
    """A plain, unsaved stand-in for a StageEvent, as the seeders plan them."""
    fields = {
        "reference_number": "",
        "valid_until": None,
        "reason": "",
        "consulted_on": None,
        "signatories": "",
        "languages": "",
        "holder": "",
        "holder_unit_id": None,
    } | evidence
    return SimpleNamespace(
        pk=None, action=action, to_stage=to_stage, date=when, corrects=corrects, **fields
    )


def handover(holder, stage, when, reference, unit_id=None):
    return event(
        StageAction.HANDED_OVER,
        stage,
        when,
        holder=holder,
        holder_unit_id=unit_id,
        reference_number=reference,
    )


def test_only_terminating_and_dropping_are_destructive():
    destructive = {action for action, step in STEPS.items() if step.destructive}

    assert destructive == {StageAction.TERMINATED, StageAction.DROPPED}


@pytest.mark.parametrize(
    ("kind", "stages"),
    [
        (AgreementKind.SISTER_PROVINCE, WHOLE_PATH),
        (AgreementKind.SISTER_CITY, WHOLE_PATH),
        (AgreementKind.OTHER, [s for s in WHOLE_PATH if s != Stage.FULL_POWERS]),
    ],
)
def test_each_kind_takes_its_own_path(kind, stages):
    assert path_stages(kind) == stages
    assert [m.stage for m in lifecycle.path(kind)] == stages


def test_the_whole_path_runs_from_the_exploration_to_the_mou_and_each_step_records_its_date():
    assert [m.stage for m in PATH] == WHOLE_PATH
    recorded = {s.to_stage: s.records["date"] for s in STEPS.values() if s.on_path}
    for milestone in PATH[1:]:
        assert recorded[milestone.stage] == milestone.reached_on


@pytest.mark.parametrize(
    ("action", "kind", "stages"),
    [
        (StageAction.LOI, AgreementKind.OTHER, {Stage.EXPLORATION}),
        (StageAction.PLAN, AgreementKind.SISTER_PROVINCE, {Stage.LOI}),
        (StageAction.DPRD_APPROVAL, AgreementKind.SISTER_PROVINCE, {Stage.PLAN}),
        (StageAction.MOU_SIGNED, AgreementKind.SISTER_PROVINCE, {Stage.FULL_POWERS}),
        (StageAction.MOU_SIGNED, AgreementKind.OTHER, {Stage.VERIFIED}),
        (StageAction.FULL_POWERS, AgreementKind.OTHER, set()),
        (StageAction.RENEWED, AgreementKind.OTHER, {Stage.MOU, Stage.EXPIRED}),
        (StageAction.DROPPED, AgreementKind.OTHER, set(WHOLE_PATH[:-1])),
    ],
)
def test_a_step_is_taken_from_the_stage_before_it_on_the_kinds_path(action, kind, stages):
    assert from_stages(STEPS[action], kind) == stages


def test_the_setting_changes_a_kinds_path_and_where_its_steps_start(settings):
    settings.LIFECYCLE_STEPS = {AgreementKind.SISTER_PROVINCE: {StageAction.DPRD_APPROVAL}}

    assert path_stages(AgreementKind.SISTER_PROVINCE) == [
        Stage.EXPLORATION,
        Stage.LOI,
        Stage.DPRD_APPROVAL,
        Stage.MOU,
    ]
    assert from_stages(STEPS[StageAction.DPRD_APPROVAL], AgreementKind.SISTER_PROVINCE) == {
        Stage.LOI
    }
    # The other kinds keep the default.
    assert Stage.PLAN in path_stages(AgreementKind.OTHER)


def test_the_next_step_is_the_one_the_file_waits_for():
    assert next_step(AgreementKind.OTHER, Stage.VERIFIED).action == StageAction.MOU_SIGNED
    assert next_step(AgreementKind.SISTER_CITY, Stage.PLAN).action == StageAction.DPRD_APPROVAL
    assert next_step(AgreementKind.OTHER, Stage.MOU) is None


def test_it_derives_the_state_of_plain_events_leaving_out_a_correction_and_its_step():
    opened = event(StageAction.OPENED, Stage.EXPLORATION, date(2024, 1, 10))
    wrong = event(StageAction.LOI, Stage.LOI, date(2024, 2, 1))
    correction = event(StageAction.CORRECTED, Stage.EXPLORATION, date(2024, 2, 3), corrects=wrong)
    loi = event(StageAction.LOI, Stage.LOI, date(2024, 2, 5), consulted_on=date(2024, 1, 20))
    plan = event(StageAction.PLAN, Stage.PLAN, date(2024, 3, 5))
    dprd = event(
        StageAction.DPRD_APPROVAL, Stage.DPRD_APPROVAL, date(2024, 6, 1), reference_number="7/KEP"
    )

    state = history_state([opened, wrong, correction, loi, plan, dprd])

    assert state.effective == [opened, loi, plan, dprd]
    assert state.is_undone(wrong) and not state.is_undone(loi)
    assert state.fields == {
        "stage": Stage.DPRD_APPROVAL,
        "stage_since": date(2024, 6, 1),
        "first_contact_date": date(2024, 1, 10),
        "loi_date": date(2024, 2, 5),
        "kemlu_consulted_on": date(2024, 1, 20),
        "plan_date": date(2024, 3, 5),
        "dprd_approval_date": date(2024, 6, 1),
        "dprd_decision_number": "7/KEP",
        "verified_date": None,
        "verification_number": "",
        "full_powers_date": None,
        "full_powers_number": "",
        "mou_signed_date": None,
        "valid_until": None,
        "mou_number": "",
        "mou_signatories": "",
        "mou_languages": "",
        "holder": Holder.BUREAU,
        "holder_unit_id": None,
        "held_since": date(2024, 6, 1),
        "holder_reference": "",
    }


def test_a_renewal_keeps_the_stage_and_its_start_but_moves_the_validity_end():
    events = [
        event(StageAction.OPENED, Stage.EXPLORATION, date(2015, 1, 1)),
        event(StageAction.LOI, Stage.LOI, date(2015, 3, 1)),
        event(StageAction.DPRD_APPROVAL, Stage.DPRD_APPROVAL, date(2015, 6, 1)),
        event(
            StageAction.MOU_SIGNED,
            Stage.MOU,
            date(2015, 9, 1),
            valid_until=date(2020, 8, 31),
            reference_number="MoU/1",
            signatories="A\nB",
        ),
        event(StageAction.RENEWED, Stage.MOU, date(2020, 8, 1), valid_until=date(2025, 8, 31)),
    ]

    state = history_state(events)

    assert (state.stage, state.stage_since) == (Stage.MOU, date(2015, 9, 1))
    assert (state.key_dates["valid_until"], state.key_dates["mou_number"]) == (
        date(2025, 8, 31),
        "MoU/1",
    )
    assert state.key_dates["mou_signatories"] == "A\nB"
    # Signed: nobody holds the file any more.
    assert state.holding is None
    assert (state.fields["holder"], state.fields["held_since"]) == (Holder.BUREAU, None)


def test_it_derives_every_wait_of_the_file_and_who_holds_it_now():
    events = [
        event(StageAction.OPENED, Stage.EXPLORATION, date(2024, 1, 10)),
        event(StageAction.LOI, Stage.LOI, date(2024, 3, 1)),
        handover(Holder.PARTNER, Stage.LOI, date(2024, 3, 10), "070/1/BAK/2024"),
        event(StageAction.RECEIVED, Stage.LOI, date(2024, 4, 1), reference_number="answer"),
        event(StageAction.PLAN, Stage.PLAN, date(2024, 5, 1)),
        handover(Holder.WORK_UNIT, Stage.PLAN, date(2024, 5, 3), "070/2/BAK/2024", unit_id=9),
        handover(Holder.DPRD, Stage.PLAN, date(2024, 5, 10), "050/3/2024"),
        event(StageAction.DPRD_APPROVAL, Stage.DPRD_APPROVAL, date(2024, 7, 1)),
        handover(Holder.KEMENDAGRI, Stage.DPRD_APPROVAL, date(2024, 7, 10), "120/4/BAK/2024"),
    ]

    state = history_state(events)

    bureau = Holder.BUREAU
    assert state.waits == [
        Wait(Stage.EXPLORATION, bureau, None, date(2024, 1, 10), date(2024, 3, 1)),
        Wait(Stage.LOI, bureau, None, date(2024, 3, 1), date(2024, 3, 10)),
        Wait(
            Stage.LOI, Holder.PARTNER, None, date(2024, 3, 10), date(2024, 4, 1), "070/1/BAK/2024"
        ),
        Wait(Stage.LOI, bureau, None, date(2024, 4, 1), date(2024, 5, 1)),
        Wait(Stage.PLAN, bureau, None, date(2024, 5, 1), date(2024, 5, 3)),
        Wait(
            Stage.PLAN, Holder.WORK_UNIT, 9, date(2024, 5, 3), date(2024, 5, 10), "070/2/BAK/2024"
        ),
        Wait(Stage.PLAN, Holder.DPRD, None, date(2024, 5, 10), date(2024, 7, 1), "050/3/2024"),
        Wait(Stage.DPRD_APPROVAL, bureau, None, date(2024, 7, 1), date(2024, 7, 10)),
        Wait(
            Stage.DPRD_APPROVAL, Holder.KEMENDAGRI, None, date(2024, 7, 10), None, "120/4/BAK/2024"
        ),
    ]
    assert state.holding == state.waits[-1]
    assert state.holding.days(date(2024, 12, 7)) == 150
    assert state.waits[6].days(date(2030, 1, 1)) == 52  # closed: its end, not today
    assert (state.stage, state.stage_since) == (Stage.DPRD_APPROVAL, date(2024, 7, 1))
    assert {k: state.fields[k] for k in ("holder", "held_since", "holder_reference")} == {
        "holder": Holder.KEMENDAGRI,
        "held_since": date(2024, 7, 10),
        "holder_reference": "120/4/BAK/2024",
    }


def test_a_corrected_handover_is_no_wait_at_all():
    wrong = handover(Holder.KEMLU, Stage.PLAN, date(2024, 5, 10), "120/9/2024")
    events = [
        event(StageAction.OPENED, Stage.EXPLORATION, date(2024, 1, 10)),
        event(StageAction.LOI, Stage.LOI, date(2024, 3, 1)),
        event(StageAction.PLAN, Stage.PLAN, date(2024, 4, 1)),
        wrong,
        event(StageAction.CORRECTED, Stage.PLAN, date(2024, 5, 11), corrects=wrong),
    ]

    state = history_state(events)

    assert state.holding == Wait(Stage.PLAN, Holder.BUREAU, None, date(2024, 4, 1), None)
    assert all(w.holder != Holder.KEMLU for w in state.waits)


@pytest.mark.parametrize(
    ("stage", "kind", "dates", "classes"),
    [
        (
            Stage.EXPLORATION,
            AgreementKind.SISTER_PROVINCE,
            {},
            ["done current", "", "", "", "", "", ""],
        ),
        (
            Stage.PLAN,
            AgreementKind.SISTER_PROVINCE,
            {"loi_date": date(2024, 2, 1), "plan_date": date(2024, 3, 1)},
            ["done", "done", "done current", "", "", "", ""],
        ),
        (
            Stage.DROPPED,
            AgreementKind.OTHER,
            {"loi_date": date(2024, 2, 1)},
            ["done", "done", "", "", "", "", "current"],
        ),
    ],
)
def test_the_stage_strip_marks_what_was_reached_and_where_it_stands(stage, kind, dates, classes):
    agreement = Agreement(stage=stage, kind=kind, first_contact_date=date(2024, 1, 10), **dates)

    strip = stage_strip(agreement)

    assert [item.css_class for item in strip] == classes
    labels = [str(m.label) for m in lifecycle.path(kind)]
    assert [str(item.label) for item in strip][: len(labels)] == labels
