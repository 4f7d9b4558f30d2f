"""The demo data: NTB's work units, the Zhejiang sister province and five demo agreements.

Written through the services, as a person would, so that the history, the audit trail
and the documents are all there. Idempotent: records are looked up by their natural
keys and only created when missing.

Dates are either fixed or, as a number, days from today: the demo then always shows
the study's three problems (work not followed up, letters not answered, no budget)
and one young agreement that is not stuck.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ..lifecycle import STEPS
from ..models import Agreement, Partner, Role, StageAction, User, WorkUnit
from ..models.agreements import AgreementKind, ContactKind, Initiator
from ..models.budget import FundingSource
from ..models.followup import Commitment, Priority, TaskStatus
from ..models.reference import PartnerLevel
from ..services.agreements import agreement_create, contact_create
from ..services.budget import budget_line_create
from ..services.coordination import letter_answer, letter_send
from ..services.followup import commitment_create, progress_post, task_create
from ..services.lifecycle import agreement_move_stage
from ..services.notifications import notify_late
from .pdf import make_pdf
from .reference import SECTOR_CODES, WORK_UNITS_BY_ABBREVIATION, email_name, seed_sectors

DEMO_PASSWORD = "demo-kerjasama"

# The work units the demo loads, in this order.
UNITS = ["Distanbun", "DKP", "Dispar", "Dishub", "Disperin", "Disdag", "Dikbud", "DPMPTSP"]
UNITS += ["Bappeda", "Biro AK"]

ACCOUNTS = [
    # username, full name, role, work unit abbreviation
    ("biro", "Staf Biro Kerja Sama", Role.BIRO, None),
    ("pimpinan", "Sekretaris Daerah", Role.LEADERSHIP, None),
    ("skpd-pertanian", "Petugas Dinas Pertanian", Role.SKPD, "Distanbun"),
    ("skpd-pariwisata", "Petugas Dinas Pariwisata", Role.SKPD, "Dispar"),
    ("admin", "Administrator TI", Role.ADMINISTRATOR, None),
]


@dataclass(frozen=True)
class DemoAgreement:
    title: str
    partner: tuple  # name, native name, country, level
    kind: str
    sectors: list  # sector codes
    unit: str
    first_contact: date | int
    summary: str = ""
    contacts: list = field(default_factory=list)  # dicts of contact_create's fields
    # (action, date, evidence); a "document" is the name of a generated PDF.
    steps: list = field(default_factory=list)


AGREEMENTS = [
    DemoAgreement(
        title="Sister Province NTB – Zhejiang",
        partner=("Zhejiang", "浙江省", "Tiongkok", PartnerLevel.PROVINCE),
        kind=AgreementKind.SISTER_PROVINCE,
        sectors=SECTOR_CODES,
        unit="Biro AK",
        first_contact=date(2012, 10, 15),
        summary=(
            "Kerja sama provinsi bersaudara untuk menarik investasi (pertanian, perikanan) "
            "dan bekerja sama di bidang pariwisata, perhubungan, perindustrian dan "
            "perdagangan, pendidikan dan kebudayaan."
        ),
        contacts=[
            {
                "date": date(2012, 10, 15),
                "kind": ContactKind.VISIT,
                "initiator_type": Initiator.OFFICIAL,
                "initiator_name": "Gubernur NTB",
                "participants": "Delegasi Pemerintah Provinsi NTB\nPemerintah Provinsi Zhejiang",
                "location": "Hangzhou",
                "notes": "Kunjungan penjajakan kerja sama.",
            },
            {
                "date": date(2013, 3, 4),
                "kind": ContactKind.MEETING,
                "initiator_type": Initiator.CONSUL_GENERAL,
                "initiator_name": "Konsul Jenderal RI di Shanghai",
                "participants": "Biro Administrasi Kerjasama\nKonsulat Jenderal RI di Shanghai",
                "location": "Mataram",
            },
        ],
        steps=[
            (StageAction.LOI, date(2013, 11, 20), {"document": "LoI NTB-Zhejiang"}),
            (
                StageAction.DPRD_APPROVAL,
                date(2014, 9, 8),
                {"reference_number": "Keputusan DPRD NTB No. 12/KEP/DPRD/2014"},
            ),
            (
                StageAction.MOU_SIGNED,
                date(2015, 5, 22),
                {
                    "valid_until": date(2020, 5, 21),
                    "reference_number": "MoU/NTB-ZJ/2015",
                    "document": "MoU NTB-Zhejiang 2015",
                },
            ),
            (StageAction.RENEWED, date(2020, 5, 11), {"valid_until": date(2025, 5, 21)}),
            (
                StageAction.RENEWED,
                date(2025, 5, 12),
                {
                    "valid_until": date(2030, 5, 21),
                    "reference_number": "MoU/NTB-ZJ/2025",
                    "document": "Perpanjangan MoU NTB-Zhejiang 2025",
                },
            ),
        ],
    ),
    # Dated from today, so that the demo keeps one young agreement that is not stuck.
    DemoAgreement(
        title="Kerja sama agribisnis NTB – Western Australia (demo)",
        partner=("Western Australia (demo)", "", "Australia", PartnerLevel.STATE),
        kind=AgreementKind.OTHER,
        sectors=["pertanian", "perindag"],
        unit="Distanbun",
        first_contact=-150,
        contacts=[
            {
                "date": -150,
                "kind": ContactKind.MEETING,
                "initiator_type": Initiator.BUSINESS,
                "initiator_name": "Kamar dagang (demo)",
                "participants": "Dinas Pertanian dan Perkebunan\nDelegasi bisnis (demo)",
                "location": "Mataram",
            }
        ],
        steps=[(StageAction.LOI, -60, {"document": "LoI agribisnis (demo)"})],
    ),
    # Waiting for the MoU since its DPRD approval in 2024: the demo's stuck agreement.
    DemoAgreement(
        title="Kerja sama kebudayaan NTB – Gyeongsangbuk-do (demo)",
        partner=("Gyeongsangbuk-do (demo)", "경상북도", "Korea Selatan", PartnerLevel.PROVINCE),
        kind=AgreementKind.SISTER_PROVINCE,
        sectors=["kebudayaan"],
        unit="Dikbud",
        first_contact=date(2023, 6, 5),
        steps=[
            (StageAction.LOI, date(2024, 1, 15), {"document": "LoI kebudayaan (demo)"}),
            (
                StageAction.DPRD_APPROVAL,
                date(2024, 7, 30),
                {"reference_number": "Keputusan DPRD NTB No. 7/KEP/DPRD/2024 (demo)"},
            ),
        ],
    ),
    DemoAgreement(
        title="Penjajakan perikanan NTB – Okinawa (demo)",
        partner=("Okinawa (demo)", "沖縄県", "Jepang", PartnerLevel.PREFECTURE),
        kind=AgreementKind.OTHER,
        sectors=["perikanan"],
        unit="DKP",
        first_contact=date(2026, 9, 14),
    ),
    DemoAgreement(
        title="Kerja sama perhubungan NTB – Fuzhou (demo)",
        partner=("Kota Fuzhou (demo)", "福州市", "Tiongkok", PartnerLevel.CITY),
        kind=AgreementKind.OTHER,
        sectors=["perhubungan"],
        unit="Dishub",
        first_contact=date(2019, 4, 2),
        steps=[
            (
                StageAction.DROPPED,
                date(2020, 3, 1),
                {"reason": "Mitra tidak melanjutkan penjajakan (demo)."},
            )
        ],
    ),
    DemoAgreement(
        title="Kerja sama pendidikan NTB – Penang (demo)",
        partner=("Penang (demo)", "", "Malaysia", PartnerLevel.STATE),
        kind=AgreementKind.OTHER,
        sectors=["pendidikan"],
        unit="Dikbud",
        first_contact=date(2017, 8, 1),
        steps=[
            (StageAction.LOI, date(2018, 2, 1), {"document": "LoI pendidikan (demo)"}),
            (
                StageAction.DPRD_APPROVAL,
                date(2018, 9, 1),
                {"reference_number": "Keputusan DPRD NTB No. 21/KEP/DPRD/2018 (demo)"},
            ),
            (
                StageAction.MOU_SIGNED,
                date(2019, 3, 1),
                {"valid_until": date(2024, 2, 29), "document": "MoU pendidikan (demo)"},
            ),
            # Recorded by the portal itself, as expire_agreements does.
            (StageAction.EXPIRED, date(2024, 3, 1), {}),
        ],
    ),
]

# The Zhejiang MoU's follow-up. All dates are days from today.
FOLLOWED_UP = "Sister Province NTB – Zhejiang"


@dataclass(frozen=True)
class DemoTask:
    key: str  # what the letters and budget lines below call it
    title: str
    due: int
    priority: str = Priority.NORMAL
    progress: list = field(default_factory=list)  # (day, text, percent, status change)


@dataclass(frozen=True)
class DemoCommitment:
    key: str
    sector: str
    unit: str
    title: str
    description: str = ""
    tasks: list = field(default_factory=list)


COMMITMENTS = [
    DemoCommitment(
        "agri",
        "pertanian",
        "Distanbun",
        "Pengembangan agribisnis jagung dan hortikultura",
        "Alih teknologi benih dan pascapanen jagung; kemitraan hortikultura.",
        [
            DemoTask(
                "plan",
                "Menyusun rencana aksi agribisnis jagung",
                -120,
                progress=[
                    (-150, "Rencana aksi disusun bersama mitra Zhejiang.", 60, "in_progress"),
                    (-125, "Rencana aksi ditetapkan.", 100, "done"),
                ],
            ),
            DemoTask(
                "trial",
                "Uji coba varietas jagung unggul di Lombok Timur",
                -40,
                Priority.HIGH,
                progress=[(-75, "Lahan uji coba disiapkan; benih belum tiba.", 30, "in_progress")],
            ),
            DemoTask("report", "Laporan kemajuan kerja sama pertanian triwulan IV", 10),
        ],
    ),
    DemoCommitment(
        "fish",
        "perikanan",
        "DKP",
        "Alih teknologi budidaya rumput laut",
        "Pelatihan dan percontohan budidaya rumput laut dengan tenaga ahli Zhejiang.",
        [
            DemoTask(
                "site",
                "Identifikasi lokasi percontohan rumput laut",
                -90,
                progress=[(-95, "Lokasi di Lombok Tengah ditetapkan.", 100, "done")],
            ),
            DemoTask(
                "training",
                "Pelatihan budidaya rumput laut oleh tenaga ahli Zhejiang",
                -20,
                progress=[(-50, "Menunggu kepastian jadwal dan anggaran.", 10, "blocked")],
            ),
        ],
    ),
    DemoCommitment(
        "tourism",
        "pariwisata",
        "Dispar",
        "Promosi wisata bersama Lombok–Hangzhou",
        tasks=[
            DemoTask(
                "package",
                "Penyusunan paket wisata Lombok–Hangzhou",
                -60,
                progress=[(-62, "Paket wisata disepakati dengan agen perjalanan.", 100, "done")],
            ),
            DemoTask(
                "fair",
                "Pameran wisata bersama di Hangzhou",
                30,
                progress=[(-3, "Stan pameran dipesan; materi promosi dicetak.", 50, "in_progress")],
            ),
        ],
    ),
    DemoCommitment(
        "transport",
        "perhubungan",
        "Dishub",
        "Penjajakan penerbangan langsung Lombok–Hangzhou",
        tasks=[DemoTask("route", "Kajian kelayakan rute Lombok–Hangzhou", -60, Priority.HIGH)],
    ),
    DemoCommitment(
        "trade",
        "perindag",
        "Disdag",
        "Misi dagang produk UMKM NTB ke Zhejiang",
        tasks=[
            DemoTask(
                "curation",
                "Kurasi produk UMKM untuk misi dagang",
                5,
                progress=[(-8, "40 produk UMKM dikurasi.", 40, "in_progress")],
            )
        ],
    ),
    DemoCommitment(
        "school",
        "pendidikan",
        "Dikbud",
        "Beasiswa dan pertukaran pelajar",
        tasks=[
            DemoTask(
                "scholarship",
                "Seleksi penerima beasiswa ke Zhejiang",
                -30,
                progress=[(-35, "Sepuluh penerima beasiswa ditetapkan.", 100, "done")],
            )
        ],
    ),
    DemoCommitment(
        "culture",
        "kebudayaan",
        "Dikbud",
        "Pertukaran misi kesenian",
        tasks=[
            DemoTask(
                "mission",
                "Pengiriman misi kesenian ke Festival Hangzhou",
                -15,
                progress=[(-40, "Festival ditunda oleh mitra.", 0, TaskStatus.CANCELLED)],
            )
        ],
    ),
    DemoCommitment(
        "invest",
        "penanaman-modal",
        "DPMPTSP",
        "Forum investasi NTB–Zhejiang",
        tasks=[
            DemoTask(
                "profile",
                "Penyusunan profil proyek investasi",
                -10,
                progress=[(-45, "Draf profil lima proyek.", 50, "in_progress")],
            )
        ],
    ),
]

# The tasks were assigned after the 2025 renewal, not on the day the demo loads.
TASKS_ASSIGNED = datetime(2025, 6, 2, 9, 0)


@dataclass(frozen=True)
class DemoLetter:
    serial: int  # 070/<serial>/BAK/<this year>
    unit: str
    subject: str
    sent: int
    due: int
    about: str  # a task key
    answer: str = ""
    answered_by: str = ""  # a username; the Bureau when empty
    answered_on: int | None = None  # the day the answer was "given"


# One on time, one late; four waiting, two of them late.
LETTERS = [
    DemoLetter(101, "Dishub", "Data perkembangan kajian rute penerbangan", -45, -30, "route"),
    DemoLetter(102, "DKP", "Laporan persiapan pelatihan rumput laut", -20, -6, "training"),
    DemoLetter(103, "Distanbun", "Jadwal uji coba varietas jagung", -10, 4, "trial"),
    DemoLetter(104, "DPMPTSP", "Daftar calon investor forum investasi", -30, -16, "profile"),
    DemoLetter(
        105,
        "Dispar",
        "Rencana pameran wisata",
        -12,
        -2,
        "fair",
        answer="Rencana pameran terlampir.",
        answered_by="skpd-pariwisata",
        answered_on=-4,
    ),
    DemoLetter(
        106,
        "Disdag",
        "Daftar produk UMKM terkurasi",
        -25,
        -15,
        "curation",
        answer="Daftar produk terlampir.",
        answered_on=-9,
    ),
]

# unit, commitment key, requested, allocated, spent, fiscal year (from this one), task key
BUDGET_LINES = [
    ("Distanbun", "agri", 250_000_000, 150_000_000, 60_000_000, 0, "trial"),
    ("Dispar", "tourism", 400_000_000, 400_000_000, 120_000_000, 0, "fair"),
    ("Dikbud", "school", 300_000_000, 300_000_000, 275_000_000, 0, None),
    # Requested but not allocated: the study's third cause.
    ("DKP", "fish", 200_000_000, 0, 0, 0, "training"),
    ("Dishub", "transport", 150_000_000, 100_000_000, 90_000_000, -1, None),
]


def _day(value: date | int, today: date) -> date:
    return value if isinstance(value, date) else today + timedelta(days=value)


def _at(day: date) -> datetime:
    """Ten in the morning, WITA, on ``day``."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", make_pdf(name), content_type="application/pdf")


def seed_demo(*, today: date) -> None:
    """Load what is missing of the demo data (call inside a transaction)."""
    sectors = seed_sectors()
    units = seed_work_units(sectors)
    users = seed_accounts(units)
    seed_agreements(sectors, units, users["biro"], today)
    seed_followup(sectors, units, users, today)
    # The tasks and letters above already rang the units' bells; the late ones ring too.
    notify_late(today=today)


def seed_work_units(sectors) -> dict[str, WorkUnit]:
    units = {}
    for abbreviation in UNITS:
        name, _abbreviation, codes = WORK_UNITS_BY_ABBREVIATION[abbreviation]
        unit, created = WorkUnit.objects.get_or_create(
            abbreviation=abbreviation,
            defaults={
                "name": name,
                "email": f"{email_name(abbreviation)}@ntbprov.example",
                "phone": "(0370) 000000",
                "address": "Jl. Pejanggik, Mataram, Nusa Tenggara Barat",
            },
        )
        if created:
            unit.sectors.set([sectors[code] for code in codes])
        units[abbreviation] = unit
    return units


def seed_accounts(units) -> dict[str, User]:
    users = {}
    for username, full_name, role, unit in ACCOUNTS:
        first, _, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "work_unit": units[unit] if unit else None,
                "email": f"{username}@ntbprov.example",
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[username] = user
    return users


def seed_agreements(sectors, units, biro, today: date) -> None:
    for row in AGREEMENTS:
        name, native, country, level = row.partner
        partner, _ = Partner.objects.get_or_create(
            name=name, country=country, defaults={"native_name": native, "level": level}
        )
        if Agreement.objects.filter(title=row.title).exists():
            continue  # loaded before: its history is kept as it is
        agreement = agreement_create(
            actor=biro,
            title=row.title,
            partner=partner,
            kind=row.kind,
            sectors=[sectors[code] for code in row.sectors],
            coordinating_unit=units[row.unit],
            summary=row.summary,
            first_contact_date=_day(row.first_contact, today),
        )
        for contact in row.contacts:
            fields = {**contact, "date": _day(contact["date"], today)}
            contact_create(agreement=agreement, actor=biro, **fields)
        for action, when, evidence in row.steps:
            evidence = dict(evidence)
            if "document" in evidence:
                evidence["document"] = pdf(evidence["document"])
            agreement_move_stage(
                agreement=agreement,
                actor=biro if STEPS[action].by_person else None,
                action=action,
                date=_day(when, today),
                **evidence,
            )


def seed_followup(sectors, units, users, today: date) -> None:
    """The Zhejiang MoU's commitments, tasks in every state, letters and budget lines."""
    sister = Agreement.objects.get(title=FOLLOWED_UP)
    if Commitment.objects.filter(agreement=sister).exists():
        return
    biro = users["biro"]
    officers = {unit: users[username] for username, _n, _r, unit in ACCOUNTS if unit}
    assigned = timezone.make_aware(TASKS_ASSIGNED)
    commitments, tasks = {}, {}
    for row in COMMITMENTS:
        commitment = commitments[row.key] = commitment_create(
            agreement=sister,
            actor=biro,
            sector=sectors[row.sector],
            title=row.title,
            description=row.description,
            lead_unit=units[row.unit],
        )
        for item in row.tasks:
            task = tasks[item.key] = task_create(
                commitment=commitment,
                actor=biro,
                responsible_unit=commitment.lead_unit,
                title=item.title,
                due_date=_day(item.due, today),
                priority=item.priority,
            )
            type(task).objects.filter(pk=task.pk).update(created_at=assigned)
            author = officers.get(task.responsible_unit.abbreviation, biro)
            for day, text, percent, status in item.progress:
                task.refresh_from_db()
                progress_post(
                    task=task,
                    actor=author,
                    expected_version=task.version,
                    date=_day(day, today),
                    text=text,
                    percent_complete=percent,
                    status_change=status,
                )

    year = today.year
    answered = []
    for row in LETTERS:
        (letter,) = letter_send(
            agreement=sister,
            actor=biro,
            work_units=[units[row.unit]],
            letter_number=f"070/{row.serial}/BAK/{year}",
            subject=row.subject,
            message=(
                "Sehubungan dengan pelaksanaan kerja sama Provinsi NTB dengan Provinsi "
                "Zhejiang, kami mohon Saudara menyampaikan " + row.subject.lower() + "."
            ),
            sent_on=_day(row.sent, today),
            answer_due=_day(row.due, today),
            task=tasks[row.about],
        )
        if row.answer:
            letter_answer(
                letter=letter,
                actor=users[row.answered_by] if row.answered_by else biro,
                answer_text=row.answer,
                expected_version=letter.version,
            )
            answered.append((letter, row.answered_on))
    # The demo's answers were "given" on a chosen day.
    for letter, day in answered:
        type(letter).objects.filter(pk=letter.pk).update(answered_at=_at(_day(day, today)))

    for unit, commitment, requested, allocated, spent, years_from_now, task in BUDGET_LINES:
        budget_line_create(
            actor=biro,
            fiscal_year=year + years_from_now,
            work_unit=units[unit],
            commitment=commitments[commitment],
            task=tasks[task] if task else None,
            source=FundingSource.APBD,
            amount_requested=requested,
            amount_allocated=allocated,
            amount_spent=spent,
        )
