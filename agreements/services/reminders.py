"""Reminders: one digest per work unit per day, and escalations to the Bureau and Leadership.

Idempotent per day: before a mail goes out, a ReminderClaim row (unit, kind,
day) is inserted in the same transaction. A second run the same day, or a copy
running at once on another server, hits the unique constraint and sends nothing;
a failed send rolls its claim back so that the next run tries again.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import override

from .. import health
from ..models import Role, User, WorkUnit
from ..models.coordination import CoordinationRequest
from ..models.followup import FollowUpTask
from ..models.reminders import ReminderClaim, ReminderKind


@dataclass
class Reminder:
    work_unit: WorkUnit
    kind: str
    recipients: list[str]
    tasks: list = field(default_factory=list)
    letters: list = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return len(self.tasks) + len(self.letters)


def escalation_recipients() -> list[str]:
    """The REMINDER_ESCALATION_TO setting, else every active Bureau and Leadership user."""
    if settings.REMINDER_ESCALATION_TO:
        return list(settings.REMINDER_ESCALATION_TO)
    emails = (
        User.objects.filter(is_active=True, role__in=[Role.BIRO, Role.LEADERSHIP])
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    return list(dict.fromkeys(emails))


def _unit_recipients(unit: WorkUnit) -> list[str]:
    emails = [unit.email] + [o.email for o in unit.officers.all() if o.is_active]
    return list(dict.fromkeys(e for e in emails if e))


def reminders_due(*, today: date) -> list[Reminder]:
    """What would be sent today, in a fixed number of queries whatever the data size."""
    tasks = (
        FollowUpTask.objects.filter(
            health.overdue_tasks_q(today) | health.soon_due_tasks_q(today),
            responsible_unit__is_active=True,
        )
        .select_related("commitment__agreement", "responsible_unit")
        .order_by("due_date", "pk")
    )
    letters = (
        CoordinationRequest.objects.filter(health.unanswered_letters_q(), work_unit__is_active=True)
        .select_related("agreement", "work_unit")
        .order_by("answer_due", "pk")
    )
    digest_tasks, digest_letters = defaultdict(list), defaultdict(list)
    late_tasks, late_letters = defaultdict(list), defaultdict(list)
    for task in tasks:
        digest_tasks[task.responsible_unit_id].append(task)
        if health.task_is_escalated(task, today):
            late_tasks[task.responsible_unit_id].append(task)
    for item in letters:
        digest_letters[item.work_unit_id].append(item)
        if health.letter_is_escalated(item, today):
            late_letters[item.work_unit_id].append(item)

    unit_ids = set(digest_tasks) | set(digest_letters)
    units = WorkUnit.objects.filter(pk__in=unit_ids).prefetch_related("officers").order_by("name")
    bureau = escalation_recipients()
    reminders = []
    for unit in units:
        reminders.append(
            Reminder(
                work_unit=unit,
                kind=ReminderKind.DIGEST,
                recipients=_unit_recipients(unit),
                tasks=digest_tasks[unit.pk],
                letters=digest_letters[unit.pk],
            )
        )
        if late_tasks[unit.pk] or late_letters[unit.pk]:
            reminders.append(
                Reminder(
                    work_unit=unit,
                    kind=ReminderKind.ESCALATION,
                    recipients=bureau,
                    tasks=late_tasks[unit.pk],
                    letters=late_letters[unit.pk],
                )
            )
    return reminders


def render_reminder(reminder: Reminder, *, today: date) -> tuple[str, str]:
    """Subject and body, in Indonesian: reminders are official correspondence."""
    with override(settings.LANGUAGE_CODE):
        context = {
            "reminder": reminder,
            "unit": reminder.work_unit,
            "today": today,
            "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
            "escalate_after": health.threshold("ESCALATE_AFTER_DAYS"),
            "tasks": [(t, health.task_days_late(t, today)) for t in reminder.tasks],
            "letters": [(r, health.letter_days_late(r, today)) for r in reminder.letters],
        }
        template = f"emails/reminder_{reminder.kind}"
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    return subject, body


def send_reminders(*, today: date, dry_run: bool = False) -> list[tuple[Reminder, str]]:
    """Send today's reminders. Returns (reminder, outcome) with outcome sent/skipped/dry-run."""
    outcomes = []
    for reminder in reminders_due(today=today):
        if not reminder.recipients:
            outcomes.append((reminder, "no-recipient"))
            continue
        if dry_run:
            outcomes.append((reminder, "dry-run"))
            continue
        subject, body = render_reminder(reminder, today=today)
        try:
            with transaction.atomic():
                ReminderClaim.objects.create(
                    work_unit=reminder.work_unit,
                    kind=reminder.kind,
                    date=today,
                    recipients=", ".join(reminder.recipients),
                    item_count=reminder.item_count,
                )
                send_mail(subject, body, None, reminder.recipients)
        except IntegrityError:
            outcomes.append((reminder, "skipped"))
        else:
            outcomes.append((reminder, "sent"))
    return outcomes
