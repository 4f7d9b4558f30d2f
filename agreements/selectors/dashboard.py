"""What the dashboards show, computed with agreements/health.py from a few aggregate
queries whose number does not grow with the data. Data only: the views and the report
builders draw the charts from it with reports/charts.py."""

from dataclasses import replace
from datetime import date
from statistics import median

from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Q, Sum

from .. import access, health
from ..lifecycle import CLOSED_STAGES
from ..models import Agreement, ImplementingAgreement, ProgressUpdate, Sector, Stage, WorkUnit
from . import pipeline as pipeline_selectors
from . import pks as selectors_pks

LIST_LIMIT = 10


class MedianDays(Aggregate):
    """PostgreSQL: the median number of days from the second date to the first."""

    template = "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY (%(expressions)s))"
    arg_joiner = " - "
    output_field = FloatField()


def dashboard_scope(
    *, user, fiscal_year: int, partner=None, agreement=None, sectors=None
) -> health.Scope:
    """Everything the user may see (an officer: their unit's items only), filtered."""
    agreements = access.agreements_visible_to(user)
    commitments = access.commitments_visible_to(user)
    tasks = access.tasks_visible_to(user)
    letters = access.letters_visible_to(user)
    budget_lines = access.budget_lines_visible_to(user)
    if partner is not None:
        agreements = agreements.filter(partner=partner)
        commitments = commitments.filter(agreement__partner=partner)
        tasks = tasks.filter(commitment__agreement__partner=partner)
        letters = letters.filter(agreement__partner=partner)
        budget_lines = budget_lines.filter(commitment__agreement__partner=partner)
    if agreement is not None:
        agreements = agreements.filter(pk=agreement.pk)
        commitments = commitments.filter(agreement=agreement)
        tasks = tasks.filter(commitment__agreement=agreement)
        letters = letters.filter(agreement=agreement)
        budget_lines = budget_lines.filter(commitment__agreement=agreement)
    if sectors:
        agreements = agreements.filter(
            pk__in=Agreement.objects.filter(sectors__in=sectors).values("pk")
        )
        commitments = commitments.filter(sector__in=sectors)
        tasks = tasks.filter(commitment__sector__in=sectors)
        letters = letters.filter(
            Q(task__commitment__sector__in=sectors) | Q(task__isnull=True, agreement__in=agreements)
        )
        budget_lines = budget_lines.filter(commitment__sector__in=sectors)
    implementing = access.pks_visible_to(user).filter(agreement__in=agreements)
    if sectors:  # a PKS belongs to the sectors of the commitments it carries out
        implementing = implementing.filter(
            pk__in=ImplementingAgreement.objects.filter(commitments__sector__in=sectors).values(
                "pk"
            )
        )
    return health.Scope(
        agreements=agreements,
        commitments=commitments,
        tasks=tasks,
        implementing=implementing,
        # Unfiltered tasks need no subquery: it would only slow the update aggregates.
        updates=ProgressUpdate.objects.filter(task__in=tasks)
        if tasks.query.where
        else ProgressUpdate.objects.all(),
        letters=letters,
        budget_lines=budget_lines,
        fiscal_year=fiscal_year,
    )


def narrow(scope: health.Scope, *, by: str, key) -> health.Scope:
    """The part of a scope that belongs to one sector, agreement or work unit."""
    paths = health.GROUP_PATHS[by]
    if paths["agreements"]:
        agreements = scope.agreements.filter(**{paths["agreements"]: key}).distinct()
    else:  # a work unit: the agreements it takes part in
        agreements = scope.agreements.filter(pk__in=access.agreements_taking_part(key).values("pk"))
    implementing = scope.implementing
    if implementing is not None and paths["implementing"]:
        implementing = implementing.filter(**{paths["implementing"]: key})
    elif implementing is not None:  # a sector: the PKS carrying out its commitments
        implementing = implementing.filter(
            pk__in=ImplementingAgreement.objects.filter(commitments__sector=key).values("pk")
        )
    return replace(
        scope,
        agreements=agreements,
        implementing=implementing,
        **{
            kind: getattr(scope, kind).filter(**{paths[kind]: key})
            for kind in ("commitments", "tasks", "updates", "letters", "budget_lines")
        },
    )


# --- the parts of the dashboard -----------------------------------------------------------


def pipeline(scope: health.Scope) -> list[dict]:
    counts = dict(
        scope.agreements.order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    return [
        {"stage": stage, "label": stage.label, "count": counts.get(stage, 0)} for stage in Stage
    ]


def dashboard_sectors(*, user, scope: health.Scope) -> list[Sector]:
    """The sectors a user's dashboard shows: every sector to readers of every unit; to an
    SKPD officer, the sectors their unit works in (it has commitments, tasks or requests
    there), not all eight, most of which are no business of theirs."""
    sectors = Sector.objects.order_by("name")
    if access.can(user, access.Right.SEE_ALL_UNITS):
        return list(sectors)
    return list(
        sectors.filter(
            Q(pk__in=scope.commitments.values("sector"))
            | Q(pk__in=scope.tasks.values("commitment__sector"))
            | Q(pk__in=scope.letters.filter(task__isnull=False).values("task__commitment__sector"))
            # A request about no task is about its agreement, and so its sectors.
            | Q(pk__in=scope.letters.filter(task__isnull=True).values("agreement__sectors"))
        )
    )


def sector_matrix(scope: health.Scope, today: date, sectors: list | None = None) -> list[dict]:
    """Each sector (every one by default) with its assessment; None where the scope has no
    follow-up in it (an agreement merely covering the sector does not make it "on track")."""
    assessments = health.assess(scope, today, by="sector")

    def followed_up(assessment):
        measures = assessment.measures
        return assessment.findings or measures.get("tasks") or measures.get("commitments")

    return [
        {
            "sector": sector,
            "assessment": assessment
            if (assessment := assessments.get(sector.pk)) and followed_up(assessment)
            else None,
        }
        for sector in (Sector.objects.order_by("name") if sectors is None else sectors)
    ]


def items_behind(scope: health.Scope, today: date, limit: int = LIST_LIMIT) -> dict:
    """The tasks, requests, commitments and agreements behind the findings, worst first.

    ``delayed``: the files held past the guideline of the step they wait for, most
    overdue first, each naming its holder (one query: they are few, so sorted here)."""
    overdue = scope.tasks.filter(health.overdue_tasks_q(today))
    late = scope.letters.filter(health.late_letters_q(today))
    unfunded = scope.commitments.annotate(
        funded=health.funded_in(scope.fiscal_year, scope.budget_lines)
    ).filter(funded=False)
    no_progress = scope.tasks.filter(health.no_recent_progress_q(today))
    delayed = pipeline_selectors.sorted_rows(
        pipeline_selectors.files_before_signing(
            scope.agreements.filter(health.delayed_q(today)).distinct()
        ),
        today,
    )
    expiring = scope.agreements.filter(health.expiring_q(today)).distinct()
    # A PKS ending soon is warned like an MoU; one outliving its MoU is flagged with it.
    pks_ending = (
        scope.implementing.filter(health.pks_expiring_q(today) | health.pks_outlives_q())
        .select_related("agreement", "work_unit")
        .order_by("valid_until", "pk")
        if scope.implementing is not None
        else ImplementingAgreement.objects.none()
    )
    pks_ending = [selectors_pks.with_flags(pks, today) for pks in pks_ending]  # a few
    return {
        "overdue": overdue.select_related(
            "responsible_unit", "commitment__agreement", "commitment__sector", "pks"
        ).order_by("due_date", "pk")[:limit],
        "overdue_count": overdue.count(),
        "late": late.select_related("work_unit", "agreement").order_by("answer_due", "pk")[:limit],
        "late_count": late.count(),
        "unfunded": unfunded.select_related("agreement", "sector", "lead_unit").order_by(
            "agreement__title", "title"
        )[:limit],
        "unfunded_count": unfunded.count(),
        "no_progress": no_progress.select_related(
            "responsible_unit", "commitment__agreement", "pks"
        ).order_by(F("last_progress_on").asc(nulls_first=True), "due_date", "pk")[:limit],
        "no_progress_count": no_progress.count(),
        "delayed": delayed[:limit],
        "delayed_count": len(delayed),
        "expiring": expiring.select_related("partner").order_by("valid_until")[:limit],
        "expiring_count": expiring.count(),
        "pks_ending": pks_ending[:limit],
        "pks_ending_count": len(pks_ending),
    }


def _days(value: float) -> float | int:
    """9.0 → 9, 8.5 → 8.5: how a median of days reads."""
    value = round(value, 1)
    return int(value) if value == int(value) else value


def unit_scorecards(scope: health.Scope, today: date) -> list[dict]:
    """Per work unit: on-time work, overdue work, answers to the Bureau, budget."""
    cards: dict = {}

    def card(unit_id):
        return cards.setdefault(
            unit_id,
            {
                "due_so_far": 0,
                "on_time": 0,
                "overdue": 0,
                "received": 0,
                "answered": 0,
                "answered_late": 0,
                "unanswered_late": 0,
                "answer_days": [],
                "requested": 0,
                "allocated": 0,
            },
        )

    due_so_far = health.counts_as_due_q(today)
    for row in (
        scope.tasks.order_by()
        .values("responsible_unit")
        .annotate(
            due_so_far=Count("pk", filter=due_so_far),
            on_time=Count("pk", filter=due_so_far & health.done_on_time_q()),
            overdue=Count("pk", filter=health.overdue_tasks_q(today)),
        )
    ):
        card(row["responsible_unit"]).update(
            due_so_far=row["due_so_far"], on_time=row["on_time"], overdue=row["overdue"]
        )
    for row in (
        scope.letters.order_by()
        .annotate(answered_on=health.answered_late_annotation())
        .values("work_unit")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=~health.unanswered_letters_q()),
            answered_late=Count("pk", filter=health.answered_late_q()),
            unanswered_late=Count("pk", filter=health.late_letters_q(today)),
        )
    ):
        card(row["work_unit"]).update(
            {k: row[k] for k in ("received", "answered", "answered_late", "unanswered_late")}
        )
    answered = scope.letters.exclude(health.unanswered_letters_q()).annotate(
        answered_on=health.answered_late_annotation()
    )
    if connection.vendor == "postgresql":
        # The median in the database: at scale, fetching every answer costs more.
        for row in (
            answered.order_by()
            .values("work_unit")
            .annotate(median=MedianDays(F("answered_on"), F("sent_on")))
        ):
            card(row["work_unit"])["answer_days"] = [row["median"]]
    else:
        for unit_id, sent_on, answered_on in answered.values_list(
            "work_unit", "sent_on", "answered_on"
        ):
            card(unit_id)["answer_days"].append((answered_on - sent_on).days)
    for row in (
        scope.budget_lines.filter(fiscal_year=scope.fiscal_year)
        .order_by()
        .values("work_unit")
        .annotate(requested=Sum("amount_requested"), allocated=Sum("amount_allocated"))
    ):
        card(row["work_unit"]).update(requested=row["requested"], allocated=row["allocated"])
    statuses = health.assess(scope, today, by="work_unit")
    for unit_id in statuses:  # a unit that only leads unfunded commitments holds work back too
        card(unit_id)
    units = WorkUnit.objects.in_bulk(list(cards))
    result = []
    for unit_id, values in cards.items():
        days = values.pop("answer_days")
        result.append(
            {
                "unit": units[unit_id],
                **values,
                "on_time_share": values["on_time"] / values["due_so_far"]
                if values["due_so_far"]
                else None,
                "median_answer_days": _days(median(days)) if days else None,
                "assessment": statuses.get(unit_id, health.Assessment()),
            }
        )
    result.sort(
        key=lambda c: (
            -health.SEVERITY[c["assessment"].status],
            -c["overdue"],
            -c["unanswered_late"],
            c["unit"].name,
        )
    )
    return result


def budget_by_sector(scope: health.Scope, sectors: list | None = None) -> list[dict]:
    rows = (
        scope.budget_lines.filter(fiscal_year=scope.fiscal_year)
        .order_by()
        .values("commitment__sector")
        .annotate(
            requested=Sum("amount_requested"),
            allocated=Sum("amount_allocated"),
            spent=Sum("amount_spent"),
        )
    )
    sums = {row["commitment__sector"]: row for row in rows}
    result = []
    for sector in Sector.objects.order_by("name") if sectors is None else sectors:
        row = sums.get(sector.pk, {})
        requested, allocated = row.get("requested") or 0, row.get("allocated") or 0
        result.append(
            {
                "sector": sector,
                "requested": requested,
                "allocated": allocated,
                "spent": row.get("spent") or 0,
                "gap": max(requested - allocated, 0),
            }
        )
    return result


def upcoming(scope: health.Scope, today: date, limit: int = LIST_LIMIT) -> dict:
    tasks = list(
        scope.tasks.filter(health.soon_due_tasks_q(today))
        .select_related("responsible_unit", "commitment__agreement")
        .order_by("due_date", "pk")[:limit]
    )
    letters = list(
        scope.letters.filter(health.soon_due_letters_q(today))
        .select_related("work_unit")
        .order_by("answer_due", "pk")[:limit]
    )
    # One list in date order, tasks and letters mixed: what is due first comes first.
    due = sorted(
        [{"date": t.due_date, "task": t} for t in tasks]
        + [{"date": r.answer_due, "letter": r} for r in letters],
        key=lambda entry: entry["date"],
    )[:limit]
    return {
        "tasks": tasks,
        "letters": letters,
        "due": due,
        "window": health.threshold("SOON_DUE_DAYS"),
    }


def dashboard(scope: health.Scope, today: date, *, sectors: list | None = None) -> dict:
    """The dashboard's data over ``sectors`` (every sector by default; see dashboard_sectors)."""
    matrix = sector_matrix(scope, today, sectors)
    return {
        "today": today,
        "fiscal_year": scope.fiscal_year,
        "pipeline": pipeline(scope),
        "matrix": matrix,
        "stalled_sectors": [
            row
            for row in matrix
            if row["assessment"] and row["assessment"].status == health.Status.STALLED
        ],
        "items": items_behind(scope, today),
        "scorecards": unit_scorecards(scope, today),
        "budget": budget_by_sector(scope, sectors),
        "upcoming": upcoming(scope, today),
        "lead_times": pipeline_selectors.lead_times(agreements=scope.agreements, today=today),
    }


def agreement_statuses(scope: health.Scope, today: date) -> list[dict]:
    assessments = health.assess(scope, today, by="agreement")
    agreements = scope.agreements.select_related("partner").order_by("title")
    return [
        {
            "agreement": a,
            "assessment": None
            if a.stage in CLOSED_STAGES
            else assessments.get(a.pk, health.Assessment()),
        }
        for a in agreements
    ]
