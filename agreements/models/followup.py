"""What the MoU commits to, and the work units' follow-up of it.

A Commitment is an area of cooperation written in the MoU; FollowUpTasks are the
concrete work a unit must do for it; ProgressUpdates are the unit's reports.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Commitment(models.Model):
    """An area of cooperation in the MoU, in one sector, led by one work unit."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    sector = models.ForeignKey(
        "agreements.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    title = models.CharField(_("area of cooperation"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    lead_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("lead work unit"),
        on_delete=models.PROTECT,
        related_name="led_commitments",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["agreement", "sector__name", "title"]

    def __str__(self):
        return self.title


class TaskStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (TaskStatus.PLANNED, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")


class FollowUpTask(models.Model):
    """Concrete work (tindak lanjut) a work unit must do for a commitment.

    ``version`` is claimed by a conditional UPDATE before an edit is saved, so that two
    people editing at once cannot overwrite each other (see services/versioning.py).
    """

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    responsible_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("responsible work unit"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    # Optional: the implementing agreement the task carries out (of the same MoU).
    pks = models.ForeignKey(
        "agreements.ImplementingAgreement",
        verbose_name=_("PKS"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.PLANNED
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    # Kept by progress_post: the status rules read it instead of scanning every update.
    last_progress_on = models.DateField(_("last progress update"), null=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["last_progress_on"])

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TaskStatus.values), name="task_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values), name="task_priority_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=TaskStatus.DONE) & Q(completed_on__isnull=False))
                | (~Q(status=TaskStatus.DONE) & Q(completed_on__isnull=True)),
                name="task_completed_iff_done",
            ),
        ]
        indexes = [
            models.Index(fields=["responsible_unit", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:task_detail", args=[self.pk])


class ProgressUpdate(models.Model):
    """A work unit's report on a task, with optional evidence documents."""

    task = models.ForeignKey(
        FollowUpTask,
        verbose_name=_("follow-up task"),
        on_delete=models.PROTECT,
        related_name="updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status_change = models.CharField(
        _("new status"), max_length=16, choices=TaskStatus.choices, blank=True
    )
    # Made when the form is shown and posted with it: a second post of the same form (a
    # double click, a reload) is recognised as a repeat. Empty on rows older than it.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="progress_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(status_change="") | Q(status_change__in=TaskStatus.values),
                name="progress_status_change_valid",
            ),
        ]
        indexes = [models.Index(fields=["task", "date"]), models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.task} · {self.date:%Y-%m-%d}"
