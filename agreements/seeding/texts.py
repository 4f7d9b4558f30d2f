"""The words of the generated data: people's names, partners, titles, subjects, answers.

Indonesian, as the portal's users write them.
"""

from ..models.reference import PartnerLevel

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
