"""Archived PDF snapshots of the portfolio status report, one per month."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..formatting import filename_date


def snapshot_upload_to(instance, filename):
    return f"reports/{instance.month:%Y-%m}/{filename}"


class ReportSnapshot(models.Model):
    """The portfolio report as it stood on ``as_of``, kept for the record.

    One current snapshot per month (a conditional unique constraint). Saving again,
    after a confirmation in the portal or ``--replace`` on the command line, makes a
    new one and marks the earlier one replaced (``replaced_at``, ``replaced_by``): its
    row and its file stay in the archive.
    """

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    as_of = models.DateField(_("as of"))
    file = models.FileField(_("file"), upload_to=snapshot_upload_to, max_length=255)
    pages = models.PositiveIntegerField(_("pages"))
    size = models.PositiveBigIntegerField(_("size in bytes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when made by the monthly job."),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced",
    )

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        # Each month's current snapshot first, then those it replaced, newest first.
        ordering = ["-month", models.F("replaced_at").desc(nulls_first=True), "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(replaced_at__isnull=True),
                name="snapshot_one_current_per_month",
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | Q(replaced_at__isnull=False),
                name="snapshot_replaced_by_has_date",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="snapshot_month_first_day"),
            models.CheckConstraint(
                condition=Q(as_of__gte=models.F("month")), name="snapshot_as_of_in_month"
            ),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("agreements:snapshot_download", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None

    @property
    def download_name(self) -> str:
        if self.is_current:
            return f"laporan-status-kerja-sama-{filename_date(self.month, 'F Y')}.pdf"
        # A replaced one is told apart by the day it stood at.
        month, as_of = filename_date(self.month, "F Y"), filename_date(self.as_of)
        return f"laporan-status-kerja-sama-{month}-per-{as_of}.pdf"


class YearlyReportKind(models.TextChoices):
    # The yearly report to the Minister of Home Affairs and the Governor (PDF and XLSX).
    REPORT = "report", _("Yearly report on regional foreign cooperation")
    # Material for the Governor's annual accountability report.
    LKPJ = "lkpj", _("LKPJ material")


def yearly_upload_to(instance, filename):
    return f"reports/yearly/{instance.year}/{filename}"


class YearlyReport(models.Model):
    """A yearly report as archived, kept for the record like the monthly snapshot: one
    current per year and kind; a replaced one keeps its row and its files."""

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=YearlyReportKind.choices)
    as_of = models.DateField(_("as of"))
    file = models.FileField(_("PDF"), upload_to=yearly_upload_to, max_length=255)
    spreadsheet = models.FileField(
        _("XLSX"), upload_to=yearly_upload_to, max_length=255, blank=True
    )
    pages = models.PositiveIntegerField(_("pages"))
    size = models.PositiveBigIntegerField(_("size in bytes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when made by the yearly job."),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced",
    )

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        ordering = ["-year", "kind", models.F("replaced_at").desc(nulls_first=True), "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"],
                condition=Q(replaced_at__isnull=True),
                name="yearly_report_one_current",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=YearlyReportKind.values), name="yearly_report_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | Q(replaced_at__isnull=False),
                name="yearly_report_replaced_by_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None
