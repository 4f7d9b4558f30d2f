"""Writes on the annual work plans: plans, their activities and indicators, the task an
activity becomes, and the realisation the work units report with their progress.

Every write checks the current state, refuses with a MonitoringError (a translated
message, nothing changed), and saves inside one transaction with the actor named in the
change history.
"""

import calendar
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Indicator, PlannedActivity, Realisation, WorkPlan
from ..models.documents import DocumentKind
from ..models.followup import Commitment, FollowUpTask
from ..selectors.monitoring import format_figure
from .base import save_as
from .documents import document_create
from .followup import progress_post, progress_saved_before, task_create


class MonitoringError(Exception):
    """A write the work plan rules refuse; the message is shown to the user, beside
    ``field`` when it names one."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


INDICATOR_FIELDS = ("name", "benefit_kind", "unit", "target")


def _duplicate_message(*, pks, year) -> str:
    if pks is not None:
        return _("This PKS already has a work plan for %(year)s.") % {"year": year}
    return _("This MoU already has a work plan for %(year)s.") % {"year": year}


def _check_in_force(*, agreement, pks) -> None:
    if pks is not None:
        if pks.agreement_id != agreement.pk:
            raise MonitoringError(_("The PKS does not belong to this MoU."))
        if not pks.is_in_force:
            raise MonitoringError(_("A work plan is recorded only for a PKS in force."))
    elif not agreement.is_in_force:
        raise MonitoringError(_("A work plan is recorded only for an MoU in force."))


def _year_taken(*, agreement, pks, year, exclude=None) -> bool:
    plans = WorkPlan.objects.filter(year=year)
    plans = (
        plans.filter(pks=pks)
        if pks is not None
        else plans.filter(agreement=agreement, pks__isnull=True)
    )
    if exclude is not None:
        plans = plans.exclude(pk=exclude.pk)
    return plans.exists()


def _save_plan(plan: WorkPlan, actor) -> WorkPlan:
    """Save; the database's one-plan-per-year constraint backs the check made before."""
    try:
        with transaction.atomic():
            return save_as(plan, actor)
    except IntegrityError:
        raise MonitoringError(
            _duplicate_message(pks=plan.pks, year=plan.year), field="year"
        ) from None


def _stored_title(year: int) -> str:
    """A stored document title is in the portal's language, whoever uploads it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Annual work plan %(year)s") % {"year": year}


@transaction.atomic
def work_plan_create(
    *,
    agreement,
    actor,
    year: int,
    meeting_date: date,
    meeting_place: str = "",
    notes: str = "",
    pks=None,
    document=None,
) -> WorkPlan:
    """Record the year's work plan of an MoU in force (``pks`` None) or of a PKS in force,
    with the minutes of the annual meeting or the plan itself as an optional document."""
    _check_in_force(agreement=agreement, pks=pks)
    if _year_taken(agreement=agreement, pks=pks, year=year):
        raise MonitoringError(_duplicate_message(pks=pks, year=year), field="year")
    plan = _save_plan(
        WorkPlan(
            agreement=agreement,
            pks=pks,
            year=year,
            meeting_date=meeting_date,
            meeting_place=meeting_place.strip(),
            notes=notes.strip(),
            created_by=actor,
        ),
        actor,
    )
    if document is not None:
        document_create(
            agreement=agreement,
            actor=actor,
            file=document,
            kind=DocumentKind.WORK_PLAN,
            title=_stored_title(year),
            pks=pks,
        )
    return plan


@transaction.atomic
def work_plan_update(
    *, work_plan, actor, year: int, meeting_date: date, meeting_place: str = "", notes: str = ""
) -> WorkPlan:
    if _year_taken(agreement=work_plan.agreement, pks=work_plan.pks, year=year, exclude=work_plan):
        raise MonitoringError(_duplicate_message(pks=work_plan.pks, year=year), field="year")
    work_plan.year = year
    work_plan.meeting_date = meeting_date
    work_plan.meeting_place = meeting_place.strip()
    work_plan.notes = notes.strip()
    return _save_plan(work_plan, actor)


def _check_commitment(work_plan, commitment) -> None:
    if commitment is not None and commitment.agreement_id != work_plan.agreement_id:
        raise MonitoringError(_("The commitment does not belong to the plan's MoU."))


def _check_indicators(indicators) -> None:
    if not 1 <= len(indicators) <= 5:
        raise MonitoringError(_("An activity has one to five indicators."))


def _indicator_save(*, activity, actor, data: dict, indicator: Indicator | None = None):
    indicator = indicator or Indicator(activity=activity)
    for name in INDICATOR_FIELDS:
        setattr(indicator, name, data[name])
    indicator.name = indicator.name.strip()
    return save_as(indicator, actor)


@transaction.atomic
def activity_create(
    *,
    work_plan,
    actor,
    title: str,
    sector,
    work_unit,
    quarter: int,
    indicators: list[dict],
    description: str = "",
    commitment=None,
) -> PlannedActivity:
    """Add an activity with its indicators (dicts of name, benefit_kind, unit, target)."""
    _check_commitment(work_plan, commitment)
    _check_indicators(indicators)
    activity = save_as(
        PlannedActivity(
            work_plan=work_plan,
            title=title.strip(),
            description=description.strip(),
            sector=sector,
            work_unit=work_unit,
            quarter=quarter,
            commitment=commitment,
        ),
        actor,
    )
    for data in indicators:
        _indicator_save(activity=activity, actor=actor, data=data)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity,
    actor,
    title: str,
    sector,
    work_unit,
    quarter: int,
    indicators: list[dict],
    remove=(),
    description: str = "",
    commitment=None,
) -> PlannedActivity:
    """Edit an activity; ``indicators`` are kept or new (a dict with ``indicator``, the
    row it edits, or without: a new one), ``remove`` those taken away (refused for an
    indicator with a realisation: the figures reported stay)."""
    activity = PlannedActivity.objects.select_for_update().get(pk=activity.pk)
    _check_commitment(activity.work_plan, commitment)
    _check_indicators(indicators)
    own = {i.pk: i for i in activity.indicators.all()}
    for indicator in remove:
        if indicator.pk not in own:
            raise MonitoringError(_("The indicator does not belong to this activity."))
        indicator_delete(indicator=own[indicator.pk], actor=actor)
    activity.title = title.strip()
    activity.description = description.strip()
    activity.sector = sector
    activity.work_unit = work_unit
    activity.quarter = quarter
    activity.commitment = commitment
    save_as(activity, actor)
    for data in indicators:
        existing = data.get("indicator")
        if existing is not None and existing.pk not in own:
            raise MonitoringError(_("The indicator does not belong to this activity."))
        _indicator_save(
            activity=activity,
            actor=actor,
            data=data,
            indicator=own.get(existing.pk) if existing is not None else None,
        )
    return activity


@transaction.atomic
def activity_delete(*, activity, actor) -> None:
    """Remove an activity while it has no task (a task keeps the follow-up's history)."""
    activity = PlannedActivity.objects.select_for_update().get(pk=activity.pk)
    if activity.task_id:
        raise MonitoringError(
            _("The activity has become a follow-up task: it can no longer be removed.")
        )
    for indicator in activity.indicators.all():
        indicator_delete(indicator=indicator, actor=actor)
    activity._history_user = actor
    activity.delete()


@transaction.atomic
def indicator_delete(*, indicator, actor) -> None:
    if indicator.realisations.exists():
        raise MonitoringError(
            _("“%(indicator)s” has realisation reported: it can no longer be removed.")
            % {"indicator": indicator.name}
        )
    indicator._history_user = actor
    indicator.delete()


def quarter_end(year: int, quarter: int) -> date:
    """The last day of a quarter: 31 March, 30 June, 30 September, 31 December."""
    month = quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


def activity_commitment(activity) -> Commitment | None:
    """The commitment a task of the activity goes under: its own, or the MoU's commitment
    in its sector (the activity's unit's first, when it leads one)."""
    if activity.commitment_id:
        return activity.commitment
    candidates = Commitment.objects.filter(
        agreement_id=activity.work_plan.agreement_id, sector_id=activity.sector_id
    ).order_by("pk")
    return candidates.filter(lead_unit_id=activity.work_unit_id).first() or candidates.first()


def _task_description(activity) -> str:
    """The activity's description and its indicators, in the portal's language (the task
    keeps the text, whoever reads it later)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _task_text(activity)


def _task_text(activity) -> str:
    lines = [activity.description.strip()] if activity.description.strip() else []
    indicators = list(activity.indicators.order_by("pk"))
    if indicators:
        lines.append(
            _("Indicators of the annual work plan %(year)s:") % {"year": activity.work_plan.year}
        )
        lines += [f"- {i.name}: {format_figure(i.target, i.unit)}" for i in indicators]
    return "\n".join(lines)


@transaction.atomic
def activity_make_task(*, activity, actor) -> FollowUpTask:
    """Turn the activity into a follow-up task, once: a second call returns the same task.

    The task goes under the activity's commitment (or the MoU's in its sector), is due on
    the last day of the planned quarter, and is the activity's unit's."""
    activity = (
        PlannedActivity.objects.select_for_update(of=("self",))  # a nullable join cannot be locked
        .select_related("work_plan__agreement", "work_plan__pks", "commitment", "task")
        .get(pk=activity.pk)
    )
    if activity.task_id:
        return activity.task
    commitment = activity_commitment(activity)
    if commitment is None:
        raise MonitoringError(
            _(
                "Link the activity to a commitment first: the MoU has no commitment in "
                "the sector %(sector)s."
            )
            % {"sector": activity.sector.name}
        )
    plan = activity.work_plan
    task = task_create(
        commitment=commitment,
        actor=actor,
        responsible_unit=activity.work_unit,
        title=activity.title,
        due_date=quarter_end(plan.year, activity.quarter),
        description=_task_description(activity),
        pks=plan.pks,
    )
    activity.task = task
    if activity.commitment_id is None:
        activity.commitment = commitment
    save_as(activity, actor)
    return task


@transaction.atomic
def realisations_record(*, update, actor, figures: dict) -> list[Realisation]:
    """One Realisation per figure ({Indicator: value}) reported with the progress update,
    dated as the update; the indicators must be those of the update's task."""
    rows = []
    allowed = set(
        Indicator.objects.filter(activity__task_id=update.task_id).values_list("pk", flat=True)
    )
    for indicator, value in figures.items():
        if value is None:
            continue
        if indicator.pk not in allowed:
            raise MonitoringError(_("The indicator does not belong to this task."))
        rows.append(
            save_as(
                Realisation(
                    indicator=indicator,
                    progress_update=update,
                    date=update.date,
                    value=value,
                    recorded_by=actor,
                ),
                actor,
            )
        )
    return rows


@transaction.atomic
def progress_post_with_figures(*, task, actor, figures: dict | None = None, **progress):
    """services/followup.progress_post, and the realisation reported with it, in one
    transaction: a refusal of either saves nothing. A repeated post (same idempotency
    key) records no figure twice."""
    if progress_saved_before(task=task, idempotency_key=progress.get("idempotency_key")):
        return progress_post(task=task, actor=actor, **progress)
    update = progress_post(task=task, actor=actor, **progress)
    if figures and not update.realisations.exists():
        realisations_record(update=update, actor=actor, figures=figures)
    return update
