"""Fill a fresh database with a large, realistic, deterministic data set, for benchmarks.

    python manage.py seed_large --scale 10

At ``--scale 10``: 40 work units (one SKPD officer each, plus one Bureau user),
200 partners, 1,000 agreements at every stage with a coherent history, their
commitments, 50,000 follow-up tasks, 500,000 progress updates, 20,000
coordination requests and 10,000 budget lines. Every count scales linearly
(``max(1, round(count × scale / 10))``), so ``--scale 0.05`` is small enough for tests.

The same ``--seed`` and scale on the same reference day (``--today``) give the
same data. Dates are relative to that day: overdue tasks, unanswered letters and
unfunded commitments are always there, and nothing is dated after it.

Rows are written with ``bulk_create`` in one transaction: no ``save()``, no
signals, no audit-trail rows (django-simple-history does not see bulk inserts).
The stage and key dates of each agreement are computed from its planned history
with the lifecycle table, as ``lifecycle._sync_from_history`` would.
"""

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from agreements.lifecycle import OPENING_RECORDS, STEPS
from agreements.management.commands.seed_demo import SECTORS
from agreements.management.commands.seed_demo import Command as DemoCommand
from agreements.models import (
    OPEN_STATUSES,
    Agreement,
    BudgetLine,
    Commitment,
    Contact,
    CoordinationRequest,
    FollowUpTask,
    Partner,
    ProgressUpdate,
    Role,
    Stage,
    StageAction,
    StageEvent,
    TaskStatus,
    User,
    WorkUnit,
)
from agreements.models.agreements import AgreementKind, ContactKind, Initiator
from agreements.models.budget import FundingSource
from agreements.models.followup import Priority
from agreements.models.reference import PartnerLevel
from agreements.services.followup import tasks_record_progress_dates

DEFAULT_SEED = 2012  # the year NTB and Zhejiang first met
DEFAULT_BATCH_SIZE = 5_000

# Counts at --scale 1; --scale 10 is the benchmark size.
BASE_COUNTS = {
    "work_units": 4,
    "partners": 20,
    "agreements": 100,
    "tasks": 5_000,
    "progress_updates": 50_000,
    "requests": 2_000,
    "budget_lines": 1_000,
}

# The share of agreements at each stage (at least one is always in force).
STAGE_SHARES = {
    Stage.CONTACT: 0.10,
    Stage.LOI: 0.08,
    Stage.DPRD_APPROVAL: 0.07,
    Stage.MOU: 0.45,
    Stage.EXPIRED: 0.15,
    Stage.TERMINATED: 0.05,
    Stage.DROPPED: 0.10,
}
MOU_REACHED = (Stage.MOU, Stage.EXPIRED, Stage.TERMINATED)
EARLIEST_MOU = date(2005, 1, 1)
SECTOR_CODES = [code for code, _name, _name_en in SECTORS]
YEAR = 365
DAY = timedelta(days=1)

# name, abbreviation, sector codes. Unit n is "<name> n", "<abbreviation> n".
WORK_UNIT_KINDS = [
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

FIRST_NAMES = [
    "Lalu Muhammad", "Baiq Nurul", "Ahmad", "Muhammad", "Siti", "Zainul", "Fathurrahman",
    "Nurhayati", "I Gusti Ngurah", "Ni Made", "Abdul Hakim", "Syamsul", "Rahmat", "Wahyudi",
    "Hasanah", "Suhaimi", "Mansyur", "Haerul", "Lalu Gita", "Baiq Diyah", "Dewi", "Agus",
    "Ratna", "Yusuf",
]  # fmt: skip
LAST_NAMES = [
    "Hidayat", "Saputra", "Rahman", "Fauzi", "Hamdani", "Ariadi", "Wirawan", "Kurniawan",
    "Pratama", "Sulistiyo", "Hardiansyah", "Maulana", "Hakim", "Azhar", "Ilham", "Mahsun",
]  # fmt: skip
HONORIFICS = ["Ir. H. ", "Dr. H. ", "Hj. ", "Drs. ", "H. ", ""]
DEGREES = [", S.P., M.Si.", ", S.T., M.T.", ", S.E., M.M.", ", S.Pd., M.Pd.", ", M.Sc.", ""]
STREETS = ["Jl. Pejanggik", "Jl. Majapahit", "Jl. Udayana", "Jl. Langko", "Jl. Pendidikan"]

P, S, PF, C, R = (
    PartnerLevel.PROVINCE,
    PartnerLevel.STATE,
    PartnerLevel.PREFECTURE,
    PartnerLevel.CITY,
    PartnerLevel.REGION,
)
# country (in Indonesian, as the demo), weight in the mix, [(name, name in its script, level)]
PARTNERS = [
    ("Tiongkok", 4.0, [
        ("Zhejiang", "浙江省", P), ("Guangdong", "广东省", P), ("Fujian", "福建省", P),
        ("Kota Hangzhou", "杭州市", C), ("Jiangsu", "江苏省", P), ("Shandong", "山东省", P),
        ("Kota Xiamen", "厦门市", C), ("Hainan", "海南省", P), ("Yunnan", "云南省", P),
        ("Kota Ningbo", "宁波市", C), ("Guangxi", "广西壮族自治区", R), ("Sichuan", "四川省", P),
        ("Kota Qingdao", "青岛市", C), ("Hubei", "湖北省", P), ("Hunan", "湖南省", P),
        ("Kota Shenzhen", "深圳市", C), ("Anhui", "安徽省", P), ("Jiangxi", "江西省", P),
        ("Kota Guangzhou", "广州市", C), ("Henan", "河南省", P), ("Hebei", "河北省", P),
        ("Kota Kunming", "昆明市", C), ("Shaanxi", "陕西省", P), ("Liaoning", "辽宁省", P),
        ("Kota Nanning", "南宁市", C), ("Jilin", "吉林省", P), ("Guizhou", "贵州省", P),
        ("Kota Haikou", "海口市", C), ("Heilongjiang", "黑龙江省", P), ("Kota Sanya", "三亚市", C),
        ("Kota Wenzhou", "温州市", C), ("Kota Quanzhou", "泉州市", C), ("Kota Dalian", "大连市", C),
        ("Kota Chengdu", "成都市", C), ("Kota Wuhan", "武汉市", C), ("Kota Changsha", "长沙市", C),
        ("Kota Zhuhai", "珠海市", C), ("Kota Yantai", "烟台市", C), ("Kota Suzhou", "苏州市", C),
        ("Kota Nanjing", "南京市", C), ("Kota Shantou", "汕头市", C),
    ]),
    ("Jepang", 3.5, [
        ("Okinawa", "沖縄県", PF), ("Shizuoka", "静岡県", PF), ("Kanagawa", "神奈川県", PF),
        ("Kota Kobe", "神戸市", C), ("Fukuoka", "福岡県", PF), ("Hiroshima", "広島県", PF),
        ("Nagasaki", "長崎県", PF), ("Kota Yokohama", "横浜市", C), ("Kagoshima", "鹿児島県", PF),
        ("Ehime", "愛媛県", PF), ("Kochi", "高知県", PF), ("Kota Kitakyushu", "北九州市", C),
        ("Mie", "三重県", PF), ("Aichi", "愛知県", PF), ("Hyogo", "兵庫県", PF),
        ("Kota Naha", "那覇市", C), ("Niigata", "新潟県", PF), ("Toyama", "富山県", PF),
        ("Ishikawa", "石川県", PF), ("Kota Sapporo", "札幌市", C), ("Miyazaki", "宮崎県", PF),
        ("Kumamoto", "熊本県", PF), ("Oita", "大分県", PF), ("Kota Sendai", "仙台市", C),
        ("Saga", "佐賀県", PF), ("Yamaguchi", "山口県", PF), ("Wakayama", "和歌山県", PF),
        ("Kota Hamamatsu", "浜松市", C), ("Tokushima", "徳島県", PF), ("Kagawa", "香川県", PF),
        ("Chiba", "千葉県", PF), ("Gunma", "群馬県", PF), ("Hokkaido", "北海道", PF),
        ("Osaka", "大阪府", PF), ("Kyoto", "京都府", PF), ("Kota Fukuoka", "福岡市", C),
        ("Kota Kagoshima", "鹿児島市", C),
    ]),
    ("Korea Selatan", 2.5, [
        ("Gyeongsangbuk-do", "경상북도", P), ("Jeollanam-do", "전라남도", P),
        ("Kota Busan", "부산광역시", C), ("Gyeongsangnam-do", "경상남도", P),
        ("Jeju", "제주특별자치도", P), ("Kota Incheon", "인천광역시", C),
        ("Chungcheongnam-do", "충청남도", P), ("Jeollabuk-do", "전라북도", P),
        ("Kota Daegu", "대구광역시", C), ("Gangwon-do", "강원도", P),
        ("Gyeonggi-do", "경기도", P), ("Kota Gwangju", "광주광역시", C),
        ("Chungcheongbuk-do", "충청북도", P), ("Kota Ulsan", "울산광역시", C),
        ("Kota Daejeon", "대전광역시", C), ("Kota Changwon", "창원시", C),
        ("Kota Pohang", "포항시", C), ("Kota Yeosu", "여수시", C), ("Kota Suwon", "수원시", C),
        ("Kota Mokpo", "목포시", C), ("Kota Gyeongju", "경주시", C), ("Kota Jeonju", "전주시", C),
        ("Kota Tongyeong", "통영시", C),
    ]),
    ("Australia", 2.5, [
        ("Western Australia", "", S), ("Northern Territory", "", R), ("Kota Darwin", "", C),
        ("Queensland", "", S), ("South Australia", "", S), ("Kota Perth", "", C),
        ("Victoria", "", S), ("New South Wales", "", S), ("Kota Fremantle", "", C),
        ("Tasmania", "", S), ("Kota Broome", "", C), ("Kota Adelaide", "", C),
        ("Kota Cairns", "", C), ("Kota Townsville", "", C), ("Kota Geraldton", "", C),
        ("Kota Bunbury", "", C), ("Kota Albany", "", C), ("Kota Mackay", "", C),
        ("Kota Alice Springs", "", C),
    ]),
    ("Malaysia", 2.0, [
        ("Pulau Pinang", "", S), ("Sabah", "", S), ("Sarawak", "", S), ("Kota Kinabalu", "", C),
        ("Johor", "", S), ("Melaka", "", S), ("Kuching", "", C), ("Kedah", "", S),
        ("Perak", "", S), ("George Town", "", C), ("Selangor", "", S), ("Terengganu", "", S),
        ("Johor Bahru", "", C), ("Kelantan", "", S), ("Pahang", "", S), ("Ipoh", "", C),
        ("Negeri Sembilan", "", S), ("Perlis", "", S), ("Kuala Terengganu", "", C),
        ("Miri", "", C),
    ]),
    ("Thailand", 1.0, [
        ("Phuket", "ภูเก็ต", P), ("Chiang Mai", "เชียงใหม่", P), ("Krabi", "กระบี่", P),
        ("Songkhla", "สงขลา", P), ("Surat Thani", "สุราษฎร์ธานี", P), ("Phang Nga", "พังงา", P),
        ("Chonburi", "ชลบุรี", P), ("Rayong", "ระยอง", P), ("Trang", "ตรัง", P),
        ("Satun", "สตูล", P),
    ]),
    ("Vietnam", 1.0, [
        ("Khanh Hoa", "Khánh Hòa", P), ("Ba Ria-Vung Tau", "Bà Rịa–Vũng Tàu", P),
        ("Quang Ninh", "Quảng Ninh", P), ("Kota Da Nang", "Đà Nẵng", C),
        ("Binh Dinh", "Bình Định", P), ("Kien Giang", "Kiên Giang", P),
        ("Kota Can Tho", "Cần Thơ", C), ("Lam Dong", "Lâm Đồng", P),
        ("Quang Nam", "Quảng Nam", P), ("Thua Thien Hue", "Thừa Thiên Huế", P),
        ("Phu Yen", "Phú Yên", P), ("Ninh Thuan", "Ninh Thuận", P),
    ]),
    ("Filipina", 1.0, [
        ("Cebu", "", P), ("Palawan", "", P), ("Kota Davao", "", C), ("Bohol", "", P),
        ("Iloilo", "", P), ("Negros Oriental", "", P), ("Zamboanga del Norte", "", P),
        ("Davao del Sur", "", P), ("Kota Cebu", "", C),
    ]),
    ("Selandia Baru", 0.7, [
        ("Northland", "Te Tai Tokerau", R), ("Canterbury", "Waitaha", R),
        ("Otago", "Ōtākou", R), ("Waikato", "Waikato", R), ("Bay of Plenty", "Te Moana-a-Toi", R),
    ]),
    ("Timor-Leste", 0.5, [
        ("Dili", "", R), ("Baucau", "", R), ("Oecusse", "", R), ("Bobonaro", "", R),
        ("Lautém", "", R),
    ]),
    ("India", 0.5, [
        ("Gujarat", "ગુજરાત", S), ("Kerala", "കേരളം", S), ("Tamil Nadu", "தமிழ்நாடு", S),
        ("Goa", "गोवा", S),
    ]),
    ("Belanda", 0.5, [
        ("Zuid-Holland", "", P), ("Noord-Holland", "", P), ("Gelderland", "", P),
        ("Utrecht", "", P), ("Zeeland", "", P),
    ]),
    ("Jerman", 0.4, [
        ("Bayern", "", S), ("Baden-Württemberg", "", S), ("Nordrhein-Westfalen", "", S),
        ("Niedersachsen", "", S),
    ]),
    ("Amerika Serikat", 0.4, [
        ("Hawaii", "Hawaiʻi", S), ("California", "", S), ("Oregon", "", S),
        ("Washington", "", S),
    ]),
    ("Uni Emirat Arab", 0.4, [
        ("Dubai", "دبي", R), ("Abu Dhabi", "أبو ظبي", R), ("Sharjah", "الشارقة", R),
    ]),
]  # fmt: skip

COMMITMENT_TITLES = {
    "pertanian": [
        "Pengembangan agribisnis jagung", "Alih teknologi benih padi unggul",
        "Hilirisasi kopi dan kakao", "Pengembangan hortikultura dataran tinggi",
        "Mekanisasi pertanian", "Peningkatan kapasitas penyuluh pertanian",
        "Pengembangan sapi potong dan pakan ternak", "Irigasi hemat air untuk lahan kering",
    ],
    "perikanan": [
        "Alih teknologi budidaya rumput laut", "Budidaya lobster dan kerapu",
        "Pengolahan hasil perikanan", "Pelabuhan perikanan dan rantai dingin",
        "Pelatihan nelayan dan awak kapal", "Konservasi terumbu karang",
        "Budidaya udang vaname", "Pemasaran ekspor produk perikanan",
    ],
    "pariwisata": [
        "Promosi wisata bersama", "Pengembangan desa wisata", "Pelatihan pemandu wisata",
        "Wisata halal dan ramah muslim", "Pengembangan destinasi Mandalika",
        "Paket wisata Lombok–Sumbawa", "Sertifikasi usaha perhotelan",
        "Festival budaya dan pariwisata",
    ],
    "perhubungan": [
        "Penjajakan penerbangan langsung", "Pengembangan pelabuhan penyeberangan",
        "Transportasi laut antarpulau", "Keselamatan pelayaran",
        "Pengembangan bandara dan logistik udara", "Angkutan umum perkotaan",
        "Pelatihan teknisi perhubungan", "Konektivitas logistik ekspor",
    ],
    "perindag": [
        "Misi dagang produk UMKM", "Kurasi dan standardisasi produk ekspor",
        "Pengembangan industri pengolahan", "Pameran dagang bersama",
        "Kemitraan industri kerajinan mutiara", "Sertifikasi halal produk olahan",
        "Pengembangan kawasan industri", "Perdagangan komoditas garam",
    ],
    "penanaman-modal": [
        "Forum investasi", "Promosi proyek investasi energi terbarukan",
        "Kemudahan perizinan investasi", "Investasi kawasan ekonomi khusus",
        "Profil proyek investasi daerah", "Kemitraan investasi pariwisata",
        "Investasi pengolahan hasil pertanian", "Temu bisnis investor",
    ],
    "pendidikan": [
        "Beasiswa dan pertukaran pelajar", "Pertukaran guru dan dosen",
        "Pendidikan vokasi dan magang", "Pelatihan bahasa asing",
        "Kerja sama perguruan tinggi", "Sekolah kembar (sister school)",
        "Pelatihan tenaga kerja terampil", "Pengembangan kurikulum SMK",
    ],
    "kebudayaan": [
        "Pertukaran misi kesenian", "Festival budaya bersama", "Pelestarian cagar budaya",
        "Pameran kerajinan tenun", "Residensi seniman", "Pertukaran kuliner tradisional",
        "Dokumentasi warisan budaya Sasak, Samawa dan Mbojo", "Pentas seni di kota mitra",
    ],
}  # fmt: skip
# Prefixed to the commitment's title ("Penyusunan rencana aksi pengembangan ...").
TASK_ACTIONS = [
    "Penyusunan rencana aksi", "Rapat koordinasi teknis", "Penyusunan kerangka acuan kerja",
    "Penyiapan anggaran", "Sosialisasi", "Evaluasi pelaksanaan", "Penyusunan petunjuk teknis",
    "Penyusunan laporan akhir", "Pendataan sasaran", "Penyusunan kajian",
]  # fmt: skip
# Stand-alone, with a place in NTB.
TASK_ACTIVITIES = [
    "Pelatihan bersama tenaga ahli mitra", "Survei lokasi percontohan",
    "Kunjungan kerja delegasi mitra", "Pameran dan temu usaha", "Bimbingan teknis pelaku usaha",
    "Pengiriman peserta magang", "Uji coba percontohan", "Lokakarya hasil kerja sama",
]  # fmt: skip
PLACES = [
    "Kota Mataram", "Lombok Barat", "Lombok Tengah", "Lombok Timur", "Lombok Utara",
    "Sumbawa Barat", "Sumbawa", "Dompu", "Bima", "Kota Bima",
]  # fmt: skip
ROMAN_QUARTERS = ["I", "II", "III", "IV"]

UPDATE_TEXTS = {
    "": [
        "Koordinasi dengan mitra berjalan.", "Draf dokumen dibahas bersama OPD terkait.",
        "Pengadaan bahan dan peralatan berjalan.", "Kegiatan tahap berikutnya dijadwalkan.",
        "Rapat pembahasan dengan mitra secara daring.", "Data lapangan sedang diolah.",
        "Pelatihan gelombang pertama terlaksana.", "Laporan kemajuan disusun.",
    ],
    "planned": [
        "Persiapan awal; menunggu jadwal pelaksanaan.", "Tim pelaksana sedang dibentuk.",
    ],
    "in_progress": [
        "Kegiatan dimulai; tim pelaksana dibentuk.", "Rapat persiapan dengan mitra dilaksanakan.",
        "Kerangka acuan kerja disusun dan disepakati.", "Dilanjutkan setelah kendala teratasi.",
    ],
    "blocked": [
        "Terkendala anggaran yang belum dialokasikan.", "Menunggu jawaban dan jadwal dari mitra.",
        "Menunggu persetujuan pimpinan.", "Terkendala perizinan.",
    ],
    "done": [
        "Kegiatan selesai; laporan akhir disampaikan.", "Seluruh target tercapai.",
        "Selesai; dokumentasi dan laporan terlampir.",
    ],
    "cancelled": [
        "Dibatalkan atas kesepakatan dengan mitra.", "Ditunda tanpa batas waktu oleh mitra.",
        "Dibatalkan; kegiatan digabung dengan kegiatan lain.",
    ],
}  # fmt: skip
TERMINATION_TEXTS = ["Kegiatan dihentikan karena kerja sama diakhiri."]

REQUEST_SUBJECTS = [
    "Laporan pelaksanaan kerja sama semester {half} tahun {year}",
    "Usulan kegiatan kerja sama tahun anggaran {next_year}",
    "Bahan rapat koordinasi kerja sama luar negeri", "Data capaian tindak lanjut MoU",
    "Konfirmasi kehadiran dalam rapat evaluasi kerja sama",
    "Masukan atas draf rencana aksi kerja sama",
    "Daftar peserta penerimaan delegasi {partner}",
]  # fmt: skip
PRE_MOU_SUBJECTS = [
    "Masukan atas draf Letter of Intent", "Masukan atas draf naskah MoU",
    "Telaahan teknis rencana kerja sama", "Data potensi daerah untuk rencana kerja sama",
]  # fmt: skip
ANSWERS = [
    "Data yang diminta terlampir.", "Laporan kami sampaikan terlampir.",
    "Usulan kegiatan terlampir.", "Kami konfirmasi kehadiran pejabat yang ditunjuk.",
    "Masukan kami sampaikan dalam nota dinas terlampir.",
]  # fmt: skip
BUDGET_NOTES = [
    "", "", "", "Dialokasikan dalam DPA murni.", "Menunggu pengesahan DPA perubahan.",
    "Sebagian dibiayai mitra.",
]  # fmt: skip
DROP_REASONS = [
    "Mitra tidak melanjutkan penjajakan.", "Tidak ada kesepakatan mengenai ruang lingkup.",
    "Prioritas pembangunan daerah berubah.", "Tidak memperoleh persetujuan DPRD.",
]  # fmt: skip
TERMINATION_REASONS = [
    "Diakhiri atas kesepakatan kedua pihak.", "Mitra mengakhiri kerja sama secara sepihak.",
    "Ruang lingkup tidak lagi sesuai prioritas daerah.",
]  # fmt: skip


def scaled_counts(scale: float) -> dict[str, int]:
    """How many of each to create at this scale: linear, at least one."""
    return {name: max(1, round(base * scale)) for name, base in BASE_COUNTS.items()}


def apportion(total: int, weights: list[float], minimums: list[int] | None = None) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), each at least its minimum.

    An item of weight 0 gets only its minimum. If every weight is 0, what is left
    over the minimums is not given to anyone.
    """
    counts = list(minimums) if minimums else [0] * len(weights)
    rest = total - sum(counts)
    weight_sum = sum(weights)
    if rest <= 0 or weight_sum <= 0:
        return counts
    quotas = [rest * w / weight_sum for w in weights]
    floors = [int(q) for q in quotas]
    for i, floor in enumerate(floors):
        counts[i] += floor
    left = rest - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (floors[i] - quotas[i], i))
    for i in order[:left]:
        if weights[i] > 0:
            counts[i] += 1
    return counts


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


def effective(events: list[StageEvent]) -> list[StageEvent]:
    """The planned history without corrections and the steps they undo (lifecycle's rule)."""
    undone = {id(e._seed_corrects) for e in events if e.action == StageAction.CORRECTED}
    return [e for e in events if e.action != StageAction.CORRECTED and id(e) not in undone]


def state_from_history(events: list[StageEvent]) -> dict:
    """Stage and key dates from the effective history, as lifecycle._sync_from_history does."""
    fields = {"first_contact_date": None}
    for step in STEPS.values():
        for target in step.records.values():
            fields[target] = "" if target.endswith("number") else None
    stage, since = Stage.CONTACT, None
    for event in effective(events):
        records = (
            OPENING_RECORDS if event.action == StageAction.OPENED else STEPS[event.action].records
        )
        for source, target in records.items():
            value = getattr(event, source)
            if value not in (None, ""):
                fields[target] = value
        if event.to_stage != stage or event.action == StageAction.OPENED:
            since = event.date
        stage = event.to_stage
    return {"stage": stage, "stage_since": since, **fields}


@contextmanager
def timestamps_as_given(*fields):
    """Let bulk_create keep the creation times computed here (auto_now/auto_now_add off)."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def stamped_fields():
    return [
        Agreement._meta.get_field("created_at"),
        Agreement._meta.get_field("updated_at"),
        StageEvent._meta.get_field("recorded_at"),
        Contact._meta.get_field("recorded_at"),
        Commitment._meta.get_field("created_at"),
        FollowUpTask._meta.get_field("created_at"),
        ProgressUpdate._meta.get_field("created_at"),
        CoordinationRequest._meta.get_field("created_at"),
        BudgetLine._meta.get_field("created_at"),
    ]


@dataclass(eq=False)
class AgreementPlan:
    obj: Agreement
    sectors: list
    events: list
    split: int  # events[:split] are inserted first: a correction needs its target's id
    signed: date | None = None  # the first MoU's signing
    end: date | None = None  # the last day the MoU ran: validity end, or termination
    commitments: list = field(default_factory=list)
    tasks: list = field(default_factory=list)


@dataclass(eq=False)
class CommitmentPlan:
    obj: Commitment
    agreement: AgreementPlan
    created: date
    first_due: date
    last_due: date
    tasks: list = field(default_factory=list)


@dataclass(eq=False)
class TaskPlan:
    commitment: CommitmentPlan
    unit: WorkUnit
    title: str
    due: date
    start: date
    status: str
    priority: str
    # The window of its progress reports; the last is the closing date of a closed task.
    first_update: date | None = None
    last_update: date | None = None
    updates: int = 0
    changes: list = field(default_factory=list)
    obj: FollowUpTask | None = None


class Seeder:
    """Plans and writes the data set; one random stream per part, so parts stay stable."""

    def __init__(self, *, counts: dict, seed: int, today: date, batch_size: int, log):
        self.counts = counts
        self.seed = seed
        self.today = today
        self.batch_size = batch_size
        self.log = log
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.created: dict[str, int] = {}
        self.counters: dict = {}
        self.mornings: dict[int, datetime] = {}
        self.correctable = 0

    def rng(self, part: str) -> random.Random:
        return random.Random(f"seed_large:{self.seed}:{part}")

    def insert(self, label: str, model, objs: list) -> list:
        model._default_manager.bulk_create(objs, batch_size=self.batch_size)
        self.created[label] = self.created.get(label, 0) + len(objs)
        return objs

    def number(self, kind: str, year: int) -> int:
        self.counters[kind, year] = self.counters.get((kind, year), 0) + 1
        return self.counters[kind, year]

    def at(self, day: date, minutes: int = 120) -> datetime:
        """An aware moment ``minutes`` after 08:00 local time on ``day``, never after now."""
        ordinal = day.toordinal()
        morning = self.mornings.get(ordinal)
        if morning is None:
            naive = datetime(day.year, day.month, day.day, 8, 0)
            morning = self.mornings[ordinal] = timezone.make_aware(naive, self.tz)
        return min(morning + timedelta(minutes=minutes), self.now)

    def run(self) -> dict[str, int]:
        steps = [
            ("reference data", self.seed_reference),
            ("agreements", self.seed_agreements),
            ("commitments and tasks", self.seed_followup),
            ("progress updates", self.seed_progress),
            ("coordination requests", self.seed_letters),
            ("budget lines", self.seed_budget),
        ]
        with timestamps_as_given(*stamped_fields()):
            for name, step in steps:
                started = time.perf_counter()
                step()
                self.log(f"{name}: {time.perf_counter() - started:.1f} s")
        return self.created

    # --- work units, people, partners ------------------------------------------------

    def seed_reference(self):
        rng = self.rng("reference")
        # The demo's eight sectors, made the same way (get_or_create by code).
        self.sectors = DemoCommand().seed_sectors()
        self.created["sectors"] = len(self.sectors)

        units, links, self.units_by_sector = [], [], {code: [] for code in SECTOR_CODES}
        for i in range(self.counts["work_units"]):
            name, abbreviation, codes = WORK_UNIT_KINDS[i % len(WORK_UNIT_KINDS)]
            n = i + 1
            unit = WorkUnit(
                name=f"{name} {n}",
                abbreviation=f"{abbreviation} {n}",
                head_name=self.person(rng, formal=True),
                email=f"{abbreviation.lower().replace(' ', '')}{n}@ntbprov.example",
                phone=f"(0370) 6{rng.randint(10000, 99999)}",
                address=f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}, Mataram",
            )
            units.append(unit)
            for code in codes:
                self.units_by_sector[code].append(unit)
                links.append(WorkUnit.sectors.through(workunit=unit, sector=self.sectors[code]))
        self.units = self.insert("work units", WorkUnit, units)
        self.insert("work unit sectors", WorkUnit.sectors.through, links)
        self.coordinators = [u for u in units if u.abbreviation.startswith("Biro AK")]

        people = []
        self.biro = User(
            username="seed-biro",
            first_name="Staf",
            last_name="Biro Kerja Sama",
            email="seed-biro@ntbprov.example",
            role=Role.BIRO,
        )
        people.append(self.biro)
        self.officers = {}
        for n, unit in enumerate(units, start=1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            officer = User(
                username=f"seed-skpd-{n:03d}",
                first_name=first,
                last_name=last,
                email=f"seed-skpd-{n:03d}@ntbprov.example",
                role=Role.SKPD,
                work_unit=unit,
            )
            self.officers[unit] = officer
            people.append(officer)
        for person in people:
            person.set_unusable_password()
        self.insert("users", User, people)

        self.partners = self.insert("partners", Partner, self.plan_partners())

    def person(self, rng, *, formal=False) -> str:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if formal:
            return f"{rng.choice(HONORIFICS)}{name}{rng.choice(DEGREES)}"
        return name

    def plan_partners(self) -> list[Partner]:
        """A weighted round robin over the countries: the first few already span several."""
        entries = []
        for order, (country, weight, regions) in enumerate(PARTNERS):
            for j, (name, native, level) in enumerate(regions):
                entries.append(((j + 0.5) / weight, order, name, native, country, level))
        entries.sort()
        partners = []
        for i in range(self.counts["partners"]):
            _key, _order, name, native, country, level = entries[i % len(entries)]
            cycle = i // len(entries)
            partners.append(
                Partner(
                    name=name if cycle == 0 else f"{name} ({roman(cycle + 1)})",
                    native_name=native,
                    country=country,
                    level=level,
                )
            )
        return partners

    # --- agreements and their history -----------------------------------------------

    def seed_agreements(self):
        rng = self.rng("agreements")
        n = self.counts["agreements"]
        shares = list(STAGE_SHARES.values())
        per_stage = dict(zip(STAGE_SHARES, apportion(n, shares), strict=True))
        if not per_stage[Stage.MOU]:  # always one MoU in force, even at the smallest scale
            largest = max(per_stage, key=per_stage.get)
            per_stage[largest] -= 1
            per_stage[Stage.MOU] += 1
        stages = [stage for stage, count in per_stage.items() for _ in range(count)]
        rng.shuffle(stages)

        partners = self.partners
        popularity = [1 / (1 + i % 40) ** 0.5 for i in range(len(partners))]
        sister = set()
        titles = set()
        self.plans = []
        for i, stage in enumerate(stages):
            partner = partners[i] if i < len(partners) else rng.choices(partners, popularity)[0]
            kind = AgreementKind.OTHER
            if partner.level != PartnerLevel.CITY and partner not in sister and rng.random() < 0.4:
                kind = AgreementKind.SISTER_PROVINCE
                sister.add(partner)
            elif partner.level == PartnerLevel.CITY and rng.random() < 0.3:
                kind = AgreementKind.SISTER_CITY
            if kind == AgreementKind.SISTER_PROVINCE:
                codes = rng.sample(SECTOR_CODES, rng.randint(3, len(SECTOR_CODES)))
            else:
                codes = rng.sample(SECTOR_CODES, rng.choices([1, 2, 3], [50, 35, 15])[0])
            sectors = [self.sectors[code] for code in codes]
            if kind == AgreementKind.SISTER_PROVINCE and self.coordinators:
                unit = rng.choice(self.coordinators)
            else:
                unit = rng.choice(self.units_by_sector[codes[0]] or self.units)

            events, split, signed, end = self.plan_history(rng, stage)
            state = state_from_history(events)
            agreement = Agreement(
                title=self.title(rng, titles, kind, partner, sectors[0], stage),
                partner=partner,
                kind=kind,
                coordinating_unit=unit,
                summary=(
                    f"Kerja sama Pemerintah Provinsi NTB dengan {partner.name} "
                    f"({partner.country}) di bidang "
                    + ", ".join(s.name.lower() for s in sectors)
                    + "."
                ),
                created_by=self.biro,
                created_at=self.at(state["first_contact_date"], 60),
                updated_at=self.at(events[-1].date, 90),
                **state,
            )
            for event in events:
                event.agreement = agreement
            self.plans.append(AgreementPlan(agreement, sectors, events, split, signed, end))

        self.insert("agreements", Agreement, [p.obj for p in self.plans])
        self.insert(
            "agreement sectors",
            Agreement.sectors.through,
            [
                Agreement.sectors.through(agreement=p.obj, sector=sector)
                for p in self.plans
                for sector in p.sectors
            ],
        )
        # Corrections point at the step they undo, so the history goes in twice.
        self.insert(
            "stage events", StageEvent, [e for p in self.plans for e in p.events[: p.split]]
        )
        self.insert(
            "stage events", StageEvent, [e for p in self.plans for e in p.events[p.split :]]
        )
        self.insert("contacts", Contact, self.plan_contacts())

    def title(self, rng, titles, kind, partner, sector, stage) -> str:
        if kind == AgreementKind.SISTER_PROVINCE:
            base = f"Sister Province NTB – {partner.name}"
        elif kind == AgreementKind.SISTER_CITY:
            base = f"Sister City Mataram – {partner.name}"
        else:
            word = "Penjajakan" if stage == Stage.CONTACT and rng.random() < 0.5 else "Kerja sama"
            base = f"{word} {sector.name.lower()} NTB – {partner.name}"
        title, n = base, 1
        while title in titles:
            n += 1
            title = f"{base} ({roman(n)})"
        titles.add(title)
        return title

    def plan_history(self, rng, stage):
        """The steps that led to ``stage``, dated backwards from its last step.

        Returns (events, split, first MoU signing, last day of the MoU).
        """
        today = self.today
        events = []

        def days(low, high):
            return timedelta(days=rng.randint(low, high))

        def add(action, from_stage, to_stage, when, **evidence):
            event = StageEvent(
                action=action,
                from_stage=from_stage,
                to_stage=to_stage,
                date=when,
                recorded_by=None if action == StageAction.EXPIRED else self.biro,
                **evidence,
            )
            events.append(event)
            return event

        def dprd_number(when):
            return f"{self.number('dprd', when.year)}/KEP/DPRD/{when.year}"

        def mou_number(when, kind="MoU"):
            return f"{self.number('mou', when.year):03d}/{kind}/BAK/{when.year}"

        signed = end = None
        if stage in MOU_REACHED:
            term = rng.choices([5, 3, 10], [70, 15, 15])[0]
            renewals = rng.choices([0, 1, 2], [55, 30, 15] if stage == Stage.MOU else [65, 28, 7])[
                0
            ]
            ended = None
            if stage == Stage.MOU:
                last_valid = today + days(2, term * YEAR - 31)
            elif stage == Stage.EXPIRED:
                last_valid = today - days(2, 900)
            else:
                ended = today - days(7, 900)
                last_valid = ended + days(30, term * YEAR - 30)
            signed = add_years(last_valid + DAY, -term * (renewals + 1))
            while signed < EARLIEST_MOU and renewals:
                renewals -= 1
                signed = add_years(last_valid + DAY, -term * (renewals + 1))
            validity = [add_years(signed, term * (k + 1)) - DAY for k in range(renewals + 1)]
            dprd = signed - days(30, 240)
            loi = dprd - days(60, 365)
            add(StageAction.OPENED, "", Stage.CONTACT, loi - days(30, 540))
            add(StageAction.LOI, Stage.CONTACT, Stage.LOI, loi)
            add(
                StageAction.DPRD_APPROVAL,
                Stage.LOI,
                Stage.DPRD_APPROVAL,
                dprd,
                reference_number=dprd_number(dprd),
            )
            add(
                StageAction.MOU_SIGNED,
                Stage.DPRD_APPROVAL,
                Stage.MOU,
                signed,
                valid_until=validity[0],
                reference_number=mou_number(signed),
            )
            for k in range(1, renewals + 1):
                previous_end = validity[k - 1]
                limit = today
                if k == renewals and stage == Stage.EXPIRED:
                    limit = validity[-1]
                elif k == renewals and stage == Stage.TERMINATED:
                    limit = ended - DAY
                late = min(previous_end + DAY + days(14, 180), limit)
                if rng.random() < 0.12 and late > previous_end + DAY:
                    # Renewed only after the portal had marked it expired.
                    add(StageAction.EXPIRED, Stage.MOU, Stage.EXPIRED, previous_end + DAY)
                    when, from_stage = late, Stage.EXPIRED
                else:
                    when, from_stage = previous_end - days(7, 120), Stage.MOU
                number = mou_number(when, "ADD-MoU") if rng.random() < 0.75 else ""
                add(
                    StageAction.RENEWED,
                    from_stage,
                    Stage.MOU,
                    when,
                    valid_until=validity[k],
                    reference_number=number,
                )
            if stage == Stage.EXPIRED:
                add(StageAction.EXPIRED, Stage.MOU, Stage.EXPIRED, validity[-1] + DAY)
            elif stage == Stage.TERMINATED:
                add(
                    StageAction.TERMINATED,
                    Stage.MOU,
                    Stage.TERMINATED,
                    ended,
                    reason=rng.choice(TERMINATION_REASONS),
                )
            end = ended or validity[-1]
        else:
            if stage == Stage.DROPPED:
                dropped = today - days(30, 10 * YEAR)
                reached = rng.choices(
                    [Stage.CONTACT, Stage.LOI, Stage.DPRD_APPROVAL], [45, 40, 15]
                )[0]
                last = dropped - days(30, 400)
            else:
                reached = stage
                limit = {Stage.CONTACT: 900, Stage.LOI: 720, Stage.DPRD_APPROVAL: 540}[stage]
                last = today - days(1, limit)
            dates = {reached: last}
            if reached == Stage.DPRD_APPROVAL:
                dates[Stage.LOI] = last - days(60, 365)
            if Stage.LOI in dates:
                dates[Stage.CONTACT] = dates[Stage.LOI] - days(30, 540)
            add(StageAction.OPENED, "", Stage.CONTACT, dates[Stage.CONTACT])
            if Stage.LOI in dates:
                add(StageAction.LOI, Stage.CONTACT, Stage.LOI, dates[Stage.LOI])
            if Stage.DPRD_APPROVAL in dates:
                when = dates[Stage.DPRD_APPROVAL]
                add(
                    StageAction.DPRD_APPROVAL,
                    Stage.LOI,
                    Stage.DPRD_APPROVAL,
                    when,
                    reference_number=dprd_number(when),
                )
            if stage == Stage.DROPPED:
                add(
                    StageAction.DROPPED,
                    reached,
                    Stage.DROPPED,
                    dropped,
                    reason=rng.choice(DROP_REASONS),
                )

        events, split = self.with_correction(rng, events)
        recorded = None
        for minute, event in enumerate(events):
            # Recorded in history order: a re-recorded step after the correction before it.
            recorded = max(event.date, recorded or event.date)
            event.recorded_at = self.at(recorded, 60 + minute)
        return events, split, signed, end

    def with_correction(self, rng, events):
        """One history in 25, from the first: a step recorded wrongly, corrected, then redone."""
        steps = (
            StageAction.LOI,
            StageAction.DPRD_APPROVAL,
            StageAction.MOU_SIGNED,
            StageAction.RENEWED,
        )
        candidates = [i for i, e in enumerate(events) if e.action in steps]
        if candidates:
            self.correctable += 1
        if not candidates or self.correctable % 25 != 1:
            for event in events:
                event._seed_corrects = None
            return events, len(events)
        j = rng.choice(candidates)
        real = events[j]
        wrong = StageEvent(
            action=real.action,
            from_stage=real.from_stage,
            to_stage=real.to_stage,
            date=real.date,
            reference_number=real.reference_number,
            valid_until=real.valid_until,
            recorded_by=real.recorded_by,
        )
        if real.action == StageAction.LOI:
            wrong.date = max(events[j - 1].date, real.date - timedelta(days=rng.randint(1, 30)))
            reason = "Tanggal Letter of Intent salah input."
        elif real.action == StageAction.DPRD_APPROVAL:
            wrong.reference_number = real.reference_number.replace("/KEP/", "/KEP.")
            reason = "Nomor keputusan DPRD salah ketik."
        else:
            wrong.valid_until = add_years(real.valid_until, 1)
            reason = "Masa berlaku MoU salah input."
        correction = StageEvent(
            action=StageAction.CORRECTED,
            from_stage=wrong.to_stage,
            to_stage=wrong.from_stage,
            date=min(self.today, wrong.date + timedelta(days=rng.randint(1, 14))),
            reason=reason,
            corrects=wrong,
            recorded_by=self.biro,
        )
        events = [*events[:j], wrong, correction, *events[j:]]
        for event in events:
            event._seed_corrects = None
        correction._seed_corrects = wrong
        return events, j + 1

    def plan_contacts(self) -> list[Contact]:
        rng = self.rng("contacts")
        contacts = []
        kinds = list(ContactKind.values)
        initiators = list(Initiator.values)
        for plan in self.plans:
            agreement = plan.obj
            first = agreement.first_contact_date
            last = min(self.today, agreement.loi_date or first + timedelta(days=400))
            count = rng.choices([1, 2, 3], [50, 35, 15])[0]
            later = (rng.randint(first.toordinal(), last.toordinal()) for _ in range(count - 1))
            dates = [first, *sorted(date.fromordinal(day) for day in later)]
            for when in dates:
                kind = rng.choice(kinds)
                contacts.append(
                    Contact(
                        agreement=agreement,
                        date=when,
                        kind=kind,
                        initiator_type=rng.choice(initiators),
                        initiator_name=self.person(rng, formal=True),
                        participants=(
                            f"{agreement.coordinating_unit.name}\n"
                            f"Pemerintah {agreement.partner.name}"
                        ),
                        location=rng.choice(["Mataram", agreement.partner.name, "Jakarta"]),
                        notes="Penjajakan kerja sama." if when == first else "",
                        recorded_by=self.biro,
                        recorded_at=self.at(when, 480),
                    )
                )
        return contacts

    # --- commitments, tasks, progress -------------------------------------------------

    def seed_followup(self):
        rng = self.rng("followup")
        today = self.today
        commitments = []
        for plan in self.plans:
            if plan.signed is None:
                continue
            agreement = plan.obj
            sectors = list(plan.sectors)
            rng.shuffle(sectors)
            used = set()
            # Written into the portal a few weeks after the signing (before the MoU ended).
            created = min(today, plan.end, plan.signed + timedelta(days=rng.randint(7, 60)))
            first_due = min(
                max(today - timedelta(days=3 * YEAR), created + timedelta(days=14)), plan.end
            )
            last_due = min(today + timedelta(days=YEAR), plan.end)
            for i in range(rng.randint(2, 6)):
                sector = sectors[i % len(sectors)]
                choices = [t for t in COMMITMENT_TITLES[sector.code] if t not in used]
                title = rng.choice(choices) if choices else f"{sector.name} ({roman(i + 1)})"
                used.add(title)
                lead = rng.choice(
                    self.units_by_sector[sector.code] or [agreement.coordinating_unit]
                )
                commitment = Commitment(
                    agreement=agreement,
                    sector=sector,
                    title=title,
                    description=(
                        f"Sesuai Pasal {i + 3} MoU: {title.lower()} "
                        f"bersama {agreement.partner.name}."
                    ),
                    lead_unit=lead,
                    created_by=self.biro,
                    created_at=self.at(created, 30),
                )
                item = CommitmentPlan(commitment, plan, created, first_due, last_due)
                plan.commitments.append(item)
                commitments.append(item)
        self.insert("commitments", Commitment, [c.obj for c in commitments])
        self.commitments = commitments

        total = self.counts["tasks"]
        weights = [rng.uniform(0.5, 1.5) for _ in commitments]
        minimums = [1] * len(commitments) if total >= len(commitments) else None
        tasks = []
        for commitment, count in zip(commitments, apportion(total, weights, minimums), strict=True):
            for _ in range(count):
                task = self.plan_task(rng, commitment)
                commitment.tasks.append(task)
                commitment.agreement.tasks.append(task)
                tasks.append(task)

        weights, minimums = [], []
        for task in tasks:
            weight, minimum = self.update_weight(rng, task)
            weights.append(weight)
            minimums.append(minimum)
        for task, count in zip(
            tasks, apportion(self.counts["progress_updates"], weights, minimums), strict=True
        ):
            task.updates = count
            task.changes = self.status_changes(rng, task)

        objs = []
        for task in tasks:
            created = max(
                task.commitment.created, min(task.start - timedelta(days=rng.randint(0, 30)), today)
            )
            task.obj = FollowUpTask(
                commitment=task.commitment.obj,
                responsible_unit=task.unit,
                title=task.title,
                due_date=task.due,
                status=task.status,
                priority=task.priority,
                completed_on=task.last_update if task.status == TaskStatus.DONE else None,
                version=1 + sum(1 for change in task.changes if change),
                created_by=self.biro,
                created_at=self.at(created, 60),
            )
            objs.append(task.obj)
        self.insert("follow-up tasks", FollowUpTask, objs)
        self.tasks = tasks

    def plan_task(self, rng, commitment: CommitmentPlan) -> TaskPlan:
        today = self.today
        agreement = commitment.agreement
        due = date.fromordinal(
            rng.randint(commitment.first_due.toordinal(), commitment.last_due.toordinal())
        )
        start = max(commitment.created, due - timedelta(days=rng.randint(30, 270)))
        lead = commitment.obj.lead_unit
        unit = lead
        if rng.random() < 0.2:
            unit = rng.choice(self.units_by_sector[commitment.obj.sector.code] or [lead])
        if rng.random() < 0.5:
            action = rng.choice(TASK_ACTIONS)
            title = f"{action} {commitment.obj.title[0].lower()}{commitment.obj.title[1:]}"
        elif rng.random() < 0.3:
            quarter = ROMAN_QUARTERS[(due.month - 1) // 3]
            title = (
                f"Laporan kemajuan triwulan {quarter} {due.year}: {commitment.obj.title.lower()}"
            )
        else:
            title = f"{rng.choice(TASK_ACTIVITIES)} di {rng.choice(PLACES)}"

        if due < today:
            age = (today - due).days
            still_open = 0.45 - 0.30 * min(age, 730) / 730
            status = rng.choices(
                [
                    TaskStatus.DONE,
                    TaskStatus.CANCELLED,
                    TaskStatus.IN_PROGRESS,
                    TaskStatus.PLANNED,
                    TaskStatus.BLOCKED,
                ],
                [0.95 - still_open, 0.05, still_open * 0.45, still_open * 0.2, still_open * 0.35],
            )[0]
        else:
            status = rng.choices(
                [
                    TaskStatus.PLANNED,
                    TaskStatus.IN_PROGRESS,
                    TaskStatus.BLOCKED,
                    TaskStatus.DONE,
                    TaskStatus.CANCELLED,
                ],
                [40, 45, 6, 7, 2],
            )[0]
        terminated = agreement.obj.stage == Stage.TERMINATED
        if terminated and status in OPEN_STATUSES and rng.random() < 0.85:
            status = TaskStatus.CANCELLED
        if start > today:  # nothing can have happened yet
            status = TaskStatus.PLANNED

        task = TaskPlan(
            commitment=commitment,
            unit=unit,
            title=title[:255],
            due=due,
            start=start,
            status=status,
            priority=rng.choices(list(Priority.values), [15, 60, 25])[0],
        )
        # The window of its progress reports.
        if start <= today:
            task.first_update = start
            if status == TaskStatus.DONE:
                if due < today:
                    done = due + timedelta(days=rng.randint(-60, 45))
                else:
                    done = date.fromordinal(rng.randint(start.toordinal(), today.toordinal()))
                if terminated:
                    done = min(done, agreement.end)
                task.last_update = min(max(done, start), today)
            elif status == TaskStatus.CANCELLED:
                if terminated:
                    stop = agreement.end
                else:
                    stop = date.fromordinal(
                        rng.randint(
                            start.toordinal(), min(today, due + timedelta(days=30)).toordinal()
                        )
                    )
                task.last_update = min(max(stop, start), today)
            elif status == TaskStatus.PLANNED:
                task.last_update = today
            else:  # open: some report weekly, some have gone quiet
                quiet = rng.randint(0, 30) if rng.random() < 0.6 else rng.randint(30, YEAR)
                task.last_update = max(start, today - timedelta(days=quiet))
        return task

    def update_weight(self, rng, task: TaskPlan) -> tuple[float, int]:
        """How many progress reports this task gets, relatively; and at least how many."""
        if task.first_update is None:
            return 0.0, 0
        base = {
            TaskStatus.DONE: 1.3,
            TaskStatus.IN_PROGRESS: 1.0,
            TaskStatus.BLOCKED: 0.8,
            TaskStatus.CANCELLED: 0.5,
            TaskStatus.PLANNED: 0.1,
        }[task.status]
        span = (task.last_update - task.first_update).days
        weight = base * (0.3 + min(span, YEAR) / YEAR) * rng.uniform(0.5, 1.5)
        return weight, 0 if task.status == TaskStatus.PLANNED else 1

    def status_changes(self, rng, task: TaskPlan) -> list[str]:
        """The status change each report records, ending at the task's status."""
        k, status = task.updates, task.status
        if k == 0:
            return []
        if status == TaskStatus.PLANNED:
            return [""] * k
        if status == TaskStatus.IN_PROGRESS:
            changes = [TaskStatus.IN_PROGRESS] + [""] * (k - 1)
        elif k == 1:
            changes = [status]
        else:
            changes = [TaskStatus.IN_PROGRESS] + [""] * (k - 2) + [status]
        if k >= 5 and status in (TaskStatus.IN_PROGRESS, TaskStatus.DONE) and rng.random() < 0.15:
            m = rng.randint(1, k - 3)  # blocked for a while, then resumed
            changes[m], changes[m + 1] = TaskStatus.BLOCKED, TaskStatus.IN_PROGRESS
        return [str(c) for c in changes]

    def progress_updates(self):
        """The reports, task by task, generated lazily (there are many)."""
        rng = self.rng("progress")
        for task in self.tasks:
            k = task.updates
            if not k:
                continue
            low, high = task.first_update.toordinal(), task.last_update.toordinal()
            days = sorted(rng.randint(low, high) for _ in range(k))
            if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
                days[-1] = high  # the report that closed it
            final = {
                TaskStatus.DONE: 100,
                TaskStatus.IN_PROGRESS: rng.randint(10, 95),
                TaskStatus.BLOCKED: rng.randint(5, 70),
                TaskStatus.CANCELLED: rng.randint(0, 60),
                TaskStatus.PLANNED: rng.randint(0, 10),
            }[task.status]
            cap = 95 if final == 100 else final
            percents = [*sorted(rng.randint(0, cap) for _ in range(k - 1)), final]
            author = self.officers[task.unit]
            terminated = task.commitment.agreement.obj.stage == Stage.TERMINATED
            for day, percent, change in zip(days, percents, task.changes, strict=True):
                if change == TaskStatus.CANCELLED and terminated:
                    text = TERMINATION_TEXTS[0]
                else:
                    quiet = "planned" if task.status == TaskStatus.PLANNED else ""
                    text = rng.choice(UPDATE_TEXTS[change or quiet])
                when = date.fromordinal(day)
                yield ProgressUpdate(
                    task_id=task.obj.pk,
                    author_id=author.pk,
                    date=when,
                    text=text,
                    percent_complete=percent - percent % 5,
                    status_change=change,
                    created_at=self.at(when, rng.randint(0, 540)),
                )

    def seed_progress(self):
        batch = []
        for update in self.progress_updates():
            batch.append(update)
            if len(batch) >= self.batch_size:
                self.insert("progress updates", ProgressUpdate, batch)
                batch = []
        self.insert("progress updates", ProgressUpdate, batch)
        tasks_record_progress_dates(tasks=FollowUpTask.objects.all())

    # --- coordination requests ------------------------------------------------------

    def seed_letters(self):
        rng = self.rng("requests")
        today = self.today
        total = self.counts["requests"]
        with_mou = [p for p in self.plans if p.commitments]
        weights = [
            (1.5 if p.obj.stage == Stage.MOU else 1.0) * (1 + len(p.tasks) / 20) for p in with_mou
        ]
        before_mou = [
            p for p in self.plans if p.obj.stage in (Stage.CONTACT, Stage.LOI, Stage.DPRD_APPROVAL)
        ]
        requests = []
        while len(requests) < total:
            if before_mou and rng.random() < 0.1:
                plan = rng.choice(before_mou)
                low, high = plan.obj.first_contact_date, today
                task = None
                subject = rng.choice(PRE_MOU_SUBJECTS)
            else:
                plan = rng.choices(with_mou, weights)[0]
                low = max(today - timedelta(days=3 * YEAR), plan.signed + timedelta(days=7))
                high = min(today, plan.end)
                low = min(low, high)
                task = rng.choice(plan.tasks) if plan.tasks and rng.random() < 0.75 else None
                if task is not None:
                    task_low = max(low, task.start)
                    task_high = min(high, task.due + timedelta(days=30))
                    if task_low <= task_high:
                        low, high = task_low, task_high
                    subject = f"Perkembangan {task.title[0].lower()}{task.title[1:]}"
                else:
                    subject = rng.choice(REQUEST_SUBJECTS)
            sent = date.fromordinal(rng.randint(low.toordinal(), high.toordinal()))
            due = sent + timedelta(days=rng.choice([7, 7, 10, 14, 14, 14, 21, 30]))
            subject = subject.format(
                half="I" if sent.month <= 6 else "II",
                year=sent.year,
                next_year=sent.year + 1,
                partner=plan.obj.partner.name,
            )[:255]
            if task is not None:
                units = [task.unit]
            else:
                candidates = [plan.obj.coordinating_unit]
                candidates += [c.obj.lead_unit for c in plan.commitments]
                candidates = list(dict.fromkeys(candidates))
                rng.shuffle(candidates)
                units = candidates[: rng.choices([1, 2, 3], [80, 15, 5])[0]]
            units = units[: total - len(requests)]
            code, serial = rng.choice(["070", "119", "500"]), self.number("letter", sent.year)
            number = f"{code}/{serial}/BAK/{sent.year}"
            message = (
                f"Sehubungan dengan pelaksanaan kerja sama {plan.obj.title}, kami mohon Saudara "
                f"menyampaikan {subject[0].lower()}{subject[1:]} paling lambat tanggal "
                f"{due:%d-%m-%Y}."
            )
            for unit in units:
                requests.append(
                    self.letter(rng, plan, task, unit, number, subject, message, sent, due)
                )
        self.insert("coordination requests", CoordinationRequest, requests)

    def letter(self, rng, plan, task, unit, number, subject, message, sent, due):
        today = self.today
        answered = None
        if due < today:
            state = rng.choices(["on_time", "late", "none"], [65, 20, 15])[0]
        else:
            state = rng.choices(["on_time", "none"], [35, 65])[0]
        yesterday = today - DAY
        if state == "late" and due + DAY <= yesterday:
            late_until = min(yesterday, due + timedelta(days=90))
            answered = date.fromordinal(
                rng.randint((due + DAY).toordinal(), late_until.toordinal())
            )
        elif state != "none" and sent + DAY <= min(due, yesterday):
            answered = date.fromordinal(
                rng.randint((sent + DAY).toordinal(), min(due, yesterday).toordinal())
            )
        return CoordinationRequest(
            agreement=plan.obj,
            task=task.obj if task is not None else None,
            work_unit=unit,
            letter_number=number,
            subject=subject,
            message=message,
            sent_on=sent,
            answer_due=due,
            answer_text=rng.choice(ANSWERS) if answered else "",
            answered_at=self.at(answered, rng.randint(0, 480)) if answered else None,
            answered_by=self.officers[unit] if answered else None,
            version=2 if answered else 1,
            created_by=self.biro,
            created_at=self.at(sent, 60),
        )

    # --- budget lines ---------------------------------------------------------------

    def seed_budget(self):
        """Lines for the last three fiscal years; a quarter of this year's commitments unfunded."""
        rng = self.rng("budget")
        year = self.today.year
        years = [year - 2, year - 1, year]
        this_year = [
            c for c in self.commitments if c.agreement.signed.year <= year <= c.agreement.end.year
        ]
        unfunded = set()
        if this_year:
            count = max(1, round(len(this_year) * 0.25)) if len(this_year) > 1 else 0
            unfunded = set(rng.sample(this_year, count))
        slots, weights = [], []
        for commitment in self.commitments:
            for fiscal_year in years:
                if commitment.agreement.signed.year <= fiscal_year <= commitment.agreement.end.year:
                    slots.append((commitment, fiscal_year))
                    factor = 0.35 if fiscal_year == year and commitment in unfunded else 1.0
                    weights.append(factor * rng.uniform(0.5, 1.5))
        sources = list(FundingSource.values)
        elapsed = (self.today.timetuple().tm_yday) / 366
        lines = []
        for (commitment, fiscal_year), count in zip(
            slots, apportion(self.counts["budget_lines"], weights), strict=True
        ):
            tasks_that_year = [t for t in commitment.tasks if t.due.year == fiscal_year]
            for _ in range(count):
                task = (
                    rng.choice(tasks_that_year) if tasks_that_year and rng.random() < 0.35 else None
                )
                requested = rng.randint(5, 300) * 5_000_000
                luck = rng.random()
                if fiscal_year == year and commitment in unfunded:
                    allocated = 0  # requested, not in the DPA: the study's third cause
                elif fiscal_year != year and luck < 0.08:
                    allocated = 0
                elif luck > 0.97:
                    allocated = round(requested * rng.uniform(1.0, 1.2), -6)  # raised in the DPA-P
                else:
                    allocated = round(requested * rng.uniform(0.4, 1.0), -6)
                share = rng.uniform(0.55, 1.0) if fiscal_year < year else rng.uniform(0, elapsed)
                if fiscal_year < year and rng.random() < 0.02:
                    share = rng.uniform(1.0, 1.1)  # overspent
                created = min(
                    self.today, date(fiscal_year, 1, 1) + timedelta(days=rng.randint(0, 80))
                )
                lines.append(
                    BudgetLine(
                        fiscal_year=fiscal_year,
                        work_unit=task.unit if task else commitment.obj.lead_unit,
                        commitment=commitment.obj,
                        task=task.obj if task else None,
                        source=rng.choices(sources, [75, 10, 10, 5])[0],
                        amount_requested=requested,
                        amount_allocated=int(allocated),
                        amount_spent=int(round(allocated * share, -5)),
                        note=rng.choice(BUDGET_NOTES),
                        created_by=self.biro,
                        created_at=self.at(created, 90),
                    )
                )
        self.insert("budget lines", BudgetLine, lines)


class Command(BaseCommand):
    help = (
        "Fill a fresh database with a large deterministic data set for benchmarks "
        "(--scale 10: 1,000 agreements, 50,000 tasks, 500,000 progress updates). "
        "Refuses with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Size: 10 is the benchmark (1,000 agreements); counts are linear in it.",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The day the data is relative to (YYYY-MM-DD); default today in WITA.",
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, scale, seed, today, batch_size, force, verbosity, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: refusing to load the large data set without --force.")
        if scale <= 0 or batch_size < 1:
            raise CommandError("--scale and --batch-size must be positive.")
        real_today = timezone.localdate()
        today = today or real_today
        if today > real_today:
            raise CommandError("--today cannot be in the future.")
        existing = {
            "agreements": Agreement.objects.count(),
            "partners": Partner.objects.count(),
            "work units": WorkUnit.objects.count(),
            "seed users": User.objects.filter(username__startswith="seed-").count(),
        }
        if any(existing.values()):
            found = ", ".join(f"{count} {name}" for name, count in existing.items() if count)
            raise CommandError(
                f"The database already has data ({found}): seed_large needs a fresh database "
                "(create one and run migrate)."
            )
        if not connection.features.can_return_rows_from_bulk_insert:
            raise CommandError(
                "This database does not return ids from bulk inserts; "
                "use PostgreSQL or SQLite 3.35 or later."
            )

        def log(message):
            if verbosity >= 2:
                self.stdout.write(message)

        started = time.perf_counter()
        seeder = Seeder(
            counts=scaled_counts(scale), seed=seed, today=today, batch_size=batch_size, log=log
        )
        with transaction.atomic():
            created = seeder.run()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh statistics and visibility maps, as on a database that has run
                # for a while, so the benchmarks see the plans (index-only scans) it would.
                # VACUUM cannot run inside a transaction (as in the tests): ANALYZE there.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(
            self.style.SUCCESS(f"seed_large --scale {scale:g}: {summary} in {elapsed:.1f} s.")
        )
