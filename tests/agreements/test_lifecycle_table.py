"""The lifecycle table's pure rules: the main path, the danger steps, the derived state."""

from datetime import date
from types import SimpleNamespace

import pytest

from agreements.lifecycle import PATH, STEPS, history_state, stage_strip
from agreements.models import Agreement, Stage, StageAction


def event(action, to_stage, when, corrects=None, **evidence):
    """A plain, unsaved stand-in for a StageEvent, as the seeders plan them."""
    fields = {"reference_number": "", "valid_until": None, "reason": ""} | evidence
    return SimpleNamespace(
        pk=None, action=action, to_stage=to_stage, date=when, corrects=corrects, **fields
    )


def test_only_terminating_and_dropping_are_destructive():
    destructive = {action for action, step in STEPS.items() if step.destructive}

    assert destructive == {StageAction.TERMINATED, StageAction.DROPPED}


def test_the_main_path_runs_from_contact_to_the_mou_and_each_step_records_its_date():
    assert [m.stage for m in PATH] == [Stage.CONTACT, Stage.LOI, Stage.DPRD_APPROVAL, Stage.MOU]
    recorded = {s.to_stage: s.records["date"] for s in STEPS.values() if "date" in s.records}
    for milestone in PATH[1:]:
        assert recorded[milestone.stage] == milestone.reached_on


def test_it_derives_the_state_of_plain_events_leaving_out_a_correction_and_its_step():
    opened = event(StageAction.OPENED, Stage.CONTACT, date(2024, 1, 10))
    wrong = event(StageAction.LOI, Stage.LOI, date(2024, 2, 1))
    correction = event(StageAction.CORRECTED, Stage.CONTACT, date(2024, 2, 3), corrects=wrong)
    loi = event(StageAction.LOI, Stage.LOI, date(2024, 2, 5))
    dprd = event(
        StageAction.DPRD_APPROVAL, Stage.DPRD_APPROVAL, date(2024, 6, 1), reference_number="7/KEP"
    )

    state = history_state([opened, wrong, correction, loi, dprd])

    assert state.effective == [opened, loi, dprd]
    assert state.is_undone(wrong) and not state.is_undone(loi)
    assert state.fields == {
        "stage": Stage.DPRD_APPROVAL,
        "stage_since": date(2024, 6, 1),
        "first_contact_date": date(2024, 1, 10),
        "loi_date": date(2024, 2, 5),
        "dprd_approval_date": date(2024, 6, 1),
        "dprd_decision_number": "7/KEP",
        "mou_signed_date": None,
        "valid_until": None,
        "mou_number": "",
    }


def test_a_renewal_keeps_the_stage_and_its_start_but_moves_the_validity_end():
    events = [
        event(StageAction.OPENED, Stage.CONTACT, date(2015, 1, 1)),
        event(StageAction.LOI, Stage.LOI, date(2015, 3, 1)),
        event(StageAction.DPRD_APPROVAL, Stage.DPRD_APPROVAL, date(2015, 6, 1)),
        event(
            StageAction.MOU_SIGNED,
            Stage.MOU,
            date(2015, 9, 1),
            valid_until=date(2020, 8, 31),
            reference_number="MoU/1",
        ),
        event(StageAction.RENEWED, Stage.MOU, date(2020, 8, 1), valid_until=date(2025, 8, 31)),
    ]

    state = history_state(events)

    assert (state.stage, state.stage_since) == (Stage.MOU, date(2015, 9, 1))
    assert (state.key_dates["valid_until"], state.key_dates["mou_number"]) == (
        date(2025, 8, 31),
        "MoU/1",
    )


@pytest.mark.parametrize(
    ("stage", "dates", "classes"),
    [
        (Stage.CONTACT, {}, ["done current", "", "", ""]),
        (Stage.LOI, {"loi_date": date(2024, 2, 1)}, ["done", "done current", "", ""]),
        (
            Stage.DROPPED,
            {"loi_date": date(2024, 2, 1)},
            ["done", "done", "", "", "current"],
        ),
    ],
)
def test_the_stage_strip_marks_what_was_reached_and_where_it_stands(stage, dates, classes):
    agreement = Agreement(stage=stage, first_contact_date=date(2024, 1, 10), **dates)

    strip = stage_strip(agreement)

    assert [item.css_class for item in strip] == classes
    assert [str(item.label) for item in strip][:4] == [str(m.label) for m in PATH]
