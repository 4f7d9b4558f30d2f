"""Dashboards: which sectors have stalled, which work units hold them back, and why."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .. import access, health
from ..forms.dashboard import DashboardFilterForm
from ..models import Sector
from ..reports.benefit_charts import benefit_share_chart
from ..reports.charts import dashboard_charts
from ..selectors import benefits as benefit_selectors
from ..selectors import dashboard as selectors


def _scope(request):
    data = None
    if request.GET:
        # A filter without a year keeps the current fiscal year, as the select shows it.
        data = request.GET.copy()
        data.setdefault("fiscal_year", str(timezone.localdate().year))
    form = DashboardFilterForm(data, user=request.user)
    filters = form.filters()
    scope = selectors.dashboard_scope(user=request.user, **filters)
    return form, filters, scope


def _benefits(user, filters: dict) -> dict:
    """The "benefits" card: the fiscal year's totals per benefit kind and unit, within the
    dashboard's partner and agreement (one query)."""
    totals = benefit_selectors.benefits_totals(
        user=user,
        year=filters["fiscal_year"],
        filters=benefit_selectors.BenefitFilters(
            partner=filters["partner"], agreement=filters["agreement"]
        ),
    )
    return {"totals": totals, "chart": benefit_share_chart(totals, chart_id="dashboard-benefits")}


def dashboard(request):
    today = timezone.localdate()
    form, filters, scope = _scope(request)
    sectors = selectors.dashboard_sectors(user=request.user, scope=scope)
    context = selectors.dashboard(scope, today, sectors=sectors)
    context.update({"form": form, "filters": filters, "charts": dashboard_charts(context)})
    context["benefits"] = _benefits(request.user, filters)
    return render(request, "agreements/dashboard.html", context)


def sector_dashboard(request, code):
    sector = get_object_or_404(Sector, code=code)
    today = timezone.localdate()
    form, filters, scope = _scope(request)
    part = selectors.narrow(scope, by="sector", key=sector.pk)
    assessment = health.assess(part, today, by="sector").get(sector.pk, health.Assessment())
    return render(
        request,
        "agreements/dashboard_sector.html",
        {
            "form": form,
            "filters": filters,
            "today": today,
            "sector": sector,
            "assessment": assessment,
            "items": selectors.items_behind(part, today),
            "scorecards": selectors.unit_scorecards(part, today),
            "agreements": selectors.agreement_statuses(part, today),
        },
    )


def work_unit_dashboard(request, pk):
    unit = access.get_work_unit_for_user(request.user, pk)
    today = timezone.localdate()
    form, filters, scope = _scope(request)
    part = selectors.narrow(scope, by="work_unit", key=unit.pk)
    cards = selectors.unit_scorecards(part, today)
    card = next((c for c in cards if c["unit"].pk == unit.pk), None)
    # A unit that only leads commitments (no task, letter or budget line yet) has no
    # scorecard, but may still be held back, e.g. by commitments without budget.
    assessment = card["assessment"] if card else health.Assessment()
    return render(
        request,
        "agreements/dashboard_unit.html",
        {
            "form": form,
            "filters": filters,
            "today": today,
            "unit": unit,
            "card": card,
            "assessment": assessment,
            "items": selectors.items_behind(part, today),
            "agreements": selectors.agreement_statuses(part, today),
        },
    )
