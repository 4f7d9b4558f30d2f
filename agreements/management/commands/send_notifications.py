"""Tell each unit, once, about its tasks and letters that became late, and send the
outbox's due mails that the worker has not (it was down, a retry was lost). Run from
cron, daily at least; `make run` runs it once at start."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from agreements.services.notifications import mails_send_due, notify_late


class Command(BaseCommand):
    help = "Notify units of items that became late (once) and send the due outbox mails."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="Run as of this day (WITA).")

    def handle(self, *args, date=None, **options):
        told = notify_late(today=date or timezone.localdate())
        outcomes = mails_send_due()
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(f"{told} late notification(s); mails: {summary or 'none due'}.")
