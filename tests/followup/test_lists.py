"""The list page, written once (agreements/views/lists.py), for the six lists: each downloads
as CSV and XLSX with its filters applied, has a bounded page size, sorts by its columns and
keeps its filters in its links. Partners and work units gained all of it."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements.models import Partner

from ..clock import days
from ..factories import AgreementFactory, PartnerFactory, WorkUnitFactory
from .conftest import BudgetLineFactory, RequestFactory, TaskFactory, client_as


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def rows_of(response, kind) -> list[list[str]]:
    rows = csv_rows(response) if kind == "csv" else xlsx_rows(response)
    return [["" if v is None else str(v) for v in row] for row in rows]


@pytest.fixture
def world(biro, unit, other_unit, task, other_task, request_for_unit, budget_line):
    """Two of everything: the officer's unit's (``task``, …) and the Dinas Pariwisata's."""
    RequestFactory(
        actor=biro,
        agreement=other_task.commitment.agreement,
        work_unit=other_unit,
        subject="Data kunjungan wisata",
        answer_due=days(5),
    )
    BudgetLineFactory(
        actor=biro,
        commitment=other_task.commitment,
        work_unit=other_unit,
        amount_requested=400_000_000,
    )
    PartnerFactory(name="Okinawa", native_name="沖縄県", country="Jepang")


# (list, a filter that keeps one row, text of the kept row, text of a row filtered out)
FILTERED = [
    pytest.param(
        "agreements:list",
        {"q": "pariwisata"},
        "Kerja sama pariwisata uji",
        "Sister Province Uji",
        id="agreements",
    ),
    pytest.param(
        "agreements:task_list",
        {"q": "pameran"},
        "Pameran wisata bersama",
        "Uji coba varietas jagung",
        id="tasks",
    ),
    pytest.param(
        "agreements:letter_list",
        {"q": "kunjungan"},
        "Data kunjungan wisata",
        "Jadwal uji coba varietas jagung",
        id="letters",
    ),
    pytest.param(
        "agreements:budget_list",
        {"q": "promosi"},
        "Promosi wisata bersama",
        "Pengembangan agribisnis jagung",
        id="budget",
    ),
    pytest.param("agreements:partner_list", {"q": "jepang"}, "Okinawa", "Tiongkok", id="partners"),
    pytest.param(
        "agreements:work_unit_list",
        {"q": "pariwisata"},
        "Dinas Pariwisata",
        "Dinas Pertanian",
        id="work-units",
    ),
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(("name", "query", "kept", "left_out"), FILTERED)
def test_it_downloads_every_list_with_its_filters_applied(
    biro, world, kind, name, query, kept, left_out
):
    response = client_as(biro).get(reverse(name), {"export": kind, **query})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    _header, *rows = rows_of(response, kind)
    assert len(rows) == 1
    assert kept in " ".join(rows[0])
    assert left_out not in " ".join(cell for row in rows for cell in row)


def world_partner(name) -> Partner:
    return Partner.objects.get(name=name)


def indonesian(text) -> str:
    with translation.override("id"):
        return str(text)


def test_it_downloads_the_partners_with_indonesian_headers(biro, world):
    response = client_as(biro).get(
        reverse("agreements:partner_list"), {"export": "csv", "q": "Okinawa"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mitra-27-november-2026.csv"'
    okinawa = world_partner("Okinawa")
    assert csv_rows(response) == [
        ["Mitra", "Nama dalam aksara aslinya", "Negara", "Tingkat", "Jumlah kerja sama"],
        ["Okinawa", "沖縄県", "Jepang", indonesian(okinawa.get_level_display()), "0"],
    ]


def test_it_counts_only_the_agreements_an_officer_sees_in_the_partners_download(
    stranger, agreement, world
):
    response = client_as(stranger).get(reverse("agreements:partner_list"), {"export": "xlsx"})

    assert response.status_code == 200
    counts = {row[0]: row[4] for row in xlsx_rows(response)[1:]}
    assert counts[agreement.partner.name] == 0
    assert counts[world_partner("Okinawa").name] == 0
    assert sum(counts.values()) == 1  # the Dinas Pariwisata's own agreement


def test_it_downloads_the_work_units_with_indonesian_headers(biro, other_unit, world):
    response = client_as(biro).get(
        reverse("agreements:work_unit_list"), {"export": "csv", "q": "Pariwisata"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="perangkat-daerah-27-november-2026.csv"'
    )
    assert csv_rows(response) == [
        [
            "Perangkat daerah",
            "Singkatan",
            "Sektor",
            "Kepala perangkat daerah",
            "Surel",
            "Telepon",
            "Aktif",
        ],
        ["Dinas Pariwisata", "Dispar", "", "", other_unit.email, "", "ya"],
    ]


def test_it_lists_every_work_unit_to_an_officer_but_downloads_only_their_own(
    officer, unit, other_unit, world
):
    client = client_as(officer)

    page = client.get(reverse("agreements:work_unit_list"))
    download = client.get(reverse("agreements:work_unit_list"), {"export": "xlsx"})

    assert {u.name for u in page.context["units"]} == {unit.name, other_unit.name}
    assert page.context["openable"] == {unit.pk}
    assert [row[0] for row in xlsx_rows(download)[1:]] == [unit.name]


def test_it_downloads_the_agreements_with_indonesian_headers(biro, agreement, world):
    response = client_as(biro).get(reverse("agreements:list"), {"export": "csv", "q": "Sister"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="kerja-sama-27-november-2026.csv"'
    )
    header, row = csv_rows(response)
    assert header[:3] == ["No.", "Kerja sama", "Mitra"]
    assert header[-2:] == ["Nomor MoU", "Berlaku sampai"]
    assert row[:3] == [str(agreement.pk), "Sister Province Uji", agreement.partner.name]
    assert row[header.index("Perangkat daerah koordinator")] == agreement.coordinating_unit.name


def test_it_downloads_only_the_agreements_an_officer_takes_part_in(stranger, world):
    response = client_as(stranger).get(reverse("agreements:list"), {"export": "csv"})

    assert [row[1] for row in csv_rows(response)[1:]] == ["Kerja sama pariwisata uji"]


# --- page size ------------------------------------------------------------------------------


@pytest.fixture
def thirty_partners(db):
    return [PartnerFactory(name=f"Mitra {n:02d}", country="Tiongkok") for n in range(30)]


@pytest.mark.parametrize(
    ("name", "make", "default"),
    [
        ("agreements:list", "agreements", 25),
        ("agreements:task_list", "tasks", 25),
        ("agreements:budget_list", "budget", 50),
        ("agreements:partner_list", "partners", 100),
    ],
)
@pytest.mark.parametrize(
    ("per_page", "expected"),
    [
        ("25", 25),
        ("50", 50),
        ("100", 100),
        (None, "default"),
        ("10000000", "default"),  # not offered: the list's own size
        ("0", "default"),
        ("-25", "default"),
        ("abc", "default"),
        ("1e3", "default"),
    ],
)
def test_it_pages_by_a_size_it_offers_and_falls_back_on_any_other(
    biro, commitment, name, make, default, per_page, expected
):
    for n in range(110):
        if make == "agreements":
            AgreementFactory(actor=biro, title=f"Kerja sama {n:03d}")
        elif make == "tasks":
            TaskFactory(commitment=commitment, actor=biro, due_date=days(n))
        elif make == "budget":
            BudgetLineFactory(actor=biro, commitment=commitment, amount_requested=n)
        else:
            PartnerFactory()

    response = client_as(biro).get(reverse(name), {"per_page": per_page} if per_page else {})

    assert response.status_code == 200
    size = default if expected == "default" else expected
    assert response.context["page"].paginator.per_page == size
    assert len(response.context["page"].object_list) == size


def test_it_offers_the_page_sizes_in_the_footer(biro, thirty_partners):
    response = client_as(biro).get(reverse("agreements:partner_list"), {"q": "Mitra"})

    page = response.content.decode()
    assert response.status_code == 200
    for size in (25, 50, 100):
        assert f"?q=Mitra&amp;per_page={size}" in page


# --- sorting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ordering"),
    [
        ("agreements:list", "title"),
        ("agreements:task_list", "due_date"),
        ("agreements:letter_list", "answer_due"),
        ("agreements:budget_list", "requested"),
        ("agreements:partner_list", "name"),
        ("agreements:work_unit_list", "abbreviation"),
    ],
)
def test_it_sorts_every_list_by_a_column_both_ways(biro, world, name, ordering):
    client = client_as(biro)

    up = list(client.get(reverse(name), {"ordering": ordering}).context["page"].object_list)
    down = list(client.get(reverse(name), {"ordering": f"-{ordering}"}).context["page"].object_list)

    assert len(up) >= 2
    assert up == down[::-1]


def heading(page: str, label: str) -> str:
    """The <th> of the column headed ``label``."""
    head = page[page.index("<thead") : page.index("</thead>")]
    end = head.index(f">{label}<")
    return head[head.rindex("<th", 0, end) : head.index("</th>", end)]


def test_it_turns_a_sorted_columns_heading_the_other_way_and_says_the_order(biro, world):
    client = client_as(biro, language="en")
    url = reverse("agreements:list")

    unsorted = client.get(url, {"q": "uji"}).content.decode()
    ascending = client.get(url, {"q": "uji", "ordering": "title"}).content.decode()
    descending = client.get(url, {"q": "uji", "ordering": "-title"}).content.decode()

    assert "aria-sort" not in heading(unsorted, "Agreement")
    assert 'href="?q=uji&amp;ordering=title"' in heading(unsorted, "Agreement")
    assert 'aria-sort="ascending"' in heading(ascending, "Agreement")
    assert 'href="?q=uji&amp;ordering=-title"' in heading(ascending, "Agreement")
    assert 'aria-sort="descending"' in heading(descending, "Agreement")
    assert 'href="?q=uji&amp;ordering=title"' in heading(descending, "Agreement")
    # The other columns are not said to be sorted; a date column starts newest first.
    assert "aria-sort" not in heading(ascending, "Partner")
    assert 'href="?q=uji&amp;ordering=-stage_since"' in heading(ascending, "Since")


def test_it_sorts_the_partners_by_country_then_as_asked(biro, world):
    client = client_as(biro)

    default = client.get(reverse("agreements:partner_list")).context["partners"]
    by_name = client.get(reverse("agreements:partner_list"), {"ordering": "-name"}).context[
        "partners"
    ]

    assert default[0].country == "Jepang"  # before Tiongkok
    assert [p.name for p in by_name] == sorted((p.name for p in default), reverse=True)


# --- links that keep the filters ------------------------------------------------------------


def test_it_keeps_the_filters_in_the_page_and_download_links(biro, thirty_partners):
    response = client_as(biro).get(
        reverse("agreements:partner_list"), {"q": "Mitra", "ordering": "-name", "per_page": "25"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert [p.name for p in response.context["partners"]][:2] == ["Mitra 29", "Mitra 28"]
    assert "?q=Mitra&amp;ordering=-name&amp;per_page=25&amp;page=2" in page
    assert "?q=Mitra&amp;ordering=-name&amp;per_page=25&amp;export=csv" in page
    assert "?q=Mitra&amp;ordering=-name&amp;per_page=25&amp;export=xlsx" in page


def test_it_keeps_the_filters_in_the_task_page_links(biro, commitment):
    for n in range(30):
        TaskFactory(commitment=commitment, actor=biro, due_date=days(n))

    response = client_as(biro).get(reverse("agreements:task_list"), {"status": "planned"})

    assert response.status_code == 200
    assert "?status=planned&amp;page=2" in response.content.decode()


# --- queries --------------------------------------------------------------------------------


def count_queries(client, path, params) -> int:
    client.get(path, params)  # warm-up: sessions, content types
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "name", ["agreements:list", "agreements:partner_list", "agreements:work_unit_list"]
)
def test_it_downloads_the_new_lists_in_the_same_number_of_queries(biro, officer, unit, kind, name):
    client = client_as(officer)
    path = reverse(name)

    def grow(n):
        for _ in range(n):
            AgreementFactory(actor=biro, coordinating_unit=unit)
            WorkUnitFactory()

    grow(2)
    few = count_queries(client, path, {"export": kind})
    grow(20)

    assert count_queries(client, path, {"export": kind}) == few
