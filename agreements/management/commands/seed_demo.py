"""Load the demo data: sectors, NTB work units, Zhejiang and demo agreements, demo accounts.

Idempotent: records are looked up by their natural keys and only created
when missing. Refuses to run with DEBUG off unless given --force.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from agreements.demo import make_pdf
from agreements.lifecycle import agreement_move_stage
from agreements.models import Agreement, Partner, Role, Sector, StageAction, User, WorkUnit
from agreements.models.agreements import AgreementKind, ContactKind, Initiator
from agreements.models.budget import FundingSource
from agreements.models.followup import Commitment, Priority, TaskStatus
from agreements.models.reference import PartnerLevel
from agreements.services.agreements import agreement_create, contact_create
from agreements.services.budget import budget_line_create
from agreements.services.coordination import letter_answer, letter_send
from agreements.services.followup import commitment_create, progress_post, task_create

DEMO_PASSWORD = "demo-kerjasama"

SECTORS = [
    ("pertanian", "Pertanian", "Agriculture"),
    ("perikanan", "Perikanan", "Fisheries"),
    ("pariwisata", "Pariwisata", "Tourism"),
    ("perhubungan", "Perhubungan", "Transport"),
    ("perindag", "Perindustrian dan Perdagangan", "Industry and trade"),
    ("penanaman-modal", "Penanaman Modal", "Investment"),
    ("pendidikan", "Pendidikan", "Education"),
    ("kebudayaan", "Kebudayaan", "Culture"),
]

WORK_UNITS = [
    ("Dinas Pertanian dan Perkebunan", "Distanbun", ["pertanian"]),
    ("Dinas Kelautan dan Perikanan", "DKP", ["perikanan"]),
    ("Dinas Pariwisata", "Dispar", ["pariwisata"]),
    ("Dinas Perhubungan", "Dishub", ["perhubungan"]),
    ("Dinas Perindustrian", "Disperin", ["perindag"]),
    ("Dinas Perdagangan", "Disdag", ["perindag"]),
    ("Dinas Pendidikan dan Kebudayaan", "Dikbud", ["pendidikan", "kebudayaan"]),
    ("Dinas Penanaman Modal dan PTSP", "DPMPTSP", ["penanaman-modal"]),
    ("Bappeda", "Bappeda", []),
    ("Biro Administrasi Kerjasama", "Biro AK", []),
]

ACCOUNTS = [
    # username, full name, role, work unit abbreviation
    ("biro", "Staf Biro Kerja Sama", Role.BIRO, None),
    ("pimpinan", "Sekretaris Daerah", Role.LEADERSHIP, None),
    ("skpd-pertanian", "Petugas Dinas Pertanian", Role.SKPD, "Distanbun"),
    ("skpd-pariwisata", "Petugas Dinas Pariwisata", Role.SKPD, "Dispar"),
    ("admin", "Administrator TI", Role.ADMINISTRATOR, None),
]


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", make_pdf(name), content_type="application/pdf")


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Refuses with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database has users."
        )

    def handle(self, *args, force=False, if_empty=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: refusing to load demo data without --force.")
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has data; demo data not loaded.")
            return
        with transaction.atomic():
            sectors = self.seed_sectors()
            units = self.seed_work_units(sectors)
            users = self.seed_accounts(units)
            self.seed_agreements(sectors, units, users["biro"])
            self.seed_followup(sectors, units, users, timezone.localdate())
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def seed_sectors(self):
        sectors = {}
        for code, name, name_en in SECTORS:
            sectors[code], _ = Sector.objects.get_or_create(
                code=code, defaults={"name": name, "name_en": name_en}
            )
        return sectors

    def seed_work_units(self, sectors):
        units = {}
        for name, abbreviation, codes in WORK_UNITS:
            unit, created = WorkUnit.objects.get_or_create(
                abbreviation=abbreviation,
                defaults={
                    "name": name,
                    "email": f"{abbreviation.lower().replace(' ', '')}@ntbprov.example",
                    "phone": "(0370) 000000",
                    "address": "Jl. Pejanggik, Mataram, Nusa Tenggara Barat",
                },
            )
            if created:
                unit.sectors.set([sectors[code] for code in codes])
            units[abbreviation] = unit
        return units

    def seed_accounts(self, units):
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

    def partner(self, name, native, country, level):
        partner, _ = Partner.objects.get_or_create(
            name=name, country=country, defaults={"native_name": native, "level": level}
        )
        return partner

    def agreement(self, *, title, partner, kind, sectors, unit, first_contact, actor, summary=""):
        """Create the agreement unless it exists; returns None when it did (history is kept)."""
        if Agreement.objects.filter(title=title).exists():
            return None
        return agreement_create(
            actor=actor,
            title=title,
            partner=partner,
            kind=kind,
            sectors=sectors,
            coordinating_unit=unit,
            summary=summary,
            first_contact_date=first_contact,
        )

    def step(self, agreement, actor, action, when, **evidence):
        agreement_move_stage(agreement=agreement, actor=actor, action=action, date=when, **evidence)

    def seed_agreements(self, sectors, units, biro):
        zhejiang = self.partner("Zhejiang", "浙江省", "Tiongkok", PartnerLevel.PROVINCE)
        sister = self.agreement(
            title="Sister Province NTB – Zhejiang",
            partner=zhejiang,
            kind=AgreementKind.SISTER_PROVINCE,
            sectors=list(sectors.values()),
            unit=units["Biro AK"],
            first_contact=date(2012, 10, 15),
            actor=biro,
            summary=(
                "Kerja sama provinsi bersaudara untuk menarik investasi (pertanian, perikanan) "
                "dan bekerja sama di bidang pariwisata, perhubungan, perindustrian dan "
                "perdagangan, pendidikan dan kebudayaan."
            ),
        )
        if sister:
            contact_create(
                agreement=sister,
                actor=biro,
                date=date(2012, 10, 15),
                kind=ContactKind.VISIT,
                initiator_type=Initiator.OFFICIAL,
                initiator_name="Gubernur NTB",
                participants="Delegasi Pemerintah Provinsi NTB\nPemerintah Provinsi Zhejiang",
                location="Hangzhou",
                notes="Kunjungan penjajakan kerja sama.",
            )
            contact_create(
                agreement=sister,
                actor=biro,
                date=date(2013, 3, 4),
                kind=ContactKind.MEETING,
                initiator_type=Initiator.CONSUL_GENERAL,
                initiator_name="Konsul Jenderal RI di Shanghai",
                participants="Biro Administrasi Kerjasama\nKonsulat Jenderal RI di Shanghai",
                location="Mataram",
            )
            self.step(
                sister, biro, StageAction.LOI, date(2013, 11, 20), document=pdf("LoI NTB-Zhejiang")
            )
            self.step(
                sister,
                biro,
                StageAction.DPRD_APPROVAL,
                date(2014, 9, 8),
                reference_number="Keputusan DPRD NTB No. 12/KEP/DPRD/2014",
            )
            self.step(
                sister,
                biro,
                StageAction.MOU_SIGNED,
                date(2015, 5, 22),
                valid_until=date(2020, 5, 21),
                reference_number="MoU/NTB-ZJ/2015",
                document=pdf("MoU NTB-Zhejiang 2015"),
            )
            self.step(
                sister, biro, StageAction.RENEWED, date(2020, 5, 11), valid_until=date(2025, 5, 21)
            )
            self.step(
                sister,
                biro,
                StageAction.RENEWED,
                date(2025, 5, 12),
                valid_until=date(2030, 5, 21),
                reference_number="MoU/NTB-ZJ/2025",
                document=pdf("Perpanjangan MoU NTB-Zhejiang 2025"),
            )

        # Dated from today, so that the demo keeps one young agreement that is not stuck.
        today = timezone.localdate()
        wa = self.partner("Western Australia (demo)", "", "Australia", PartnerLevel.STATE)
        agri = self.agreement(
            title="Kerja sama agribisnis NTB – Western Australia (demo)",
            partner=wa,
            kind=AgreementKind.OTHER,
            sectors=[sectors["pertanian"], sectors["perindag"]],
            unit=units["Distanbun"],
            first_contact=today - timedelta(days=150),
            actor=biro,
        )
        if agri:
            contact_create(
                agreement=agri,
                actor=biro,
                date=today - timedelta(days=150),
                kind=ContactKind.MEETING,
                initiator_type=Initiator.BUSINESS,
                initiator_name="Kamar dagang (demo)",
                participants="Dinas Pertanian dan Perkebunan\nDelegasi bisnis (demo)",
                location="Mataram",
            )
            self.step(
                agri,
                biro,
                StageAction.LOI,
                today - timedelta(days=60),
                document=pdf("LoI agribisnis (demo)"),
            )

        gyeongbuk = self.partner(
            "Gyeongsangbuk-do (demo)", "경상북도", "Korea Selatan", PartnerLevel.PROVINCE
        )
        # Waiting for the MoU since its DPRD approval in 2024: the demo's stuck agreement.
        tourism = self.agreement(
            title="Kerja sama kebudayaan NTB – Gyeongsangbuk-do (demo)",
            partner=gyeongbuk,
            kind=AgreementKind.SISTER_PROVINCE,
            sectors=[sectors["kebudayaan"]],
            unit=units["Dikbud"],
            first_contact=date(2023, 6, 5),
            actor=biro,
        )
        if tourism:
            self.step(
                tourism,
                biro,
                StageAction.LOI,
                date(2024, 1, 15),
                document=pdf("LoI kebudayaan (demo)"),
            )
            self.step(
                tourism,
                biro,
                StageAction.DPRD_APPROVAL,
                date(2024, 7, 30),
                reference_number="Keputusan DPRD NTB No. 7/KEP/DPRD/2024 (demo)",
            )

        okinawa = self.partner("Okinawa (demo)", "沖縄県", "Jepang", PartnerLevel.PREFECTURE)
        self.agreement(
            title="Penjajakan perikanan NTB – Okinawa (demo)",
            partner=okinawa,
            kind=AgreementKind.OTHER,
            sectors=[sectors["perikanan"]],
            unit=units["DKP"],
            first_contact=date(2026, 9, 14),
            actor=biro,
        )

        fuzhou = self.partner("Kota Fuzhou (demo)", "福州市", "Tiongkok", PartnerLevel.CITY)
        dropped = self.agreement(
            title="Kerja sama perhubungan NTB – Fuzhou (demo)",
            partner=fuzhou,
            kind=AgreementKind.OTHER,
            sectors=[sectors["perhubungan"]],
            unit=units["Dishub"],
            first_contact=date(2019, 4, 2),
            actor=biro,
        )
        if dropped:
            self.step(
                dropped,
                biro,
                StageAction.DROPPED,
                date(2020, 3, 1),
                reason="Mitra tidak melanjutkan penjajakan (demo).",
            )

        penang = self.partner("Penang (demo)", "", "Malaysia", PartnerLevel.STATE)
        expired = self.agreement(
            title="Kerja sama pendidikan NTB – Penang (demo)",
            partner=penang,
            kind=AgreementKind.OTHER,
            sectors=[sectors["pendidikan"]],
            unit=units["Dikbud"],
            first_contact=date(2017, 8, 1),
            actor=biro,
        )
        if expired:
            self.step(
                expired,
                biro,
                StageAction.LOI,
                date(2018, 2, 1),
                document=pdf("LoI pendidikan (demo)"),
            )
            self.step(
                expired,
                biro,
                StageAction.DPRD_APPROVAL,
                date(2018, 9, 1),
                reference_number="Keputusan DPRD NTB No. 21/KEP/DPRD/2018 (demo)",
            )
            self.step(
                expired,
                biro,
                StageAction.MOU_SIGNED,
                date(2019, 3, 1),
                valid_until=date(2024, 2, 29),
                document=pdf("MoU pendidikan (demo)"),
            )
            agreement_move_stage(
                agreement=expired, actor=None, action=StageAction.EXPIRED, date=date(2024, 3, 1)
            )

    def seed_followup(self, sectors, units, users, today):
        """The Zhejiang MoU's commitments, tasks in every state, requests and budget lines.

        Dates are relative to today, so that the demo always shows the study's three
        problems: work not followed up (overdue), letters not answered, no budget.
        """
        sister = Agreement.objects.get(title="Sister Province NTB – Zhejiang")
        if Commitment.objects.filter(agreement=sister).exists():
            return
        biro = users["biro"]
        officers = {
            "Distanbun": users["skpd-pertanian"],
            "Dispar": users["skpd-pariwisata"],
        }

        def days(n):
            return today + timedelta(days=n)

        # The tasks were assigned after the 2025 renewal, not on the day the demo loads.
        assigned = timezone.make_aware(timezone.datetime(2025, 6, 2, 9, 0))

        def commitment(code, unit, title, description=""):
            return commitment_create(
                agreement=sister,
                actor=biro,
                sector=sectors[code],
                title=title,
                description=description,
                lead_unit=units[unit],
            )

        def task(parent, title, due, priority=Priority.NORMAL, unit=None):
            created = task_create(
                commitment=parent,
                actor=biro,
                responsible_unit=unit or parent.lead_unit,
                title=title,
                due_date=due,
                priority=priority,
            )
            type(created).objects.filter(pk=created.pk).update(created_at=assigned)
            return created

        def progress(item, when, text, percent, status=""):
            author = officers.get(item.responsible_unit.abbreviation, biro)
            item.refresh_from_db()
            progress_post(
                task=item,
                actor=author,
                expected_version=item.version,
                date=when,
                text=text,
                percent_complete=percent,
                status_change=status,
            )

        agri = commitment(
            "pertanian",
            "Distanbun",
            "Pengembangan agribisnis jagung dan hortikultura",
            "Alih teknologi benih dan pascapanen jagung; kemitraan hortikultura.",
        )
        plan = task(agri, "Menyusun rencana aksi agribisnis jagung", days(-120))
        progress(
            plan, days(-150), "Rencana aksi disusun bersama mitra Zhejiang.", 60, "in_progress"
        )
        progress(plan, days(-125), "Rencana aksi ditetapkan.", 100, "done")
        trial = task(
            agri, "Uji coba varietas jagung unggul di Lombok Timur", days(-40), Priority.HIGH
        )
        progress(trial, days(-75), "Lahan uji coba disiapkan; benih belum tiba.", 30, "in_progress")
        task(agri, "Laporan kemajuan kerja sama pertanian triwulan IV", days(10))

        fish = commitment(
            "perikanan",
            "DKP",
            "Alih teknologi budidaya rumput laut",
            "Pelatihan dan percontohan budidaya rumput laut dengan tenaga ahli Zhejiang.",
        )
        site = task(fish, "Identifikasi lokasi percontohan rumput laut", days(-90))
        progress(site, days(-95), "Lokasi di Lombok Tengah ditetapkan.", 100, "done")
        training = task(fish, "Pelatihan budidaya rumput laut oleh tenaga ahli Zhejiang", days(-20))
        progress(training, days(-50), "Menunggu kepastian jadwal dan anggaran.", 10, "blocked")

        tourism = commitment("pariwisata", "Dispar", "Promosi wisata bersama Lombok–Hangzhou")
        package = task(tourism, "Penyusunan paket wisata Lombok–Hangzhou", days(-60))
        progress(package, days(-62), "Paket wisata disepakati dengan agen perjalanan.", 100, "done")
        fair = task(tourism, "Pameran wisata bersama di Hangzhou", days(30))
        progress(fair, days(-3), "Stan pameran dipesan; materi promosi dicetak.", 50, "in_progress")

        transport = commitment(
            "perhubungan", "Dishub", "Penjajakan penerbangan langsung Lombok–Hangzhou"
        )
        route = task(transport, "Kajian kelayakan rute Lombok–Hangzhou", days(-60), Priority.HIGH)

        trade = commitment("perindag", "Disdag", "Misi dagang produk UMKM NTB ke Zhejiang")
        curation = task(trade, "Kurasi produk UMKM untuk misi dagang", days(5))
        progress(curation, days(-8), "40 produk UMKM dikurasi.", 40, "in_progress")

        school = commitment("pendidikan", "Dikbud", "Beasiswa dan pertukaran pelajar")
        scholarship = task(school, "Seleksi penerima beasiswa ke Zhejiang", days(-30))
        progress(scholarship, days(-35), "Sepuluh penerima beasiswa ditetapkan.", 100, "done")

        culture = commitment("kebudayaan", "Dikbud", "Pertukaran misi kesenian")
        mission = task(culture, "Pengiriman misi kesenian ke Festival Hangzhou", days(-15))
        progress(mission, days(-40), "Festival ditunda oleh mitra.", 0, TaskStatus.CANCELLED)

        invest = commitment("penanaman-modal", "DPMPTSP", "Forum investasi NTB–Zhejiang")
        profile = task(invest, "Penyusunan profil proyek investasi", days(-10))
        progress(profile, days(-45), "Draf profil lima proyek.", 50, "in_progress")

        def letter(number, unit, subject, sent, due, about=None, answer=None, answered_by=None):
            (letter,) = letter_send(
                agreement=sister,
                actor=biro,
                work_units=[units[unit]],
                letter_number=number,
                subject=subject,
                message=(
                    "Sehubungan dengan pelaksanaan kerja sama Provinsi NTB dengan Provinsi "
                    "Zhejiang, kami mohon Saudara menyampaikan " + subject.lower() + "."
                ),
                sent_on=sent,
                answer_due=due,
                task=about,
            )
            if answer:
                letter_answer(
                    letter=letter,
                    actor=answered_by or biro,
                    answer_text=answer,
                    expected_version=letter.version,
                )
                return letter
            return letter

        year = today.year
        letter(
            f"070/101/BAK/{year}",
            "Dishub",
            "Data perkembangan kajian rute penerbangan",
            days(-45),
            days(-30),
            about=route,
        )
        letter(
            f"070/102/BAK/{year}",
            "DKP",
            "Laporan persiapan pelatihan rumput laut",
            days(-20),
            days(-6),
            about=training,
        )
        letter(
            f"070/103/BAK/{year}",
            "Distanbun",
            "Jadwal uji coba varietas jagung",
            days(-10),
            days(4),
            about=trial,
        )
        letter(
            f"070/104/BAK/{year}",
            "DPMPTSP",
            "Daftar calon investor forum investasi",
            days(-30),
            days(-16),
            about=profile,
        )
        on_time = letter(
            f"070/105/BAK/{year}",
            "Dispar",
            "Rencana pameran wisata",
            days(-12),
            days(-2),
            about=fair,
            answer="Rencana pameran terlampir.",
            answered_by=officers["Dispar"],
        )
        late = letter(
            f"070/106/BAK/{year}",
            "Disdag",
            "Daftar produk UMKM terkurasi",
            days(-25),
            days(-15),
            about=curation,
            answer="Daftar produk terlampir.",
        )
        # The demo's answers were "given" on a chosen day: one on time, one late.
        type(on_time).objects.filter(pk=on_time.pk).update(answered_at=_at(days(-4)))
        type(late).objects.filter(pk=late.pk).update(answered_at=_at(days(-9)))

        def budget(unit, parent, requested, allocated, spent=0, fiscal_year=year, item=None):
            budget_line_create(
                actor=biro,
                fiscal_year=fiscal_year,
                work_unit=units[unit],
                commitment=parent,
                task=item,
                source=FundingSource.APBD,
                amount_requested=requested,
                amount_allocated=allocated,
                amount_spent=spent,
            )

        budget("Distanbun", agri, 250_000_000, 150_000_000, 60_000_000, item=trial)
        budget("Dispar", tourism, 400_000_000, 400_000_000, 120_000_000, item=fair)
        budget("Dikbud", school, 300_000_000, 300_000_000, 275_000_000)
        # Requested but not allocated: the study's third cause.
        budget("DKP", fish, 200_000_000, 0, item=training)
        budget("Dishub", transport, 150_000_000, 100_000_000, 90_000_000, fiscal_year=year - 1)


def _at(day):
    """Ten in the morning, WITA, on ``day``."""
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10, 0))
