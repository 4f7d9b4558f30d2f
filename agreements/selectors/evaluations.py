"""Reads of the annual evaluations: the portal's own figures for the study's three causes,
the form's prefill, the agreement's and PKS' sections, the evaluation page and its PDF.

The figures come from health.py's rules, never computed here a second time:

- no follow-up: the follow-up tasks due in the year evaluated and overdue today
  (``health.overdue_tasks_q``);
- no response: the letters whose answer was due in the year and that were answered late
  (``health.answered_late_q``) or are still unanswered past that date
  (``health.late_letters_q``);
- no budget: the commitments without an allocation in the fiscal year evaluated
  (``health.funded_in``, the "no budget" rule).

Evaluations weigh every unit's follow-up: only readers of every unit see them
(access.evaluations_visible_to); an officer sees nothing of them.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import access, health
from ..access import Right
from ..models import (
    BudgetLine,
    Commitment,
    CoordinationRequest,
    Evaluation,
    FollowUpTask,
    Stage,
)
from ..models.monitoring import Obstacle
from ..models.pks import PksStage
from .monitoring import IndicatorRow, indicator_rows

# An MoU "is or was in force" at these stages (terminated only once signed).
MOU_STAGES = frozenset({Stage.MOU, Stage.EXPIRED, Stage.TERMINATED})
PKS_STAGES = frozenset({PksStage.IN_FORCE, PksStage.EXPIRED, PksStage.TERMINATED})


@dataclass(frozen=True)
class Figures:
    """The portal's figure for each of the study's causes, for one MoU or PKS and year."""

    overdue_tasks: int
    late_answers: int
    unfunded_commitments: int

    def for_obstacle(self, obstacle: str) -> int:
        return {
            Obstacle.NO_FOLLOW_UP: self.overdue_tasks,
            Obstacle.NO_RESPONSE: self.late_answers,
            Obstacle.NO_BUDGET: self.unfunded_commitments,
        }[obstacle]


def figure_text(obstacle: str, count: int) -> str:
    """ "3 tugas terlambat", "2 surat dijawab terlambat atau belum dijawab", …"""
    if obstacle == Obstacle.NO_FOLLOW_UP:
        text = ngettext("%(count)s overdue task", "%(count)s overdue tasks", count)
    elif obstacle == Obstacle.NO_RESPONSE:
        text = ngettext(
            "%(count)s letter answered late or not answered",
            "%(count)s letters answered late or not answered",
            count,
        )
    else:
        text = ngettext(
            "%(count)s commitment without a budget", "%(count)s commitments without a budget", count
        )
    return text % {"count": count}


def _scope(*, agreement, pks):
    """The tasks, letters, commitments and budget lines of the MoU (all of them, its PKS'
    included) or of one PKS."""
    if pks is not None:
        return (
            FollowUpTask.objects.filter(pks=pks),
            CoordinationRequest.objects.filter(task__pks=pks),
            Commitment.objects.filter(implementing_agreements=pks),
            BudgetLine.objects.filter(pks=pks),
        )
    return (
        FollowUpTask.objects.filter(commitment__agreement=agreement),
        CoordinationRequest.objects.filter(agreement=agreement),
        Commitment.objects.filter(agreement=agreement),
        BudgetLine.objects.filter(commitment__agreement=agreement),
    )


def evaluation_figures(*, agreement, pks=None, year: int, today: date) -> Figures:
    """The portal's figures for ``year``, as they stand on ``today`` (three queries)."""
    tasks, letters, commitments, lines = _scope(agreement=agreement, pks=pks)
    overdue = tasks.filter(health.overdue_tasks_q(today), due_date__year=year).count()
    late = (
        letters.filter(answer_due__year=year)
        .annotate(answered_on=health.answered_late_annotation())
        .filter(health.late_letters_q(today) | health.answered_late_q())
        .count()
    )
    unfunded = (
        commitments.annotate(funded=health.funded_in(year, lines)).filter(funded=False).count()
    )
    return Figures(overdue_tasks=overdue, late_answers=late, unfunded_commitments=unfunded)


def stored_figures(evaluation: Evaluation) -> Figures:
    return Figures(
        overdue_tasks=evaluation.overdue_tasks,
        late_answers=evaluation.late_answers,
        unfunded_commitments=evaluation.unfunded_commitments,
    )


def current_figures(evaluation: Evaluation, *, today: date) -> Figures:
    """A completed evaluation's figures are those it stored; a draft's are today's."""
    if evaluation.is_completed:
        return stored_figures(evaluation)
    return evaluation_figures(
        agreement=evaluation.agreement, pks=evaluation.pks, year=evaluation.year, today=today
    )


def year_indicators(*, agreement, pks=None, year: int, user) -> list[IndicatorRow]:
    """The year's indicators of the MoU (its PKS' included) or of the PKS."""
    if pks is not None:
        return indicator_rows(user=user, year=year, pks=pks)
    return indicator_rows(user=user, year=year, agreement=agreement)


def achievements_text(rows: list[IndicatorRow]) -> str:
    """One line per indicator: "name: realised of target (share %)", in the portal's
    language whoever fills the form in (the text is stored and printed as it is)."""
    with translation.override(settings.LANGUAGE_CODE):
        return "\n".join(_achievement_line(row) for row in rows)


def _achievement_line(row: IndicatorRow) -> str:
    share = row.share
    return _("%(name)s: %(realised)s of %(target)s (%(share)s)") % {
        "name": row.name,
        "realised": row.realised_text,
        "target": row.target_text,
        "share": f"{share}%" if share is not None else "–",
    }


def evaluation_prefill(*, agreement, pks=None, year: int, user, today: date) -> dict:
    """The new evaluation form's initial values and the figures behind its obstacles."""
    rows = year_indicators(agreement=agreement, pks=pks, year=year, user=user)
    figures = evaluation_figures(agreement=agreement, pks=pks, year=year, today=today)
    return {
        "initial": {
            "year": year,
            "achievements": achievements_text(rows),
            "obstacle_no_follow_up": figures.overdue_tasks > 0,
            "obstacle_no_response": figures.late_answers > 0,
            "obstacle_no_budget": figures.unfunded_commitments > 0,
        },
        "figures": figures,
        "indicators": rows,
    }


def may_be_evaluated(*, agreement, pks=None) -> bool:
    """An MoU or PKS that is or was in force."""
    if pks is not None:
        return pks.stage in PKS_STAGES and pks.signed_on is not None
    return agreement.stage in MOU_STAGES and agreement.mou_signed_date is not None


# --- the sections of the agreement and PKS pages ---------------------------------------------


@dataclass
class EvaluationsSection:
    """What templates/agreements/evaluations_section.html shows (key "evaluations")."""

    visible: bool
    rows: list = field(default_factory=list)
    new_url: str = ""  # empty: no "New evaluation" button

    def __bool__(self):
        return self.visible

    def __iter__(self):
        return iter(self.rows)


def _section(*, user, evaluations, may_evaluate: bool, new_url: str) -> EvaluationsSection:
    if not access.can(user, Right.SEE_ALL_UNITS):
        return EvaluationsSection(visible=False)
    rows = list(evaluations.select_related("completed_by", "signed_off_by").order_by("-year"))
    show_new = may_evaluate and access.can(user, Right.EVALUATE)
    return EvaluationsSection(visible=True, rows=rows, new_url=new_url if show_new else "")


def agreement_evaluations(*, agreement, user) -> EvaluationsSection:
    """The MoU's own evaluations (not its PKS'), newest year first; nothing for officers."""
    return _section(
        user=user,
        evaluations=access.evaluations_visible_to(user).filter(
            agreement=agreement, pks__isnull=True
        ),
        may_evaluate=may_be_evaluated(agreement=agreement),
        new_url=reverse("agreements:evaluation_create", args=[agreement.pk]),
    )


def pks_evaluations(*, pks, user) -> EvaluationsSection:
    return _section(
        user=user,
        evaluations=access.evaluations_visible_to(user).filter(pks=pks),
        may_evaluate=may_be_evaluated(agreement=pks.agreement, pks=pks),
        new_url=reverse("agreements:pks_evaluation_create", args=[pks.pk]),
    )


# --- the evaluation page and its PDF ------------------------------------------------------


def obstacle_rows(evaluation: Evaluation, figures: Figures) -> list[dict]:
    chosen = set(evaluation.obstacles)
    return [
        {
            "obstacle": obstacle,
            "label": obstacle.label,
            "chosen": obstacle in chosen,
            "figure": figures.for_obstacle(obstacle),
            "figure_text": figure_text(obstacle, figures.for_obstacle(obstacle)),
        }
        for obstacle in Obstacle
    ]


def evaluation_context(*, evaluation: Evaluation, user, today: date) -> dict:
    """Everything the evaluation page and its PDF show."""
    figures = current_figures(evaluation, today=today)
    return {
        "evaluation": evaluation,
        "agreement": evaluation.agreement,
        "pks": evaluation.pks,
        "indicators": year_indicators(
            agreement=evaluation.agreement, pks=evaluation.pks, year=evaluation.year, user=user
        ),
        "figures": figures,
        "obstacles": obstacle_rows(evaluation, figures),
        "today": today,
    }


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day when it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_from(renewal_date: date) -> date:
    """The earliest completion date an evaluation may have to carry a renewal on
    ``renewal_date``: EVALUATION_VALID_MONTHS months before it (that day included)."""
    return months_before(renewal_date, settings.EVALUATION_VALID_MONTHS)


def renewal_evaluation(*, agreement, on: date) -> Evaluation | None:
    """The evaluation a renewal dated ``on`` rests on: the MoU's latest completed (or
    signed-off) one, completed within EVALUATION_VALID_MONTHS months before ``on`` and not
    after it. See services/lifecycle.agreement_record_steps."""
    return (
        Evaluation.objects.filter(
            Q(agreement=agreement, pks__isnull=True)
            & ~Q(status="draft")
            & Q(completed_on__gte=valid_from(on), completed_on__lte=on)
        )
        .order_by("-completed_on", "-year", "-pk")
        .first()
    )


def renewal_basis_preview(*, agreement, today: date) -> dict:
    """What the renewal form shows before it is filled in: the evaluation a renewal dated
    today would rest on (None: it would be refused), the months it may be old, and the
    link to start one."""
    return {
        "evaluation": renewal_evaluation(agreement=agreement, on=today),
        "months": settings.EVALUATION_VALID_MONTHS,
        "new_url": reverse("agreements:evaluation_create", args=[agreement.pk]),
        "recorded_on": timezone.localtime(agreement.created_at).date(),
    }
