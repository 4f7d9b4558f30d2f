"""The demo's annual work plans: what the Zhejiang cooperation planned for 2025 and 2026,
and what it brought NTB, reported by the work units on the tasks the activities became.

The story of 2025 (agreed in Hangzhou): the seaweed training went as planned (40 of 40
people); tourists came, but without a direct flight only 3.200 of the 5.000 planned; of
the Rp 250 billion of investment pledged at the forum Rp 85 billion was realised; six of
the ten scholarships were taken up; the cultural mission did not happen at all (no budget
was allocated to it). 2026 (agreed in Mataram) is under way. The tourism PKS has its own
2026 plan.

Everything goes through the services, as users make it; a second run adds nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from ..models import Agreement, ImplementingAgreement, Indicator, Sector, User, WorkPlan, WorkUnit
from ..models.followup import Commitment, TaskStatus
from ..services.monitoring import (
    activity_create,
    activity_make_task,
    progress_post_with_figures,
    work_plan_create,
)
from .pdf import make_pdf

ZHEJIANG = "Sister Province NTB – Zhejiang"
TOURISM_PKS = "PKS promosi pariwisata Lombok–Hangzhou"


@dataclass(frozen=True)
class Report:
    """A progress report on the activity's task: its date, text and the figures realised
    (one per indicator, in order; None: nothing to report)."""

    on: date
    text: str
    figures: tuple
    percent: int
    status: str = ""


@dataclass(frozen=True)
class Activity:
    title: str
    sector: str  # sector code
    unit: str  # work unit abbreviation
    quarter: int
    indicators: list  # (name, benefit kind, unit, target)
    description: str = ""
    reports: list = field(default_factory=list)
    as_task: bool = True


@dataclass(frozen=True)
class Plan:
    year: int
    meeting_date: date
    meeting_place: str
    notes: str
    activities: list
    pks: str = ""  # the title of the PKS whose plan it is; empty: the MoU's own


PLANS = [
    Plan(
        year=2025,
        meeting_date=date(2025, 2, 18),
        meeting_place="Hangzhou",
        notes=(
            "Disepakati pada Pertemuan Tahunan Sister Province NTB–Zhejiang di Hangzhou, "
            "18 Februari 2025."
        ),
        activities=[
            Activity(
                "Promosi wisata Lombok di Hangzhou dan Shanghai",
                "pariwisata",
                "Dispar",
                2,
                [("Wisatawan Tiongkok ke NTB", "tourism", "people", 5000)],
                "Roadshow dan famtrip agen perjalanan Zhejiang ke Lombok.",
                [
                    Report(
                        date(2025, 7, 10),
                        "Famtrip 12 agen perjalanan Zhejiang; kunjungan semester I tercatat.",
                        (1400,),
                        50,
                        TaskStatus.IN_PROGRESS,
                    ),
                    Report(
                        date(2026, 1, 15),
                        "Kunjungan semester II. Penerbangan langsung Lombok–Hangzhou belum "
                        "dibuka, sehingga target tidak tercapai.",
                        (1800,),
                        100,
                        TaskStatus.DONE,
                    ),
                ],
            ),
            Activity(
                "Pelatihan budidaya rumput laut angkatan 2025",
                "perikanan",
                "DKP",
                3,
                [
                    ("Peserta pelatihan budidaya rumput laut", "technology", "people", 40),
                    ("Demplot budidaya rumput laut", "technology", "hectares", 5),
                ],
                "Pelatihan di Lombok Timur dan Sumbawa dengan tenaga ahli Zhejiang.",
                [
                    Report(
                        date(2025, 9, 26),
                        "Pelatihan dua angkatan selesai; demplot di Lombok Timur dan Sumbawa.",
                        (40, 3),
                        100,
                        TaskStatus.DONE,
                    ),
                ],
            ),
            Activity(
                "Forum investasi NTB–Zhejiang",
                "penanaman-modal",
                "DPMPTSP",
                4,
                [
                    ("Nilai investasi", "investment", "rupiah", 250_000_000_000),
                    ("Perusahaan Zhejiang yang berinvestasi", "investment", "enterprises", 3),
                ],
                "Forum bisnis di Mataram dan penandatanganan minat investasi.",
                [
                    Report(
                        date(2025, 12, 19),
                        "Satu perusahaan pengolahan rumput laut merealisasikan investasi; dua "
                        "lainnya menunda karena perizinan lahan belum selesai.",
                        (85_000_000_000, 1),
                        100,
                        TaskStatus.DONE,
                    ),
                ],
            ),
            Activity(
                "Beasiswa mahasiswa NTB ke perguruan tinggi di Zhejiang",
                "pendidikan",
                "Dikbud",
                3,
                [("Beasiswa", "education", "students", 10)],
                "Seleksi dan pemberangkatan penerima beasiswa.",
                [
                    Report(
                        date(2025, 9, 12),
                        "Enam mahasiswa berangkat; empat kursi tidak terisi karena syarat "
                        "bahasa Mandarin.",
                        (6,),
                        100,
                        TaskStatus.DONE,
                    ),
                ],
            ),
            Activity(
                "Misi kesenian NTB ke Festival Budaya Zhejiang",
                "kebudayaan",
                "Dikbud",
                3,
                [("Misi kesenian dikirim", "culture", "events", 1)],
                "Tidak terlaksana: tidak ada anggaran yang dialokasikan untuk kegiatan ini.",
                as_task=False,
            ),
        ],
    ),
    Plan(
        year=2026,
        meeting_date=date(2026, 2, 24),
        meeting_place="Mataram",
        notes="Disepakati pada Pertemuan Tahunan di Mataram, 24 Februari 2026.",
        activities=[
            Activity(
                "Promosi wisata dan rintisan penerbangan langsung Lombok–Hangzhou",
                "pariwisata",
                "Dispar",
                4,
                [("Wisatawan Tiongkok ke NTB", "tourism", "people", 6000)],
                reports=[
                    Report(
                        date(2026, 7, 14),
                        "Kunjungan semester I tercatat dari data imigrasi.",
                        (2100,),
                        40,
                        TaskStatus.IN_PROGRESS,
                    ),
                ],
            ),
            Activity(
                "Pelatihan lanjutan pengolahan rumput laut",
                "perikanan",
                "DKP",
                4,
                [("Peserta pelatihan pengolahan rumput laut", "technology", "people", 30)],
            ),
            Activity(
                "Tindak lanjut minat investasi Forum 2025",
                "penanaman-modal",
                "DPMPTSP",
                4,
                [("Nilai investasi", "investment", "rupiah", 150_000_000_000)],
                reports=[
                    Report(
                        date(2026, 8, 20),
                        "Perusahaan kedua memulai pembangunan gudang pendingin.",
                        (40_000_000_000,),
                        30,
                        TaskStatus.IN_PROGRESS,
                    ),
                ],
            ),
            Activity(
                "Beasiswa mahasiswa NTB ke Zhejiang 2026",
                "pendidikan",
                "Dikbud",
                3,
                [("Beasiswa", "education", "students", 10)],
                reports=[
                    Report(
                        date(2026, 9, 10),
                        "Delapan mahasiswa berangkat setelah kursus bahasa Mandarin.",
                        (8,),
                        100,
                        TaskStatus.DONE,
                    ),
                ],
            ),
            Activity(
                "Pertukaran misi kesenian 2026",
                "kebudayaan",
                "Dikbud",
                4,
                [("Misi kesenian dikirim", "culture", "events", 1)],
                as_task=False,
            ),
        ],
    ),
    Plan(
        year=2026,
        meeting_date=date(2026, 3, 5),
        meeting_place="Hangzhou",
        notes="Rencana kerja PKS promosi pariwisata, disepakati dengan Dinas Kebudayaan dan "
        "Pariwisata Zhejiang.",
        pks=TOURISM_PKS,
        activities=[
            Activity(
                "Pameran wisata Lombok di Hangzhou",
                "pariwisata",
                "Dispar",
                2,
                [
                    ("Pameran wisata diikuti", "tourism", "events", 2),
                    ("Paket wisata Lombok terjual", "tourism", "people", 800),
                ],
                reports=[
                    Report(
                        date(2026, 6, 25),
                        "Pameran Hangzhou International Travel Fair diikuti; pameran kedua "
                        "dibatalkan penyelenggara.",
                        (1, 350),
                        100,
                        TaskStatus.DONE,
                    ),
                ],
            ),
        ],
    ),
]

# Who reports for each unit: its officer where the demo has one, else the Bureau (from the
# unit's report letter).
REPORTERS = {"Dispar": "skpd-pariwisata", "Distanbun": "skpd-pertanian"}


def _evidence(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", make_pdf(name), content_type="application/pdf")


def _report(task, indicators, report: Report, *, actor, today: date) -> None:
    task.refresh_from_db()
    figures = {
        indicator: value
        for indicator, value in zip(indicators, report.figures, strict=True)
        if value is not None
    }
    progress_post_with_figures(
        task=task,
        actor=actor,
        figures=figures,
        expected_version=task.version,
        date=min(report.on, today),
        text=report.text,
        percent_complete=report.percent,
        status_change=report.status if report.status != task.status else "",
        evidence=[_evidence(f"Laporan realisasi {task.title}")],
    )


def _seed_plan(plan: Plan, *, sister, biro, today: date) -> None:
    pks = None
    if plan.pks:
        pks = ImplementingAgreement.objects.filter(agreement=sister, title=plan.pks).first()
        if pks is None or not pks.is_in_force:
            return
    owner_plans = WorkPlan.objects.filter(year=plan.year)
    owner_plans = (
        owner_plans.filter(pks=pks) if pks else owner_plans.filter(agreement=sister, pks=None)
    )
    if owner_plans.exists():
        return
    work_plan = work_plan_create(
        agreement=sister,
        pks=pks,
        actor=biro,
        year=plan.year,
        meeting_date=plan.meeting_date,
        meeting_place=plan.meeting_place,
        notes=plan.notes,
        # The tourism PKS's plan document is already filed (seed_pks): no second one.
        document=None if pks else _evidence(f"Berita Acara Pertemuan Tahunan {plan.year}"),
    )
    for item in plan.activities:
        sector = Sector.objects.get(code=item.sector)
        unit = WorkUnit.objects.get(abbreviation=item.unit)
        activity = activity_create(
            work_plan=work_plan,
            actor=biro,
            title=item.title,
            description=item.description,
            sector=sector,
            work_unit=unit,
            quarter=item.quarter,
            commitment=Commitment.objects.filter(agreement=sister, sector=sector)
            .order_by("pk")
            .first(),
            indicators=[
                {"name": name, "benefit_kind": kind, "unit": unit_, "target": target}
                for name, kind, unit_, target in item.indicators
            ],
        )
        if not item.as_task or activity.commitment is None:
            continue
        task = activity_make_task(activity=activity, actor=biro)
        indicators = list(Indicator.objects.filter(activity=activity).order_by("pk"))
        reporter = User.objects.filter(username=REPORTERS.get(item.unit, "biro")).first() or biro
        for report in item.reports:
            _report(task, indicators, report, actor=reporter, today=today)


def seed_monitoring(*, today: date) -> None:
    """The Zhejiang MoU's work plans 2025 and 2026, and the tourism PKS's 2026 plan, with
    tasks and realisation (call inside a transaction, after seed_demo's follow-up)."""
    sister = Agreement.objects.filter(title=ZHEJIANG).first()
    biro = User.objects.filter(username="biro").first()
    if sister is None or biro is None or not sister.is_in_force:
        return
    for plan in PLANS:
        _seed_plan(plan, sister=sister, biro=biro, today=today)
