"""Reads of the annual work plans, their indicators and realisation.

Every figure of plan against realisation is computed here once: an indicator's
realised figure (the sum of its realisations, ``with_realised``), its share of the
target (``share``), the rows the agreement page, the dashboard, the benefits view and
the reports show (``indicator_rows``), and the totals across indicators (``add_up``),
which add figures only when their benefit kind and unit agree: never people to rupiah.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.formats import number_format

from .. import access
from ..models import Indicator, IndicatorUnit, PlannedActivity, Realisation, WorkPlan
from ..models.monitoring import MONEY_UNITS, BenefitKind, Quarter


def with_realised(indicators: QuerySet[Indicator], *, until: date | None = None) -> QuerySet:
    """Indicators annotated with ``realised``: the sum of their realisations (up to and
    including ``until``), 0 when none."""
    condition = Q(realisations__date__lte=until) if until else Q()
    return indicators.annotate(
        realised=Coalesce(Sum("realisations__value", filter=condition), Value(0))
    )


def share(realised: int, target: int) -> int | None:
    """The realised share of the target, in whole percent (rounded down: 99.9% is not yet
    done); None without a target."""
    if not target:
        return None
    return realised * 100 // target


def bar_width(value: int | None) -> int:
    """The filled part of a share bar, out of 100 (a target passed fills it)."""
    return max(0, min(value or 0, 100))


def format_figure(value: int, unit: str) -> str:
    """A figure with its unit as an Indonesian office writes it: "Rp 250.000.000.000",
    "5.000 orang"."""
    amount = number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    if unit == IndicatorUnit.RUPIAH:
        return f"Rp {amount}"
    if unit == IndicatorUnit.US_DOLLARS:
        return f"US$ {amount}"
    return f"{amount} {IndicatorUnit(unit).label}"


class BenefitLabels:
    """A benefit kind and a unit in words (``benefit_kind``, ``unit`` from the dataclass)."""

    @property
    def benefit_label(self) -> str:
        return str(BenefitKind(self.benefit_kind).label)

    @property
    def unit_label(self) -> str:
        return str(IndicatorUnit(self.unit).label)


class Figures(BenefitLabels):
    """What a target against its realisation says, for an indicator and for a total:
    ``target``, ``realised``, ``unit`` and ``benefit_kind`` come from the dataclass."""

    @property
    def share(self) -> int | None:
        return share(self.realised, self.target)

    @property
    def bar_width(self) -> int:
        return bar_width(self.share)

    @property
    def target_text(self) -> str:
        return format_figure(self.target, self.unit)

    @property
    def realised_text(self) -> str:
        return format_figure(self.realised, self.unit)

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS


@dataclass(frozen=True)
class IndicatorRow(Figures):
    """One indicator as every page and report shows it."""

    pk: int
    name: str
    benefit_kind: str
    unit: str
    target: int
    realised: int
    year: int
    activity_id: int
    activity: str
    sector: str
    sector_code: str
    work_unit: str
    work_unit_id: int
    agreement_id: int
    agreement: str
    country: str
    pks_id: int | None


def indicators_visible_to(user) -> QuerySet[Indicator]:
    """The indicators of the activities the user may see (an officer: their unit's)."""
    return Indicator.objects.filter(activity__in=access.activities_visible_to(user))


def indicator_rows(
    *,
    user,
    year: int | None = None,
    agreement=None,
    pks=None,
    work_plan=None,
    until: date | None = None,
    filters: Q | None = None,
) -> list[IndicatorRow]:
    """The indicators the user may see, with target and realised figures, in one query.

    ``agreement`` takes the MoU's own plans and its PKS' plans; ``pks`` only that PKS's.
    ``filters`` narrows further (e.g. ``Q(activity__sector__code="tourism")``).
    """
    indicators = indicators_visible_to(user)
    if year is not None:
        indicators = indicators.filter(activity__work_plan__year=year)
    if agreement is not None:
        indicators = indicators.filter(activity__work_plan__agreement=agreement)
    if pks is not None:
        indicators = indicators.filter(activity__work_plan__pks=pks)
    if work_plan is not None:
        indicators = indicators.filter(activity__work_plan=work_plan)
    if filters is not None:
        indicators = indicators.filter(filters)
    values = with_realised(indicators, until=until).values_list(
        "pk",
        "name",
        "benefit_kind",
        "unit",
        "target",
        "realised",
        "activity__work_plan__year",
        "activity_id",
        "activity__title",
        "activity__sector__name",
        "activity__sector__code",
        "activity__work_unit__name",
        "activity__work_unit_id",
        "activity__work_plan__agreement_id",
        "activity__work_plan__agreement__title",
        "activity__work_plan__agreement__partner__country",
        "activity__work_plan__pks_id",
    )
    rows = [IndicatorRow(*row) for row in values]
    rows.sort(key=lambda r: (-r.year, r.agreement, r.activity, r.pk))
    return rows


@dataclass
class Total(Figures):
    """Indicators of one benefit kind and one unit, added up."""

    benefit_kind: str
    unit: str
    target: int = 0
    realised: int = 0
    indicators: int = 0


def add_up(rows: list[IndicatorRow], *, by=None) -> dict:
    """Totals of the rows, one per (group, benefit kind, unit): figures of different units
    are never added. ``by`` gives a row's group (e.g. ``lambda r: r.country``); without it,
    one group, None. Returns {group: [Total, ...]} in the order of BenefitKind, then unit."""
    totals: dict = defaultdict(dict)
    for row in rows:
        group = by(row) if by else None
        key = (row.benefit_kind, row.unit)
        total = totals[group].get(key)
        if total is None:
            total = totals[group][key] = Total(benefit_kind=row.benefit_kind, unit=row.unit)
        total.target += row.target
        total.realised += row.realised
        total.indicators += 1
    kinds = list(BenefitKind.values)
    units = list(IndicatorUnit.values)
    return {
        group: sorted(
            by_key.values(), key=lambda t: (kinds.index(t.benefit_kind), units.index(t.unit))
        )
        for group, by_key in totals.items()
    }


def _decorate(indicator) -> Indicator:
    """The figures every page shows, on an indicator annotated by ``with_realised``."""
    indicator.share = share(indicator.realised, indicator.target)
    indicator.bar_width = bar_width(indicator.share)
    indicator.target_text = format_figure(indicator.target, indicator.unit)
    indicator.realised_text = format_figure(indicator.realised, indicator.unit)
    return indicator


def _activities(user) -> QuerySet[PlannedActivity]:
    return (
        access.activities_visible_to(user)
        .select_related("sector", "work_unit", "task", "commitment")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=with_realised(Indicator.objects.all()).order_by("pk"),
            )
        )
        .order_by("quarter", "pk")
    )


def _plans(plans: QuerySet[WorkPlan], *, user) -> list[WorkPlan]:
    """The plans, each with ``visible_activities`` (the user's) and their indicators'
    figures: three queries, whatever the number of plans, activities and indicators."""
    plans = list(
        plans.select_related("agreement", "pks")
        .prefetch_related(
            Prefetch("activities", queryset=_activities(user), to_attr="visible_activities")
        )
        .order_by("-year", "pk")
    )
    for plan in plans:
        for activity in plan.visible_activities:
            for indicator in activity.indicators.all():
                _decorate(indicator)
    return plans


def agreement_work_plans(*, agreement, user) -> list[WorkPlan]:
    """The MoU's own work plans (not its PKS'), newest year first, with the activities the
    user may see (an officer: their unit's) and each indicator's target, realised, share."""
    plans = access.work_plans_visible_to(user).filter(agreement=agreement, pks__isnull=True)
    return _plans(plans, user=user)


def pks_work_plans(*, pks, user) -> list[WorkPlan]:
    """The PKS's work plans, as agreement_work_plans."""
    return _plans(access.work_plans_visible_to(user).filter(pks=pks), user=user)


def work_plan_detail_context(*, work_plan, user) -> dict:
    """The plan page: the user's activities grouped by quarter, with tasks and figures."""
    (plan,) = _plans(WorkPlan.objects.filter(pk=work_plan.pk), user=user)
    quarters = []
    for quarter in Quarter:
        activities = [a for a in plan.visible_activities if a.quarter == quarter]
        quarters.append({"quarter": quarter, "activities": activities})
    return {
        "work_plan": plan,
        "owner": plan.pks or plan.agreement,
        "quarters": quarters,
        "activity_count": len(plan.visible_activities),
    }


def task_figures(*, task, user) -> list[Indicator]:
    """The indicators of the activity the task came from, with their figures and each
    realisation reported (date, figure, who): the history keeps every figure."""
    indicators = list(
        with_realised(Indicator.objects.filter(activity__task=task))
        .prefetch_related(
            Prefetch(
                "realisations",
                queryset=Realisation.objects.select_related("recorded_by").order_by("date", "pk"),
            )
        )
        .order_by("pk")
    )
    for indicator in indicators:
        _decorate(indicator)
        for realisation in indicator.realisations.all():
            realisation.value_text = format_figure(realisation.value, indicator.unit)
    return indicators


def agreement_plan_tables(*, agreement, user) -> list[dict]:
    """The report's "Plan and realisation": one table per year of indicator_rows (the MoU's
    and its PKS' plans), the same figures as the agreement page."""
    by_year: dict = defaultdict(list)
    for row in indicator_rows(user=user, agreement=agreement):
        by_year[row.year].append(row)
    return [{"year": year, "rows": rows} for year, rows in sorted(by_year.items(), reverse=True)]
