"""Write a dated backup archive of the database and the uploaded files (``make backup``).

The work is done in ``agreements/backup.py``; the README's "Backup and restore" says
what the archive holds and how long to keep it.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from agreements import backup


class Command(BaseCommand):
    help = "Write a dated archive of the database and the uploaded files to BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=None, help="Write it here instead of BACKUP_DIR."
        )

    def handle(self, *args, dir=None, **options):
        try:
            made = backup.backup_create(
                connection=connections[DEFAULT_DB_ALIAS],
                media_root=backup.local_media_root(),
                backup_dir=dir or Path(settings.BACKUP_DIR),
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        files = len(made.manifest["files"]) - 1
        self.stdout.write(
            f"backup written: {made.path} ({made.size} bytes; "
            f"{made.manifest['database']['vendor']} database and {files} uploaded file(s))"
        )
        if not made.manifest["media"]["included"]:
            self.stdout.write(
                "uploads are in object storage, which keeps its own versions: "
                "the archive holds the database only."
            )
