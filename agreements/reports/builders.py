"""The data of the three PDF reports, built in Bahasa Indonesia.

Every status rule comes from agreements/health.py (what is tallied here, per
commitment or per period, is tallied with its Q objects), the measures from the
dashboard selectors and the charts from reports/charts.py. Everything is a plain
list or number, so that all queries run before rendering starts."""

import functools
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from .. import health, lifecycle
from ..models import Agreement, Contact, WorkUnit
from ..selectors import benefits as benefit_selectors
from ..selectors import dashboard as selectors
from ..selectors import pipeline as pipeline_selectors
from ..selectors import pks as selectors_pks
from ..selectors.followup import with_overdue_flag
from ..selectors.monitoring import agreement_plan_tables
from .benefit_charts import benefit_share_chart
from .charts import dashboard_charts

PROVINCE = "Provinsi Nusa Tenggara Barat"


def in_indonesian(builder):
    """Build in Bahasa Indonesia whatever the reader's interface language: the titles and
    the charts' SVG are translated here, before render_html's own override applies."""

    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        with translation.override("id"):
            return builder(*args, **kwargs)

    return wrapper


def agreement_pages_max() -> int:
    """The portfolio report has one page per agreement, for the most serious ones only."""
    return settings.REPORT_AGREEMENT_PAGES


def appendix_rows_max() -> int:
    return settings.REPORT_APPENDIX_ROWS


@dataclass
class ReportFilters:
    start: date
    end: date
    partner: object = None
    sectors: list = field(default_factory=list)

    @property
    def fiscal_year(self) -> int:
        return self.end.year


def _scope(user, filters: ReportFilters) -> health.Scope:
    return selectors.dashboard_scope(
        user=user,
        fiscal_year=filters.fiscal_year,
        partner=filters.partner,
        sectors=filters.sectors or None,
    )


def _severity(assessment: health.Assessment) -> tuple:
    worst = health.SEVERITY[assessment.status]
    stalled = sum(1 for f in assessment.findings if f.level == health.Status.STALLED)
    return (-worst, -stalled, -len(assessment.findings))


def _agreement_pages(scope: health.Scope, today: date, limit: int) -> tuple[list, int]:
    """One-page summaries of the most serious agreements, and how many were left out."""
    assessments = health.assess(scope, today, by="agreement")
    # Rank on (id, title) pairs; only the chosen few are loaded in full.
    ranked = sorted(
        scope.agreements.exclude(stage__in=lifecycle.CLOSED_STAGES)
        .order_by()
        .values_list("pk", "title"),
        key=lambda row: (_severity(assessments.get(row[0], health.Assessment())), row[1]),
    )
    ids = [pk for pk, _ in ranked[:limit]]
    loaded = scope.agreements.select_related("partner", "coordinating_unit").in_bulk(ids)
    chosen = [loaded[pk] for pk in ids]
    tallies = {
        row["commitment"]: row
        for row in scope.tasks.filter(commitment__agreement_id__in=ids)
        .order_by()
        .values("commitment")
        .annotate(
            open_tasks=Count("pk", filter=health.open_q()),
            done_tasks=Count("pk", filter=health.done_q()),
            overdue_tasks=Count("pk", filter=health.overdue_tasks_q(today)),
        )
    }
    commitments = {}
    for commitment in (
        scope.commitments.filter(agreement_id__in=ids)
        .select_related("sector", "lead_unit")
        .order_by("sector__name", "title")
    ):
        commitment.tally = tallies.get(commitment.pk, {})
        commitments.setdefault(commitment.agreement_id, []).append(commitment)
    budgets = {
        row["commitment__agreement"]: row
        for row in scope.budget_lines.filter(
            fiscal_year=scope.fiscal_year, commitment__agreement_id__in=ids
        )
        .order_by()
        .values("commitment__agreement")
        .annotate(requested=Sum("amount_requested"), allocated=Sum("amount_allocated"))
    }
    events = {}
    for agreement in chosen:
        events[agreement.pk] = lifecycle.effective_events(agreement)
    pages = [
        {
            "agreement": a,
            "assessment": assessments.get(a.pk, health.Assessment()),
            "events": events[a.pk],
            "commitments": commitments.get(a.pk, []),
            "budget": budgets.get(a.pk, {}),
        }
        for a in chosen
    ]
    return pages, max(len(ranked) - len(chosen), 0)


def _appendix(items: dict, scope: health.Scope, today: date, limit: int) -> dict:
    overdue = list(
        scope.tasks.filter(health.overdue_tasks_q(today))
        .select_related("responsible_unit", "commitment__agreement", "commitment__sector")
        .order_by("due_date", "pk")[:limit]
    )
    late = list(
        scope.letters.filter(health.late_letters_q(today))
        .select_related("work_unit", "agreement")
        .order_by("answer_due", "pk")[:limit]
    )
    return {
        "overdue": overdue,
        "overdue_more": max(items["overdue_count"] - len(overdue), 0),
        "late": late,
        "late_more": max(items["late_count"] - len(late), 0),
    }


def _with_state(letters: list, today: date) -> list:
    """Each letter with its ``state``, for the reports' answer column."""
    for letter in letters:
        letter.state = health.letter_state(letter, today)
    return letters


def _activity(scope: health.Scope, filters: ReportFilters) -> dict:
    period = {"date__gte": filters.start, "date__lte": filters.end}
    return {
        "updates": scope.updates.filter(**period).count(),
        "letters_sent": scope.letters.filter(
            sent_on__gte=filters.start, sent_on__lte=filters.end
        ).count(),
        "letters_answered": scope.letters.filter(
            answered_at__date__gte=filters.start, answered_at__date__lte=filters.end
        ).count(),
    }


@in_indonesian
def portfolio_context(*, user, filters: ReportFilters) -> dict:
    today = filters.end
    scope = _scope(user, filters)
    data = selectors.dashboard(scope, today)
    budget = {row["sector"].pk: row for row in data["budget"]}
    chosen = {s.pk for s in filters.sectors}
    sectors = [
        {
            **row,
            "counts": row["assessment"].measures if row["assessment"] else {},
            "budget": budget.get(row["sector"].pk),
        }
        for row in data["matrix"]
        if not chosen or row["sector"].pk in chosen
    ]
    pages, more = _agreement_pages(scope, today, agreement_pages_max())
    scorecards = data["scorecards"]
    files = pipeline_selectors.pipeline_files(user=user, today=today, agreements=scope.agreements)
    # The fiscal year's benefits, realised up to the report's end, within its filters.
    benefit_totals = benefit_selectors.benefits_totals(
        user=user,
        year=scope.fiscal_year,
        until=today,
        filters=benefit_selectors.BenefitFilters(
            partner=filters.partner, sectors=list(filters.sectors)
        ),
    )
    return {
        "benefits": {
            "totals": benefit_totals,
            "chart": benefit_share_chart(benefit_totals, chart_id="report-benefits"),
        },
        "kind": "portfolio",
        "title": _("Cooperation status report"),
        "province": PROVINCE,
        "filters": filters,
        "today": today,
        "fiscal_year": scope.fiscal_year,
        "pipeline": data["pipeline"],
        "pipeline_total": sum(row["count"] for row in data["pipeline"]),
        "sectors": sectors,
        "stalled_sectors": [
            r
            for r in sectors
            if r["assessment"] and r["assessment"].status == health.Status.STALLED
        ],
        "items": {k: v for k, v in data["items"].items() if k.endswith("_count")},
        "worst_units": sorted(
            (c for c in scorecards if c["overdue"]), key=lambda c: (-c["overdue"], c["unit"].name)
        )[:5],
        "scorecards": scorecards,
        "charts": dashboard_charts(data),
        "budget": data["budget"],
        "agreement_pages": pages,
        "agreements_left_out": more,
        # Whose turn it is: the delays of each holder, and how long each step took.
        "delays": pipeline_selectors.delays_by_holder(files),
        "delayed_files": [row for row in files if row.delayed][: appendix_rows_max()],
        "lead_times": data["lead_times"],
        "appendix": _appendix(data["items"], scope, today, appendix_rows_max()),
        "activity": _activity(scope, filters),
    }


@in_indonesian
def agreement_context(*, user, agreement: Agreement, filters: ReportFilters) -> dict:
    today = filters.end
    scope = selectors.narrow(_scope(user, filters), by="agreement", key=agreement.pk)
    assessment = health.assess(scope, today, by="agreement").get(agreement.pk, health.Assessment())
    tasks = list(
        with_overdue_flag(scope.tasks, today)
        .select_related("responsible_unit", "commitment__sector", "pks")
        .order_by("commitment__sector__name", "commitment__title", "due_date")
    )
    return {
        "kind": "agreement",
        "title": _("Agreement report"),
        "province": PROVINCE,
        "filters": filters,
        "today": today,
        "agreement": agreement,
        "sectors": list(agreement.sectors.all()),
        "assessment": assessment,
        "events": lifecycle.effective_events(agreement),
        "contacts": list(Contact.objects.filter(agreement=agreement).order_by("date")),
        "commitments": list(scope.commitments.select_related("sector", "lead_unit")),
        "implementing": [
            selectors_pks.with_flags(pks, today)
            for pks in scope.implementing.select_related("work_unit").order_by("title", "pk")
        ]
        if scope.implementing is not None
        else [],
        "tasks": tasks,
        "letters": _with_state(
            list(scope.letters.select_related("work_unit").order_by("sent_on", "pk")), today
        ),
        "budget_lines": list(
            scope.budget_lines.select_related("work_unit", "commitment", "pks").order_by(
                "-fiscal_year", "work_unit__name"
            )
        ),
        "scorecards": selectors.unit_scorecards(scope, today),
        # Plan and realisation per year: the same indicator_rows as the agreement page.
        "plan_tables": agreement_plan_tables(agreement=agreement, user=user),
    }


@in_indonesian
def work_unit_context(*, user, unit: WorkUnit, filters: ReportFilters) -> dict:
    """The unit's open work and the period's activity; long lists are capped."""
    today = filters.end
    limit = appendix_rows_max()
    scope = selectors.narrow(_scope(user, filters), by="work_unit", key=unit.pk)
    cards = selectors.unit_scorecards(scope, today)
    card = next((c for c in cards if c["unit"].pk == unit.pk), None)
    in_period = Q(completed_on__gte=filters.start, completed_on__lte=filters.end)
    tasks = with_overdue_flag(scope.tasks.filter(health.open_q() | in_period), today).order_by(
        "-is_overdue", "-is_still_open", "due_date", "pk"
    )
    answered_in_period = Q(answered_at__date__gte=filters.start, answered_at__date__lte=filters.end)
    letters = scope.letters.filter(health.unanswered_letters_q() | answered_in_period).order_by(
        "answer_due", "pk"
    )
    shown_tasks = list(
        tasks.select_related("commitment__agreement", "commitment__sector", "pks")[:limit]
    )
    shown_letters = _with_state(list(letters.select_related("agreement")[:limit]), today)
    return {
        "kind": "work_unit",
        "title": _("Work-unit report"),
        "province": PROVINCE,
        "filters": filters,
        "today": today,
        "unit": unit,
        "card": card,
        "card_list": [card] if card else [],
        "assessment": card["assessment"] if card else health.Assessment(),
        "tasks": shown_tasks,
        "tasks_more": max(tasks.count() - len(shown_tasks), 0),
        "letters": shown_letters,
        "letters_more": max(letters.count() - len(shown_letters), 0),
        "budget_lines": list(
            scope.budget_lines.filter(fiscal_year=scope.fiscal_year)
            .select_related("commitment__agreement", "task", "pks")
            .order_by("commitment__title", "pk")
        ),
        "agreements": selectors.agreement_statuses(scope, today),
        "fiscal_year": scope.fiscal_year,
    }
