"""The demo's visits and counterpart directory (issue 12): a 2026 mission to Hangzhou
under the Zhejiang MoU (its tourism PKS), with its permit, budget line and trip report; a
delegation from Zhejiang received in NTB; the directory's entries for Zhejiang. Every
name in the directory is fictional, every address an example.org / example.cn one.

Made through the services, as users make them; loaded once (a second call does nothing).
"""

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from ..models import (
    Agreement,
    BudgetLine,
    FollowUpTask,
    ImplementingAgreement,
    User,
    Visit,
    WorkUnit,
)
from ..models.documents import DocumentKind
from ..models.visits import CounterpartKind, PermitDecision, VisitDirection
from ..services.visits import counterpart_create, visit_create, visit_document_create
from .pdf import make_pdf

MISSION_TITLE = "Misi Pemerintah Provinsi NTB ke Hangzhou 2026"
DELEGATION_TITLE = "Kunjungan Delegasi Provinsi Zhejiang ke NTB 2026"

MISSION_PARTICIPANTS = [
    ("Lalu Contoh Pratama", "Kepala Biro Administrasi Kerja Sama", "Biro AK"),
    ("Baiq Contoh Lestari", "Kepala Dinas Pariwisata", "Dispar"),
    ("I Made Contoh", "Kepala Bidang Pemasaran Pariwisata", "Dispar"),
    ("Muhammad Contoh Hidayat", "Kepala Bidang Promosi Penanaman Modal", "DPMPTSP"),
    ("Siti Contoh Aminah", "Analis Kerja Sama", "Biro AK"),
]
DELEGATION_PARTICIPANTS = [
    ("Wang Contoh (fiktif)", "Deputy Director-General", "Foreign Affairs Office of Zhejiang"),
    ("Liu Contoh (fiktif)", "Division Chief", "Department of Culture and Tourism of Zhejiang"),
    ("Zhao Contoh (fiktif)", "Programme Officer", "Zhejiang University (demo)"),
]

COUNTERPARTS = [
    # kind, name, position, office, e-mail, phone, review in (days from today)
    (
        CounterpartKind.PARTNER_OFFICIAL,
        "Chen Contoh (fiktif)",
        "Director, Asian Affairs Division",
        "Foreign Affairs Office of Zhejiang Provincial People's Government (浙江省外事办公室)",
        "chen.contoh@example.cn",
        "+86 571 0000 0101",
        240,
    ),
    (
        CounterpartKind.PARTNER_OFFICIAL,
        "Huang Contoh (fiktif)",
        "Deputy Director",
        "Department of Culture and Tourism of Zhejiang Province (浙江省文化和旅游厅)",
        "huang.contoh@example.cn",
        "+86 571 0000 0202",
        -20,  # past its review date: the list flags it
    ),
    (
        CounterpartKind.PARTNER_OFFICE,
        "Sister Province Liaison Desk (demo)",
        "",
        "Foreign Affairs Office of Zhejiang Provincial People's Government",
        "liaison@example.cn",
        "+86 571 0000 0100",
        365,
    ),
    (
        CounterpartKind.CONSULATE,
        "Dewi Contoh (fiktif)",
        "Konsul Ekonomi",
        "Konsulat Jenderal Republik Indonesia di Shanghai",
        "ekonomi.kjri-shanghai@example.org",
        "+86 21 0000 0303",
        180,
    ),
    (
        CounterpartKind.EMBASSY,
        "Agus Contoh (fiktif)",
        "Sekretaris Pertama Fungsi Ekonomi",
        "Kedutaan Besar Republik Indonesia di Beijing",
        "ekonomi.kbri-beijing@example.org",
        "+86 10 0000 0404",
        300,
    ),
]


def _png(text: str) -> SimpleUploadedFile:
    """A small generated photo (Pillow comes with WeasyPrint)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (36, 92, 140))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 200, 460, 300), fill=(240, 200, 90))
    draw.text((30, 30), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("foto-kunjungan.png", buffer.getvalue(), content_type="image/png")


def _participants(rows, units) -> list[dict]:
    out = []
    for name, position, where in rows:
        unit = units.get(where)
        out.append(
            {
                "name": name,
                "position": position,
                "work_unit": unit,
                "organisation": "" if unit else where,
            }
        )
    return out


def seed_visits(*, today: date) -> None:
    sister = Agreement.objects.filter(partner__name__icontains="Zhejiang").order_by("pk").first()
    if sister is None or Visit.objects.filter(title=MISSION_TITLE).exists():
        return
    biro = User.objects.get(username="biro")
    units = {u.abbreviation: u for u in WorkUnit.objects.all()}
    tourism_pks = (
        ImplementingAgreement.objects.filter(agreement=sister, work_unit__abbreviation="Dispar")
        .order_by("pk")
        .first()
    )
    line = (
        BudgetLine.objects.filter(
            commitment__agreement=sister, work_unit__abbreviation="Dispar", fiscal_year=2026
        )
        .order_by("pk")
        .first()
    )
    task = (
        FollowUpTask.objects.filter(
            commitment__agreement=sister, responsible_unit__abbreviation="Dispar"
        )
        .order_by("pk")
        .first()
    )
    starts = date(2026, 9, 14)
    mission = visit_create(
        agreement=sister,
        actor=biro,
        direction=VisitDirection.OUTGOING,
        title=MISSION_TITLE,
        purpose=(
            "Rapat tahunan Sister Province NTB–Zhejiang: menyepakati rencana kerja tahunan "
            "2027, promosi pariwisata Lombok–Hangzhou dan penjajakan penerbangan langsung."
        ),
        starts_on=starts,
        ends_on=starts + timedelta(days=5),
        places="Hangzhou (Kantor Urusan Luar Negeri Zhejiang); Shanghai (KJRI)",
        pks=tourism_pks,
        task=task,
        budget_line=line,
        permit_submitted_on=starts - timedelta(days=25),
        permit_number="100.4.6/4521/SJ/2026",
        permit_decision=PermitDecision.GRANTED,
        permit_decided_on=starts - timedelta(days=9),
        clearances="Political clearance Kementerian Luar Negeri; exit permit Sekretariat Daerah.",
        trip_report=(
            "Delegasi bertemu Kantor Urusan Luar Negeri dan Dinas Kebudayaan dan Pariwisata "
            "Provinsi Zhejiang. Disepakati: pameran pariwisata Lombok di Hangzhou pada "
            "triwulan II 2027, pertukaran data kunjungan wisatawan setiap semester, dan "
            "kajian bersama rute penerbangan Lombok–Hangzhou."
        ),
        participants=_participants(MISSION_PARTICIPANTS, units),
    )
    visit_document_create(
        visit=mission,
        actor=biro,
        file=SimpleUploadedFile(
            "laporan-perjalanan.pdf",
            make_pdf("Laporan perjalanan dinas ke Hangzhou, September 2026"),
            content_type="application/pdf",
        ),
        kind=DocumentKind.TRIP_REPORT,
        title="Laporan perjalanan dinas ke Hangzhou",
    )
    visit_document_create(
        visit=mission,
        actor=biro,
        file=_png("Rapat tahunan NTB - Zhejiang, Hangzhou 2026"),
        kind=DocumentKind.PHOTO,
        title="Rapat tahunan di Hangzhou",
    )
    visit_document_create(
        visit=mission,
        actor=biro,
        file=SimpleUploadedFile(
            "izin.pdf",
            make_pdf("Izin perjalanan dinas luar negeri 100.4.6/4521/SJ/2026"),
            content_type="application/pdf",
        ),
        kind=DocumentKind.TRAVEL_PERMIT,
        title="Izin perjalanan dinas luar negeri",
    )
    arrives = date(2026, 5, 18)
    visit_create(
        agreement=sister,
        actor=biro,
        direction=VisitDirection.INCOMING,
        title=DELEGATION_TITLE,
        purpose="Kunjungan balasan: peninjauan lokasi promosi wisata dan kawasan Mandalika.",
        starts_on=arrives,
        ends_on=arrives + timedelta(days=3),
        places="Mataram; Mandalika, Lombok Tengah",
        pks=tourism_pks,
        trip_report="Delegasi meninjau kawasan Mandalika dan bertemu Gubernur NTB.",
        participants=_participants(DELEGATION_PARTICIPANTS, units),
    )
    for kind, name, position, office, email, phone, review_in in COUNTERPARTS:
        counterpart_create(
            agreement=sister,
            actor=biro,
            kind=kind,
            name=name,
            position=position,
            office=office,
            email=email,
            phone=phone,
            notes="",
            review_on=today + timedelta(days=review_in),
        )
