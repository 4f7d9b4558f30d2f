"""The reference data both seeders use: the sectors and the NTB work units."""

from ..models import Sector

# code, name (Indonesian), name in English
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
SECTOR_CODES = [code for code, _name, _name_en in SECTORS]

# name, abbreviation, sector codes. seed_large cycles through them in this order (unit n is
# "<name> n"); the demo loads the ones it names by abbreviation.
WORK_UNITS = [
    ("Dinas Pertanian dan Perkebunan", "Distanbun", ["pertanian"]),
    ("Dinas Kelautan dan Perikanan", "DKP", ["perikanan"]),
    ("Dinas Pariwisata", "Dispar", ["pariwisata"]),
    ("Dinas Pendidikan dan Kebudayaan", "Dikbud", ["pendidikan", "kebudayaan"]),
    ("Dinas Perindustrian", "Disperin", ["perindag"]),
    ("Dinas Penanaman Modal dan PTSP", "DPMPTSP", ["penanaman-modal"]),
    ("Dinas Perhubungan", "Dishub", ["perhubungan"]),
    ("Biro Administrasi Kerjasama", "Biro AK", []),
    ("Dinas Perdagangan", "Disdag", ["perindag"]),
    ("Dinas Peternakan dan Kesehatan Hewan", "Disnakkeswan", ["pertanian"]),
    ("Dinas Ketahanan Pangan", "Disketapang", ["pertanian"]),
    ("Dinas Koperasi dan UKM", "Diskop UKM", ["perindag"]),
    ("Dinas Tenaga Kerja dan Transmigrasi", "Disnakertrans", ["pendidikan", "penanaman-modal"]),
    ("Dinas Energi dan Sumber Daya Mineral", "Dinas ESDM", ["penanaman-modal"]),
    ("Dinas Pemuda dan Olahraga", "Dispora", ["pariwisata", "kebudayaan"]),
    ("Dinas Lingkungan Hidup dan Kehutanan", "DLHK", ["pariwisata"]),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", ["perhubungan"]),
    ("Dinas Komunikasi, Informatika dan Statistik", "Diskominfotik", []),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda", []),
    ("Dinas Kesehatan", "Dikes", []),
]
WORK_UNITS_BY_ABBREVIATION = {row[1]: row for row in WORK_UNITS}

# The Bureau, which coordinates the sister-province agreements.
COORDINATOR = "Biro AK"


def email_name(abbreviation: str) -> str:
    """The mailbox name of a work unit: "Biro AK" → "biroak"."""
    return abbreviation.lower().replace(" ", "")


def seed_sectors() -> dict[str, Sector]:
    """The eight sectors, by code; created when missing (get_or_create by code)."""
    sectors = {}
    for code, name, name_en in SECTORS:
        sectors[code], _ = Sector.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
    return sectors
