"""Fill a fresh database with a large, realistic, deterministic data set, for benchmarks.

    python manage.py seed_large --scale 10

At ``--scale 10``: 40 work units (one SKPD officer each, plus one Bureau user),
200 partners, 1,000 agreements at every stage with a coherent history, their
commitments, 50,000 follow-up tasks, 500,000 progress updates, 20,000
coordination requests and 10,000 budget lines. Every count scales linearly
(``max(1, round(count × scale / 10))``), so ``--scale 0.05`` is small enough for tests.

The same ``--seed`` and scale on the same reference day (``--today``) give the
same data. Dates are relative to that day: overdue tasks, unanswered letters and
unfunded commitments are always there, and nothing is dated after it.

The data is planned and written by ``agreements/seeding/`` (planner.py, writer.py).
"""

import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from agreements.models import Agreement, Partner, User, WorkUnit
from agreements.seeding.planner import DEFAULT_SEED, scaled_counts
from agreements.seeding.writer import DEFAULT_BATCH_SIZE, seed_large


class Command(BaseCommand):
    help = (
        "Fill a fresh database with a large deterministic data set for benchmarks "
        "(--scale 10: 1,000 agreements, 50,000 tasks, 500,000 progress updates). "
        "Refuses with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Size: 10 is the benchmark (1,000 agreements); counts are linear in it.",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The day the data is relative to (YYYY-MM-DD); default today in WITA.",
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, scale, seed, today, batch_size, force, verbosity, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: refusing to load the large data set without --force.")
        if scale <= 0 or batch_size < 1:
            raise CommandError("--scale and --batch-size must be positive.")
        real_today = timezone.localdate()
        today = today or real_today
        if today > real_today:
            raise CommandError("--today cannot be in the future.")
        existing = {
            "agreements": Agreement.objects.count(),
            "partners": Partner.objects.count(),
            "work units": WorkUnit.objects.count(),
            "seed users": User.objects.filter(username__startswith="seed-").count(),
        }
        if any(existing.values()):
            found = ", ".join(f"{count} {name}" for name, count in existing.items() if count)
            raise CommandError(
                f"The database already has data ({found}): seed_large needs a fresh database "
                "(create one and run migrate)."
            )
        if not connection.features.can_return_rows_from_bulk_insert:
            raise CommandError(
                "This database does not return ids from bulk inserts; "
                "use PostgreSQL or SQLite 3.35 or later."
            )

        def log(message):
            if verbosity >= 2:
                self.stdout.write(message)

        started = time.perf_counter()
        with transaction.atomic():
            created = seed_large(
                counts=scaled_counts(scale), seed=seed, today=today, batch_size=batch_size, log=log
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh statistics and visibility maps, as on a database that has run
                # for a while, so the benchmarks see the plans (index-only scans) it would.
                # VACUUM cannot run inside a transaction (as in the tests): ANALYZE there.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(
            self.style.SUCCESS(f"seed_large --scale {scale:g}: {summary} in {elapsed:.1f} s.")
        )
