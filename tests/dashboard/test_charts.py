"""The server-rendered SVG charts: well-formed, titled and described, fonts named, every
number written out, series told apart by pattern as well as shade (grayscale print),
text escaped; and on /dashboard/, inline with their text equivalents beside them.
"""

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from agreements.models import Stage
from agreements.reports.charts import FONT, WIDTH, Series, bar_chart

from ..clock import days
from ..factories import SectorFactory
from .conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    agreement_at,
    english,
    row_text,
    text_of,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def texts(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def fills(root: ET.Element) -> list[str]:
    """The fills of the bars (rects that carry a <title>), in drawing order."""
    return [
        rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None
    ]


@pytest.fixture
def chart():
    return bar_chart(
        chart_id="causes",
        title="The three causes, per sector",
        description="Agriculture: 3 / 0 / 1; Fisheries: 1 / 2 / 12",
        labels=["Agriculture", "Fisheries"],
        series=[
            Series("Overdue tasks", [3, 1]),
            Series("Unanswered requests", [0, 2]),
            Series("Commitments without budget", [1, 12]),
        ],
    )


# --- bar_chart ----------------------------------------------------------------------------


def test_it_draws_well_formed_svg(chart):
    root = parse(chart)

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox").startswith(f"0 0 {WIDTH} ")


def test_it_gives_the_chart_a_title_and_a_description(chart):
    root = parse(chart)

    assert root.find(f"{SVG}title").text == "The three causes, per sector"
    assert root.find(f"{SVG}desc").text == "Agriculture: 3 / 0 / 1; Fisheries: 1 / 2 / 12"
    assert root.get("aria-labelledby") == "causes-title causes-desc"
    assert root.find(f"{SVG}title").get("id") == "causes-title"


def test_it_names_its_fonts(chart):
    root = parse(chart)

    assert root.get("font-family") == FONT
    assert FONT.startswith("DejaVu Sans") and FONT.endswith("sans-serif")
    assert root.get("font-size") == "11"


def test_it_writes_every_value_as_a_label(chart):
    labels = texts(parse(chart))
    names = {"Agriculture", "Fisheries", "Overdue tasks", "Unanswered requests"}
    names.add("Commitments without budget")

    assert names <= set(labels)
    values = [label for label in labels if label not in names]
    assert values == ["3", "0", "1", "1", "2", "12"]


def test_it_writes_values_with_the_given_format():
    root = parse(
        bar_chart(
            chart_id="budget",
            title="Budget",
            description="",
            labels=["Agriculture"],
            series=[Series("Requested", [250_000_000]), Series("Allocated", [1_500_000])],
            formatter=lambda value: f"{value / 1_000_000:,.0f} jt",
        )
    )

    assert {"250 jt", "2 jt"} <= set(texts(root))


def test_it_writes_thousands_with_dots_by_default():
    root = parse(
        bar_chart(
            chart_id="big", title="t", description="d", labels=["x"], series=[Series("s", [12345])]
        )
    )

    assert "12.345" in texts(root)


def test_it_tells_series_apart_by_pattern_not_colour_alone(chart):
    root = parse(chart)
    bar_fills = fills(root)

    assert bar_fills[:3] == ["#0b5e4f", "url(#causes-hatch)", "url(#causes-dots)"]
    assert len(set(bar_fills[:3])) == 3
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert {"causes-hatch", "causes-dots"} <= patterns


def test_it_draws_a_legend_in_the_same_fills(chart):
    root = parse(chart)
    legend = [
        rect.get("fill")
        for rect in root.iter(f"{SVG}rect")
        if rect.get("width") == rect.get("height") == "12"  # the legend wraps on narrow charts
    ]

    assert legend == ["#0b5e4f", "url(#causes-hatch)", "url(#causes-dots)"]


def test_it_gives_each_bar_its_value_as_a_tooltip(chart):
    root = parse(chart)
    tips = [rect.find(f"{SVG}title").text for rect in root.iter(f"{SVG}rect") if len(rect)]

    assert tips[:3] == [
        "Overdue tasks: 3",
        "Unanswered requests: 0",
        "Commitments without budget: 1",
    ]


def test_it_escapes_labels_titles_and_series_names():
    nasty = "Sektor <&> \"uji\" 'satu'"
    root = parse(
        bar_chart(
            chart_id="escape",
            title=f"Title {nasty}",
            description=f"Desc {nasty}",
            labels=[nasty],
            series=[Series(nasty, [1]), Series("other", [2])],
        )
    )

    assert root.find(f"{SVG}title").text == f"Title {nasty}"
    assert root.find(f"{SVG}desc").text == f"Desc {nasty}"
    assert texts(root).count(nasty) == 2  # the legend and the row label


def test_it_draws_bars_in_proportion_to_the_largest_value(chart):
    widths = [float(rect.get("width")) for rect in parse(chart).iter(f"{SVG}rect") if len(rect)]

    assert max(widths) == WIDTH - 190 - 70
    assert widths[1] == 0  # Agriculture has no unanswered request


# --- on the dashboard ---------------------------------------------------------------------


@pytest.fixture
def dashboard(biro, leader, unit):
    trade = SectorFactory(code="perindag", name="Dagang <&> Industri", name_en="Trade <&> Industry")
    farming = SectorFactory(code="pertanian", name="Pertanian", name_en="Agriculture")
    mou = agreement_at(
        Stage.MOU,
        actor=biro,
        since=date(2024, 9, 2),
        coordinating_unit=unit,
        sectors=[trade, farming],
    )
    farm = CommitmentFactory(agreement=mou, actor=biro, sector=farming, lead_unit=unit)
    task = TaskFactory(commitment=farm, actor=biro, due_date=days(-5))
    RequestFactory(
        actor=biro, agreement=mou, work_unit=unit, task=task, sent_on=days(-9), answer_due=days(-2)
    )
    BudgetLineFactory(
        actor=biro, commitment=farm, amount_requested=250_000_000, amount_allocated=150_000_000
    )
    shop = CommitmentFactory(agreement=mou, actor=biro, sector=trade, lead_unit=unit)
    BudgetLineFactory(actor=biro, commitment=shop, amount_requested=80_000_000, amount_allocated=0)
    response = english(leader).get(reverse("agreements:dashboard"))
    assert response.status_code == 200
    return response


def inline_svgs(response) -> dict[str, ET.Element]:
    """The charts of the page (role="img"), not its decorative aria-hidden icons."""
    page = response.content.decode()
    charts = [parse(svg) for svg in re.findall(r'<svg\b[^>]*role="img".*?</svg>', page, re.S)]
    return {chart.find(f"{SVG}title").get("id").removesuffix("-title"): chart for chart in charts}


def test_it_puts_the_three_charts_inline_in_the_page(dashboard):
    charts = inline_svgs(dashboard)

    assert set(charts) == {"pipeline", "sector-problems", "budget"}
    assert all(chart.get("font-family") == FONT for chart in charts.values())
    assert "<script" not in dashboard.content.decode().split("</main>")[0]


def test_it_keeps_the_page_charts_well_formed_with_a_nasty_sector_name(dashboard):
    charts = inline_svgs(dashboard)

    assert "Trade <&> Industry" in texts(charts["sector-problems"])
    assert "Trade <&> Industry" in texts(charts["budget"])
    assert "Trade &lt;&amp;&gt; Industry" in dashboard.content.decode()
    assert "Trade <&> Industry" not in dashboard.content.decode()


def test_it_charts_the_three_causes_per_sector(dashboard):
    chart = inline_svgs(dashboard)["sector-problems"]

    assert chart.find(f"{SVG}title").text == "The three causes, per sector"
    assert "Agriculture: 1 / 1 / 0" in chart.find(f"{SVG}desc").text
    assert "Trade <&> Industry: 0 / 0 / 1" in chart.find(f"{SVG}desc").text
    assert fills(chart)[:3] == [
        "#0b5e4f",
        "url(#sector-problems-hatch)",
        "url(#sector-problems-dots)",
    ]


def test_it_writes_the_pipeline_numbers_in_the_figure_caption(dashboard):
    caption = re.search(
        r'id="pipeline-title".*?<figcaption[^>]*>(.*?)</figcaption>',
        dashboard.content.decode(),
        re.S,
    )
    counts = [row["count"] for row in dashboard.context["pipeline"]]
    words = text_of(caption.group(1))

    assert counts == [0, 0, 0, 0, 0, 0, 1, 0, 0, 0]
    assert [int(n) for n in re.findall(r": (\d+)", words)] == counts
    assert words.startswith(
        "Initiative and exploration: 0 · Letter of Intent: 0 · Cooperation plan: 0 · "
        "DPRD approval: 0"
    )
    assert "MoU in force: 1" in words
    chart = inline_svgs(dashboard)["pipeline"]
    assert "MoU in force: 1" in chart.find(f"{SVG}desc").text
    assert texts(chart).count("1") == 1


def test_it_writes_the_budget_gap_in_a_table_beside_the_chart(dashboard):
    page = dashboard.content.decode()

    assert (
        row_text(page, "budget-gap", "Agriculture")
        == "Agriculture Rp 250.000.000 Rp 150.000.000 Rp 100.000.000"
    )
    assert (
        row_text(page, "budget-gap", "Trade <&> Industry")
        == "Trade <&> Industry Rp 80.000.000 Rp 0 Rp 80.000.000"
    )
    budget = inline_svgs(dashboard)["budget"]
    assert budget.find(f"{SVG}title").text == "Budget requested and allocated per sector, 2026"
    assert {"250 jt", "150 jt", "80 jt", "0 jt"} <= set(texts(budget))


# --- label sizes: 11 px on screen, 8 pt in the PDF ----------------------------------------

CSS = Path(settings.BASE_DIR) / "static" / "css"
PX_PER_MM = 96 / 25.4
PT_IN_PX = 96 / 72


def label_sizes(svg: ET.Element) -> list[float]:
    """The font size of every <text>, in the chart's own units (inherited from the root)."""
    root_size = float(svg.get("font-size"))
    return [float(text.get("font-size", root_size)) for text in svg.iter(f"{SVG}text")]


def narrowest_screen_width() -> float:
    """The width, in px, below which portal.css never draws a dashboard chart."""
    css = (CSS / "portal.css").read_text()
    rule = re.search(r"\.chart-wrap svg\s*\{([^}]*)\}", css).group(1)
    return float(re.search(r"min-width:\s*([\d.]+)px", rule).group(1))


def printed_width() -> float:
    """The PDF's text width, in px: A4 less the @page side margins of report-print.css,
    across which `.chart svg { width: 100% }` draws each chart."""
    css = (CSS / "report-print.css").read_text()
    page = re.search(r"@page\s*\{([^}]*)", css).group(1)
    assert re.search(r"size:\s*A4\b", page)
    margins = [float(m) for m in re.findall(r"([\d.]+)mm", re.search(r"margin:([^;]*)", page)[1])]
    right, left = margins[1], margins[3 if len(margins) == 4 else 1]
    assert re.search(r"\.chart svg\s*\{[^}]*width:\s*100%", css)
    return (210 - left - right) * PX_PER_MM


def test_it_draws_chart_labels_at_least_11px_on_screen_and_8pt_in_print(dashboard):
    charts = inline_svgs(dashboard)
    # A half-width card at 1366 px: container 1116, column 546, card body 512 px.
    displayed = max(narrowest_screen_width(), 512)

    for name, svg in charts.items():
        width = float(svg.get("viewBox").split()[2])
        sizes = label_sizes(svg)
        assert sizes, name
        assert min(sizes) * displayed / width >= 11, (name, min(sizes), width, displayed)
        assert min(sizes) * printed_width() / width >= 8 * PT_IN_PX, (name, printed_width())
    assert narrowest_screen_width() <= 512  # the chart fits the 1366-px card, no scrolling
