"""Telling people: a notification in the portal for each event, and the same by e-mail.

The writing services call ``notify_*`` inside their own transaction: the notifications
and the outbox rows are saved with the data or not at all. Each mail is handed to the
background worker (``manage.py db_worker``) only once the transaction has committed.
A failed send stays in the outbox and is tried again later, each time waiting longer
(``mail_send``); ``mails_send_due`` catches up whatever the worker did not retry.

Only people who may see the item are told, and never the person who did it.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from django_tasks import default_task_backend, task

from .. import access, health
from ..access import Right
from ..models import User
from ..models.coordination import CoordinationRequest
from ..models.followup import FollowUpTask
from ..models.notifications import (
    EVENT_ROLE,
    LateNoticeClaim,
    MailStatus,
    Notification,
    NotificationEvent,
    OutgoingMail,
)
from ..selectors.notifications import notification_target, notification_text, notifications_of

# A failed send waits 1, 2, 4 … minutes, at most six hours, and is given up after
# MAIL_MAX_ATTEMPTS attempts (about three days): then an administrator sees it as failed.
MAIL_MAX_ATTEMPTS = 20
MAIL_MAX_WAIT = timedelta(hours=6)
# While one worker sends a mail, no other takes it.
MAIL_LEASE = timedelta(minutes=10)


# --- who may be told ------------------------------------------------------------


def _audience(event: str, **filters):
    """The active users of the event's role (EVENT_ROLE), narrowed by ``filters``."""
    return User.objects.filter(is_active=True, role=EVENT_ROLE[event], **filters).order_by("pk")


def _may_see(user: User, notification: Notification) -> bool:
    if notification.task_id:
        return access.tasks_visible_to(user).filter(pk=notification.task_id).exists()
    if notification.letter_id:
        return access.letters_visible_to(user).filter(pk=notification.letter_id).exists()
    return access.can(user, Right.SEE_ALL_UNITS)  # the snapshot archive


def receives_mail(user: User, event: str) -> bool:
    """Accounts without an address, inactive ones and system accounts (no usable
    password: nobody signs in with them) get no mail; nor events the user muted."""
    return bool(
        user.email
        and user.is_active
        and user.has_usable_password()
        and event not in (user.muted_mail_events or [])
    )


def _notify(event: str, people, *, actor=None, **item) -> list[Notification]:
    created = []
    for person in people:
        if actor is not None and person.pk == actor.pk:
            continue
        notification = Notification(recipient=person, event=event, **item)
        if not _may_see(person, notification):
            continue
        notification.save()
        created.append(notification)
        if receives_mail(person, event):
            _queue_mail(notification)
    return created


# --- the events -----------------------------------------------------------------


def notify_task_assigned(*, task: FollowUpTask, actor) -> list[Notification]:
    """A task was created for a unit, or moved to another one: its officers are told."""
    people = _audience(NotificationEvent.TASK_ASSIGNED, work_unit=task.responsible_unit_id)
    return _notify(NotificationEvent.TASK_ASSIGNED, people, actor=actor, task=task)


def notify_letter_received(*, letter: CoordinationRequest, actor) -> list[Notification]:
    people = _audience(NotificationEvent.LETTER_RECEIVED, work_unit=letter.work_unit_id)
    return _notify(NotificationEvent.LETTER_RECEIVED, people, actor=actor, letter=letter)


def notify_letter_answered(*, letter: CoordinationRequest, actor) -> list[Notification]:
    """To the Bureau staff member who sent the letter."""
    people = _audience(NotificationEvent.LETTER_ANSWERED, pk=letter.created_by_id)
    return _notify(NotificationEvent.LETTER_ANSWERED, people, actor=actor, letter=letter)


def notify_task_progress(*, task: FollowUpTask, actor) -> list[Notification]:
    """Progress posted or a status changed: the Bureau follows every task."""
    people = _audience(NotificationEvent.TASK_PROGRESS)
    return _notify(NotificationEvent.TASK_PROGRESS, people, actor=actor, task=task)


def notify_snapshot_saved(*, snapshot, actor) -> list[Notification]:
    people = _audience(NotificationEvent.SNAPSHOT_SAVED)
    return _notify(NotificationEvent.SNAPSHOT_SAVED, people, actor=actor, snapshot=snapshot)


def notify_late(*, today: date) -> int:
    """Tell each unit, once, about its tasks and letters that have become late.

    The claim row and the notifications are one transaction per item: a second run (or
    a second server) meets the claim's unique constraint and tells nobody again.
    """
    told = 0
    tasks = FollowUpTask.objects.filter(
        health.overdue_tasks_q(today), latenoticeclaim__isnull=True
    ).order_by("pk")
    for item in tasks:
        people = _audience(NotificationEvent.TASK_LATE, work_unit=item.responsible_unit_id)
        told += _claim_late(NotificationEvent.TASK_LATE, people, task=item)
    letters = CoordinationRequest.objects.filter(
        health.late_letters_q(today), latenoticeclaim__isnull=True
    ).order_by("pk")
    for item in letters:
        people = _audience(NotificationEvent.LETTER_LATE, work_unit=item.work_unit_id)
        told += _claim_late(NotificationEvent.LETTER_LATE, people, letter=item)
    return told


def _claim_late(event, people, **item) -> int:
    try:
        with transaction.atomic():
            LateNoticeClaim.objects.create(**item)
            return len(_notify(event, people, **item))
    except IntegrityError:
        return 0


def notification_open(*, user: User, pk) -> str | None:
    """Mark one of the user's notifications read; returns its item's address, or None
    when it is not theirs."""
    notification = notifications_of(user).filter(pk=pk).first()
    if notification is None:
        return None
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return notification_target(notification)


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- e-mail: the outbox and the worker's task ----------------------------------------


def _queue_mail(notification: Notification) -> OutgoingMail:
    base_url = settings.PORTAL_BASE_URL.rstrip("/")
    with override(settings.LANGUAGE_CODE):  # mail is official correspondence: Indonesian
        text = notification_text(notification)
        body = render_to_string(
            "emails/notification.txt",
            {
                "user": notification.recipient,
                "text": text,
                "link": base_url + notification_target(notification),
                "profile_link": base_url + reverse("agreements:account"),
            },
        )
    mail = OutgoingMail.objects.create(
        recipient=notification.recipient,
        to=notification.recipient.email,
        subject=f"[Kerja Sama NTB] {text}"[:255],
        body=body,
        notification=notification,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: send_outgoing_mail.enqueue(mail.pk))
    return mail


def _wait_after(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** (attempts - 1)), MAIL_MAX_WAIT)


def mail_send(mail_id: int) -> str:
    """Send one outbox mail if it is due and nobody else is sending it.

    Returns sent, retry, failed or skipped. The lease (a conditional UPDATE of the
    next attempt's time) keeps two workers from sending the same mail.
    """
    now = timezone.now()
    taken = OutgoingMail.objects.filter(
        pk=mail_id, status=MailStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + MAIL_LEASE, attempts=F("attempts") + 1)
    if not taken:
        return "skipped"
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        send_mail(mail.subject, mail.body, None, [mail.to])
    except Exception as error:  # any failure of the mail server: try again later
        mail.last_error = f"{type(error).__name__}: {error}"[:2000]
        if mail.attempts >= MAIL_MAX_ATTEMPTS:
            mail.status = MailStatus.FAILED
        else:
            mail.next_attempt_at = timezone.now() + _wait_after(mail.attempts)
        mail.save(update_fields=["last_error", "status", "next_attempt_at"])
        if mail.status == MailStatus.FAILED:
            return "failed"
        if default_task_backend.supports_defer:
            send_outgoing_mail.using(run_after=mail.next_attempt_at).enqueue(mail.pk)
        return "retry"
    mail.status = MailStatus.SENT
    mail.sent_at = timezone.now()
    mail.save(update_fields=["status", "sent_at"])
    return "sent"


@task()
def send_outgoing_mail(mail_id: int) -> str:
    return mail_send(mail_id)


def mails_send_due() -> dict[str, int]:
    """Send every pending mail that is due (a worker that was down, a lost retry):
    run by send_notifications. Returns the count of each outcome."""
    outcomes: dict[str, int] = {}
    due = OutgoingMail.objects.filter(
        status=MailStatus.PENDING, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    for mail_id in list(due):
        outcome = mail_send(mail_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def mails_retry(*, mails) -> int:
    """Send these mails again from the start (an administrator, once the mail server
    works again): pending, due now, with their attempts counted anew."""
    ids = list(mails.exclude(status=MailStatus.SENT).values_list("pk", flat=True))
    OutgoingMail.objects.filter(pk__in=ids).update(
        status=MailStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    for mail_id in ids:
        transaction.on_commit(lambda mail_id=mail_id: send_outgoing_mail.enqueue(mail_id))
    return len(ids)
