"""The data migration of issue 11 (0012): the short path's history onto the regulation's.

An old database holds the demo's Zhejiang history as the short path recorded it (contact
→ LoI → DPRD → MoU, renewed twice), a cooperation still at first contact and one at the
DPRD. After migrating, the history reads the same as a freshly seeded Zhejiang's, for the
steps both histories have.
"""

from datetime import date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from agreements.lifecycle import history_state
from agreements.models import Agreement, Holder, Stage, StageEvent
from agreements.seeding.demo import FOLLOWED_UP, seed_demo

BEFORE = [("agreements", "0011_letter_answers")]
OLD_TITLE = "Sister Province NTB – Zhejiang (basis data lama)"
# What both histories record and the agreement shows: the short path's key dates.
KEYS = [
    "stage",
    "stage_since",
    "first_contact_date",
    "loi_date",
    "dprd_approval_date",
    "dprd_decision_number",
    "mou_signed_date",
    "mou_number",
    "valid_until",
]
# The old demo's Zhejiang history: action, from, to, date, evidence.
OLD_ZHEJIANG = [
    ("opened", "", "contact", date(2012, 10, 15), {}),
    ("loi", "contact", "loi", date(2013, 11, 20), {}),
    (
        "dprd",
        "loi",
        "dprd",
        date(2014, 9, 8),
        {"reference_number": "Keputusan DPRD NTB No. 12/KEP/DPRD/2014"},
    ),
    (
        "mou",
        "dprd",
        "mou",
        date(2015, 5, 22),
        {"valid_until": date(2020, 5, 21), "reference_number": "MoU/NTB-ZJ/2015"},
    ),
    ("renewed", "mou", "mou", date(2020, 5, 11), {"valid_until": date(2025, 5, 21)}),
    (
        "renewed",
        "mou",
        "mou",
        date(2025, 5, 12),
        {"valid_until": date(2030, 5, 21), "reference_number": "MoU/NTB-ZJ/2025"},
    ),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_agreement(apps, *, title, partner, unit, sector, user, history, fields):
    """An agreement as the short path wrote it: the row, its history, its audit row."""
    Agreement = apps.get_model("agreements", "Agreement")
    StageEvent = apps.get_model("agreements", "StageEvent")
    HistoricalAgreement = apps.get_model("agreements", "HistoricalAgreement")
    agreement = Agreement.objects.create(
        title=title,
        partner=partner,
        kind="sister_province",
        coordinating_unit=unit,
        created_by=user,
        first_contact_date=history[0][3],
        **fields,
    )
    agreement.sectors.set([sector])
    for action, from_stage, to_stage, when, evidence in history:
        StageEvent.objects.create(
            agreement=agreement,
            action=action,
            from_stage=from_stage,
            to_stage=to_stage,
            date=when,
            recorded_by=user,
            **evidence,
        )
    HistoricalAgreement.objects.create(
        id=agreement.id,
        title=agreement.title,
        kind=agreement.kind,
        summary="",
        stage=agreement.stage,
        stage_since=agreement.stage_since,
        first_contact_date=agreement.first_contact_date,
        loi_date=agreement.loi_date,
        dprd_approval_date=agreement.dprd_approval_date,
        dprd_decision_number=agreement.dprd_decision_number,
        mou_signed_date=agreement.mou_signed_date,
        mou_number=agreement.mou_number,
        valid_until=agreement.valid_until,
        created_at=agreement.created_at,
        updated_at=agreement.updated_at,
        coordinating_unit=unit,
        created_by=user,
        partner=partner,
        history_date=timezone.make_aware(datetime(2025, 5, 12, 10, 0)),
        history_type="~",
        history_user=user,
    )
    return agreement.pk


def load_the_old_demo(apps) -> dict:
    User = apps.get_model("agreements", "User")
    Partner = apps.get_model("agreements", "Partner")
    WorkUnit = apps.get_model("agreements", "WorkUnit")
    Sector = apps.get_model("agreements", "Sector")
    user = User.objects.create(username="biro-lama", role="biro")
    partner = Partner.objects.create(
        name="Zhejiang (lama)", native_name="浙江省", country="Tiongkok", level="province"
    )
    unit = WorkUnit.objects.create(name="Biro Administrasi Kerjasama (lama)", abbreviation="BAK-L")
    sector = Sector.objects.create(code="kerja-sama-lama", name="Lama", name_en="Old")
    common = {"partner": partner, "unit": unit, "sector": sector, "user": user}
    return {
        "zhejiang": old_agreement(
            apps,
            title=OLD_TITLE,
            history=OLD_ZHEJIANG,
            fields={
                "stage": "mou",
                "stage_since": date(2015, 5, 22),
                "loi_date": date(2013, 11, 20),
                "dprd_approval_date": date(2014, 9, 8),
                "dprd_decision_number": "Keputusan DPRD NTB No. 12/KEP/DPRD/2014",
                "mou_signed_date": date(2015, 5, 22),
                "mou_number": "MoU/NTB-ZJ/2025",
                "valid_until": date(2030, 5, 21),
            },
            **common,
        ),
        "contact": old_agreement(
            apps,
            title="Penjajakan perikanan (lama)",
            history=OLD_ZHEJIANG[:1],
            fields={"stage": "contact", "stage_since": date(2012, 10, 15)},
            **common,
        ),
        "dprd": old_agreement(
            apps,
            title="Kerja sama kebudayaan (lama)",
            history=OLD_ZHEJIANG[:3],
            fields={
                "stage": "dprd",
                "stage_since": date(2014, 9, 8),
                "loi_date": date(2013, 11, 20),
                "dprd_approval_date": date(2014, 9, 8),
                "dprd_decision_number": "Keputusan DPRD NTB No. 12/KEP/DPRD/2014",
            },
            **common,
        ),
    }


def steps(state) -> list[tuple]:
    return [(e.action, e.date, e.reference_number, e.valid_until) for e in state.effective]


def events_of(pk) -> list[StageEvent]:
    return list(
        StageEvent.objects.filter(agreement_id=pk).select_related("corrects").order_by("pk")
    )


@pytest.mark.django_db(transaction=True)
def test_the_migrated_history_reads_the_same_as_a_freshly_seeded_one(media_root):
    try:
        executor = migrate(BEFORE)
        old = load_the_old_demo(executor.loader.project_state(BEFORE).apps)

        migrate(latest())

        # The stage's old name is gone everywhere: history, agreements, audit trail.
        assert not StageEvent.objects.filter(from_stage="contact").exists()
        assert not StageEvent.objects.filter(to_stage="contact").exists()
        assert StageEvent.objects.get(agreement_id=old["contact"]).to_stage == Stage.EXPLORATION
        opening = StageEvent.objects.get(agreement_id=old["zhejiang"], action="opened")
        loi = StageEvent.objects.get(agreement_id=old["zhejiang"], action="loi")
        assert (opening.to_stage, loi.from_stage) == (Stage.EXPLORATION, Stage.EXPLORATION)
        assert Agreement.objects.get(pk=old["contact"]).stage == Stage.EXPLORATION
        audit = {row.id: row.stage for row in Agreement.history.all()}
        assert audit == {
            old["zhejiang"]: Stage.MOU,
            old["contact"]: Stage.EXPLORATION,
            old["dprd"]: Stage.DPRD_APPROVAL,
        }
        # The open files: the Bureau has held them since their last step.
        for key in ("contact", "dprd"):
            agreement = Agreement.objects.get(pk=old[key])
            assert (agreement.holder, agreement.held_since) == (
                Holder.BUREAU,
                agreement.stage_since,
            )
            state = history_state(events_of(old[key]))
            assert state.fields["held_since"] == agreement.held_since
            assert state.stage == agreement.stage
        signed = Agreement.objects.get(pk=old["zhejiang"])
        assert (signed.holder, signed.held_since) == (Holder.BUREAU, None)

        # A freshly seeded Zhejiang, on the whole path.
        seed_demo(today=timezone.localdate())
        fresh = Agreement.objects.get(title=FOLLOWED_UP)
        migrated_state = history_state(events_of(old["zhejiang"]))
        fresh_state = history_state(events_of(fresh.pk))

        assert {k: migrated_state.fields[k] for k in KEYS} == {
            k: fresh_state.fields[k] for k in KEYS
        }
        assert {k: getattr(signed, k) for k in KEYS} == {k: getattr(fresh, k) for k in KEYS}
        assert migrated_state.fields["stage"] == Stage.MOU
        assert migrated_state.fields["valid_until"] == date(2030, 5, 21)

        # Step by step, for the steps both histories have.
        shared = {action for action, *_ in steps(migrated_state)}
        assert [s for s in steps(fresh_state) if s[0] in shared] == steps(migrated_state)
        assert shared < {action for action, *_ in steps(fresh_state)}
    finally:
        migrate(latest())  # the other tests need the latest schema
