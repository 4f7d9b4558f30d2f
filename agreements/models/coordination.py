"""Coordination requests: the Bureau's official letters to a work unit, and the answers."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CoordinationRequest(models.Model):
    """A letter (surat) from the Bureau asking one work unit for input or action by a date.

    The unit's answer, or its silence, is how responsiveness is measured.
    A letter sent to several units is one request per unit, with the same number.
    """

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="coordination_requests",
    )
    task = models.ForeignKey(
        "agreements.FollowUpTask",
        verbose_name=_("follow-up task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordination_requests",
    )
    work_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="coordination_requests",
    )
    letter_number = models.CharField(_("letter number"), max_length=100)
    subject = models.CharField(_("subject"), max_length=255)
    message = models.TextField(_("message"))
    sent_on = models.DateField(_("sent on"))
    answer_due = models.DateField(_("answer due"))
    answer_text = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The reply letter (surat balasan) the answer came as, when it came as one.
    reply_number = models.CharField(_("reply letter number"), max_length=100, blank=True)
    reply_date = models.DateField(_("reply letter date"), null=True, blank=True)
    # Set when Bureau staff recorded an answer that came on paper: the unit it speaks for.
    answered_for_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("recorded on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_corrected_at = models.DateTimeField(_("answer corrected at"), null=True, blank=True)
    # Once the Bureau has received the answer, it can no longer be corrected.
    received_at = models.DateTimeField(_("answer received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer received by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coordination request")
        verbose_name_plural = _("coordination requests")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter_number", "work_unit"], name="request_unique_letter_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(answer_due__gte=F("sent_on")), name="request_due_after_sent"
            ),
            models.CheckConstraint(
                condition=(
                    Q(answered_at__isnull=True) & Q(answered_by__isnull=True) & Q(answer_text="")
                )
                | (
                    Q(answered_at__isnull=False) & Q(answered_by__isnull=False) & ~Q(answer_text="")
                ),
                name="request_answer_complete",
            ),
            models.CheckConstraint(
                condition=Q(received_at__isnull=True) | Q(answered_at__isnull=False),
                name="request_received_after_answer",
            ),
        ]
        indexes = [
            models.Index(fields=["work_unit", "answered_at", "answer_due"]),
            models.Index(fields=["answered_at", "answer_due"]),
        ]

    def __str__(self):
        return f"{self.letter_number} · {self.subject}"

    def get_absolute_url(self):
        return reverse("agreements:letter_detail", args=[self.pk])

    @staticmethod
    def already_sent_message(letter_number: str, work_units) -> str:
        """Why a letter number is refused for units it was already sent to."""
        return _("Letter %(number)s was already sent to: %(units)s.") % {
            "number": letter_number.strip(),
            "units": ", ".join(str(unit) for unit in work_units),
        }

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_correctable(self) -> bool:
        """An answer may be corrected until the Bureau marks it received."""
        return self.answered_at is not None and self.received_at is None
