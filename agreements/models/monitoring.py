"""Monitoring and evaluation: the annual work plans agreed with the partner, their
indicators and the realisation the work units report, and the annual evaluation that
comes before a renewal.

A WorkPlan is the year's plan (*rencana kerja tahunan*) of an MoU or of one of its PKS;
its PlannedActivities each have a sector, a responsible work unit and a quarter, and
become follow-up tasks; each Indicator has a benefit kind, a unit and a target. The
work units report Realisations on the activity's task, with its progress update (the
evidence hangs there): an indicator's realised figure is the sum of its realisations.
Indicators add up across agreements only when their benefit kind and unit agree.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class BenefitKind(models.TextChoices):
    """The benefits of foreign cooperation the study names, and those the plans measure."""

    INFORMATION = "information", _("Exchange of information")
    KNOWLEDGE = "knowledge", _("Ideas and knowledge")
    CULTURE = "culture", _("Culture")
    TECHNOLOGY = "technology", _("Technology transfer")
    INVESTMENT = "investment", _("Investment")
    TRADE = "trade", _("Trade")
    TOURISM = "tourism", _("Tourism")
    EDUCATION = "education", _("Education")


class IndicatorUnit(models.TextChoices):
    """What an indicator counts. Figures add up only within one unit: never people to
    rupiah, never students to tonnes."""

    PEOPLE = "people", _("people")
    STUDENTS = "students", _("students")
    RUPIAH = "rupiah", _("rupiah")
    US_DOLLARS = "usd", _("US dollars")
    TONNES = "tonnes", _("tonnes")
    HECTARES = "hectares", _("hectares")
    EVENTS = "events", _("events")
    DOCUMENTS = "documents", _("documents")
    PRODUCTS = "products", _("products")
    ENTERPRISES = "enterprises", _("enterprises")


MONEY_UNITS = frozenset({IndicatorUnit.RUPIAH, IndicatorUnit.US_DOLLARS})


class Quarter(models.IntegerChoices):
    Q1 = 1, _("Q1 (January–March)")
    Q2 = 2, _("Q2 (April–June)")
    Q3 = 3, _("Q3 (July–September)")
    Q4 = 4, _("Q4 (October–December)")


def _year_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(year__gte=2000) & Q(year__lte=2100), name=f"{name}_year_range"
    )


def _one_per_year(name: str) -> list[models.UniqueConstraint]:
    """One row per MoU (without PKS) and year, and one per PKS and year."""
    return [
        models.UniqueConstraint(
            fields=["agreement", "year"],
            condition=Q(pks__isnull=True),
            name=f"{name}_one_per_mou_year",
        ),
        models.UniqueConstraint(
            fields=["pks", "year"],
            condition=Q(pks__isnull=False),
            name=f"{name}_one_per_pks_year",
        ),
    ]


class WorkPlan(models.Model):
    """The year's work plan of an MoU, or of one of its PKS, agreed at the annual meeting
    with the partner. One per MoU (without PKS) and year, one per PKS and year."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("MoU"),
        on_delete=models.PROTECT,
        related_name="work_plans",
    )
    pks = models.ForeignKey(
        "agreements.ImplementingAgreement",
        verbose_name=_("PKS"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    meeting_date = models.DateField(
        _("annual meeting"), help_text=_("The meeting with the partner that agreed the plan.")
    )
    meeting_place = models.CharField(_("place of the meeting"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual work plan")
        verbose_name_plural = _("annual work plans")
        ordering = ["agreement", "-year", "pks"]
        constraints = [
            _year_range("work_plan"),
            *_one_per_year("work_plan"),
        ]

    def __str__(self):
        return f"{self.pks or self.agreement} · {self.year}"

    def get_absolute_url(self):
        return reverse("agreements:work_plan_detail", args=[self.pk])


class PlannedActivity(models.Model):
    """One activity of a work plan. ``task`` is the follow-up task it became (one click)."""

    work_plan = models.ForeignKey(
        WorkPlan,
        verbose_name=_("annual work plan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField(_("activity"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    sector = models.ForeignKey(
        "agreements.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="planned_activities",
    )
    work_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("responsible work unit"),
        on_delete=models.PROTECT,
        related_name="planned_activities",
    )
    quarter = models.PositiveSmallIntegerField(_("planned quarter"), choices=Quarter.choices)
    # The MoU's area of cooperation it carries out: the task is made under it.
    commitment = models.ForeignKey(
        "agreements.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_activities",
    )
    task = models.OneToOneField(
        "agreements.FollowUpTask",
        verbose_name=_("follow-up task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_activity",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        ordering = ["work_plan", "quarter", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="activity_quarter_valid"
            ),
        ]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """A measure of an activity's benefit: e.g. "wisatawan Tiongkok ke NTB", 5.000 people."""

    activity = models.ForeignKey(
        PlannedActivity,
        verbose_name=_("planned activity"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("indicator"), max_length=255)
    benefit_kind = models.CharField(_("benefit"), max_length=16, choices=BenefitKind.choices)
    unit = models.CharField(_("unit"), max_length=16, choices=IndicatorUnit.choices)
    target = models.PositiveBigIntegerField(_("target"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["activity", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(benefit_kind__in=BenefitKind.values), name="indicator_benefit_valid"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=IndicatorUnit.values), name="indicator_unit_valid"
            ),
        ]

    def __str__(self):
        return self.name


class Realisation(models.Model):
    """A figure a work unit reports against an indicator: what was achieved in the period
    of a progress update of the activity's task (the update's documents are its
    evidence). The indicator's realised figure is the sum of its rows; a corrected figure
    keeps the earlier one in the change history."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="realisations",
    )
    progress_update = models.ForeignKey(
        "agreements.ProgressUpdate",
        verbose_name=_("progress update"),
        on_delete=models.PROTECT,
        related_name="realisations",
    )
    date = models.DateField(_("date"))
    value = models.PositiveBigIntegerField(_("realised"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["indicator", "date", "pk"]
        indexes = [models.Index(fields=["indicator", "date"])]

    def __str__(self):
        return f"{self.indicator} · {self.date:%Y-%m-%d}: {self.value}"


class Obstacle(models.TextChoices):
    """The study's three causes of a cooperation that is "not maximal"."""

    NO_FOLLOW_UP = "no_follow_up", _("The work units do not follow up the MoU")
    NO_RESPONSE = "no_response", _("The work units do not answer the Bureau's coordination")
    NO_BUDGET = "no_budget", _("No dedicated budget")


class Engagement(models.TextChoices):
    ACTIVE = "active", _("Active")
    MODERATE = "moderate", _("Moderate")
    PASSIVE = "passive", _("Passive")


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    REVISE = "revise", _("Continue with revisions")
    RENEW = "renew", _("Renew")
    END = "end", _("End")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")
    SIGNED_OFF = "signed_off", _("Signed off by Leadership")


# What a draft evaluation's form edits (the year is fixed once started): the form's
# fields and what evaluation_update accepts.
EVALUATION_EDITABLE_FIELDS = (
    "achievements",
    "obstacle_no_follow_up",
    "obstacle_no_response",
    "obstacle_no_budget",
    "obstacles_other",
    "partner_engagement",
    "partner_engagement_notes",
    "recommendation",
    "recommendation_notes",
)


class Evaluation(models.Model):
    """The annual evaluation of an MoU or a PKS (one per year), which a renewal needs.

    The obstacles are the study's three causes, each with the portal's own figure as it
    stood when the evaluation was completed. Leadership signs it off (a date and a name).
    """

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("MoU"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    pks = models.ForeignKey(
        "agreements.ImplementingAgreement",
        verbose_name=_("PKS"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    year = models.PositiveSmallIntegerField(_("year evaluated"))
    achievements = models.TextField(_("what was achieved"), blank=True)
    obstacle_no_follow_up = models.BooleanField(
        _("The work units do not follow up the MoU"), default=False
    )
    obstacle_no_response = models.BooleanField(
        _("The work units do not answer the Bureau's coordination"), default=False
    )
    obstacle_no_budget = models.BooleanField(_("No dedicated budget"), default=False)
    # The portal's figures for each cause, as they stood when it was completed.
    overdue_tasks = models.PositiveIntegerField(_("overdue tasks"), default=0)
    late_answers = models.PositiveIntegerField(_("late answers"), default=0)
    unfunded_commitments = models.PositiveIntegerField(_("unfunded commitments"), default=0)
    obstacles_other = models.TextField(_("other obstacles"), blank=True)
    partner_engagement = models.CharField(
        _("partner's engagement"), max_length=16, choices=Engagement.choices, blank=True
    )
    partner_engagement_notes = models.TextField(_("on the partner's engagement"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=Recommendation.choices, blank=True
    )
    recommendation_notes = models.TextField(_("on the recommendation"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.DRAFT,
        editable=False,
    )
    completed_on = models.DateField(_("completed on"), null=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    signed_off_on = models.DateField(_("signed off on"), null=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    # The name as it stood on the day (an account's name may change after a mutasi).
    signed_off_name = models.CharField(
        _("name of the signatory"), max_length=200, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-year", "agreement", "pks"]
        constraints = [
            _year_range("evaluation"),
            *_one_per_year("evaluation"),
            models.CheckConstraint(
                condition=Q(status__in=EvaluationStatus.values), name="evaluation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(recommendation="") | Q(recommendation__in=Recommendation.values),
                name="evaluation_recommendation_valid",
            ),
            models.CheckConstraint(
                condition=Q(partner_engagement="") | Q(partner_engagement__in=Engagement.values),
                name="evaluation_engagement_valid",
            ),
            # Completed (or signed off): dated, with a recommendation.
            models.CheckConstraint(
                condition=Q(status=EvaluationStatus.DRAFT)
                | (Q(completed_on__isnull=False) & ~Q(recommendation="")),
                name="evaluation_completed_has_date",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=EvaluationStatus.SIGNED_OFF)
                    & Q(signed_off_on__isnull=False)
                    & ~Q(signed_off_name="")
                )
                | (~Q(status=EvaluationStatus.SIGNED_OFF) & Q(signed_off_on__isnull=True)),
                name="evaluation_signed_off_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.pks or self.agreement} · {self.year}"

    def get_absolute_url(self):
        return reverse("agreements:evaluation_detail", args=[self.pk])

    @property
    def is_completed(self) -> bool:
        return self.status != EvaluationStatus.DRAFT

    @property
    def obstacles(self) -> list:
        """The causes chosen, in the study's order."""
        chosen = {
            Obstacle.NO_FOLLOW_UP: self.obstacle_no_follow_up,
            Obstacle.NO_RESPONSE: self.obstacle_no_response,
            Obstacle.NO_BUDGET: self.obstacle_no_budget,
        }
        return [cause for cause, on in chosen.items() if on]


__all__ = [
    "EVALUATION_EDITABLE_FIELDS",
    "MONEY_UNITS",
    "BenefitKind",
    "Engagement",
    "Evaluation",
    "EvaluationStatus",
    "Indicator",
    "IndicatorUnit",
    "Obstacle",
    "PlannedActivity",
    "Quarter",
    "Realisation",
    "Recommendation",
    "WorkPlan",
]
