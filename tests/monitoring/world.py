"""The monitoring area's part of the URL × role matrix's world (tests/access/matrix.py):
``mou``'s 2026 work plan with one activity of the officer's unit (one indicator, no task
yet) under a commitment of ``mou`` in its sector."""

from datetime import date

from agreements.models import Indicator, PlannedActivity, Realisation, WorkPlan
from agreements.services.followup import commitment_create
from agreements.services.monitoring import activity_create, work_plan_create

# The records a refused write must leave as they were (matrix.DOMAIN_MODELS).
MONITORING_MODELS = [WorkPlan, PlannedActivity, Indicator, Realisation]


def monitoring_world(*, biro, mou, unit):
    """(work_plan, activity) of ``mou``, ``unit``'s activity."""
    sector = mou.sectors.order_by("pk").first()
    commitment = commitment_create(
        agreement=mou, actor=biro, sector=sector, title="Hilirisasi uji", lead_unit=unit
    )
    plan = work_plan_create(
        agreement=mou,
        actor=biro,
        year=2026,
        meeting_date=date(2026, 2, 10),
        meeting_place="Mataram",
    )
    activity = activity_create(
        work_plan=plan,
        actor=biro,
        title="Kegiatan Uji Rencana Kerja",
        sector=sector,
        work_unit=unit,
        quarter=3,
        commitment=commitment,
        indicators=[
            {"name": "Peserta uji", "benefit_kind": "knowledge", "unit": "people", "target": 40}
        ],
    )
    return plan, activity


def work_plan_create_post(w):
    return {"year": 2027, "meeting_date": "2027-02-10", "meeting_place": "Hangzhou", "notes": ""}


def work_plan_edit_post(w):
    return {"year": 2026, "meeting_date": "2026-02-11", "meeting_place": "Mataram", "notes": "Ubah"}


def _activity(w, *, title, initial) -> dict:
    data = {
        "title": title,
        "description": "",
        "sector": w.activity.sector_id,
        "work_unit": w.unit.pk,
        "quarter": 2,
        "commitment": "",
        "indicators-TOTAL_FORMS": 1,
        "indicators-INITIAL_FORMS": 1 if initial else 0,
        "indicators-MIN_NUM_FORMS": 1,
        "indicators-MAX_NUM_FORMS": 5,
        "indicators-0-name": "Peserta uji",
        "indicators-0-benefit_kind": "knowledge",
        "indicators-0-unit": "people",
        "indicators-0-target": "50",
    }
    if initial:
        data["indicators-0-id"] = w.activity.indicators.get().pk
        data["indicators-0-activity"] = w.activity.pk
    return data


def activity_create_post(w):
    return _activity(w, title="Kegiatan Uji Baru", initial=False)


def activity_edit_post(w):
    return _activity(w, title="Kegiatan Uji Diubah", initial=True)


def empty_post(w):
    return {}
