"""Put a backup archive back into an EMPTY database, with its uploaded files
(``make restore FILE=…``).

The work, and every check made before anything changes, is in ``agreements/backup.py``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from agreements import backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the (empty) database of DATABASE_URL and its files "
        "into MEDIA_ROOT; refuses, changing nothing, if the database has tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by `backup`.")

    def handle(self, *args, archive, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            restored = backup.backup_restore(
                archive=archive, connection=connection, media_root=backup.local_media_root()
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"restored {archive} into {connection.settings_dict['NAME']}: "
            f"{restored.tables} tables, {restored.files_written} uploaded file(s) written, "
            f"{restored.files_present} already in place"
        )
        if restored.pending_migrations:
            self.stdout.write(
                f"this version of the portal has {len(restored.pending_migrations)} newer "
                "migration(s): run `python manage.py migrate` next."
            )
