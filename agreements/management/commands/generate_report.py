"""Archive the monthly portfolio status report (run from cron on the 1st for the month before)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agreements.services.reports import SnapshotExists, snapshot_save


def month_arg(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise CommandError(f"--month takes YYYY-MM, not {value!r}") from None


class Command(BaseCommand):
    help = "Save the portfolio report snapshot of a month; skips a month already archived."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="The month, as YYYY-MM.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the month's snapshot; the earlier one is kept, marked replaced.",
        )

    def handle(self, *args, month, replace=False, **options):
        chosen = month_arg(month)
        # A month yet to come would be "as of" before its first day, which the check
        # constraint refuses: say so rather than fail with a database error.
        if chosen > timezone.localdate().replace(day=1):
            raise CommandError(f"--month {month} has not begun yet.")
        try:
            snapshot, replaced = snapshot_save(month=chosen, replace=replace)
        except SnapshotExists as exists:
            self.stdout.write(
                f"skipped: {exists.snapshot.month:%Y-%m} is already archived "
                f"(as of {exists.snapshot.as_of}); use --replace to make it again."
            )
            return
        verb = "replaced" if replaced else "saved"
        self.stdout.write(
            f"{verb}: {snapshot.month:%Y-%m} as of {snapshot.as_of}, "
            f"{snapshot.pages} pages, {snapshot.size} bytes → {snapshot.file.name}"
        )
        if replaced:
            self.stdout.write(
                f"kept: the earlier snapshot (as of {replaced.as_of}) stays in the archive, "
                f"marked replaced → {replaced.file.name}"
            )
