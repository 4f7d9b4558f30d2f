"""On track, at risk, stalled: the status rules, in one place.

Every rule is a plain function of ``today`` (a date in WITA). The lists, the
reminders, the dashboards and the PDF reports all read this module, so they never
disagree. Item rules come twice, side by side: as a predicate on one object, and
as a ``Q`` for querysets; tests hold the two to the same answers. Tasks: open, done,
done on time, counted as due, overdue, soon due, escalated, without recent progress.
Letters: late, soon due, answered late, escalated, and their one ``letter_state``.
No list, page, report or reminder computes one of these itself.

The status of an agreement, a sector or a work unit is the worst level among its
findings. Each finding names one of the study's causes, or a lifecycle delay:

- overdue      at risk: a follow-up task is past its due date;
               stalled: one is late by more than OVERDUE_STALLED_DAYS (30).
- no response  at risk: a letter is past its answer date without an answer (the unit
               is "silent": in this portal the word means that, and only that);
               stalled: one is unanswered more than NO_RESPONSE_STALLED_DAYS (14) past it.
- no progress  at risk: open tasks, none reported on for NO_PROGRESS_AT_RISK_DAYS (30);
               stalled: the same for NO_PROGRESS_STALLED_DAYS (60).
- no budget    at risk: a commitment has no budget allocated in the fiscal year;
               stalled: no commitment has any allocation in the fiscal year.
- delayed      at risk: a file before the signing has been held longer than the
               guideline of the step it waits for; stalled: longer than twice that.
               Attributed to whoever holds it (the Bureau, a work unit, the DPRD, a
               ministry, the partner): it counts for the agreement and for the work unit
               that holds it, never for the agreement's sectors, whose status comes from
               the follow-up of agreements in force. The guidelines, per step awaited:
               GUIDE_LOI_DAYS (365), GUIDE_PLAN_DAYS (90), GUIDE_DPRD_DAYS (60),
               GUIDE_VERIFICATION_DAYS (90), GUIDE_FULL_POWERS_DAYS (30),
               GUIDE_SIGNING_DAYS (60).
- expiring     at risk: an MoU ends within EXPIRY_WARNING_DAYS (180); a PKS likewise.
- outlives     at risk: a PKS in force ends after its MoU, or its MoU has ended.

Visits abroad have two warnings (never refusals, never part of a status): the permit
requested fewer than PERMIT_LEAD_DAYS (10) days before departure, and an exploratory
mission (before the LoI) of more than EXPLORATORY_MISSION_MAX_PEOPLE (5) people.

A due date or answer date that is today is not yet late. Every number above is a
default in ``DEFAULTS`` and can be overridden with the ``HEALTH`` setting (from
``HEALTH_<NAME>`` environment variables), e.g. ``HEALTH_OVERDUE_STALLED_DAYS=60``;
a threshold of 0 makes the "stalled" level apply as soon as the reason does.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import lifecycle
from .models.agreements import AgreementKind, Stage
from .models.followup import OPEN_STATUSES, TaskStatus
from .models.pks import PksStage
from .models.visits import VisitDirection, VisitParticipant

DEFAULTS = {
    # A follow-up task due, or a letter to answer, within this many days is "soon due".
    "SOON_DUE_DAYS": 14,
    # Items late by more than this many days are escalated to the Bureau and Leadership.
    "ESCALATE_AFTER_DAYS": 14,
    # The status table above.
    "OVERDUE_STALLED_DAYS": 30,
    "NO_RESPONSE_STALLED_DAYS": 14,
    "NO_PROGRESS_AT_RISK_DAYS": 30,
    "NO_PROGRESS_STALLED_DAYS": 60,
    # How long a file may wait for each step of the path (lifecycle.STEPS' guideline).
    "GUIDE_LOI_DAYS": 365,
    "GUIDE_PLAN_DAYS": 90,
    "GUIDE_DPRD_DAYS": 60,
    "GUIDE_VERIFICATION_DAYS": 90,
    "GUIDE_FULL_POWERS_DAYS": 30,
    "GUIDE_SIGNING_DAYS": 60,
    "EXPIRY_WARNING_DAYS": 180,
    # Official travel abroad (Permendagri 59/2019): the permit is requested at least this
    # many days before departure, and an exploratory mission has at most this many members.
    "PERMIT_LEAD_DAYS": 10,
    "EXPLORATORY_MISSION_MAX_PEOPLE": 5,
}


def threshold(name: str) -> int:
    overrides = getattr(settings, "HEALTH", {})
    unknown = set(overrides) - set(DEFAULTS)
    if unknown:
        raise ImproperlyConfigured(f"Unknown HEALTH thresholds: {', '.join(sorted(unknown))}")
    return {**DEFAULTS, **overrides}[name]


# --- follow-up tasks ---------------------------------------------------------------
# A task due today is not yet overdue: overdue starts the day after the due date.


def task_is_open(task) -> bool:
    return task.status in OPEN_STATUSES


def open_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": OPEN_STATUSES})


def task_is_done(task) -> bool:
    return task.status == TaskStatus.DONE


def done_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": TaskStatus.DONE})


def task_done_on_time(task) -> bool:
    """Done, and completed on or before its due date."""
    return (
        task_is_done(task) and task.completed_on is not None and task.completed_on <= task.due_date
    )


def done_on_time_q(prefix: str = "") -> Q:
    return done_q(prefix) & Q(**{f"{prefix}completed_on__lte": F(f"{prefix}due_date")})


def task_counts_as_due(task, today: date) -> bool:
    """Due before today and not cancelled: the tasks an on-time share is taken of."""
    return task.status != TaskStatus.CANCELLED and task.due_date < today


def counts_as_due_q(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}due_date__lt": today}) & ~Q(**{f"{prefix}status": TaskStatus.CANCELLED})


def task_is_overdue(task, today: date) -> bool:
    return task.status in OPEN_STATUSES and task.due_date < today


def overdue_tasks_q(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}due_date__lt": today})


def task_is_soon_due(task, today: date) -> bool:
    horizon = today + timedelta(days=threshold("SOON_DUE_DAYS"))
    return task.status in OPEN_STATUSES and today <= task.due_date <= horizon


def soon_due_tasks_q(today: date, prefix: str = "") -> Q:
    horizon = today + timedelta(days=threshold("SOON_DUE_DAYS"))
    return Q(
        **{
            f"{prefix}status__in": OPEN_STATUSES,
            f"{prefix}due_date__gte": today,
            f"{prefix}due_date__lte": horizon,
        }
    )


def task_days_late(task, today: date) -> int:
    return (today - task.due_date).days if task_is_overdue(task, today) else 0


def task_is_escalated(task, today: date) -> bool:
    """Overdue by more than ESCALATE_AFTER_DAYS."""
    return task_days_late(task, today) > threshold("ESCALATE_AFTER_DAYS")


def escalated_tasks_q(today: date) -> Q:
    limit = today - timedelta(days=threshold("ESCALATE_AFTER_DAYS"))
    return Q(status__in=OPEN_STATUSES, due_date__lt=limit)


def task_lacks_recent_progress(task, today: date) -> bool:
    """Open, and no report for NO_PROGRESS_AT_RISK_DAYS; a task never reported on counts
    from the day it was assigned. These are the tasks behind a "no progress" finding."""
    if not task_is_open(task):
        return False
    cutoff = today - timedelta(days=threshold("NO_PROGRESS_AT_RISK_DAYS"))
    if task.last_progress_on is not None:
        return task.last_progress_on < cutoff
    return timezone.localtime(task.created_at).date() < cutoff


def no_recent_progress_q(today: date, prefix: str = "") -> Q:
    cutoff = today - timedelta(days=threshold("NO_PROGRESS_AT_RISK_DAYS"))
    return open_q(prefix) & (
        Q(**{f"{prefix}last_progress_on__lt": cutoff})
        | Q(**{f"{prefix}last_progress_on__isnull": True, f"{prefix}created_at__date__lt": cutoff})
    )


# --- letters (coordination requests) ----------------------------------------------------
# Late: past the answer date with no answer. An answer after the date counts as
# answered, but late. Answer times are compared as dates in WITA. The time that counts is
# the first answer's (answered_at): a later correction (answer_corrected_at) does not move it.


def letter_is_late(letter, today: date) -> bool:
    return letter.answered_at is None and letter.answer_due < today


def late_letters_q(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}answered_at__isnull": True, f"{prefix}answer_due__lt": today})


def unanswered_letters_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}answered_at__isnull": True})


def letter_is_soon_due(letter, today: date) -> bool:
    horizon = today + timedelta(days=threshold("SOON_DUE_DAYS"))
    return letter.answered_at is None and today <= letter.answer_due <= horizon


def soon_due_letters_q(today: date, prefix: str = "") -> Q:
    horizon = today + timedelta(days=threshold("SOON_DUE_DAYS"))
    return Q(
        **{
            f"{prefix}answered_at__isnull": True,
            f"{prefix}answer_due__gte": today,
            f"{prefix}answer_due__lte": horizon,
        }
    )


def letter_answered_late(letter) -> bool:
    if letter.answered_at is None:
        return False
    return timezone.localtime(letter.answered_at).date() > letter.answer_due


def answered_late_annotation():
    """Annotate ``answered_on`` (the WITA date of the answer) to filter answered-late."""
    return TruncDate("answered_at", tzinfo=timezone.get_current_timezone())


def answered_late_q() -> Q:
    """Use on a queryset annotated with ``answered_on=answered_late_annotation()``."""
    return Q(answered_at__isnull=False, answered_on__gt=F("answer_due"))


def letter_days_late(letter, today: date) -> int:
    return (today - letter.answer_due).days if letter_is_late(letter, today) else 0


def letter_is_escalated(letter, today: date) -> bool:
    """Unanswered more than ESCALATE_AFTER_DAYS past its answer date."""
    return letter_days_late(letter, today) > threshold("ESCALATE_AFTER_DAYS")


def escalated_letters_q(today: date) -> Q:
    limit = today - timedelta(days=threshold("ESCALATE_AFTER_DAYS"))
    return Q(answered_at__isnull=True, answer_due__lt=limit)


class LetterState(models.TextChoices):
    WAITING = "waiting", _("waiting for an answer")
    LATE = "late", _("late, no answer")
    ANSWERED = "answered", _("answered")
    ANSWERED_LATE = "answered_late", _("answered late")


def letter_state(letter, today: date) -> LetterState:
    if letter.answered_at is not None:
        return LetterState.ANSWERED_LATE if letter_answered_late(letter) else LetterState.ANSWERED
    return LetterState.LATE if letter_is_late(letter, today) else LetterState.WAITING


# --- status of agreements, sectors and work units -------------------------------------


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    STALLED = "stalled", _("Stalled")


SEVERITY = {Status.ON_TRACK: 0, Status.AT_RISK: 1, Status.STALLED: 2}


class Reason(models.TextChoices):
    OVERDUE = "overdue", _("Follow-up overdue")
    NO_RESPONSE = "no_response", _("No answer to the Bureau")
    NO_BUDGET = "no_budget", _("No budget allocated")
    NO_PROGRESS = "no_progress", _("No progress reported")
    DELAYED = "delayed", _("Delayed before signing")
    EXPIRING = "expiring", _("MoU expiring")
    PKS_EXPIRING = "pks_expiring", _("PKS expiring")
    PKS_OUTLIVES = "pks_outlives", _("PKS outlives its MoU")


@dataclass(frozen=True)
class Finding:
    """One reason why something is not on track, with how much and how long."""

    reason: str
    level: str
    count: int
    days: int | None = None
    # A delay's holder, in words ("DPRD", "Dinas Pariwisata"), when one holds them all.
    holder: str = ""

    @property
    def label(self) -> str:
        return Reason(self.reason).label

    @property
    def text(self) -> str:
        days = self.days or 0
        if self.reason == Reason.OVERDUE:
            return ngettext(
                "%(count)s follow-up task overdue, the oldest by %(days)s days",
                "%(count)s follow-up tasks overdue, the oldest by %(days)s days",
                self.count,
            ) % {"count": self.count, "days": days}
        if self.reason == Reason.NO_RESPONSE:
            return ngettext(
                "%(count)s request unanswered past its date, the oldest by %(days)s days",
                "%(count)s requests unanswered past their date, the oldest by %(days)s days",
                self.count,
            ) % {"count": self.count, "days": days}
        if self.reason == Reason.NO_BUDGET:
            return ngettext(
                "%(count)s commitment without budget allocated this fiscal year",
                "%(count)s commitments without budget allocated this fiscal year",
                self.count,
            ) % {"count": self.count}
        if self.reason == Reason.NO_PROGRESS:
            if self.days is None:
                return _("no progress reported on its open tasks yet")
            return _("no progress reported for %(days)s days") % {"days": days}
        if self.reason == Reason.DELAYED:
            if self.holder:
                return ngettext(
                    "held by %(holder)s for %(days)s days, past the guideline",
                    "%(count)s files held by %(holder)s past the guideline, the longest "
                    "for %(days)s days",
                    self.count,
                ) % {"count": self.count, "days": days, "holder": self.holder}
            return ngettext(
                "%(count)s file held past the guideline, for %(days)s days",
                "%(count)s files held past the guideline, the longest for %(days)s days",
                self.count,
            ) % {"count": self.count, "days": days}
        if self.reason == Reason.PKS_EXPIRING:
            return ngettext(
                "%(count)s PKS ends within %(days)s days",
                "%(count)s PKS end soon, the first within %(days)s days",
                self.count,
            ) % {"count": self.count, "days": days}
        if self.reason == Reason.PKS_OUTLIVES:
            return ngettext(
                "%(count)s PKS in force outlives its MoU",
                "%(count)s PKS in force outlive their MoU",
                self.count,
            ) % {"count": self.count}
        return ngettext(
            "%(count)s MoU ends within %(days)s days",
            "%(count)s MoUs end soon, the first within %(days)s days",
            self.count,
        ) % {"count": self.count, "days": days}


@dataclass
class Assessment:
    """The status of one agreement, sector or work unit, and why."""

    findings: list[Finding] = field(default_factory=list)
    # The counts the findings were computed from (tasks, open, done, overdue, late,
    # commitments, funded), for reports that show them beside the status.
    measures: dict = field(default_factory=dict)

    @property
    def status(self) -> str:
        levels = [f.level for f in self.findings] or [Status.ON_TRACK]
        return max(levels, key=SEVERITY.__getitem__)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    def finding(self, reason: str) -> Finding | None:
        return next((f for f in self.findings if f.reason == reason), None)


# Each rule below turns aggregated measures into a finding, or None.


def overdue_finding(count: int, oldest_due: date | None, today: date) -> Finding | None:
    if not count:
        return None
    days = (today - oldest_due).days
    stalled = days > threshold("OVERDUE_STALLED_DAYS")
    return Finding(Reason.OVERDUE, Status.STALLED if stalled else Status.AT_RISK, count, days)


def no_response_finding(count: int, oldest_due: date | None, today: date) -> Finding | None:
    if not count:
        return None
    days = (today - oldest_due).days
    stalled = days > threshold("NO_RESPONSE_STALLED_DAYS")
    return Finding(Reason.NO_RESPONSE, Status.STALLED if stalled else Status.AT_RISK, count, days)


def no_progress_finding(
    open_tasks: int, last_progress: date | None, oldest_open: date | None, today: date
) -> Finding | None:
    """Open tasks with no report for a while; a task only just assigned is given time."""
    if not open_tasks:
        return None
    since = last_progress or oldest_open
    if since is None:
        return None
    days = (today - since).days
    if days > threshold("NO_PROGRESS_STALLED_DAYS"):
        level = Status.STALLED
    elif days > threshold("NO_PROGRESS_AT_RISK_DAYS"):
        level = Status.AT_RISK
    else:
        return None
    return Finding(Reason.NO_PROGRESS, level, open_tasks, days if last_progress else None)


def no_budget_finding(commitments: int, funded: int) -> Finding | None:
    unfunded = commitments - funded
    if not unfunded:
        return None
    return Finding(Reason.NO_BUDGET, Status.STALLED if not funded else Status.AT_RISK, unfunded)


def guideline_days(kind: str, stage: str) -> int | None:
    """How long a file may wait in this stage: the guideline of the step it waits for."""
    step = lifecycle.next_step(kind, stage)
    return threshold(step.guideline) if step is not None else None


def delayed_q(today: date, prefix: str = "") -> Q:
    """Files before the signing held by their current holder longer than the guideline."""
    condition = Q(pk__in=[])
    for kind in AgreementKind.values:
        for stage in lifecycle.path_stages(kind):
            days = guideline_days(kind, stage)
            if days is None:
                continue
            condition |= Q(
                **{
                    f"{prefix}kind": kind,
                    f"{prefix}stage": stage,
                    f"{prefix}held_since__lt": today - timedelta(days=days),
                }
            )
    return condition


def days_held(agreement, today: date) -> int | None:
    if agreement.stage not in lifecycle.PRE_SIGNING_STAGES or agreement.held_since is None:
        return None
    return (today - agreement.held_since).days


def agreement_is_delayed(agreement, today: date) -> bool:
    days, limit = days_held(agreement, today), guideline_days(agreement.kind, agreement.stage)
    return days is not None and limit is not None and days > limit


def delay_level(days: int, limit: int) -> str:
    return Status.STALLED if days > 2 * limit else Status.AT_RISK


def delayed_finding(agreement, today: date) -> Finding | None:
    """One agreement's delay, named after its holder."""
    if not agreement_is_delayed(agreement, today):
        return None
    days = days_held(agreement, today)
    level = delay_level(days, guideline_days(agreement.kind, agreement.stage))
    return Finding(Reason.DELAYED, level, 1, days, holder=agreement.holder_name)


def expiring_q(today: date, prefix: str = "") -> Q:
    horizon = today + timedelta(days=threshold("EXPIRY_WARNING_DAYS"))
    return Q(
        **{
            f"{prefix}stage": Stage.MOU,
            f"{prefix}valid_until__gte": today,
            f"{prefix}valid_until__lte": horizon,
        }
    )


def expiring_finding(count: int, first_end: date | None, today: date) -> Finding | None:
    if not count:
        return None
    return Finding(Reason.EXPIRING, Status.AT_RISK, count, (first_end - today).days)


# --- implementing agreements (PKS) ---------------------------------------------------


def pks_expiring_q(today: date, prefix: str = "") -> Q:
    horizon = today + timedelta(days=threshold("EXPIRY_WARNING_DAYS"))
    return Q(
        **{
            f"{prefix}stage": PksStage.IN_FORCE,
            f"{prefix}valid_until__gte": today,
            f"{prefix}valid_until__lte": horizon,
        }
    )


def pks_is_expiring(pks, today: date) -> bool:
    horizon = today + timedelta(days=threshold("EXPIRY_WARNING_DAYS"))
    return pks.stage == PksStage.IN_FORCE and today <= pks.valid_until <= horizon


def pks_outlives_q(prefix: str = "") -> Q:
    """A PKS in force that ends after its MoU, or whose MoU has ended."""
    return Q(**{f"{prefix}stage": PksStage.IN_FORCE}) & (
        Q(**{f"{prefix}valid_until__gt": F(f"{prefix}agreement__valid_until")})
        | ~Q(**{f"{prefix}agreement__stage": Stage.MOU})
    )


def pks_outlives_mou(pks) -> bool:
    mou = pks.agreement
    if pks.stage != PksStage.IN_FORCE:
        return False
    return mou.stage != Stage.MOU or (
        mou.valid_until is not None and pks.valid_until > mou.valid_until
    )


def pks_expiring_finding(count: int, first_end: date | None, today: date) -> Finding | None:
    if not count:
        return None
    return Finding(Reason.PKS_EXPIRING, Status.AT_RISK, count, (first_end - today).days)


def pks_outlives_finding(count: int) -> Finding | None:
    return Finding(Reason.PKS_OUTLIVES, Status.AT_RISK, count) if count else None


# --- visits abroad (Permendagri 59/2019 on official travel abroad) -------------------
# Warnings, never refusals: shown on the visit's page, in the list and on its form.


def permit_deadline(visit) -> date:
    """The last day the official-travel permit is requested in time."""
    return visit.starts_on - timedelta(days=threshold("PERMIT_LEAD_DAYS"))


def permit_requested_late(visit, today: date) -> bool:
    """A mission abroad whose permit was requested fewer than PERMIT_LEAD_DAYS days before
    departure, or, not yet requested, whose last day to request it has passed. Exactly
    PERMIT_LEAD_DAYS days before departure is on time."""
    if visit.direction != VisitDirection.OUTGOING:
        return False
    if visit.permit_submitted_on is not None:
        return visit.permit_submitted_on > permit_deadline(visit)
    return today > permit_deadline(visit)


def permit_requested_late_q(today: date) -> Q:
    lead = timedelta(days=threshold("PERMIT_LEAD_DAYS"))
    deadline = ExpressionWrapper(F("starts_on") - lead, output_field=models.DateField())
    return Q(direction=VisitDirection.OUTGOING) & (
        Q(permit_submitted_on__gt=deadline)
        | Q(permit_submitted_on__isnull=True, starts_on__lt=today + lead)
    )


def visit_is_exploratory(visit) -> bool:
    """Made while the agreement had no Letter of Intent yet, on the first day of the visit."""
    loi = visit.agreement.loi_date
    return loi is None or visit.starts_on < loi


def exploratory_q() -> Q:
    return Q(agreement__loi_date__isnull=True) | Q(starts_on__lt=F("agreement__loi_date"))


def exploratory_mission_too_large(visit, participants: int | None = None) -> bool:
    """A mission abroad during the exploration with more than EXPLORATORY_MISSION_MAX_PEOPLE
    participants. ``participants``: the count (the form's, before saving); by default the
    visit's ``participant_count`` annotation, else its participants counted."""
    if visit.direction != VisitDirection.OUTGOING or not visit_is_exploratory(visit):
        return False
    if participants is None:
        participants = getattr(visit, "participant_count", None)
    if participants is None:
        participants = visit.participants.count()
    return participants > threshold("EXPLORATORY_MISSION_MAX_PEOPLE")


def exploratory_mission_too_large_q() -> Q:
    counted = Subquery(
        VisitParticipant.objects.filter(visit=OuterRef("pk"))
        .order_by()
        .values("visit")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    too_many = GreaterThan(counted, threshold("EXPLORATORY_MISSION_MAX_PEOPLE"))
    return Q(direction=VisitDirection.OUTGOING) & exploratory_q() & Q(too_many)


# --- gathering the measures, a few aggregate queries per kind of thing -----------------


@dataclass
class Scope:
    """The records a status is computed from: all of them, or one officer's unit's,
    narrowed by the dashboard's filters (partner, agreement, fiscal year)."""

    agreements: QuerySet
    commitments: QuerySet
    tasks: QuerySet
    updates: QuerySet
    letters: QuerySet
    budget_lines: QuerySet
    fiscal_year: int
    implementing: QuerySet | None = None  # the PKS in scope


# How each kind of record reaches the thing being assessed.
GROUP_PATHS = {
    "sector": {
        "tasks": "commitment__sector",
        "updates": "task__commitment__sector",
        "letters": "task__commitment__sector",
        "commitments": "sector",
        "budget_lines": "commitment__sector",
        # Expiring MoUs only: a file on its way to signing says nothing of a sector.
        "agreements": "sectors",
        "delays": None,
        "implementing": None,
    },
    "agreement": {
        "tasks": "commitment__agreement",
        "updates": "task__commitment__agreement",
        "letters": "agreement",
        "commitments": "agreement",
        "budget_lines": "commitment__agreement",
        "agreements": "pk",
        "delays": "pk",
        "implementing": "agreement",
    },
    "work_unit": {
        "tasks": "responsible_unit",
        "updates": "task__responsible_unit",
        "letters": "work_unit",
        "commitments": "lead_unit",
        "budget_lines": "work_unit",
        # Expiring MoUs are the Bureau's to act on, not a unit's; a file a unit holds
        # past its guideline is the unit's delay.
        "agreements": None,
        "delays": "holder_unit",
        "implementing": "work_unit",
    },
}


def funded_in(fiscal_year: int, budget_lines: QuerySet) -> Exists:
    return Exists(
        budget_lines.filter(
            commitment=OuterRef("pk"), fiscal_year=fiscal_year, amount_allocated__gt=0
        )
    )


def assess(scope: Scope, today: date, *, by: str) -> dict:
    """The Assessment of every sector, agreement or work unit (``by``) in the scope."""
    paths = GROUP_PATHS[by]
    findings: dict = defaultdict(list)
    measures: dict = defaultdict(dict)

    def grouped(queryset, path, **aggregates):
        rows = queryset.order_by().values(group=F(path)).annotate(**aggregates)
        return [row for row in rows if row["group"] is not None]

    is_open = open_q()
    for row in grouped(
        scope.tasks,
        paths["tasks"],
        tasks=Count("pk"),
        open_tasks=Count("pk", filter=is_open),
        done=Count("pk", filter=done_q()),
        oldest_open=Min("created_at", filter=is_open),
        # Only reports on open tasks count: a finished task says nothing of the rest.
        last_progress=Max("last_progress_on", filter=is_open),
        overdue=Count("pk", filter=overdue_tasks_q(today)),
        oldest_due=Min("due_date", filter=overdue_tasks_q(today)),
    ):
        findings[row["group"]].append(overdue_finding(row["overdue"], row["oldest_due"], today))
        measures[row["group"]].update(
            tasks=row["tasks"], open=row["open_tasks"], done=row["done"], overdue=row["overdue"]
        )
        oldest_open = row["oldest_open"] and timezone.localtime(row["oldest_open"]).date()
        findings[row["group"]].append(
            no_progress_finding(row["open_tasks"], row["last_progress"], oldest_open, today)
        )
    for row in grouped(
        scope.letters,
        paths["letters"],
        late=Count("pk", filter=late_letters_q(today)),
        oldest_due=Min("answer_due", filter=late_letters_q(today)),
    ):
        findings[row["group"]].append(no_response_finding(row["late"], row["oldest_due"], today))
        measures[row["group"]]["late"] = row["late"]
    for row in grouped(
        scope.commitments.annotate(funded=funded_in(scope.fiscal_year, scope.budget_lines)),
        paths["commitments"],
        total=Count("pk"),
        funded_count=Count("pk", filter=Q(funded=True)),
    ):
        findings[row["group"]].append(no_budget_finding(row["total"], row["funded_count"]))
        measures[row["group"]].update(commitments=row["total"], funded=row["funded_count"])
    if paths["agreements"]:
        for row in grouped(
            scope.agreements,
            paths["agreements"],
            expiring=Count("pk", filter=expiring_q(today), distinct=True),
            first_end=Min("valid_until", filter=expiring_q(today)),
        ):
            findings[row["group"]].append(
                expiring_finding(row["expiring"], row["first_end"], today)
            )
    if paths["delays"]:
        delayed = scope.agreements.filter(delayed_q(today)).select_related("holder_unit")
        for agreement in delayed.order_by():
            group = agreement.pk if by == "agreement" else agreement.holder_unit_id
            if group is None:
                continue
            finding = delayed_finding(agreement, today)
            findings[group].append(finding)
        for group, found in findings.items():  # several files held by one unit: one finding
            merged = [f for f in found if f and f.reason == Reason.DELAYED]
            if len(merged) > 1:
                rest = [f for f in found if not (f and f.reason == Reason.DELAYED)]
                worst = max(merged, key=lambda f: (SEVERITY[f.level], f.days))
                rest.append(
                    Finding(Reason.DELAYED, worst.level, len(merged), worst.days, worst.holder)
                )
                findings[group] = rest
    if paths["implementing"] and scope.implementing is not None:
        for row in grouped(
            scope.implementing,
            paths["implementing"],
            expiring=Count("pk", filter=pks_expiring_q(today)),
            first_end=Min("valid_until", filter=pks_expiring_q(today)),
            outlives=Count("pk", filter=pks_outlives_q()),
        ):
            findings[row["group"]].append(
                pks_expiring_finding(row["expiring"], row["first_end"], today)
            )
            findings[row["group"]].append(pks_outlives_finding(row["outlives"]))
    order = list(Reason)
    return {
        group: Assessment(
            sorted((f for f in found if f), key=lambda f: order.index(f.reason)),
            measures[group],
        )
        for group, found in findings.items()
    }
