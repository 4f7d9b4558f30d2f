"""Send each work unit its daily digest, and escalate long-late items. Run daily from cron."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from agreements.services.reminders import render_reminder, send_reminders


class Command(BaseCommand):
    help = "Send the daily reminder digests and escalations (idempotent per day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send nothing."
        )
        parser.add_argument("--date", type=date.fromisoformat, help="Run as of this day (WITA).")

    def handle(self, *args, dry_run=False, date=None, **options):
        today = date or timezone.localdate()
        outcomes = send_reminders(today=today, dry_run=dry_run)
        for reminder, outcome in outcomes:
            line = (
                f"{outcome}: {reminder.kind} {reminder.work_unit.abbreviation} "
                f"({len(reminder.tasks)} tasks, {len(reminder.letters)} requests) "
                f"→ {', '.join(reminder.recipients) or '-'}"
            )
            self.stdout.write(line)
            if dry_run:
                subject, body = render_reminder(reminder, today=today)
                self.stdout.write(f"Subject: {subject}\n\n{body}\n")
        sent = sum(1 for _, outcome in outcomes if outcome == "sent")
        self.stdout.write(f"{sent} reminder(s) sent, {len(outcomes) - sent} not sent.")
