"""Fixtures of the benefits tests. The clock is frozen at Friday 27 November 2026, 10:00
WITA (``NOW``/``TODAY``, as in tests/followup) for every test here.

Until the work plans have their own services, the plans, activities, indicators and
realisations are made with the models directly; a realisation hangs on a progress update
of its activity's task, posted through the follow-up service.

- ``plan_indicator(...)``: one indicator with its realised figure (a realisation of
  ``realised`` on the activity's task), in a new or existing plan of ``agreement`` and year;
- ``figures``: the world of the tests below (see its docstring).
"""

from dataclasses import dataclass
from datetime import date

import pytest

from agreements.models import Indicator, PlannedActivity, Realisation, WorkPlan
from agreements.models.monitoring import BenefitKind, IndicatorUnit

from ..clock import TODAY
from ..factories import AgreementFactory, PartnerFactory, SectorFactory
from ..followup.conftest import CommitmentFactory, TaskFactory, client_as, post_progress

__all__ = ["TODAY", "client_as", "plan_indicator"]


@pytest.fixture(autouse=True)
def frozen(clock):
    return clock


def plan_indicator(
    *,
    agreement,
    year: int,
    work_unit,
    sector,
    actor,
    name: str,
    kind: str,
    unit: str,
    target: int,
    realised: int | None = None,
    activity: str = "",
) -> Indicator:
    plan, _created = WorkPlan.objects.get_or_create(
        agreement=agreement,
        pks=None,
        year=year,
        defaults={"meeting_date": date(year, 1, 20), "created_by": actor},
    )
    planned = PlannedActivity.objects.create(
        work_plan=plan,
        title=activity or f"Kegiatan {name}",
        sector=sector,
        work_unit=work_unit,
        quarter=2,
    )
    indicator = Indicator.objects.create(
        activity=planned, name=name, benefit_kind=kind, unit=unit, target=target
    )
    if realised is not None:
        commitment = CommitmentFactory(
            agreement=agreement, actor=actor, sector=sector, lead_unit=work_unit
        )
        task = TaskFactory(commitment=commitment, actor=actor, responsible_unit=work_unit)
        planned.task = task
        planned.save(update_fields=["task"])
        update = post_progress(
            task, actor=actor, on=date(year, 6, 30) if year < TODAY.year else TODAY
        )
        Realisation.objects.create(
            indicator=indicator,
            progress_update=update,
            date=update.date,
            value=realised,
            recorded_by=actor,
        )
    return indicator


@dataclass
class Figures:
    agreement: object
    other_agreement: object
    people: Indicator
    rupiah: Indicator
    earlier: Indicator
    secret: Indicator
    other_people: Indicator


@pytest.fixture
def agriculture(db):
    return SectorFactory(code="pertanian", name="Pertanian", name_en="Agriculture")


@pytest.fixture
def tourism(db):
    return SectorFactory(code="pariwisata", name="Pariwisata", name_en="Tourism")


@pytest.fixture
def figures(biro, unit, other_unit, agriculture, tourism) -> Figures:
    """Two MoUs: ``agreement`` with China (``unit``'s), ``other_agreement`` with Japan
    (``other_unit``'s).

    In 2026, "ideas and knowledge" is measured in two units by ``unit``: 150 of 200
    people trained, Rp 125.000.000 of Rp 500.000.000 of research funds; and by
    ``other_unit`` 40 of 100 people. ``other_unit`` alone has a tourism indicator whose
    name and figure an officer of ``unit`` must never read. In 2025, ``unit`` trained
    100 of 100 people.
    """
    agreement = AgreementFactory(
        actor=biro,
        coordinating_unit=unit,
        title="Sister Province Uji",
        partner=PartnerFactory(name="Zhejiang Uji", country="Tiongkok"),
        sectors=[agriculture],
    )
    other_agreement = AgreementFactory(
        actor=biro,
        coordinating_unit=other_unit,
        title="Kerja sama pariwisata uji",
        partner=PartnerFactory(name="Prefektur Uji", country="Jepang"),
        sectors=[tourism],
    )
    common = {"actor": biro}
    people = plan_indicator(
        agreement=agreement,
        year=2026,
        work_unit=unit,
        sector=agriculture,
        name="Petani terlatih budidaya jagung",
        kind=BenefitKind.KNOWLEDGE,
        unit=IndicatorUnit.PEOPLE,
        target=200,
        realised=150,
        **common,
    )
    rupiah = plan_indicator(
        agreement=agreement,
        year=2026,
        work_unit=unit,
        sector=agriculture,
        name="Dana riset bersama",
        kind=BenefitKind.KNOWLEDGE,
        unit=IndicatorUnit.RUPIAH,
        target=500_000_000,
        realised=125_000_000,
        **common,
    )
    earlier = plan_indicator(
        agreement=agreement,
        year=2025,
        work_unit=unit,
        sector=agriculture,
        name="Petani terlatih 2025",
        kind=BenefitKind.KNOWLEDGE,
        unit=IndicatorUnit.PEOPLE,
        target=100,
        realised=100,
        **common,
    )
    secret = plan_indicator(
        agreement=other_agreement,
        year=2026,
        work_unit=other_unit,
        sector=tourism,
        name="Wisatawan Jepang rahasia",
        kind=BenefitKind.TOURISM,
        unit=IndicatorUnit.PEOPLE,
        target=9_876,
        realised=4_321,
        **common,
    )
    other_people = plan_indicator(
        agreement=other_agreement,
        year=2026,
        work_unit=other_unit,
        sector=tourism,
        name="Pemandu wisata terlatih",
        kind=BenefitKind.KNOWLEDGE,
        unit=IndicatorUnit.PEOPLE,
        target=100,
        realised=40,
        **common,
    )
    return Figures(agreement, other_agreement, people, rupiah, earlier, secret, other_people)
