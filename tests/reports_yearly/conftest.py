"""Fixtures of the yearly report tests: a 2025 world built with the models and services.

The clock is frozen at Friday 27 November 2026 (tests/clock.py). ``world`` holds an MoU
in force since 2024 (``mou``, number "MoU/01/NTB-ZJ/2024", partner Zhejiang, Tiongkok),
its PKS signed in 2024 (``pks``), a 2025 work plan with an activity whose indicator has
a target of 5.000 people, 3.200 realised (two realisations: 2.000 and 1.200), a completed
2025 evaluation (continue with revisions, two obstacles), a 2025 budget line
(requested Rp 250.000.000, allocated Rp 150.000.000, spent Rp 60.000.000) and a 2025
mission to Hangzhou with three participants and its permit number.

``grow(n)`` adds n more MoUs with the same data, for the flat-query tests.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from agreements.models import (
    Agreement,
    Evaluation,
    EvaluationStatus,
    ImplementingAgreement,
    Indicator,
    IndicatorUnit,
    PlannedActivity,
    Realisation,
    Stage,
    StageAction,
    Visit,
    VisitParticipant,
    WorkPlan,
)
from agreements.models.monitoring import BenefitKind, Recommendation
from agreements.models.pks import PksStage
from agreements.models.visits import PermitDecision, VisitDirection
from agreements.services.lifecycle import agreement_move_stage

from ..factories import AgreementFactory, PartnerFactory, advance, step_evidence
from ..followup.conftest import BudgetLineFactory, CommitmentFactory, TaskFactory, post_progress
from ..pks.conftest import make_pks, walk
from ..reports.conftest import stub_weasyprint

__all__ = ["stub_weasyprint"]

YEAR = 2025
MOU_NUMBER = "MoU/01/NTB-ZJ/2024"
PKS_NUMBER = "PKS/01/Distanbun/2024"
AUTHORISATION = "180/123/Gub/2024"
TARGET, FIRST, SECOND = 5_000, 2_000, 1_200
REQUESTED, ALLOCATED, SPENT = 250_000_000, 150_000_000, 60_000_000
PERMIT = "B-1234/KEMENDAGRI/2025"
INDICATOR = "Wisatawan Tiongkok ke NTB"


@pytest.fixture(autouse=True)
def _frozen(clock):
    return clock


def make_mou(*, biro, unit, title, partner, number=MOU_NUMBER) -> Agreement:
    agreement = AgreementFactory(actor=biro, coordinating_unit=unit, title=title, partner=partner)
    advance(agreement, actor=biro, to=Stage.FULL_POWERS)
    evidence = step_evidence(StageAction.MOU_SIGNED)
    agreement_move_stage(
        agreement=agreement,
        actor=biro,
        action=StageAction.MOU_SIGNED,
        reference_number=number,
        **evidence,
    )
    agreement.refresh_from_db()
    return agreement


def fill_year(*, mou, biro, officer, unit, pks=None, visit_title="Misi ke Hangzhou"):
    """The 2025 plan, realisation, evaluation, budget and visit of ``mou``."""
    sector = mou.sectors.order_by("pk").first()
    commitment = CommitmentFactory(agreement=mou, actor=biro, sector=sector, lead_unit=unit)
    task = TaskFactory(
        commitment=commitment, actor=biro, responsible_unit=unit, due_date=date(2026, 12, 15)
    )
    plan = WorkPlan.objects.create(
        agreement=mou, year=YEAR, meeting_date=date(2025, 1, 20), created_by=biro
    )
    activity = PlannedActivity.objects.create(
        work_plan=plan,
        title="Promosi wisata NTB di Hangzhou",
        sector=sector,
        work_unit=unit,
        quarter=2,
        commitment=commitment,
        task=task,
    )
    indicator = Indicator.objects.create(
        activity=activity,
        name=INDICATOR,
        benefit_kind=BenefitKind.TOURISM,
        unit=IndicatorUnit.PEOPLE,
        target=TARGET,
    )
    for value, day in ((FIRST, date(2025, 6, 30)), (SECOND, date(2025, 12, 20))):
        update = post_progress(task, actor=officer, on=date(2026, 11, 20))
        Realisation.objects.create(
            indicator=indicator, progress_update=update, date=day, value=value, recorded_by=officer
        )
    Evaluation.objects.create(
        agreement=mou,
        pks=None,
        year=YEAR,
        achievements="Wisatawan meningkat.",
        obstacle_no_follow_up=True,
        obstacle_no_budget=True,
        obstacles_other="Penerbangan langsung belum tersedia.",
        recommendation=Recommendation.REVISE,
        status=EvaluationStatus.COMPLETED,
        completed_on=date(2026, 1, 15),
        completed_by=biro,
        created_by=biro,
    )
    line = BudgetLineFactory(
        commitment=commitment,
        actor=biro,
        work_unit=unit,
        fiscal_year=YEAR,
        amount_requested=REQUESTED,
        amount_allocated=ALLOCATED,
        amount_spent=SPENT,
    )
    visit = Visit.objects.create(
        agreement=mou,
        direction=VisitDirection.OUTGOING,
        title=visit_title,
        purpose="Promosi pariwisata",
        starts_on=date(2025, 9, 1),
        ends_on=date(2025, 9, 6),
        places="Hangzhou, Ningbo",
        budget_line=line,
        permit_submitted_on=date(2025, 8, 1),
        permit_number=PERMIT,
        permit_decision=PermitDecision.GRANTED,
        permit_decided_on=date(2025, 8, 15),
        created_by=biro,
    )
    for name in ("Ahmad", "Baiq", "Lalu"):
        VisitParticipant.objects.create(visit=visit, name=name, work_unit=unit)
    return indicator


@dataclass
class World:
    mou: Agreement
    pks: ImplementingAgreement
    indicator: Indicator
    biro: object
    officer: object
    leader: object
    unit: object
    count: int = 1

    def grow(self, n: int):
        for _ in range(n):
            self.count += 1
            mou = make_mou(
                biro=self.biro,
                unit=self.unit,
                title=f"Kerja sama tambahan {self.count}",
                partner=PartnerFactory(name=f"Mitra {self.count}", country="Jepang"),
                number=f"MoU/{self.count:02d}/2024",
            )
            fill_year(
                mou=mou,
                biro=self.biro,
                officer=self.officer,
                unit=self.unit,
                visit_title=f"Kunjungan {self.count}",
            )


@pytest.fixture
def world(biro, officer, leader, unit) -> World:
    partner = PartnerFactory(name="Zhejiang", native_name="浙江省", country="Tiongkok")
    mou = make_mou(biro=biro, unit=unit, title="Sister Province NTB – Zhejiang", partner=partner)
    pks = walk(make_pks(mou=mou, actor=biro, unit=unit), actor=biro, to=PksStage.IN_FORCE)
    indicator = fill_year(mou=mou, biro=biro, officer=officer, unit=unit, pks=pks)
    return World(
        mou=mou, pks=pks, indicator=indicator, biro=biro, officer=officer, leader=leader, unit=unit
    )
