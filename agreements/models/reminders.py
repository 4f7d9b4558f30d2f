"""Claims that make send_reminders idempotent per day, even across servers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DIGEST = "digest", _("Digest to the work unit")
    ESCALATION = "escalation", _("Escalation to the Bureau and Leadership")


class ReminderClaim(models.Model):
    """One row per (work unit, kind, day): inserted before the mail is sent.

    The unique constraint is what stops a second run, or a second server, from
    sending the same reminder twice on the same day.
    """

    work_unit = models.ForeignKey(
        "agreements.WorkUnit", on_delete=models.PROTECT, related_name="reminder_claims"
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    date = models.DateField()
    recipients = models.TextField(blank=True)
    item_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["work_unit", "kind", "date"], name="reminder_once_per_unit_kind_day"
            )
        ]

    def __str__(self):
        return f"{self.work_unit} · {self.kind} · {self.date}"
