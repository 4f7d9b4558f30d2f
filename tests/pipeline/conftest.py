"""Fixtures of the pipeline tests ("Posisi berkas": whose turn it is), built through the
lifecycle services as the portal does, with the clock frozen at Friday 27 November 2026,
10:00 WITA (tests/clock.py).

Helpers:

- ``file_at(stage, since=…)``: an agreement brought along its kind's path to ``stage`` on
  the day ``since`` (tests/dashboard/conftest.py's ``agreement_at``); the Bureau holds it;
- ``hand_over(agreement, holder, on=…)``: the file goes to ``holder`` with a letter;
- ``receive(agreement, on=…)``: the answer brings it back to the Bureau;
- ``step(agreement, action, on=…)``: one step of the path with the factories' evidence.
"""

from datetime import date

import pytest

from agreements.models import Holder
from agreements.services.lifecycle import (
    agreement_hand_over,
    agreement_move_stage,
    agreement_receive_answer,
)

from ..clock import TODAY, days
from ..dashboard.conftest import agreement_at, english, everything, row_text, text_of
from ..factories import SectorFactory, step_evidence

__all__ = [
    "TODAY",
    "days",
    "english",
    "everything",
    "file_at",
    "hand_over",
    "receive",
    "row_text",
    "step",
    "text_of",
]


@pytest.fixture(autouse=True)
def _frozen(clock):
    """Every test here runs at NOW, as the dashboard's do."""
    return clock


@pytest.fixture
def sector(db):
    return SectorFactory(code="kebudayaan", name="Kebudayaan", name_en="Culture")


def file_at(stage, *, actor, since: date, **fields):
    return agreement_at(stage, actor=actor, since=since, **fields)


def hand_over(agreement, holder=Holder.DPRD, *, actor, on: date, unit=None, letter=None):
    agreement_hand_over(
        agreement=agreement,
        actor=actor,
        holder=holder,
        holder_unit=unit,
        date=on,
        reference_number=letter or f"070/{agreement.pk}/BAK/{on.year}",
        today=max(on, TODAY),
    )
    agreement.refresh_from_db()
    return agreement


def receive(agreement, *, actor, on: date):
    agreement_receive_answer(agreement=agreement, actor=actor, date=on, today=max(on, TODAY))
    agreement.refresh_from_db()
    return agreement


def step(agreement, action, *, actor, on: date, **evidence):
    agreement_move_stage(
        agreement=agreement,
        actor=actor,
        action=action,
        today=max(on, TODAY),
        **{**step_evidence(action), "date": on, **evidence},
    )
    agreement.refresh_from_db()
    return agreement
