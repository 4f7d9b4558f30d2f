"""The benefits page, the dashboard's benefits card and the portfolio report's benefits:
the same figures everywhere (those of the agreement's indicator_rows), never people
added to rupiah, an officer's view limited to their unit's activities."""

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from agreements.models.monitoring import BenefitKind, IndicatorUnit
from agreements.selectors.monitoring import add_up, format_figure, indicator_rows

from ..reports.conftest import pdftotext, report_url, squeeze
from .conftest import client_as, plan_indicator

URL = "/benefits/"


def text_of(response, testid: str) -> str:
    """The words of the element marked ``testid``, tags stripped."""
    html = response.content.decode()
    start = html.index(f'data-testid="{testid}"')
    end = html.index("</table>", start)
    words = re.sub(r"<[^>]+>", " ", html[start:end].split(">", 1)[1])
    return " ".join(unescape(words).split())


def figure(value, unit) -> str:
    with translation.override("id"):
        return format_figure(value, unit)


KNOWLEDGE_PEOPLE = (IndicatorUnit.PEOPLE, 300, 190)  # 200/150 of unit, 100/40 of other_unit
KNOWLEDGE_RUPIAH = (IndicatorUnit.RUPIAH, 500_000_000, 125_000_000)


def test_it_keeps_people_and_rupiah_apart_on_the_page(figures, biro):
    response = client_as(biro, language="id").get(URL)

    assert response.status_code == 200
    knowledge = [t for t in response.context["totals"] if t.benefit_kind == BenefitKind.KNOWLEDGE]
    assert [(t.unit, t.target, t.realised) for t in knowledge] == [
        KNOWLEDGE_PEOPLE,
        KNOWLEDGE_RUPIAH,
    ]
    table = text_of(response, "benefit-totals")
    assert f"{figure(300, 'people')} {figure(190, 'people')} 63%" in table
    assert f"{figure(500_000_000, 'rupiah')} {figure(125_000_000, 'rupiah')} 25%" in table
    # No line adds the two units: neither 500.000.300 nor 125.000.190 anywhere.
    page = response.content.decode()
    assert "500.000.300" not in page and "125.000.190" not in page


def test_it_keeps_people_and_rupiah_apart_in_the_dashboard_card(figures, biro):
    response = client_as(biro, language="id").get(reverse("agreements:dashboard"))

    assert response.status_code == 200
    totals = response.context["benefits"]["totals"]
    assert [(t.benefit_kind, t.unit, t.target, t.realised) for t in totals] == [
        (BenefitKind.KNOWLEDGE, *KNOWLEDGE_PEOPLE),
        (BenefitKind.KNOWLEDGE, *KNOWLEDGE_RUPIAH),
        (BenefitKind.TOURISM, IndicatorUnit.PEOPLE, 9_876, 4_321),
    ]
    card = text_of(response, "benefits-totals")
    # Target before realised, as on the benefits page.
    assert f"{figure(300, 'people')} {figure(190, 'people')} 63%" in card
    assert f"{figure(500_000_000, 'rupiah')} {figure(125_000_000, 'rupiah')} 25%" in card
    assert "125.000.190" not in response.content.decode()
    assert 'href="/benefits/?year=2026"' in response.content.decode()


def test_the_same_figures_are_on_the_agreement_the_page_the_card_and_the_report(
    figures, biro, tmp_path
):
    """Plan → realisation → the agreement's figures, the benefits page, the dashboard card
    and the portfolio PDF: the same numbers."""
    own = add_up(indicator_rows(user=biro, agreement=figures.agreement, year=2026))[None]
    assert [(t.unit, t.target, t.realised) for t in own] == [
        (IndicatorUnit.PEOPLE, 200, 150),
        KNOWLEDGE_RUPIAH,
    ]
    client = client_as(biro, language="id")

    page = client.get(URL, {"country": "Tiongkok"})
    card = client.get(reverse("agreements:dashboard"), {"agreement": figures.agreement.pk})
    pdf = client.get(report_url("portfolio", partner=figures.agreement.partner_id))

    for totals in (page.context["totals"], card.context["benefits"]["totals"]):
        assert [(t.unit, t.target, t.realised) for t in totals] == [
            (t.unit, t.target, t.realised) for t in own
        ]
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    path = tmp_path / "portfolio.pdf"
    path.write_bytes(pdf.content)
    text = squeeze(pdftotext(path))
    # The report is typeset in Indonesian (the heading once the fragment is merged).
    assert "Benefits in 2026" in text or "Manfaat kerja sama tahun 2026" in text
    assert f"{figure(200, 'people')} {figure(150, 'people')} 75%" in text
    assert f"{figure(500_000_000, 'rupiah')} {figure(125_000_000, 'rupiah')} 25%" in text
    # Never one line adding them, nor the other MoU's figures (another partner).
    assert "500.000.200" not in text and "125.000.150" not in text
    assert "9.876" not in text


def test_the_portfolio_report_adds_only_within_a_unit(figures, biro):
    from agreements.reports.builders import ReportFilters, portfolio_context

    from .conftest import TODAY

    context = portfolio_context(
        user=biro, filters=ReportFilters(start=TODAY.replace(month=1, day=1), end=TODAY)
    )

    totals = context["benefits"]["totals"]
    assert [(t.benefit_kind, t.unit, t.target, t.realised) for t in totals] == [
        (BenefitKind.KNOWLEDGE, *KNOWLEDGE_PEOPLE),
        (BenefitKind.KNOWLEDGE, *KNOWLEDGE_RUPIAH),
        (BenefitKind.TOURISM, IndicatorUnit.PEOPLE, 9_876, 4_321),
    ]
    assert "63%" in context["benefits"]["chart"] and "25%" in context["benefits"]["chart"]


def test_an_officer_reads_only_their_units_figures(figures, officer):
    client = client_as(officer, language="id")

    page = client.get(URL)
    card = client.get(reverse("agreements:dashboard"))
    download = client.get(URL, {"export": "csv"})

    assert page.status_code == card.status_code == download.status_code == 200
    for response in (page, card, download):
        content = response.content.decode()
        assert "Wisatawan Jepang rahasia" not in content
        assert "Pemandu wisata terlatih" not in content
        assert "9.876" not in content and "4.321" not in content and "9876" not in content
    assert [(t.unit, t.target, t.realised) for t in page.context["totals"]] == [
        (IndicatorUnit.PEOPLE, 200, 150),
        KNOWLEDGE_RUPIAH,
    ]
    assert [(t.unit, t.target, t.realised) for t in card.context["benefits"]["totals"]] == [
        (IndicatorUnit.PEOPLE, 200, 150),
        KNOWLEDGE_RUPIAH,
    ]
    assert {row.name for row in page.context["rows"]} == {
        "Petani terlatih budidaya jagung",
        "Dana riset bersama",
    }


def test_an_officer_of_an_unrelated_unit_reads_nothing_of_the_others(figures, stranger):
    """The stranger's unit (other_unit) has its own activities only."""
    response = client_as(stranger, language="id").get(URL)

    assert response.status_code == 200
    assert "Petani terlatih budidaya jagung" not in response.content.decode()
    assert {row.name for row in response.context["rows"]} == {
        "Wisatawan Jepang rahasia",
        "Pemandu wisata terlatih",
    }


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"country": "Jepang"}, {"Wisatawan Jepang rahasia", "Pemandu wisata terlatih"}),
        ({"sector": "pertanian"}, {"Petani terlatih budidaya jagung", "Dana riset bersama"}),
        ({"benefit_kind": "tourism"}, {"Wisatawan Jepang rahasia"}),
        ({"year": "2025"}, {"Petani terlatih 2025"}),
        ({"year": "2025", "country": "Jepang"}, set()),
    ],
)
def test_the_filters_narrow_the_indicators(figures, biro, query, names):
    response = client_as(biro).get(URL, query)

    assert response.status_code == 200
    assert {row.name for row in response.context["rows"]} == names
    assert response.context["form"].errors == {}


def test_a_bad_filter_is_shown_on_its_field_and_the_others_still_apply(figures, biro):
    response = client_as(biro, language="en").get(URL, {"year": "20x6", "country": "Jepang"})

    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert response.context["filters"].year == 2026  # the current year, as without a year
    assert {row.name for row in response.context["rows"]} == {
        "Wisatawan Jepang rahasia",
        "Pemandu wisata terlatih",
    }
    assert 'id="id_year_error"' in response.content.decode()


def test_it_offers_the_years_with_plans_and_shows_them_side_by_side(figures, biro):
    response = client_as(biro, language="id").get(URL)

    assert [c[0] for c in response.context["form"].fields["year"].choices] == [2026, 2025]
    assert response.context["years"] == [2025, 2026]
    line = response.context["year_lines"][0]
    assert (line.benefit_kind, line.unit) == (BenefitKind.KNOWLEDGE, IndicatorUnit.PEOPLE)
    assert [(t.target, t.realised) for t in line.by_year] == [(100, 100), (300, 190)]
    rupiah = response.context["year_lines"][1]
    assert rupiah.unit == IndicatorUnit.RUPIAH and rupiah.by_year[0] is None
    years = text_of(response, "benefit-years")
    assert f"{figure(100, 'people')}" in years and "100%" in years and "63%" in years


def test_it_groups_by_country_and_by_sector_without_mixing_units(figures, biro):
    response = client_as(biro, language="en").get(URL)

    by_country = {
        g.label: [(t.unit, t.target) for t in g.totals] for g in response.context["by_country"]
    }
    assert by_country == {
        "Jepang": [(IndicatorUnit.PEOPLE, 100), (IndicatorUnit.PEOPLE, 9_876)],
        "Tiongkok": [(IndicatorUnit.PEOPLE, 200), (IndicatorUnit.RUPIAH, 500_000_000)],
    }
    by_sector = {g.label: len(g.totals) for g in response.context["by_sector"]}
    assert by_sector == {"Agriculture": 2, "Tourism": 2}  # named in the reader's language


def test_it_downloads_the_indicators_as_csv_and_xlsx(figures, biro):
    client = client_as(biro)

    as_csv = client.get(URL, {"export": "csv", "country": "Tiongkok"})
    as_xlsx = client.get(URL, {"export": "xlsx", "country": "Tiongkok"})

    assert as_csv["Content-Disposition"].startswith('attachment; filename="manfaat-2026-')
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 12 and rows[0][0] == "Tahun"
    body = {row[6]: row for row in rows[1:]}
    assert set(body) == {"Petani terlatih budidaya jagung", "Dana riset bersama"}
    assert body["Dana riset bersama"][-3:] == ["500000000", "125000000", "25"]
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert sorted(v[-3:] for v in values) == [[200, 150, 75], [500_000_000, 125_000_000, 25]]


def test_the_chart_shows_each_share_as_text_per_benefit_and_unit(figures, biro):
    response = client_as(biro, language="en").get(URL)

    chart = str(response.context["charts"]["shares"])
    assert chart.startswith("<svg") and "<title" in chart and "<desc" in chart
    assert "Ideas and knowledge (people)" in chart and "Ideas and knowledge (rupiah)" in chart
    assert ">63%<" in chart and ">25%<" in chart and ">43%<" in chart
    years = str(response.context["charts"]["years"])
    # Two years, told apart by pattern as well as shade: grayscale still reads.
    assert ">2025<" in years and ">2026<" in years and "-hatch)" in years
    assert ">100%<" in years
    # No rupiah indicator in 2025: its bar is labelled "–", not "0%".
    assert ">–<" in years and ">0%<" not in years


@pytest.mark.parametrize("role", ["biro", "officer"])
def test_the_page_runs_the_same_queries_for_more_indicators(
    request, figures, role, unit, agriculture, tourism, biro, django_assert_num_queries
):
    client = client_as(request.getfixturevalue(role))
    client.get(URL)  # warm-up: session, caches

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    def more(n):
        for i in range(n):
            plan_indicator(
                agreement=figures.agreement,
                year=2026 if i % 3 else 2025,
                work_unit=unit,
                sector=[agriculture, tourism][i % 2],
                actor=biro,
                name=f"Indikator tambahan {i}",
                kind=list(BenefitKind.values)[i % 8],
                unit=[IndicatorUnit.PEOPLE, IndicatorUnit.RUPIAH, IndicatorUnit.TONNES][i % 3],
                target=1_000 + i,
                realised=i,
            )

    small = queries()
    more(9)  # the officer's unit: 3 indicators → 12 (all units: 5 → 14)

    with django_assert_num_queries(small):
        response = client.get(URL)
    mine = [r for r in response.context["rows"] if r.work_unit_id == unit.pk]
    assert len(mine) == 8  # this year's: 2 + 6 of the 9 (the others are 2025's)


def test_the_dashboard_card_adds_a_fixed_number_of_queries(
    figures, biro, unit, agriculture, django_assert_num_queries
):
    client = client_as(biro)
    path = reverse("agreements:dashboard")
    client.get(path)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    for i in range(9):
        plan_indicator(
            agreement=figures.agreement,
            year=2026,
            work_unit=unit,
            sector=agriculture,
            actor=biro,
            name=f"Indikator dasbor {i}",
            kind=BenefitKind.TRADE,
            unit=IndicatorUnit.TONNES,
            target=10,
        )
    with django_assert_num_queries(len(captured)):
        response = client.get(path)
    trade = [t for t in response.context["benefits"]["totals"] if t.benefit_kind == "trade"]
    assert [(t.target, t.indicators) for t in trade] == [(90, 9)]


def test_the_menu_links_the_benefits_page(biro):
    response = client_as(biro, language="en").get(reverse("agreements:dashboard"))

    assert '<a class="dropdown-item" href="/benefits/">Benefits</a>' in response.content.decode()
