"""Fixtures of the PKS tests, built through the services, with the clock at ``NOW``
(Friday 27 November 2026).

- ``mou``: an MoU in force (signed 2 September 2024, valid until 1 September 2029),
  coordinated by ``unit``;
- ``pks``: ``unit``'s draft PKS under it, drafted on 1 October 2024;
- ``walk(pks, actor, to)``: takes a PKS along its path to a stage, with the evidence
  of ``EVIDENCE``.
"""

from datetime import date

import pytest
from django.utils import translation

from agreements.models import PksAction, PksStage, Stage
from agreements.services.pks import pks_create, pks_move

from ..factories import AgreementFactory, advance, pdf_upload

DRAFTED_ON = date(2024, 10, 1)
SIGNED_ON = date(2024, 11, 1)
PKS_VALID_UNTIL = date(2027, 10, 31)


def evidence(action) -> dict:
    """Valid evidence of each step, dated in order after the drafting."""
    return {
        PksAction.REVIEWED: {"date": date(2024, 10, 10)},
        PksAction.AUTHORISED: {
            "date": date(2024, 10, 20),
            "reference_number": "180/123/Gub/2024",
        },
        PksAction.SIGNED: {
            "date": SIGNED_ON,
            "valid_until": PKS_VALID_UNTIL,
            "reference_number": "PKS/01/Distanbun/2024",
            "document": pdf_upload("pks.pdf"),
        },
        PksAction.ADDENDUM: {
            "date": date(2025, 6, 2),
            "valid_until": date(2028, 10, 31),
            "reference_number": "ADD/01/2025",
            "document": pdf_upload("addendum.pdf"),
        },
        PksAction.TERMINATED: {"date": date(2026, 1, 12), "reason": "Mitra membubarkan dinasnya."},
    }[action]


# Each stage and the steps that reach it from the draft.
PATH_TO = {
    PksStage.DRAFT: [],
    PksStage.REVIEWED: [PksAction.REVIEWED],
    PksStage.AUTHORISED: [PksAction.REVIEWED, PksAction.AUTHORISED],
    PksStage.IN_FORCE: [PksAction.REVIEWED, PksAction.AUTHORISED, PksAction.SIGNED],
    PksStage.TERMINATED: [
        PksAction.REVIEWED,
        PksAction.AUTHORISED,
        PksAction.SIGNED,
        PksAction.TERMINATED,
    ],
}


def walk(pks, *, actor, to, **overrides):
    """Take ``pks`` from its draft to the stage ``to`` through the service."""
    for action in PATH_TO[to]:
        pks_move(
            pks=pks, actor=actor, action=action, **{**evidence(action), **overrides.get(action, {})}
        )
    pks.refresh_from_db()
    return pks


def make_mou(*, actor, unit, title="MoU Uji PKS", valid_until=None):
    agreement = AgreementFactory(actor=actor, coordinating_unit=unit, title=title)
    if valid_until is None:
        return advance(agreement, actor=actor, to=Stage.MOU)
    return advance(agreement, actor=actor, to=Stage.MOU, valid_until=valid_until)


def make_pks(*, mou, actor, unit, title="PKS Pertanian Uji", **fields):
    return pks_create(
        agreement=mou,
        actor=actor,
        title=title,
        work_unit=unit,
        counterpart="Department of Agriculture and Rural Affairs of Zhejiang",
        counterpart_native_name="浙江省农业农村厅",
        drafted_on=fields.pop("drafted_on", DRAFTED_ON),
        **fields,
    )


@pytest.fixture(autouse=True)
def _frozen(clock):
    return clock


@pytest.fixture
def english():
    """The services' messages in English, to match them (the portal speaks Indonesian)."""
    with translation.override("en"):
        yield


@pytest.fixture
def mou(biro, unit):
    return make_mou(actor=biro, unit=unit)


@pytest.fixture
def pks(mou, biro, unit):
    return make_pks(mou=mou, actor=biro, unit=unit)
