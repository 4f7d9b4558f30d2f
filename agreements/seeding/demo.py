"""The demo data: NTB's work units, the Zhejiang sister province and six demo agreements.

Written through the services, as a person would, so that the history, the audit trail
and the documents are all there. Idempotent: records are looked up by their natural
keys and only created when missing.

What a newcomer sees without explanation:

- Zhejiang's history on the regulation's whole path (2012–2015: exploration, Letter of
  Intent after consulting Kemlu, cooperation plan, the Governor's request and the DPRD's
  approval, Kemendagri's verification, Kemlu's Full Powers, the signing), renewed twice,
  with its follow-up and two PKS of its work units (tourism, near its end; agriculture);
- a sister province (Guangxi) waiting at Kemendagri longer than its guideline, and one
  (Gyeongsangbuk-do) waiting at the DPRD: delays of their holders, never a reason to call
  a sector stalled;
- a young cooperation (Western Australia) waiting with the partner within its guideline;
- a prospect after a consul general's visit (Okinawa), without sectors or a coordinating
  unit yet; one dropped and one expired.

Dates are either fixed or, as a number, days from today: the demo then always shows
the study's three problems (work not followed up, letters not answered, no budget),
the files that wait too long, and one young agreement that is not stuck.
"""

import inspect
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ..lifecycle import STEPS
from ..models import Agreement, Holder, Partner, Role, StageAction, User, WorkUnit
from ..models.agreements import AgreementKind, ContactKind, Initiator
from ..models.budget import FundingSource
from ..models.documents import DocumentKind
from ..models.followup import Commitment, Priority, TaskStatus
from ..models.reference import PartnerLevel
from ..services.agreements import agreement_create, contact_create
from ..services.budget import budget_line_create
from ..services.coordination import letter_answer, letter_send
from ..services.documents import document_create
from ..services.followup import commitment_create, progress_post, task_create
from ..services.lifecycle import agreement_hand_over, agreement_move_stage, agreement_receive_answer
from ..services.notifications import notify_late
from .demo_evaluations import seed_evaluations
from .demo_monitoring import seed_monitoring
from .demo_visits import seed_visits
from .pdf import make_pdf
from .reference import SECTOR_CODES, WORK_UNITS_BY_ABBREVIATION, email_name, seed_sectors

try:  # the PKS service (issue 11); the demo loads without its PKS when it is missing
    from ..services import pks as pks_service
except ImportError:  # pragma: no cover
    pks_service = None

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

# The history entries that are not steps: the file changing hands, an answer coming back.
HANDOVER, ANSWER = StageAction.HANDED_OVER, StageAction.RECEIVED


@dataclass(frozen=True)
class DemoAgreement:
    title: str
    partner: tuple  # name, native name, country, level
    kind: str
    sectors: list  # sector codes; empty for a prospect
    unit: str | None  # the coordinating unit's abbreviation; None for a prospect
    first_contact: date | int
    summary: str = ""
    contacts: list = field(default_factory=list)  # dicts of contact_create's fields
    # (action, date, evidence) in the order of the history; a "document" is the name of a
    # generated PDF, a date in the evidence may be a number of days too, and a reference
    # number may say {year} (the entry's year). HANDOVER takes "holder" and
    # "reference_number" (the outgoing letter); ANSWER an optional "reference_number".
    steps: list = field(default_factory=list)


ZHEJIANG_SIGNATORIES = "Gubernur Nusa Tenggara Barat\nGubernur Provinsi Zhejiang"

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
        # The regulation's whole path, as the Bureau entered it from its 2012–2015 files.
        steps=[
            (
                StageAction.LOI,
                date(2013, 11, 20),
                {"consulted_on": date(2013, 10, 1), "document": "LoI NTB-Zhejiang"},
            ),
            (
                StageAction.PLAN,
                date(2014, 2, 17),
                {"document": "Rencana Kerja Sama NTB-Zhejiang 2014"},
            ),
            (
                HANDOVER,
                date(2014, 5, 12),
                {"holder": Holder.DPRD, "reference_number": "Surat Gubernur No. 050/412/2014"},
            ),
            (
                StageAction.DPRD_APPROVAL,
                date(2014, 9, 8),
                {"reference_number": "Keputusan DPRD NTB No. 12/KEP/DPRD/2014"},
            ),
            (
                HANDOVER,
                date(2014, 10, 6),
                {
                    "holder": Holder.KEMENDAGRI,
                    "reference_number": "Surat Gubernur No. 120/587/BAK/2014",
                },
            ),
            (
                StageAction.VERIFIED,
                date(2015, 2, 16),
                {
                    "reference_number": "Surat Kemendagri No. 120/1034/OTDA/2015",
                    "document": "Berita Acara Rapat Interkementerian NTB-Zhejiang",
                },
            ),
            (
                HANDOVER,
                date(2015, 2, 23),
                {"holder": Holder.KEMLU, "reference_number": "Surat Gubernur No. 120/121/BAK/2015"},
            ),
            (
                StageAction.FULL_POWERS,
                date(2015, 4, 20),
                {"reference_number": "Surat Kuasa Menteri Luar Negeri No. 412/SK/2015"},
            ),
            (
                StageAction.MOU_SIGNED,
                date(2015, 5, 22),
                {
                    "valid_until": date(2020, 5, 21),
                    "reference_number": "MoU/NTB-ZJ/2015",
                    "signatories": ZHEJIANG_SIGNATORIES,
                    "languages": "Bahasa Indonesia, 中文, English",
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
    # Dated from today: waiting at Kemendagri since 150 days, past its 90-day guideline.
    DemoAgreement(
        title="Sister Province NTB – Guangxi (demo)",
        partner=(
            "Guangxi Zhuang Autonomous Region (demo)",
            "广西壮族自治区",
            "Tiongkok",
            PartnerLevel.PROVINCE,
        ),
        kind=AgreementKind.SISTER_PROVINCE,
        sectors=["perindag", "pertanian"],
        unit="Disdag",
        first_contact=-820,
        summary="Kerja sama provinsi bersaudara di bidang perdagangan dan agribisnis.",
        contacts=[
            {
                "date": -820,
                "kind": ContactKind.VISIT,
                "initiator_type": Initiator.GOVERNMENT_ORG,
                "initiator_name": "Pemerintah Daerah Otonom Guangxi Zhuang",
                "participants": "Biro Administrasi Kerjasama\nDelegasi Guangxi (demo)",
                "location": "Mataram",
                "notes": "Kunjungan delegasi; menjajaki perdagangan hasil pertanian.",
            }
        ],
        steps=[
            (
                StageAction.LOI,
                -640,
                {"consulted_on": -670, "document": "LoI NTB-Guangxi (demo)"},
            ),
            (StageAction.PLAN, -470, {"document": "Rencana Kerja Sama NTB-Guangxi (demo)"}),
            (
                HANDOVER,
                -330,
                {"holder": Holder.DPRD, "reference_number": "Surat Gubernur No. 050/233/{year}"},
            ),
            (
                StageAction.DPRD_APPROVAL,
                -260,
                {"reference_number": "Keputusan DPRD NTB No. 9/KEP/DPRD/{year} (demo)"},
            ),
            (
                HANDOVER,
                -150,
                {
                    "holder": Holder.KEMENDAGRI,
                    "reference_number": "Surat Gubernur No. 120/318/BAK/{year}",
                },
            ),
        ],
    ),
    # Dated from today, so that the demo keeps one young agreement that is not stuck: its
    # draft plan is with the partner, well within the guideline.
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
        steps=[
            (StageAction.LOI, -60, {"consulted_on": -75, "document": "LoI agribisnis (demo)"}),
            (
                HANDOVER,
                -30,
                {"holder": Holder.PARTNER, "reference_number": "070/215/BAK/{year}"},
            ),
        ],
    ),
    # Waiting at the DPRD for 100 days, past its 60-day guideline: the DPRD's delay, not
    # a reason to call culture stalled.
    DemoAgreement(
        title="Kerja sama kebudayaan NTB – Gyeongsangbuk-do (demo)",
        partner=("Gyeongsangbuk-do (demo)", "경상북도", "Korea Selatan", PartnerLevel.PROVINCE),
        kind=AgreementKind.SISTER_PROVINCE,
        sectors=["kebudayaan"],
        unit="Dikbud",
        first_contact=date(2024, 6, 5),
        steps=[
            (StageAction.LOI, date(2025, 3, 10), {"document": "LoI kebudayaan (demo)"}),
            (StageAction.PLAN, -190, {"document": "Rencana kerja sama kebudayaan (demo)"}),
            (
                HANDOVER,
                -100,
                {"holder": Holder.DPRD, "reference_number": "Surat Gubernur No. 050/377/{year}"},
            ),
        ],
    ),
    # A prospect: the consul general's visit opened it; its sectors and coordinating unit
    # are decided before the Letter of Intent.
    DemoAgreement(
        title="Penjajakan perikanan NTB – Okinawa (demo)",
        partner=("Okinawa (demo)", "沖縄県", "Jepang", PartnerLevel.PREFECTURE),
        kind=AgreementKind.OTHER,
        sectors=[],
        unit=None,
        first_contact=-80,
        contacts=[
            {
                "date": -80,
                "kind": ContactKind.VISIT,
                "initiator_type": Initiator.CONSUL_GENERAL,
                "initiator_name": "Konsul Jenderal Jepang di Denpasar",
                "participants": (
                    "Biro Administrasi Kerjasama\nKonsulat Jenderal Jepang di Denpasar"
                ),
                "location": "Mataram",
                "notes": "Kunjungan kehormatan; menjajaki kerja sama perikanan dan budidaya laut.",
            }
        ],
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
    # Another kind's path: no Full Powers for a cooperation that is not a sister province.
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
                StageAction.PLAN,
                date(2018, 4, 2),
                {"document": "Rencana kerja sama pendidikan (demo)"},
            ),
            (
                StageAction.DPRD_APPROVAL,
                date(2018, 9, 1),
                {"reference_number": "Keputusan DPRD NTB No. 21/KEP/DPRD/2018 (demo)"},
            ),
            (
                StageAction.VERIFIED,
                date(2019, 1, 14),
                {"reference_number": "Surat Kemendagri No. 120/88/OTDA/2019 (demo)"},
            ),
            (
                StageAction.MOU_SIGNED,
                date(2019, 3, 1),
                {
                    "valid_until": date(2024, 2, 29),
                    "signatories": "Gubernur Nusa Tenggara Barat\nKetua Menteri Penang",
                    "document": "MoU pendidikan (demo)",
                },
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

# unit, commitment key, requested, allocated, spent, fiscal year (from this one), task key,
# PKS key (the line belongs to that PKS too)
BUDGET_LINES = [
    ("Distanbun", "agri", 250_000_000, 150_000_000, 60_000_000, 0, "trial", "agri"),
    ("Dispar", "tourism", 400_000_000, 400_000_000, 120_000_000, 0, "fair", "tourism"),
    ("Dikbud", "school", 300_000_000, 300_000_000, 275_000_000, 0, None, None),
    # Requested but not allocated: the study's third cause.
    ("DKP", "fish", 200_000_000, 0, 0, 0, "training", None),
    ("Dishub", "transport", 150_000_000, 100_000_000, 90_000_000, -1, None, None),
]


@dataclass(frozen=True)
class DemoPks:
    """A PKS under the Zhejiang MoU, taken through its path to its signing."""

    key: str
    title: str
    unit: str
    counterpart: str
    counterpart_native_name: str
    signatory_ntb: str
    signatory_partner: str
    commitments: list  # commitment keys
    drafted: date
    reviewed: date
    authorised: date
    authorisation_number: str
    signed: date
    number: str
    valid_until: date | int
    summary: str = ""
    tasks: list = field(default_factory=list)  # task keys that belong to it
    work_plan: str = ""  # the title of an annual work plan attached to it


PKS = [
    # Ends within EXPIRY_WARNING_DAYS (180) of today: the expiry warning shows it.
    DemoPks(
        key="tourism",
        title="PKS promosi pariwisata Lombok–Hangzhou",
        unit="Dispar",
        counterpart="Department of Culture and Tourism of Zhejiang Province",
        counterpart_native_name="浙江省文化和旅游厅",
        signatory_ntb="Kepala Dinas Pariwisata Provinsi NTB",
        signatory_partner="Direktur Departemen Kebudayaan dan Pariwisata Provinsi Zhejiang",
        commitments=["tourism"],
        drafted=date(2025, 6, 16),
        reviewed=date(2025, 7, 1),
        authorised=date(2025, 7, 21),
        authorisation_number="Surat Kuasa Gubernur No. 180/245/BAK/2025",
        signed=date(2025, 8, 12),
        number="PKS/DISPAR-ZJ/2025",
        valid_until=120,
        summary="Promosi wisata bersama, paket wisata dan pameran di Hangzhou dan Lombok.",
        tasks=["fair"],
        work_plan="Rencana Kerja Tahunan 2026",
    ),
    DemoPks(
        key="agri",
        title="PKS pengembangan agribisnis jagung dan hortikultura",
        unit="Distanbun",
        counterpart="Department of Agriculture and Rural Affairs of Zhejiang Province",
        counterpart_native_name="浙江省农业农村厅",
        signatory_ntb="Kepala Dinas Pertanian dan Perkebunan Provinsi NTB",
        signatory_partner="Direktur Departemen Pertanian dan Perdesaan Provinsi Zhejiang",
        commitments=["agri"],
        drafted=date(2025, 6, 23),
        reviewed=date(2025, 7, 8),
        authorised=date(2025, 7, 28),
        authorisation_number="Surat Kuasa Gubernur No. 180/262/BAK/2025",
        signed=date(2025, 9, 3),
        number="PKS/DISTANBUN-ZJ/2025",
        valid_until=date(2029, 9, 2),
        summary="Alih teknologi benih dan pascapanen jagung; uji coba varietas unggul.",
        tasks=["trial"],
    ),
]


def _day(value: date | int, today: date) -> date:
    return value if isinstance(value, date) else today + timedelta(days=value)


def _at(day: date) -> datetime:
    """Ten in the morning, WITA, on ``day``."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", make_pdf(name), content_type="application/pdf")


def _accepts(function, name: str) -> bool:
    return name in inspect.signature(function).parameters


def seed_demo(*, today: date) -> None:
    """Load what is missing of the demo data (call inside a transaction)."""
    sectors = seed_sectors()
    units = seed_work_units(sectors)
    users = seed_accounts(units)
    seed_agreements(sectors, units, users["biro"], today)
    seed_followup(sectors, units, users, today)
    # Monitoring and evaluation: work plans with realisation, then the evaluations that
    # weigh them, then the visits that carried them out.
    seed_monitoring(today=today)
    seed_evaluations(today=today)
    seed_visits(today=today)
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
            coordinating_unit=units[row.unit] if row.unit else None,
            summary=row.summary,
            first_contact_date=_day(row.first_contact, today),
        )
        for contact in row.contacts:
            fields = {**contact, "date": _day(contact["date"], today)}
            contact_create(agreement=agreement, actor=biro, **fields)
        for action, when, evidence in row.steps:
            record_entry(agreement, biro, action, _day(when, today), evidence, today)


def record_entry(agreement, biro, action, when: date, evidence: dict, today: date) -> None:
    """One entry of a demo history, through the service that records it."""
    evidence = dict(evidence)
    if "reference_number" in evidence:
        evidence["reference_number"] = evidence["reference_number"].format(year=when.year)
    if action == HANDOVER:
        agreement_hand_over(agreement=agreement, actor=biro, date=when, today=today, **evidence)
        return
    if action == ANSWER:
        agreement_receive_answer(
            agreement=agreement, actor=biro, date=when, today=today, **evidence
        )
        return
    if "document" in evidence:
        evidence["document"] = pdf(evidence["document"])
    if "consulted_on" in evidence:
        evidence["consulted_on"] = _day(evidence["consulted_on"], today)
    agreement_move_stage(
        agreement=agreement,
        actor=biro if STEPS[action].by_person else None,
        action=action,
        date=when,
        today=today,
        **evidence,
    )


def seed_followup(sectors, units, users, today: date) -> None:
    """The Zhejiang MoU's commitments, its PKS, tasks in every state, letters and budget."""
    sister = Agreement.objects.get(title=FOLLOWED_UP)
    if Commitment.objects.filter(agreement=sister).exists():
        return
    biro = users["biro"]
    officers = {unit: users[username] for username, _n, _r, unit in ACCOUNTS if unit}
    assigned = timezone.make_aware(TASKS_ASSIGNED)
    commitments, tasks = {}, {}
    for row in COMMITMENTS:
        commitments[row.key] = commitment_create(
            agreement=sister,
            actor=biro,
            sector=sectors[row.sector],
            title=row.title,
            description=row.description,
            lead_unit=units[row.unit],
        )
    implementing = seed_pks(sister, commitments, units, users, today)
    pks_of_task = {key: implementing[row.key] for row in PKS for key in row.tasks}
    pks_of_task = {key: pks for key, pks in pks_of_task.items() if pks is not None}
    for row in COMMITMENTS:
        commitment = commitments[row.key]
        for item in row.tasks:
            extra = {"pks": pks_of_task[item.key]} if item.key in pks_of_task else {}
            task = tasks[item.key] = task_create(
                commitment=commitment,
                actor=biro,
                responsible_unit=commitment.lead_unit,
                title=item.title,
                due_date=_day(item.due, today),
                priority=item.priority,
                **extra,
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

    for unit, commitment, requested, allocated, spent, years_from_now, task, pks in BUDGET_LINES:
        extra = {"pks": implementing[pks]} if pks and implementing.get(pks) else {}
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
            **extra,
        )


def seed_pks(sister, commitments, units, users, today: date) -> dict:
    """The two PKS under the Zhejiang MoU, each taken to its signing: {key: PKS or None}."""
    if pks_service is None:
        return {row.key: None for row in PKS}
    from ..models.pks import PksAction

    biro = users["biro"]
    officers = {unit: users[username] for username, _n, _r, unit in ACCOUNTS if unit}
    made = {}
    for row in PKS:
        drafter = officers.get(row.unit, biro)
        pks = pks_service.pks_create(
            agreement=sister,
            actor=drafter,
            title=row.title,
            work_unit=units[row.unit],
            counterpart=row.counterpart,
            counterpart_native_name=row.counterpart_native_name,
            signatory_ntb=row.signatory_ntb,
            signatory_partner=row.signatory_partner,
            commitments=[commitments[key] for key in row.commitments],
            summary=row.summary,
            drafted_on=row.drafted,
            today=today,
        )
        moves = [
            (biro, PksAction.REVIEWED, row.reviewed, {}),
            (
                biro,
                PksAction.AUTHORISED,
                row.authorised,
                {"reference_number": row.authorisation_number},
            ),
            (
                drafter,
                PksAction.SIGNED,
                row.signed,
                {
                    "reference_number": row.number,
                    "valid_until": _day(row.valid_until, today),
                    "document": pdf(row.number.replace("/", "-")),
                },
            ),
        ]
        for actor, action, when, evidence in moves:
            pks_service.pks_move(
                pks=pks, actor=actor, action=action, date=when, today=today, **evidence
            )
        if row.work_plan and _accepts(document_create, "pks"):
            document_create(
                agreement=sister,
                actor=drafter,
                file=pdf(row.work_plan),
                kind=DocumentKind.WORK_PLAN,
                title=row.work_plan,
                pks=pks,
            )
        made[row.key] = pks
    return made
