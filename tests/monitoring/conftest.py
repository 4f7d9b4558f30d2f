"""Fixtures of the work plan tests, built through the services, with the clock at ``NOW``
(Friday 27 November 2026).

- ``mou``: an MoU in force coordinated by ``unit`` (the officer's), in agriculture and
  tourism; ``agri_commitment``: its agriculture commitment, led by ``unit``;
- ``plan``: its 2026 work plan; ``activity``: ``unit``'s seaweed training in Q3 with one
  indicator (40 people); ``other_activity``: ``other_unit``'s (the stranger's) tourism
  promotion with its own marker, without a commitment in its sector.
"""

from datetime import date

import pytest

from agreements.models import Stage
from agreements.services.monitoring import activity_create, work_plan_create

from ..factories import AgreementFactory, SectorFactory, advance
from ..followup.conftest import CommitmentFactory

TRAINING = "Peserta pelatihan budidaya rumput laut"
TOURISTS = "Wisatawan Tiongkok penanda-Dispar"


@pytest.fixture(autouse=True)
def _at_now(clock):
    """Every test here runs at NOW."""


@pytest.fixture
def agriculture(db):
    return SectorFactory(code="pertanian", name="Pertanian", name_en="Agriculture")


@pytest.fixture
def tourism(db):
    return SectorFactory(code="pariwisata", name="Pariwisata", name_en="Tourism")


@pytest.fixture
def mou(biro, unit, agriculture, tourism):
    agreement = AgreementFactory(
        actor=biro,
        coordinating_unit=unit,
        title="MoU Uji Rencana Kerja",
        sectors=[agriculture, tourism],
    )
    return advance(agreement, actor=biro, to=Stage.MOU)


@pytest.fixture
def agri_commitment(mou, biro, unit, agriculture):
    return CommitmentFactory(
        agreement=mou,
        actor=biro,
        sector=agriculture,
        title="Budidaya rumput laut",
        lead_unit=unit,
    )


@pytest.fixture
def plan(mou, biro):
    return work_plan_create(
        agreement=mou,
        actor=biro,
        year=2026,
        meeting_date=date(2026, 2, 10),
        meeting_place="Mataram",
    )


def indicator(name, target, unit="people", kind="knowledge") -> dict:
    return {"name": name, "benefit_kind": kind, "unit": unit, "target": target}


def add_activity(plan, *, actor, work_unit, sector, title, indicators, quarter=3, commitment=None):
    return activity_create(
        work_plan=plan,
        actor=actor,
        title=title,
        sector=sector,
        work_unit=work_unit,
        quarter=quarter,
        commitment=commitment,
        indicators=indicators,
    )


@pytest.fixture
def activity(plan, biro, unit, agriculture, agri_commitment):
    return add_activity(
        plan,
        actor=biro,
        work_unit=unit,
        sector=agriculture,
        title="Pelatihan budidaya rumput laut",
        indicators=[indicator(TRAINING, 40)],
    )


@pytest.fixture
def other_activity(plan, biro, other_unit, tourism):
    return add_activity(
        plan,
        actor=biro,
        work_unit=other_unit,
        sector=tourism,
        title="Promosi wisata penanda-Dispar",
        quarter=2,
        indicators=[indicator(TOURISTS, 5000, kind="tourism")],
    )
