"""What people are told: notifications in the portal, and the outbox of the e-mails
that carry the same events (sent by the background worker, retried until they go)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationEvent(models.TextChoices):
    TASK_ASSIGNED = "task_assigned", _("A task is assigned to my unit")
    LETTER_RECEIVED = "letter_received", _("A coordination request is addressed to my unit")
    LETTER_ANSWERED = "letter_answered", _("A request I sent is answered")
    TASK_LATE = "task_late", _("A task of my unit is late")
    LETTER_LATE = "letter_late", _("A request to my unit is late")
    TASK_PROGRESS = "task_progress", _("Progress or a status change on a task")
    SNAPSHOT_SAVED = "snapshot_saved", _("A monthly report snapshot is saved")


# Who each event is for: the services tell these roles (and only the people among them
# who may see the item); the profile offers each user the events of their role.
EVENT_ROLE = {
    NotificationEvent.TASK_ASSIGNED: "skpd",
    NotificationEvent.LETTER_RECEIVED: "skpd",
    NotificationEvent.TASK_LATE: "skpd",
    NotificationEvent.LETTER_LATE: "skpd",
    NotificationEvent.LETTER_ANSWERED: "biro",
    NotificationEvent.TASK_PROGRESS: "biro",
    NotificationEvent.SNAPSHOT_SAVED: "pimpinan",
}


def events_for_role(role: str) -> list[tuple[str, str]]:
    """The (event, label) choices that reach a user of this role."""
    return [
        (event.value, event.label) for event, for_role in EVENT_ROLE.items() if for_role == role
    ]


class Notification(models.Model):
    """One event told to one person. The text is written when it is shown, in the
    reader's language (selectors/notifications.py), from the event and its item."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=32, choices=NotificationEvent.choices)
    task = models.ForeignKey(
        "agreements.FollowUpTask", on_delete=models.CASCADE, null=True, blank=True
    )
    letter = models.ForeignKey(
        "agreements.CoordinationRequest", on_delete=models.CASCADE, null=True, blank=True
    )
    snapshot = models.ForeignKey(
        "agreements.ReportSnapshot", on_delete=models.CASCADE, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            # Exactly one item: the notification links to it.
            models.CheckConstraint(
                condition=(
                    Q(task__isnull=False, letter__isnull=True, snapshot__isnull=True)
                    | Q(task__isnull=True, letter__isnull=False, snapshot__isnull=True)
                    | Q(task__isnull=True, letter__isnull=True, snapshot__isnull=False)
                ),
                name="notification_one_item",
            )
        ]

    def __str__(self):
        return f"{self.recipient} · {self.event}"


class LateNoticeClaim(models.Model):
    """One row per task or letter that was told late: inserted with its notifications,
    so that a second run of send_notifications (or a second server) tells nobody again."""

    task = models.OneToOneField(
        "agreements.FollowUpTask", on_delete=models.CASCADE, null=True, blank=True
    )
    letter = models.OneToOneField(
        "agreements.CoordinationRequest", on_delete=models.CASCADE, null=True, blank=True
    )
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("late notice sent")
        verbose_name_plural = _("late notices sent")
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, letter__isnull=True)
                | Q(task__isnull=True, letter__isnull=False),
                name="late_notice_one_item",
            )
        ]

    def __str__(self):
        return f"{self.task or self.letter} · {self.claimed_at:%Y-%m-%d}"


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Given up")


class OutgoingMail(models.Model):
    """One e-mail to one address. Written in the same transaction as its notification;
    the worker sends it, and a failed send waits longer before each new attempt."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outgoing_mails"
    )
    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="mails"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_due")]

    def __str__(self):
        return f"{self.to} · {self.subject}"
