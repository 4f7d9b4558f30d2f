"""Health attributes a delay before the signing to whoever holds the file: the agreement
and the work unit holding it get the DELAYED finding, never the agreement's sectors."""

from django.urls import reverse

from agreements import health
from agreements.health import Finding, Reason, Status
from agreements.models import Holder, Stage

from .conftest import TODAY, days, english, everything, file_at, hand_over, receive

AT_RISK, STALLED = Status.AT_RISK, Status.STALLED


def assessment_of(key, *, by):
    return health.assess(everything(), TODAY, by=by).get(key, health.Assessment())


def test_it_does_not_stall_a_sector_whose_only_agreement_waits_at_the_dprd(biro, leader, sector):
    # The cooperation plan is agreed; the Governor's request went to the DPRD 100 days ago.
    agreement = file_at(Stage.PLAN, actor=biro, since=days(-150), sectors=[sector])
    hand_over(agreement, Holder.DPRD, actor=biro, on=days(-100), letter="170/45/BAK/2026")

    assert assessment_of(sector.pk, by="sector").findings == []
    delay = Finding(Reason.DELAYED, AT_RISK, 1, 100, holder="DPRD")
    assert assessment_of(agreement.pk, by="agreement").findings == [delay]
    assert "DPRD" in delay.text and "100" in delay.text

    response = english(leader).get(reverse("agreements:dashboard"))
    assert response.status_code == 200
    assert response.context["stalled_sectors"] == []
    row = next(r for r in response.context["matrix"] if r["sector"] == sector)
    assert row["assessment"] is None  # no follow-up recorded: neither stalled nor on track


def test_it_gives_a_work_unit_holding_a_file_past_the_guideline_its_delay(biro, sector, other_unit):
    # At the LoI the file waits for the cooperation plan (90 days), with Dinas Pariwisata.
    agreement = file_at(Stage.LOI, actor=biro, since=days(-200), sectors=[sector])
    hand_over(agreement, Holder.WORK_UNIT, unit=other_unit, actor=biro, on=days(-95))

    found = assessment_of(other_unit.pk, by="work_unit")
    assert found.findings == [Finding(Reason.DELAYED, AT_RISK, 1, 95, holder="Dinas Pariwisata")]
    assert found.status == AT_RISK
    assert assessment_of(sector.pk, by="sector").findings == []


def test_it_merges_the_files_one_unit_holds_into_one_finding(biro, sector, other_unit):
    for held_for in (95, 200):
        agreement = file_at(Stage.LOI, actor=biro, since=days(-300), sectors=[sector])
        hand_over(agreement, Holder.WORK_UNIT, unit=other_unit, actor=biro, on=days(-held_for))

    assert assessment_of(other_unit.pk, by="work_unit").findings == [
        Finding(Reason.DELAYED, STALLED, 2, 200, holder="Dinas Pariwisata")
    ]


def test_it_gives_no_unit_a_delay_for_a_file_within_its_guideline(biro, sector, other_unit):
    agreement = file_at(Stage.LOI, actor=biro, since=days(-200), sectors=[sector])
    hand_over(agreement, Holder.WORK_UNIT, unit=other_unit, actor=biro, on=days(-90))

    assert assessment_of(other_unit.pk, by="work_unit").findings == []
    assert assessment_of(agreement.pk, by="agreement").findings == []


def test_it_attributes_the_bureaus_own_delay_to_the_bureau(biro, sector):
    agreement = file_at(Stage.LOI, actor=biro, since=days(-120), sectors=[sector])

    assert agreement.holder == Holder.BUREAU
    assert assessment_of(agreement.pk, by="agreement").findings == [
        Finding(Reason.DELAYED, AT_RISK, 1, 120, holder=agreement.holder_name)
    ]
    assert assessment_of(sector.pk, by="sector").findings == []


def test_it_counts_the_bureaus_wait_from_the_answer_received(biro, sector):
    agreement = file_at(Stage.LOI, actor=biro, since=days(-300), sectors=[sector])
    hand_over(agreement, Holder.PARTNER, actor=biro, on=days(-250))
    receive(agreement, actor=biro, on=days(-80))

    assert (agreement.holder, agreement.held_since) == (Holder.BUREAU, days(-80))
    assert assessment_of(agreement.pk, by="agreement").findings == []


def test_it_reads_the_dprd_guideline_from_the_health_setting(settings, biro, sector):
    agreement = file_at(Stage.PLAN, actor=biro, since=days(-30), sectors=[sector])
    hand_over(agreement, Holder.DPRD, actor=biro, on=days(-11))
    assert not health.agreement_is_delayed(agreement, TODAY)

    settings.HEALTH = {"GUIDE_DPRD_DAYS": 10}

    assert health.guideline_days(agreement.kind, Stage.PLAN) == 10
    assert health.agreement_is_delayed(agreement, TODAY)
    assert assessment_of(agreement.pk, by="agreement").findings == [
        Finding(Reason.DELAYED, AT_RISK, 1, 11, holder="DPRD")
    ]
