"""The demo's annual evaluations: the Zhejiang MoU's 2025 evaluation, completed at the
end of January 2026 and signed off by Leadership, with the study's three causes as its
obstacles and the portal's figures for each (recommendation: continue with revisions);
and the tourism PKS's own 2026 evaluation, completed and waiting for Leadership's
sign-off (the browser journey signs it).

Run after seed_demo and seed_monitoring (its achievements come from the 2025
indicators). Everything goes through the services; a second run adds nothing.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ..models import (
    Agreement,
    Commitment,
    CoordinationRequest,
    Evaluation,
    ImplementingAgreement,
    TaskStatus,
    User,
)
from ..models.monitoring import Engagement, Recommendation
from ..selectors.evaluations import achievements_text, may_be_evaluated, year_indicators
from ..services.coordination import letter_answer, letter_send
from ..services.evaluations import evaluation_complete, evaluation_create, evaluation_sign_off
from ..services.followup import progress_post, task_create

ZHEJIANG = "Sister Province NTB – Zhejiang"
TOURISM_PKS = "PKS promosi pariwisata Lombok–Hangzhou"
# The 2025 evaluation was written after the year's figures were in.
COMPLETED_2025 = date(2026, 1, 26)
SIGNED_OFF_2025 = date(2026, 2, 2)


def _achievements(*, agreement, pks, year, user, closing: str) -> str:
    rows = year_indicators(agreement=agreement, pks=pks, year=year, user=user)
    return "\n".join(part for part in (achievements_text(rows), closing) if part)


def _evaluate(*, agreement, pks, year, biro, completed_on, fields) -> Evaluation | None:
    existing = Evaluation.objects.filter(agreement=agreement, pks=pks, year=year).first()
    if existing is not None or not may_be_evaluated(agreement=agreement, pks=pks):
        return existing
    evaluation = evaluation_create(
        agreement=agreement, pks=pks, actor=biro, year=year, today=completed_on, **fields
    )
    return evaluation_complete(evaluation=evaluation, actor=biro, today=completed_on)


def _seed_2025_follow_up(sister, biro) -> list:
    """What 2025 left behind, as the evaluation found it: two tasks never done and two
    letters of the Bureau the units did not answer (the figures of its obstacles).
    Returns them, to be closed after the evaluation (_close_2025_follow_up)."""
    left = []
    commitments = Commitment.objects.filter(agreement=sister).select_related("lead_unit")
    commitment = commitments.filter(sector__code="kebudayaan").first() or commitments.first()
    if commitment is None:
        return left
    unit = commitment.lead_unit
    for title, due in (
        ("Persiapan misi kesenian NTB ke Zhejiang", date(2025, 9, 30)),
        ("Katalog produk UMKM untuk pameran di Hangzhou", date(2025, 12, 15)),
    ):
        left.append(
            task_create(
                commitment=commitment, actor=biro, responsible_unit=unit, title=title, due_date=due
            )
        )
    for number, subject, sent, due in (
        (
            "070/412/BAK/2025",
            "Data peserta misi kesenian ke Zhejiang",
            date(2025, 10, 1),
            date(2025, 10, 15),
        ),
        (
            "070/468/BAK/2025",
            "Usulan kegiatan rencana kerja tahunan 2026",
            date(2025, 11, 3),
            date(2025, 11, 17),
        ),
    ):
        left += letter_send(
            agreement=sister,
            actor=biro,
            work_units=[unit],
            letter_number=number,
            subject=subject,
            message="Mohon disampaikan kepada Biro Kerja Sama sesuai tenggat.",
            sent_on=sent,
            answer_due=due,
        )
    return left


# After the evaluation: the cultural mission was dropped (its tasks cancelled) and the
# unit answered both letters, late. Today's dashboard then counts none of them; the
# evaluation keeps the figures as they stood when it was completed.
CLOSED_2025 = date(2026, 2, 16)


def _close_2025_follow_up(left, biro) -> None:
    for record in left:
        record.refresh_from_db()
        if isinstance(record, CoordinationRequest):
            letter_answer(
                letter=record,
                actor=biro,
                answer_text="Data disampaikan setelah tenggat (demo).",
                expected_version=record.version,
            )
            CoordinationRequest.objects.filter(pk=record.pk).update(
                answered_at=timezone.make_aware(datetime.combine(CLOSED_2025, time(10)))
            )
        else:
            progress_post(
                task=record,
                actor=biro,
                expected_version=record.version,
                date=CLOSED_2025,
                text="Misi kesenian 2025 dibatalkan; dianggarkan kembali dalam rencana 2026.",
                percent_complete=0,
                status_change=TaskStatus.CANCELLED,
            )


def seed_evaluations(*, today: date) -> None:
    """The demo's evaluations (call inside a transaction, after seed_monitoring)."""
    sister = Agreement.objects.filter(title=ZHEJIANG).first()
    biro = User.objects.filter(username="biro").first()
    leader = User.objects.filter(username="pimpinan").first()
    if sister is None or biro is None or today.year < 2026:
        return
    completed_on = min(COMPLETED_2025, today)
    left = []
    if not Evaluation.objects.filter(agreement=sister, pks=None, year=2025).exists():
        left = _seed_2025_follow_up(sister, biro)
    evaluation = _evaluate(
        agreement=sister,
        pks=None,
        year=2025,
        biro=biro,
        completed_on=completed_on,
        fields={
            "achievements": _achievements(
                agreement=sister,
                pks=None,
                year=2025,
                user=biro,
                closing=(
                    "Pelatihan budidaya rumput laut terlaksana penuh. Kunjungan wisatawan "
                    "Tiongkok dan realisasi investasi di bawah target; misi budaya tidak "
                    "terlaksana."
                ),
            ),
            "obstacle_no_follow_up": True,
            "obstacle_no_response": True,
            "obstacle_no_budget": True,
            "obstacles_other": (
                "Belum ada penerbangan langsung Hangzhou–Lombok; promosi wisata bergantung "
                "pada penerbangan transit."
            ),
            "partner_engagement": Engagement.ACTIVE,
            "partner_engagement_notes": (
                "Pemerintah Provinsi Zhejiang hadir dalam pertemuan tahunan dan mengirim "
                "tenaga ahli rumput laut sesuai jadwal."
            ),
            "recommendation": Recommendation.REVISE,
            "recommendation_notes": (
                "Kerja sama dilanjutkan dengan perbaikan: rencana kerja tahunan 2026 memuat "
                "anggaran untuk setiap kegiatan, dan perangkat daerah menjawab surat koordinasi "
                "Biro Kerja Sama tepat waktu."
            ),
        },
    )
    if today >= CLOSED_2025:
        _close_2025_follow_up(left, biro)
    if (
        evaluation is not None
        and leader is not None
        and evaluation.status == "completed"
        and today >= SIGNED_OFF_2025
    ):
        evaluation_sign_off(evaluation=evaluation, actor=leader, today=SIGNED_OFF_2025)
    pks = ImplementingAgreement.objects.filter(agreement=sister, title=TOURISM_PKS).first()
    if pks is not None:
        _evaluate(
            agreement=sister,
            pks=pks,
            year=today.year,
            biro=biro,
            completed_on=today - timedelta(days=3),
            fields={
                "achievements": _achievements(
                    agreement=sister,
                    pks=pks,
                    year=today.year,
                    user=biro,
                    closing="Promosi bersama di Hangzhou terlaksana.",
                ),
                "obstacle_no_follow_up": False,
                "obstacle_no_response": False,
                "obstacle_no_budget": False,
                "partner_engagement": Engagement.ACTIVE,
                "recommendation": Recommendation.CONTINUE,
                "recommendation_notes": "PKS dilanjutkan sesuai rencana kerja.",
            },
        )
