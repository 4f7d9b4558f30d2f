"""Reads of notifications: what one says, where it leads, a user's list and unread count.

The writes (telling people, marking read, the mail outbox) are services/notifications.py.
"""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import User
from ..models.notifications import Notification, NotificationEvent


def notification_text(notification: Notification) -> str:
    """The sentence, in the active language (the reader's on a page, Indonesian in mail)."""
    event = notification.event
    task, letter = notification.task, notification.letter
    if event == NotificationEvent.TASK_ASSIGNED:
        return _("New task for your unit: %(title)s") % {"title": task.title}
    if event == NotificationEvent.TASK_LATE:
        return _("Task is late: %(title)s") % {"title": task.title}
    if event == NotificationEvent.TASK_PROGRESS:
        return _("Progress on the task %(title)s (%(unit)s)") % {
            "title": task.title,
            "unit": task.responsible_unit,
        }
    if event == NotificationEvent.LETTER_RECEIVED:
        return _("Coordination request %(number)s to your unit: %(subject)s") % {
            "number": letter.letter_number,
            "subject": letter.subject,
        }
    if event == NotificationEvent.LETTER_LATE:
        return _("Request %(number)s is late: %(subject)s") % {
            "number": letter.letter_number,
            "subject": letter.subject,
        }
    if event == NotificationEvent.LETTER_ANSWERED:
        return _("%(unit)s answered request %(number)s: %(subject)s") % {
            "unit": letter.work_unit,
            "number": letter.letter_number,
            "subject": letter.subject,
        }
    return _("The report snapshot of %(month)s was saved") % {
        "month": date_format(notification.snapshot.month, "F Y")
    }


def notification_target(notification: Notification) -> str:
    """The item's page: always one of the portal's own addresses."""
    if notification.task_id:
        return reverse("agreements:task_detail", args=[notification.task_id])
    if notification.letter_id:
        return reverse("agreements:letter_detail", args=[notification.letter_id])
    return reverse("agreements:reports")


def notifications_of(user: User):
    return Notification.objects.filter(recipient=user).select_related(
        "task__responsible_unit", "letter__work_unit", "snapshot"
    )


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
