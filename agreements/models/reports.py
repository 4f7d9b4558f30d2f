"""Archived PDF snapshots of the portfolio status report, one per month."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def snapshot_upload_to(instance, filename):
    return f"reports/{instance.month:%Y-%m}/{filename}"


class ReportSnapshot(models.Model):
    """The portfolio report as it stood on ``as_of``, kept for the record.

    One per month (a unique constraint); saving again replaces it, after a
    confirmation in the portal or ``--replace`` on the command line.
    """

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
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

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="snapshot_month_first_day"),
            models.CheckConstraint(
                condition=Q(as_of__gte=models.F("month")), name="snapshot_as_of_in_month"
            ),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("agreements:snapshot_download", args=[self.pk])
