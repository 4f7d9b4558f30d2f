"""The benefits' charts, drawn with reports/charts.py's bar_chart: server-side SVG, every
bar with its percentage as text, series told apart by pattern, so that grayscale print
reads. The benefits page, the dashboard card and the portfolio report show the same SVG.

A bar is the realised share of the target of one benefit kind in one unit: shares, not
sums, so that people and rupiah each keep their own bar.
"""

from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..selectors.monitoring import Total
from .charts import Series, bar_chart


class _NoFigure(float):
    """A bar of no length for a year without an indicator: labelled "–", not "0%"."""


NO_FIGURE = _NoFigure(0)


def percent(value) -> str:
    """A share as both languages write it: "45%", "1.200%"; "–" for no figure."""
    if isinstance(value, _NoFigure):
        return "–"
    return f"{number_format(value, decimal_pos=0, force_grouping=True)}%"


def _line_label(total) -> str:
    return f"{total.benefit_label} ({total.unit_label})"


def benefit_share_chart(totals: list[Total], *, chart_id: str = "benefits") -> SafeString:
    """The realised share of the target per benefit kind (and unit)."""
    return bar_chart(
        chart_id=chart_id,
        title=_("Realised share of the target, per benefit"),
        description="; ".join(
            f"{_line_label(t)}: {t.realised_text} / {t.target_text} ({percent(t.share or 0)})"
            for t in totals
        ),
        labels=[_line_label(t) for t in totals],
        series=[Series(_("Realised share of the target"), [t.share or 0 for t in totals])],
        formatter=percent,
        label_width=230,
    )


def benefit_years_chart(
    years: list[int], lines: list, *, chart_id: str = "benefit-years"
) -> SafeString:
    """The realised share per benefit kind (and unit), one bar per year; at most the
    last three years, the patterns the chart helpers have."""
    shown = years[-3:]
    offset = len(years) - len(shown)

    def shares(index):
        return [
            (line.by_year[index].share or 0) if line.by_year[index] else NO_FIGURE for line in lines
        ]

    return bar_chart(
        chart_id=chart_id,
        title=_("Realised share of the target, per benefit and year"),
        description="; ".join(
            f"{line.benefit_label} ({line.unit_label}): "
            + ", ".join(
                f"{year} {percent(total.share or 0) if total else '–'}"
                for year, total in zip(shown, line.by_year[offset:], strict=True)
            )
            for line in lines
        ),
        labels=[f"{line.benefit_label} ({line.unit_label})" for line in lines],
        series=[Series(str(year), shares(offset + i)) for i, year in enumerate(shown)],
        formatter=percent,
        label_width=230,
    )
