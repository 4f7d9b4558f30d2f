"""The reports owed upward, for one year: the yearly report on regional foreign
cooperation (to the Minister of Home Affairs and the Governor; PDF and XLSX) and the
cooperation part of the Governor's LKPJ material (PDF).

Figures of plan against realisation come only from selectors/monitoring.py
(``indicator_rows``, ``add_up``, ``format_figure``); the evaluation of the year from the
Evaluation model; the budget from the budget lines of the fiscal year. Every query runs
here, a fixed number of them however many agreements there are: the templates and the
workbook only read lists.
"""

import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .. import access
from ..exports import neutralised
from ..models import EvaluationStatus, IndicatorUnit, Stage, TaskStatus
from ..models.monitoring import Obstacle, Recommendation
from ..models.pks import PksStage
from ..selectors.monitoring import add_up, indicator_rows
from .builders import PROVINCE, in_indonesian

BUREAU = "Biro Administrasi Kerjasama"
SECRETARIAT = "Sekretariat Daerah Provinsi Nusa Tenggara Barat"
PLACE = "Mataram"
# The stages of an MoU and a PKS that were signed: valid in a year they overlap.
SIGNED_STAGES = (Stage.MOU, Stage.EXPIRED, Stage.TERMINATED)
PKS_SIGNED_STAGES = (PksStage.IN_FORCE, PksStage.EXPIRED, PksStage.TERMINATED)


def years_with_data(*, user, today: date | None = None) -> list[int]:
    """The years a report can be made of (newest first): those with a work plan, an
    evaluation, a budget line or a visit, up to this year. Four queries."""
    today = today or timezone.localdate()
    years = set(access.work_plans_visible_to(user).values_list("year", flat=True).distinct())
    years |= set(access.evaluations_visible_to(user).values_list("year", flat=True).distinct())
    years |= set(
        access.budget_lines_visible_to(user).values_list("fiscal_year", flat=True).distinct()
    )
    years |= {d.year for d in access.visits_visible_to(user).dates("starts_on", "year")}
    return sorted((y for y in years if y <= today.year), reverse=True)


def default_year(years: list[int], today: date | None = None) -> int:
    """Last year (the report is made in January), or the latest year with data."""
    today = today or timezone.localdate()
    last = today.year - 1
    if last in years or not years:
        return last
    return next((y for y in years if y <= last), years[0])


@dataclass
class AgreementRow:
    """One MoU or PKS valid or active in the year, with what the report says of it."""

    pk: int
    is_pks: bool
    title: str
    partner: str
    country: str
    kind: str
    number: str
    signed_on: date | None
    mou_number: str
    authorisation_number: str
    valid_until: date | None
    stage: str
    sectors: list = field(default_factory=list)
    agreement_id: int = 0
    pks_id: int | None = None
    evaluation: object = None
    requested: int = 0
    allocated: int = 0
    spent: int = 0

    @property
    def recommendation(self) -> str:
        if self.evaluation is None:
            return _("not evaluated yet")
        return str(Recommendation(self.evaluation.recommendation).label)

    @property
    def legal_basis(self) -> str:
        """The MoU number and signing date; for a PKS its number, its MoU and the
        Governor's authorisation."""
        signed = self.signed_on.strftime("%d-%m-%Y") if self.signed_on else "–"
        if not self.is_pks:
            return _("MoU no. %(number)s of %(date)s") % {
                "number": self.number or "–",
                "date": signed,
            }
        return _(
            "PKS no. %(number)s of %(date)s; MoU no. %(mou)s; Governor's authorisation "
            "no. %(authorisation)s"
        ) % {
            "number": self.number or "–",
            "date": signed,
            "mou": self.mou_number or "–",
            "authorisation": self.authorisation_number or "–",
        }


def _in_year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _agreement_rows(user, year: int) -> list[AgreementRow]:
    """Every MoU valid in the year and, below each, its PKS valid in the year. Three
    queries (agreements, their sectors, PKS)."""
    start, end = _in_year(year)
    agreements = list(
        access.agreements_visible_to(user)
        .filter(stage__in=SIGNED_STAGES, mou_signed_date__lte=end, valid_until__gte=start)
        .exclude(stage=Stage.TERMINATED, stage_since__lt=start)
        .select_related("partner")
        .prefetch_related("sectors")
        .order_by("partner__country", "partner__name", "title", "pk")
    )
    ids = [a.pk for a in agreements]
    implementing = defaultdict(list)
    for pks in (
        access.pks_visible_to(user)
        .filter(
            agreement_id__in=ids,
            stage__in=PKS_SIGNED_STAGES,
            signed_on__lte=end,
            valid_until__gte=start,
        )
        .exclude(stage=PksStage.TERMINATED, stage_since__lt=start)
        .order_by("signed_on", "title", "pk")
    ):
        implementing[pks.agreement_id].append(pks)
    rows = []
    for agreement in agreements:
        partner = agreement.partner
        sectors = list(agreement.sectors.all())
        rows.append(
            AgreementRow(
                pk=agreement.pk,
                is_pks=False,
                title=agreement.title,
                partner=partner.name,
                country=partner.country,
                kind=agreement.get_kind_display(),
                number=agreement.mou_number,
                signed_on=agreement.mou_signed_date,
                mou_number=agreement.mou_number,
                authorisation_number="",
                valid_until=agreement.valid_until,
                stage=agreement.get_stage_display(),
                sectors=sectors,
                agreement_id=agreement.pk,
            )
        )
        for pks in implementing[agreement.pk]:
            rows.append(
                AgreementRow(
                    pk=pks.pk,
                    is_pks=True,
                    title=pks.title,
                    partner=partner.name,
                    country=partner.country,
                    kind=_("Implementing agreement (PKS)"),
                    number=pks.number,
                    signed_on=pks.signed_on,
                    mou_number=agreement.mou_number,
                    authorisation_number=pks.authorisation_number,
                    valid_until=pks.valid_until,
                    stage=pks.get_stage_display(),
                    sectors=sectors,
                    agreement_id=agreement.pk,
                    pks_id=pks.pk,
                )
            )
    return rows


def _evaluations(user, year: int) -> dict:
    """The completed evaluation of the year of each MoU and PKS: {(agreement, pks): it}."""
    evaluations = (
        access.evaluations_visible_to(user).filter(year=year).exclude(status=EvaluationStatus.DRAFT)
    )
    return {(e.agreement_id, e.pks_id): e for e in evaluations.order_by("pk")}


def _budget_by(user, year: int, field: str) -> dict:
    """The fiscal year's budget lines summed per ``field``: {value: row}."""
    return {
        row[field]: row
        for row in access.budget_lines_visible_to(user)
        .filter(fiscal_year=year)
        .order_by()
        .values(field)
        .annotate(
            requested=Sum("amount_requested"),
            allocated=Sum("amount_allocated"),
            spent=Sum("amount_spent"),
        )
    }


def _budget_by_agreement(user, year: int) -> dict:
    return _budget_by(user, year, "commitment__agreement")


def _budget_by_sector(user, year: int) -> dict:
    return _budget_by(user, year, "commitment__sector__code")


def _activities(user, year: int) -> list[dict]:
    """The year's planned activities: sector, unit, agreement, whether done. One query."""
    return list(
        access.activities_visible_to(user)
        .filter(work_plan__year=year)
        .order_by("work_plan__agreement__title", "quarter", "pk")
        .values(
            "pk",
            "title",
            "quarter",
            "sector__code",
            "sector__name",
            "work_unit__name",
            "work_plan__agreement_id",
            "work_plan__agreement__partner__name",
            "work_plan__agreement__partner__country",
            "work_plan__pks_id",
            "task__status",
        )
    )


def _visits(user, year: int) -> list:
    start, end = _in_year(year)
    return list(
        access.visits_visible_to(user)
        .filter(starts_on__lte=end, ends_on__gte=start)
        .select_related("agreement__partner")
        .annotate(participants_count=Count("participants", distinct=True))
        .order_by("starts_on", "pk")
    )


def _totals(rows: list[AgreementRow]) -> dict:
    mous = [r for r in rows if not r.is_pks]  # a PKS's money is its MoU's
    return {
        "requested": sum(r.requested for r in mous),
        "allocated": sum(r.allocated for r in mous),
        "spent": sum(r.spent for r in mous),
    }


@in_indonesian
def yearly_context(*, user, year: int, today: date | None = None) -> dict:
    """The yearly report on regional foreign cooperation of ``year``, as of ``today``."""
    today = today or timezone.localdate()
    rows = _agreement_rows(user, year)
    evaluations = _evaluations(user, year)
    budget = _budget_by_agreement(user, year)
    for row in rows:
        row.evaluation = evaluations.get((row.agreement_id, row.pks_id))
        if not row.is_pks:
            money = budget.get(row.agreement_id, {})
            row.requested = money.get("requested") or 0
            row.allocated = money.get("allocated") or 0
            row.spent = money.get("spent") or 0
    indicators = indicator_rows(user=user, year=year)
    activities = _activities(user, year)
    visits = _visits(user, year)
    return {
        "kind": "yearly",
        "title": _("Report on the conduct of regional cooperation with foreign parties"),
        "province": PROVINCE,
        "bureau": BUREAU,
        "secretariat": SECRETARIAT,
        "place": PLACE,
        "year": year,
        "today": today,
        "as_of": min(today, date(year, 12, 31)),
        "agreements": rows,
        "mou_count": sum(1 for r in rows if not r.is_pks),
        "pks_count": sum(1 for r in rows if r.is_pks),
        "countries": sorted({r.country for r in rows}),
        "indicators": indicators,
        "indicator_totals": add_up(indicators).get(None, []),
        "activities_planned": len(activities),
        "activities_done": sum(1 for a in activities if a["task__status"] == TaskStatus.DONE),
        "evaluated": sum(1 for r in rows if r.evaluation is not None),
        "budget_rows": [r for r in rows if not r.is_pks],
        "budget_total": _totals(rows),
        "visits": visits,
    }


# --- the LKPJ material -----------------------------------------------------------------


def _names(items) -> str:
    """ "A", "A dan B", "A, B dan C": a list as a sentence says it."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _sector_section(code, name, *, rows, activities, indicators, evaluations, money, year):
    agreements = [r for r in rows if any(s.code == code for s in r.sectors) and not r.is_pks]
    done = sum(1 for a in activities if a["task__status"] == TaskStatus.DONE)
    units = sorted({a["work_unit__name"] for a in activities})
    partner_of = "work_plan__agreement__partner__name"
    country_of = "work_plan__agreement__partner__country"
    partners = sorted(
        {f"{a[partner_of]} ({a[country_of]})" for a in activities}
        | {f"{r.partner} ({r.country})" for r in agreements}
    )
    ids = {r.agreement_id for r in agreements} | {a["work_plan__agreement_id"] for a in activities}
    causes = Counter()
    others = []
    for (agreement_id, _pks), evaluation in evaluations.items():
        if agreement_id in ids:
            causes.update(evaluation.obstacles)
            if evaluation.obstacles_other.strip():
                others.append(evaluation.obstacles_other.strip())
    intro = _(
        "In %(year)s the Provincial Government of NTB, through %(units)s, carried out "
        "%(done)s of the %(planned)s cooperation activities planned in the %(sector)s "
        "sector with %(partners)s, under %(agreements)s cooperation agreements in force."
    ) % {
        "year": year,
        "units": _names(units) or BUREAU,
        "done": done,
        "planned": len(activities),
        "sector": name,
        "partners": _names(partners) or "–",
        "agreements": len(agreements),
    }
    return {
        "code": code,
        "name": name,
        "intro": intro,
        "agreements": agreements,
        "planned": len(activities),
        "done": done,
        "totals": add_up(indicators).get(None, []),
        "indicators": indicators,
        "obstacles": [
            {"label": str(Obstacle(cause).label), "count": count}
            for cause, count in sorted(causes.items(), key=lambda c: list(Obstacle).index(c[0]))
        ],
        "obstacles_other": others,
        "budget": {
            "requested": (money or {}).get("requested") or 0,
            "allocated": (money or {}).get("allocated") or 0,
            "spent": (money or {}).get("spent") or 0,
        },
    }


@in_indonesian
def lkpj_context(*, user, year: int, today: date | None = None) -> dict:
    """The cooperation part of the Governor's LKPJ of ``year``: a section per sector."""
    today = today or timezone.localdate()
    rows = _agreement_rows(user, year)
    evaluations = _evaluations(user, year)
    indicators = indicator_rows(user=user, year=year)
    activities = _activities(user, year)
    money = _budget_by_sector(user, year)
    sectors = {}
    for row in rows:
        if not row.is_pks:
            for sector in row.sectors:
                sectors[sector.code] = sector.name
    for activity in activities:
        sectors[activity["sector__code"]] = activity["sector__name"]
    by_sector_activities = defaultdict(list)
    for activity in activities:
        by_sector_activities[activity["sector__code"]].append(activity)
    by_sector_indicators = defaultdict(list)
    for indicator in indicators:
        by_sector_indicators[indicator.sector_code].append(indicator)
    sections = [
        _sector_section(
            code,
            name,
            rows=rows,
            activities=by_sector_activities[code],
            indicators=by_sector_indicators[code],
            evaluations=evaluations,
            money=money.get(code),
            year=year,
        )
        for code, name in sorted(sectors.items(), key=lambda item: item[1])
    ]
    spent = sum(s["budget"]["spent"] for s in sections)
    allocated = sum(s["budget"]["allocated"] for s in sections)
    return {
        "kind": "lkpj",
        "title": _("LKPJ material: regional cooperation with foreign parties"),
        "province": PROVINCE,
        "bureau": BUREAU,
        "secretariat": SECRETARIAT,
        "place": PLACE,
        "year": year,
        "today": today,
        "as_of": min(today, date(year, 12, 31)),
        "sections": sections,
        "mou_count": sum(1 for r in rows if not r.is_pks),
        "pks_count": sum(1 for r in rows if r.is_pks),
        "activities_planned": len(activities),
        "activities_done": sum(1 for a in activities if a["task__status"] == TaskStatus.DONE),
        "budget_total": {
            "allocated": allocated,
            "spent": spent,
            "share": spent * 100 // allocated if allocated else None,
        },
    }


# --- the workbook ------------------------------------------------------------------------

DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = "#,##0"


def _write_sheet(workbook, title: str, headers: list[str], rows: list[list]):
    sheet = workbook.create_sheet(title[:31])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Cell by cell: sheet[row] and sheet.max_row walk every cell of the sheet each time.
    for row_index, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_index, column=column)
            if isinstance(value, str):
                cell.value = neutralised(value)
                cell.data_type = "s"  # text, never a formula
            else:
                cell.value = value
                if isinstance(value, date):
                    cell.number_format = DATE_FORMAT
                elif isinstance(value, int) and not isinstance(value, bool):
                    cell.number_format = MONEY_FORMAT
    for index, header in enumerate(headers, start=1):
        width = max([len(header)] + [len(str(r[index - 1] or "")) for r in rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(50, width + 2)
    sheet.freeze_panes = "A2"
    return sheet


@in_indonesian
def yearly_workbook(context: dict) -> bytes:
    """The yearly report as XLSX for the Ministry's data collection: one sheet per table,
    Indonesian headers, numbers as numbers, dates as dates, text neutralised."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    agreements = context["agreements"]
    _write_sheet(
        workbook,
        _("Agreements"),
        [
            _("No."),
            _("Agreement"),
            _("Partner"),
            _("Country"),
            _("Kind"),
            _("Number"),
            _("Signing date"),
            _("MoU number"),
            _("Governor's authorisation number"),
            _("Valid until"),
            _("Stage"),
        ],
        [
            [
                i,
                r.title,
                r.partner,
                r.country,
                r.kind,
                r.number,
                r.signed_on,
                r.mou_number,
                r.authorisation_number,
                r.valid_until,
                r.stage,
            ]
            for i, r in enumerate(agreements, start=1)
        ],
    )
    _write_sheet(
        workbook,
        _("Activities and indicators"),
        [
            _("Agreement"),
            _("Activity"),
            _("Sector"),
            _("Work unit"),
            _("Indicator"),
            _("Unit"),
            _("Target"),
            _("Realised"),
            _("Share (%)"),
        ],
        [
            [
                r.agreement,
                r.activity,
                r.sector,
                r.work_unit,
                r.name,
                _unit_label(r.unit),
                r.target,
                r.realised,
                r.share,
            ]
            for r in context["indicators"]
        ],
    )
    _write_sheet(
        workbook,
        _("Evaluation"),
        [
            _("Agreement"),
            _("Kind"),
            _("Status"),
            _("Recommendation"),
            _("Completed on"),
            _("Obstacles"),
        ],
        [
            [
                r.title,
                r.kind,
                r.evaluation.get_status_display() if r.evaluation else "",
                r.recommendation,
                r.evaluation.completed_on if r.evaluation else None,
                "; ".join(str(Obstacle(c).label) for c in r.evaluation.obstacles)
                if r.evaluation
                else "",
            ]
            for r in agreements
        ],
    )
    _write_sheet(
        workbook,
        _("Budget"),
        [
            _("Agreement"),
            _("Partner"),
            _("Requested (Rp)"),
            _("Allocated (Rp)"),
            _("Spent (Rp)"),
        ],
        [[r.title, r.partner, r.requested, r.allocated, r.spent] for r in context["budget_rows"]]
        + [
            [
                _("Total"),
                "",
                context["budget_total"]["requested"],
                context["budget_total"]["allocated"],
                context["budget_total"]["spent"],
            ]
        ],
    )
    _write_sheet(
        workbook,
        _("Visits"),
        [
            _("Visit"),
            _("Agreement"),
            _("Kind of visit"),
            _("Start"),
            _("End"),
            _("Places"),
            _("Participants"),
            _("Permit number"),
        ],
        [
            [
                v.title,
                v.agreement.title,
                v.get_direction_display(),
                v.starts_on,
                v.ends_on,
                v.places,
                v.participants_count,
                v.permit_number,
            ]
            for v in context["visits"]
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _unit_label(unit: str) -> str:
    return str(IndicatorUnit(unit).label)


__all__ = [
    "default_year",
    "lkpj_context",
    "yearly_context",
    "yearly_workbook",
    "years_with_data",
]
