"""Budget lines: what each work unit requested, was allocated (DPA) and spent, per year."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..formatting import rupiah


class FundingSource(models.TextChoices):
    APBD = "apbd", _("Provincial budget (APBD)")
    APBN = "apbn", _("State budget (APBN)")
    PARTNER = "partner", _("Partner funding")
    OTHER = "other", _("Other source")


def spent_above_allocated(allocated: int, spent: int) -> str | None:
    """Why ``spent`` cannot be recorded against ``allocated``, or None when it can: the
    form and the service say it in these words; budget_spent_within_allocated enforces it."""
    if spent <= allocated:
        return None
    return gettext("Spent cannot be more than allocated in the DPA (%(allocated)s).") % {
        "allocated": rupiah(allocated)
    }


class BudgetLine(models.Model):
    """Money for a commitment (optionally one of its tasks) in one fiscal year, in rupiah."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    work_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    commitment = models.ForeignKey(
        "agreements.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    task = models.ForeignKey(
        "agreements.FollowUpTask",
        verbose_name=_("follow-up task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
    )
    # Optional: the implementing agreement the money is for (of the same MoU).
    pks = models.ForeignKey(
        "agreements.ImplementingAgreement",
        verbose_name=_("PKS"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
    )
    source = models.CharField(_("source of funds"), max_length=16, choices=FundingSource.choices)
    amount_requested = models.PositiveBigIntegerField(_("requested (Rp)"), default=0)
    amount_allocated = models.PositiveBigIntegerField(_("allocated in the DPA (Rp)"), default=0)
    amount_spent = models.PositiveBigIntegerField(_("spent (Rp)"), default=0)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["-fiscal_year", "work_unit__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000) & Q(fiscal_year__lte=2100),
                name="budget_fiscal_year_range",
            ),
            models.CheckConstraint(
                condition=Q(source__in=FundingSource.values), name="budget_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount_spent__lte=F("amount_allocated")),
                name="budget_spent_within_allocated",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "work_unit"])]

    def __str__(self):
        return f"{self.fiscal_year} · {self.work_unit} · {self.commitment}"

    @property
    def allocated_above_request(self) -> bool:
        """Allowed (the DPA-P may raise it), but shown on the line for a second look."""
        return self.amount_allocated > self.amount_requested
