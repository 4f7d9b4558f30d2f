"""Backup and restore (``make backup``, ``make restore FILE=…``).

The demo data goes into an archive and comes back into an empty database of its own —
on PostgreSQL a second database made (and dropped) here, on SQLite a temporary file —
equal table by table and row by row, with every uploaded file byte for byte. CI runs
on PostgreSQL: with ``REQUIRE_POSTGRES=1`` a run on SQLite fails instead of passing on
the SQLite variant.

The round trip is a transactional test: ``pg_dump`` reads what is committed, from another
process.
"""

import hashlib
import io
import json
import os
import re
import subprocess
import tarfile
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from agreements.backup import BackupError, applied_migrations, backup_create, backup_restore
from agreements.models import Document, Partner

from ..clock import WITA

MORNING = datetime(2026, 12, 2, 8, 30, tzinfo=WITA)


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def backup_dir(settings, tmp_path) -> Path:
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


@pytest.fixture
def empty_database(tmp_path):
    """A connection to a new, empty database of the suite's kind."""
    if os.environ.get("REQUIRE_POSTGRES") and connection.vendor != "postgresql":
        pytest.fail(f"REQUIRE_POSTGRES is set, but the tests run on {connection.vendor}")
    target = connection.copy(alias="restore_target")
    if connection.vendor != "postgresql":
        target.settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
        yield target
        target.close()
        return
    # CREATE DATABASE runs outside any transaction: on a connection of its own.
    admin = connection.copy(alias="restore_admin")
    quoted = connection.ops.quote_name(f"{connection.settings_dict['NAME']}_restore")
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        cursor.execute(f"CREATE DATABASE {quoted}")
    target.settings_dict["NAME"] = f"{connection.settings_dict['NAME']}_restore"
    yield target
    target.close()
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
    admin.close()


def every_row(db) -> dict[str, list[tuple]]:
    """Every row of every table of the database, ordered by its primary key."""
    rows = {}
    with db.cursor() as cursor:
        for table in sorted(db.introspection.table_names(cursor)):
            key = db.introspection.get_primary_key_columns(cursor, table) or [
                column.name for column in db.introspection.get_table_description(cursor, table)
            ]
            order = ", ".join(db.ops.quote_name(column) for column in key)
            cursor.execute(f"SELECT * FROM {db.ops.quote_name(table)} ORDER BY {order}")
            rows[table] = cursor.fetchall()
    return rows


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def small_backup(media_root: Path, backup_dir: Path) -> Path:
    """An archive of the empty test database and one uploaded file. The tests that call it
    run outside a test transaction (transactional_db): pg_dump would not see its rows, and
    SQLite's backup waits for it (IMMEDIATE transactions hold the write lock from the start)."""
    upload = media_root / "documents" / "2026" / "12" / "mou.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 the MoU\n%%EOF\n")
    return backup_create(
        connection=connection, media_root=media_root, backup_dir=backup_dir, now=MORNING
    ).path


# --- the round trip -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_it_restores_the_demo_data_table_by_table_and_file_by_file(
    media_root, backup_dir, empty_database, tmp_path
):
    with time_machine.travel(MORNING, tick=False):
        call_command("seed_demo", "--force", stdout=StringIO())
        out = StringIO()
        call_command("backup", stdout=out)
    archive = backup_dir / "kerjasama-2026-12-02T0830.tar.gz"
    restored_media = tmp_path / "restored-media"

    restored = backup_restore(archive=archive, connection=empty_database, media_root=restored_media)

    assert out.getvalue().startswith(f"backup written: {archive} (")
    assert archive.stat().st_mode & 0o777 == 0o600  # every password hash is in it
    source, copy = every_row(connection), every_row(empty_database)
    model_tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert model_tables <= set(source)
    assert list(copy) == list(source)
    for table in source:
        assert copy[table] == source[table], table
    assert len(source["agreements_agreement"]) == 7
    assert len(source["agreements_historicalfollowuptask"]) > 0
    files = checksums(media_root)
    assert checksums(restored_media) == files
    assert {f"{document.file.name}" for document in Document.objects.all()} == set(files)
    # The path's, the follow-up's and the PKS' files, and issue 12's: the work plans'
    # minutes, the realisations' evidence, the trip report, its photo and the permit.
    assert len(files) == 30
    assert (restored.files_written, restored.files_present) == (30, 0)
    assert restored.tables == len(source)
    manifest = manifest_of(archive)
    assert manifest["created_at"] == "2026-12-02T08:30:00+08:00"
    assert manifest["database"]["engine"] == connection.settings_dict["ENGINE"]
    assert manifest["migrations"] == applied_migrations(connection)
    assert "0001_initial" in manifest["migrations"]["agreements"]
    media_entries = {
        entry["path"].removeprefix("media/"): entry
        for entry in manifest["files"]
        if entry["path"].startswith("media/")
    }
    assert {path: entry["sha256"] for path, entry in media_entries.items()} == files
    assert all(
        entry["size"] == (media_root / path).stat().st_size for path, entry in media_entries.items()
    )


def test_it_names_a_second_backup_of_the_same_minute_apart(
    transactional_db, media_root, backup_dir
):
    first = small_backup(media_root, backup_dir)

    second = backup_create(
        connection=connection, media_root=media_root, backup_dir=backup_dir, now=MORNING
    ).path

    assert (first.name, second.name) == (
        "kerjasama-2026-12-02T0830.tar.gz",
        "kerjasama-2026-12-02T0830-2.tar.gz",
    )
    assert {p.name for p in backup_dir.iterdir()} == {first.name, second.name}


# --- refusals: nothing changes ------------------------------------------------------------


def test_it_refuses_to_restore_into_a_database_that_has_tables(
    transactional_db, media_root, backup_dir
):
    archive = small_backup(media_root, backup_dir)
    Partner.objects.create(name="Okinawa", country="Jepang", level="prefecture")
    before = every_row(connection)
    (media_root / "documents" / "2026" / "12" / "mou.pdf").unlink()

    with pytest.raises(CommandError, match=r"is not empty .* into an empty database only"):
        call_command("restore", str(archive), stdout=StringIO())

    assert every_row(connection) == before
    assert checksums(media_root) == {}


def test_it_refuses_an_uploaded_file_that_differs_and_changes_nothing(
    transactional_db, media_root, backup_dir, empty_database
):
    archive = small_backup(media_root, backup_dir)
    upload = media_root / "documents" / "2026" / "12" / "mou.pdf"
    upload.write_bytes(b"%PDF-1.4 another MoU\n%%EOF\n")

    with pytest.raises(BackupError, match="already exist with other content"):
        backup_restore(archive=archive, connection=empty_database, media_root=media_root)

    assert empty_database.introspection.table_names() == []
    assert upload.read_bytes() == b"%PDF-1.4 another MoU\n%%EOF\n"


def test_it_refuses_an_archive_whose_file_fails_its_checksum(
    transactional_db, media_root, backup_dir, empty_database, tmp_path
):
    archive = small_backup(media_root, backup_dir)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as out:
        for member in source:
            content = source.extractfile(member).read()
            if member.name.startswith("media/"):
                content = content.replace(b"MoU", b"LoI")
            out.addfile(member, io.BytesIO(content))
    restored_media = tmp_path / "restored-media"

    with pytest.raises(BackupError, match=r"checksum differs: media/documents/2026/12/mou\.pdf"):
        backup_restore(archive=tampered, connection=empty_database, media_root=restored_media)

    assert empty_database.introspection.table_names() == []
    assert not restored_media.exists()


def test_it_refuses_an_archive_made_by_a_newer_version_of_the_portal(
    transactional_db, media_root, backup_dir, empty_database, tmp_path
):
    archive = small_backup(media_root, backup_dir)
    newer = tmp_path / "newer.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(newer, "w:gz") as out:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(content)
                manifest["migrations"]["agreements"].append("9999_from_the_future")
                content = json.dumps(manifest).encode()
                member.size = len(content)
            out.addfile(member, io.BytesIO(content))

    with pytest.raises(BackupError, match=r"newer version .* agreements\.9999_from_the_future"):
        backup_restore(archive=newer, connection=empty_database, media_root=tmp_path / "m")

    assert empty_database.introspection.table_names() == []
    assert not (tmp_path / "m").exists()


def test_it_asks_which_archive_when_make_restore_has_no_file():
    done = subprocess.run(
        ["make", "--no-print-directory", "restore"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "FILE": ""},
        check=False,
    )

    assert done.returncode != 0
    assert re.search(r"Which archive\? make restore FILE=\S+\.tar\.gz", done.stderr)
    assert "manage.py restore" not in done.stdout
