"""Server-rendered SVG bar charts: readable without JavaScript, in print and in grayscale.

Every bar carries its number as a label, series are told apart by pattern as well
as by shade, fonts are named explicitly, and each chart has a <title> and <desc>.
The same SVG goes into the dashboard and into the PDF reports: the dashboard view and
the report builders draw it here from the data the dashboard selectors return.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import health
from ..formatting import rupiah

FONT = "DejaVu Sans, Noto Sans, Liberation Sans, Arial, sans-serif"
# Labels are drawn at FONT_SIZE units in a WIDTH-unit-wide chart. A chart scaled down
# draws its labels smaller, so WIDTH is no wider than the narrowest place a chart is shown:
# a half-width dashboard card at 1366 px (512 px inside; portal.css never draws a chart below
# WIDTH px) and the PDF's 178 mm text width (report-print.css), where 11 units are 11.1 pt.
# The minimums, 11 px on screen and 8 pt on paper, are tested in tests/dashboard/test_charts.py.
FONT_SIZE = 11
WIDTH = 500
# Dark to light, each with its own fill pattern, so grayscale print keeps them apart.
SERIES_STYLES = [
    ("#0b5e4f", "solid"),
    ("#c9a227", "hatch"),
    ("#8a3b00", "dots"),
]
PATTERNS = """<defs>
<pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"
 patternTransform="rotate(45)">
<rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="{hatch}"/></pattern>
<pattern id="{id}-dots" width="6" height="6" patternUnits="userSpaceOnUse">
<rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1.8" fill="{dots}"/></pattern>
</defs>"""


@dataclass
class Series:
    name: str
    values: list[float]


def _fill(chart_id: str, index: int) -> str:
    colour, pattern = SERIES_STYLES[index % len(SERIES_STYLES)]
    return colour if pattern == "solid" else f"url(#{chart_id}-{pattern})"


def _format(value, formatter) -> str:
    return formatter(value) if formatter else f"{value:,.0f}".replace(",", ".")


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[Series],
    formatter=None,
    label_width: int = 190,
    width: int = WIDTH,
) -> SafeString:
    """Horizontal bars, one group per label, one bar per series, numbers at the bar ends."""
    bar_height, gap, group_gap = 14, 3, 12
    per_group = len(series) * (bar_height + gap) - gap
    # Legend entries flow left to right and wrap; ~6.5 px per character at 11 px.
    legend, x, y = [], label_width, 4
    for index, item in enumerate(series if len(series) > 1 else []):
        item_width = 24 + int(6.5 * len(item.name))
        if x + item_width > width and x > label_width:
            x, y = label_width, y + 18
        legend.append((index, item, x, y))
        x += item_width
    top = (y + 26) if legend else 8
    height = top + len(labels) * (per_group + group_gap) + 6
    plot_width = width - label_width - 70
    peak = max([v for s in series for v in s.values] + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}" '
        f'font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        PATTERNS.format(id=chart_id, hatch=SERIES_STYLES[1][0], dots=SERIES_STYLES[2][0]),
    ]
    for index, item, x, y in legend:
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{_fill(chart_id, index)}" '
            f'stroke="#333" stroke-width="0.6"/>'
            f'<text x="{x + 16}" y="{y + 10}" fill="#222">{escape(item.name)}</text>'
        )
    y = top
    for row, label in enumerate(labels):
        label_y = y + per_group / 2 + 4
        parts.append(
            f'<text x="{label_width - 8}" y="{label_y:.1f}" text-anchor="end" fill="#222">'
            f"{escape(label)}</text>"
        )
        for index, item in enumerate(series):
            value = item.values[row]
            bar = plot_width * value / peak
            bar_y = y + index * (bar_height + gap)
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{bar:.1f}" height="{bar_height}" '
                f'fill="{_fill(chart_id, index)}" stroke="#333" stroke-width="0.6">'
                f"<title>{escape(item.name)}: {escape(_format(value, formatter))}</title></rect>"
                f'<text x="{label_width + bar + 4:.1f}" y="{bar_y + bar_height - 3}" '
                f'fill="#222">{escape(_format(value, formatter))}</text>'
            )
        y += per_group + group_gap
    parts.append(
        f'<line x1="{label_width}" y1="{top - 2}" x2="{label_width}" y2="{y - group_gap + 2}" '
        f'stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


# --- the dashboard's charts ------------------------------------------------------------


def pipeline_chart(stages: list[dict]) -> SafeString:
    return bar_chart(
        chart_id="pipeline",
        title=_("Agreements per lifecycle stage"),
        description=", ".join(f"{row['label']}: {row['count']}" for row in stages),
        labels=[str(row["label"]) for row in stages],
        series=[Series(_("Agreements"), [row["count"] for row in stages])],
    )


def sector_problems_chart(matrix: list[dict]) -> SafeString:
    def count(row, reason):
        finding = row["assessment"] and row["assessment"].finding(reason)
        return finding.count if finding else 0

    labels = [str(row["sector"]) for row in matrix]
    overdue = [count(row, health.Reason.OVERDUE) for row in matrix]
    late = [count(row, health.Reason.NO_RESPONSE) for row in matrix]
    unfunded = [count(row, health.Reason.NO_BUDGET) for row in matrix]
    return bar_chart(
        chart_id="sector-problems",
        title=_("The three causes, per sector"),
        description="; ".join(
            f"{label}: {a} / {b} / {c}"
            for label, a, b, c in zip(labels, overdue, late, unfunded, strict=True)
        ),
        labels=labels,
        series=[
            Series(_("Overdue tasks"), overdue),
            Series(_("Unanswered requests"), late),
            Series(_("Commitments without budget"), unfunded),
        ],
    )


def budget_chart(rows: list[dict], fiscal_year: int) -> SafeString:
    def millions(value):
        amount = f"{value / 1_000_000:,.0f}".replace(",", ".")
        return pgettext("millions of rupiah, short", "%(amount)s jt") % {"amount": amount}

    return bar_chart(
        chart_id="budget",
        title=_("Budget requested and allocated per sector, %(year)s") % {"year": fiscal_year},
        description="; ".join(
            f"{row['sector']}: {rupiah(row['requested'])} / {rupiah(row['allocated'])}"
            for row in rows
        ),
        labels=[str(row["sector"]) for row in rows],
        series=[
            Series(_("Requested"), [row["requested"] for row in rows]),
            Series(_("Allocated (DPA)"), [row["allocated"] for row in rows]),
        ],
        formatter=millions,
    )


def dashboard_charts(data: dict) -> dict:
    """The three charts of ``selectors.dashboard.dashboard()``'s data."""
    return {
        "pipeline": pipeline_chart(data["pipeline"]),
        "sectors": sector_problems_chart(data["matrix"]),
        "budget": budget_chart(data["budget"], data["fiscal_year"]),
    }
