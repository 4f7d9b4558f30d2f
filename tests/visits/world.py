"""The visits area's part of the URL × role matrix's world (tests/access/matrix.py): a
mission abroad with a participant of the officer's unit, and a counterpart entry."""

from datetime import timedelta

from agreements.models import Counterpart, Visit, VisitParticipant
from agreements.models.visits import CounterpartKind, VisitDirection
from agreements.services.visits import counterpart_create, visit_create

from ..clock import TODAY
from ..factories import pdf_upload

# The records a refused write must leave as they were (matrix.DOMAIN_MODELS).
VISIT_MODELS = [Visit, VisitParticipant, Counterpart]


def visits_world(*, biro, agreement, unit, task):
    visit = visit_create(
        agreement=agreement,
        actor=biro,
        direction=VisitDirection.OUTGOING,
        title="Misi Uji ke Hangzhou",
        purpose="Menjajaki kerja sama pertanian.",
        starts_on=TODAY + timedelta(days=30),
        ends_on=TODAY + timedelta(days=34),
        places="Hangzhou",
        task=task,
        permit_submitted_on=TODAY,
        participants=[{"name": "Peserta Uji Satu", "position": "Kepala Bidang", "work_unit": unit}],
    )
    counterpart = counterpart_create(
        agreement=agreement,
        actor=biro,
        kind=CounterpartKind.PARTNER_OFFICIAL,
        name="Pejabat Mitra Uji",
        position="Director",
        office="Foreign Affairs Office",
        email="pejabat.uji@example.cn",
        phone="+86 571 0000 0000",
        review_on=TODAY + timedelta(days=365),
    )
    return visit, counterpart


def participants_management(total: int, initial: int = 0) -> dict:
    return {
        "participants-TOTAL_FORMS": str(total),
        "participants-INITIAL_FORMS": str(initial),
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
    }


def visit_create_post(w):
    return {
        "direction": "outgoing",
        "title": "Misi Baru",
        "purpose": "Rapat tahunan.",
        "starts_on": (TODAY + timedelta(days=40)).isoformat(),
        "ends_on": (TODAY + timedelta(days=44)).isoformat(),
        "places": "Hangzhou",
        "permit-permit_submitted_on": TODAY.isoformat(),
        **participants_management(1),
        "participants-0-name": "Peserta Baru",
        "participants-0-work_unit": w.unit.pk,
    }


def visit_edit_post(w):
    participant = w.visit.participants.get()
    return {
        **visit_create_post(w),
        "title": "Misi Uji Diubah",
        **participants_management(1, 1),
        "participants-0-id": participant.pk,
        "participants-0-name": "Peserta Uji Satu",
        "participants-0-work_unit": w.unit.pk,
    }


def counterpart_post(w):
    return {
        "kind": "office",
        "name": "Kantor Urusan Luar Negeri",
        "office": "Foreign Affairs Office",
        "email": "fao@example.cn",
        "review_on": (TODAY + timedelta(days=365)).isoformat(),
    }


def counterpart_remove_post(w):
    return {"reason": "Permintaan tertulis 20 November 2026."}


def visit_document_post(w):
    return {"kind": "trip_report", "title": "Laporan perjalanan", "file": pdf_upload("lap.pdf")}
