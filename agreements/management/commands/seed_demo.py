"""Load the demo data: sectors, NTB work units, Zhejiang and demo agreements, demo accounts.

Idempotent: records are looked up by their natural keys and only created when missing.
Refuses to run with DEBUG off unless given --force. The data is in agreements/seeding/demo.py.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from agreements.models import User
from agreements.seeding.demo import seed_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Refuses with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database has users."
        )

    def handle(self, *args, force=False, if_empty=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: refusing to load demo data without --force.")
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has data; demo data not loaded.")
            return
        with transaction.atomic():
            seed_demo(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
