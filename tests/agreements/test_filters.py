"""The filters, sorting and pages of the agreements list."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Agreement, Partner, Stage
from agreements.models.reference import PartnerLevel

from ..factories import AgreementFactory, SectorFactory, advance


@dataclass
class Catalogue:
    zhejiang: Partner
    okinawa: Partner
    penang: Partner
    sister: Agreement  # Zhejiang, DPRD, coordinated by unit
    fisheries: Agreement  # Okinawa, contact, coordinated by other_unit
    education: Agreement  # Penang, MoU, coordinated by unit
    agribusiness: Agreement  # Zhejiang, LoI, coordinated by other_unit


@pytest.fixture
def catalogue(biro, unit, other_unit):
    agriculture = SectorFactory(code="pertanian", name="Pertanian", name_en="Agriculture")
    tourism = SectorFactory(code="pariwisata", name="Pariwisata", name_en="Tourism")
    fisheries_sector = SectorFactory(code="perikanan", name="Perikanan", name_en="Fisheries")
    zhejiang = Partner.objects.create(
        name="Zhejiang", native_name="浙江省", country="Tiongkok", level=PartnerLevel.PROVINCE
    )
    okinawa = Partner.objects.create(
        name="Okinawa", native_name="沖縄県", country="Jepang", level=PartnerLevel.PREFECTURE
    )
    penang = Partner.objects.create(name="Penang", country="Malaysia", level=PartnerLevel.STATE)

    sister = AgreementFactory(
        actor=biro,
        title="Sister Province NTB",
        partner=zhejiang,
        coordinating_unit=unit,
        sectors=[agriculture, tourism],
    )
    advance(sister, actor=biro, to=Stage.DPRD_APPROVAL)  # stage since 2024-06-03
    fisheries = AgreementFactory(
        actor=biro,
        title="Penjajakan perikanan",
        partner=okinawa,
        coordinating_unit=other_unit,
        sectors=[fisheries_sector],
        first_contact_date=date(2025, 5, 5),
    )
    education = AgreementFactory(
        actor=biro,
        title="Kerja sama pendidikan (demo)",
        summary="Beasiswa dan pertukaran guru.",
        partner=penang,
        coordinating_unit=unit,
        sectors=[tourism],
        first_contact_date=date(2023, 3, 3),
    )
    advance(education, actor=biro, to=Stage.MOU)  # stage since 2024-09-02
    agribusiness = AgreementFactory(
        actor=biro,
        title="Kerja sama agribisnis",
        partner=zhejiang,
        coordinating_unit=other_unit,
        sectors=[agriculture],
    )
    advance(agribusiness, actor=biro, to=Stage.LOI)  # stage since 2024-03-01
    return Catalogue(zhejiang, okinawa, penang, sister, fisheries, education, agribusiness)


@pytest.fixture
def as_biro(client, biro):
    client.force_login(biro)
    client.cookies["django_language"] = "en"
    return client


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [agreement.title for agreement in response.context["page"].object_list]


def names(*agreements) -> set[str]:
    return {agreement.title for agreement in agreements}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pendidikan", ["education"]),  # title
        ("PENJAJAKAN", ["fisheries"]),  # title, whatever the case
        ("guru", ["education"]),  # summary
        ("zhejiang", ["sister", "agribusiness"]),  # partner name
        ("沖縄", ["fisheries"]),  # partner name in its own script
        ("12/KEP/DPRD", ["sister", "education"]),  # DPRD decision number
        ("  Penang  ", ["education"]),  # surrounding spaces ignored
        ("tidak ada", []),
    ],
)
def test_it_searches_by_free_text(as_biro, catalogue, query, expected):
    response = as_biro.get(reverse("agreements:list"), {"q": query})

    assert set(listed(response)) == names(*(getattr(catalogue, name) for name in expected))


def test_it_says_when_nothing_matches(as_biro, catalogue):
    response = as_biro.get(reverse("agreements:list"), {"q": "tidak ada"})

    assert listed(response) == []
    assert "No agreement matches these filters." in response.content.decode()


def test_it_filters_by_partner(as_biro, catalogue):
    response = as_biro.get(reverse("agreements:list"), {"partner": catalogue.zhejiang.pk})

    assert set(listed(response)) == names(catalogue.sister, catalogue.agribusiness)


@pytest.mark.parametrize(
    ("country", "expected"),
    [("Jepang", ["fisheries"]), ("Tiongkok", ["sister", "agribusiness"])],
)
def test_it_filters_by_country(as_biro, catalogue, country, expected):
    response = as_biro.get(reverse("agreements:list"), {"country": country})

    assert set(listed(response)) == names(*(getattr(catalogue, name) for name in expected))


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (Stage.EXPLORATION, ["fisheries"]),
        (Stage.LOI, ["agribusiness"]),
        (Stage.DPRD_APPROVAL, ["sister"]),
        (Stage.MOU, ["education"]),
        (Stage.EXPIRED, []),
    ],
)
def test_it_filters_by_stage(as_biro, catalogue, stage, expected):
    response = as_biro.get(reverse("agreements:list"), {"stage": stage})

    assert set(listed(response)) == names(*(getattr(catalogue, name) for name in expected))


@pytest.mark.parametrize(
    ("sector", "expected"),
    [
        ("pertanian", ["sister", "agribusiness"]),
        ("pariwisata", ["sister", "education"]),
        ("perikanan", ["fisheries"]),
    ],
)
def test_it_filters_by_sector_code(as_biro, catalogue, sector, expected):
    response = as_biro.get(reverse("agreements:list"), {"sector": sector})

    titles = listed(response)
    assert sorted(titles) == sorted(getattr(catalogue, name).title for name in expected)


def test_it_filters_by_the_work_unit_taking_part(as_biro, catalogue, unit, other_unit):
    mine = as_biro.get(reverse("agreements:list"), {"work_unit": unit.pk})
    theirs = as_biro.get(reverse("agreements:list"), {"work_unit": other_unit.pk})

    assert set(listed(mine)) == names(catalogue.sister, catalogue.education)
    assert set(listed(theirs)) == names(catalogue.fisheries, catalogue.agribusiness)


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        (
            {"stage_since_after": "2024-06-01", "stage_since_before": "2024-12-31"},
            ["sister", "education"],
        ),
        ({"stage_since_after": "2024-09-02"}, ["education", "fisheries"]),
        ({"stage_since_before": "2024-06-03"}, ["agribusiness", "sister"]),
        ({"stage_since_after": "2026-01-01"}, []),
    ],
)
def test_it_filters_by_the_date_of_the_current_stage(as_biro, catalogue, bounds, expected):
    response = as_biro.get(reverse("agreements:list"), bounds)

    assert set(listed(response)) == names(*(getattr(catalogue, name) for name in expected))


def test_it_combines_filters(as_biro, catalogue):
    response = as_biro.get(reverse("agreements:list"), {"sector": "pertanian", "stage": "loi"})

    assert listed(response) == [catalogue.agribusiness.title]


def test_it_ignores_a_work_unit_filter_from_an_officer(client, officer, catalogue, other_unit):
    """Filtering by another unit would tell an officer whether that unit takes part."""
    client.force_login(officer)

    everything = client.get(reverse("agreements:list"))
    other_units = client.get(reverse("agreements:list"), {"work_unit": other_unit.pk})

    assert set(listed(everything)) == names(catalogue.sister, catalogue.education)
    assert set(listed(other_units)) == set(listed(everything))
    assert "work_unit" not in other_units.context["filter"].form.fields


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        (None, ["agribusiness", "education", "fisheries", "sister"]),
        ("title", ["agribusiness", "education", "fisheries", "sister"]),
        ("-title", ["sister", "fisheries", "education", "agribusiness"]),
        ("-stage_since", ["fisheries", "education", "sister", "agribusiness"]),
        ("stage_since", ["agribusiness", "sister", "education", "fisheries"]),
        # In lifecycle order, not alphabetically (which would put "dprd" first).
        ("stage", ["fisheries", "agribusiness", "sister", "education"]),
        ("-stage", ["education", "sister", "agribusiness", "fisheries"]),
    ],
)
def test_it_sorts_the_list(as_biro, catalogue, ordering, expected):
    response = as_biro.get(reverse("agreements:list"), {"ordering": ordering} if ordering else {})

    assert listed(response) == [getattr(catalogue, name).title for name in expected]


def test_it_sorts_by_partner_name(as_biro, catalogue):
    response = as_biro.get(reverse("agreements:list"), {"ordering": "partner"})

    partners = [a.partner.name for a in response.context["page"].object_list]
    assert partners == ["Okinawa", "Penang", "Zhejiang", "Zhejiang"]


# --- pages ----------------------------------------------------------------------------------


@pytest.fixture
def thirty(biro, unit):
    sector = SectorFactory(code="pertanian")
    return [
        AgreementFactory(
            actor=biro, title=f"Kerja sama {n:02d}", coordinating_unit=unit, sectors=[sector]
        )
        for n in range(30)
    ]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (None, [f"Kerja sama {n:02d}" for n in range(25)]),
        ("1", [f"Kerja sama {n:02d}" for n in range(25)]),
        ("2", [f"Kerja sama {n:02d}" for n in range(25, 30)]),
        ("99", [f"Kerja sama {n:02d}" for n in range(25, 30)]),  # past the end: the last page
        ("abc", [f"Kerja sama {n:02d}" for n in range(25)]),  # not a number: the first page
    ],
)
def test_it_shows_25_agreements_a_page(as_biro, thirty, page, expected):
    response = as_biro.get(reverse("agreements:list"), {"page": page} if page else {})

    assert listed(response) == expected
    assert response.context["page"].paginator.count == 30


def test_it_keeps_the_filters_in_the_page_links(as_biro, thirty):
    response = as_biro.get(reverse("agreements:list"), {"q": "Kerja", "ordering": "title"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "30 agreements" in page
    assert "?q=Kerja&amp;ordering=title&amp;page=2" in page


def test_it_names_the_date_range_fields_as_the_urls_do(as_biro, catalogue):
    response = as_biro.get(reverse("agreements:list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="stage_since_after"' in page
    assert 'name="stage_since_before"' in page
