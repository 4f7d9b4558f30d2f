"""The benefits across agreements: what the plans promised and what was realised, by
benefit kind, partner country, sector and year (figures from selectors/monitoring.py)."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..exports import export_response
from ..forms.benefits import BenefitFilterForm
from ..models import Sector
from ..reports.benefit_charts import benefit_share_chart, benefit_years_chart
from ..selectors import benefits as selectors
from .lists import EXPORT_KINDS

# The indicator table as a download: figures as numbers, the unit in its own column.
INDICATOR_COLUMNS = [
    (_("Year"), lambda r: r.year),
    (_("Agreement"), lambda r: r.agreement),
    (_("Country"), lambda r: r.country),
    (_("Activity"), lambda r: r.activity),
    (_("Sector"), lambda r: r.sector),
    (_("Work unit"), lambda r: r.work_unit),
    (_("Indicator"), lambda r: r.name),
    (_("Benefit"), lambda r: r.benefit_label),
    (_("Unit"), lambda r: r.unit_label),
    (_("Target"), lambda r: r.target),
    (_("Realised"), lambda r: r.realised),
    (_("Share of the target (%)"), lambda r: r.share),
]


def benefits(request):
    """Every signed-in role may open it; the core shows an officer their unit's only."""
    sectors = list(Sector.objects.order_by("name"))
    form = BenefitFilterForm(
        request.GET or None, years=selectors.plan_years(user=request.user), sectors=sectors
    )
    filters = form.filters()
    data = selectors.benefits_overview(user=request.user, filters=filters, sectors=sectors)
    kind = request.GET.get("export")
    if kind in EXPORT_KINDS:
        return export_response(
            kind=kind,
            filename=f"manfaat-{filters.year}",
            columns=INDICATOR_COLUMNS,
            rows=data["rows"],
        )
    charts = {
        "shares": benefit_share_chart(data["totals"]),
        "years": benefit_years_chart(data["years"], data["year_lines"]),
    }
    return render(
        request,
        "agreements/benefits.html",
        {"form": form, "filters": filters, "charts": charts, **data},
    )
