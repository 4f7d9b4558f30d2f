"""Reads of the benefits across agreements: the benefits page, the dashboard's card and
the portfolio report's section.

Every figure comes from the core in selectors/monitoring.py (``indicator_rows``, scoped
to the user: an officer sees their unit's activities only; ``add_up``, which adds only
figures of one benefit kind and one unit). Nothing is summed here: the functions below
only choose the rows and arrange the core's totals for the pages.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from .. import access
from ..models import Sector
from ..models.monitoring import BenefitKind, IndicatorUnit
from .monitoring import BenefitLabels, IndicatorRow, Total, add_up, indicator_rows


@dataclass(frozen=True)
class BenefitFilters:
    """What the benefits page is narrowed to; None: every one."""

    year: int | None = None
    country: str = ""
    sector: Sector | None = None
    benefit_kind: str = ""
    partner: object = None
    agreement: object = None
    sectors: list = field(default_factory=list)

    def q(self) -> Q | None:
        """The filters other than the year, as the core's ``filters``."""
        q = Q()
        if self.country:
            q &= Q(activity__work_plan__agreement__partner__country=self.country)
        if self.sector is not None:
            q &= Q(activity__sector=self.sector)
        if self.sectors:
            q &= Q(activity__sector__in=self.sectors)
        if self.benefit_kind:
            q &= Q(benefit_kind=self.benefit_kind)
        if self.partner is not None:
            q &= Q(activity__work_plan__agreement__partner=self.partner)
        if self.agreement is not None:
            q &= Q(activity__work_plan__agreement=self.agreement)
        return q or None


def plan_years(*, user) -> list[int]:
    """The years that have work plans the user may see, newest first."""
    return list(
        access.work_plans_visible_to(user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class GroupTotals:
    """One group (a country, a sector) with its totals, one per benefit kind and unit."""

    label: str
    totals: list[Total]


@dataclass(frozen=True)
class YearLine(BenefitLabels):
    """One benefit kind in one unit, year by year (None: no indicator that year)."""

    benefit_kind: str
    unit: str
    by_year: list[Total | None]


def _groups(rows: list[IndicatorRow], *, by, label=str) -> list[GroupTotals]:
    grouped = add_up(rows, by=by)
    return sorted(
        (GroupTotals(label=label(key), totals=totals) for key, totals in grouped.items()),
        key=lambda g: g.label.lower(),
    )


def years_side_by_side(rows: list[IndicatorRow]) -> tuple[list[int], list[YearLine]]:
    """The totals of each year, one line per benefit kind and unit, oldest year first."""
    by_year = add_up(rows, by=lambda r: r.year)
    years = sorted(by_year)
    keys: dict = {}
    for year in years:
        for total in by_year[year]:
            keys.setdefault((total.benefit_kind, total.unit), {})[year] = total
    kinds, units = list(BenefitKind.values), list(IndicatorUnit.values)
    lines = [
        YearLine(benefit_kind=kind, unit=unit, by_year=[cells.get(year) for year in years])
        for (kind, unit), cells in sorted(
            keys.items(), key=lambda item: (kinds.index(item[0][0]), units.index(item[0][1]))
        )
    ]
    return years, lines


def benefits_overview(*, user, filters: BenefitFilters, sectors: list[Sector]) -> dict:
    """The benefits page: totals by benefit kind, by partner country, by sector, by year
    (every year, the other filters kept) and the indicators of the chosen year.

    ``sectors``: every sector (the page has them for its filter), to name the sector
    groups in the reader's language. Two queries, however many indicators."""
    extra = filters.q()
    rows = indicator_rows(user=user, year=filters.year, filters=extra)
    every_year = indicator_rows(user=user, filters=extra)
    names = {sector.code: str(sector) for sector in sectors}
    years, year_lines = years_side_by_side(every_year)
    totals = add_up(rows).get(None, [])
    return {
        "rows": rows,
        "totals": totals,
        "overall": [GroupTotals(label="", totals=totals)] if totals else [],
        "by_country": _groups(rows, by=lambda r: r.country),
        "by_sector": _groups(
            rows, by=lambda r: r.sector_code, label=lambda code: names.get(code, code)
        ),
        "years": years,
        "year_lines": year_lines,
    }


def benefits_totals(
    *, user, year: int, until: date | None = None, filters: BenefitFilters | None = None
) -> list[Total]:
    """The year's totals by benefit kind and unit (the dashboard card, the portfolio
    report): one query."""
    extra = filters.q() if filters else None
    rows = indicator_rows(user=user, year=year, until=until, filters=extra)
    return add_up(rows).get(None, [])
