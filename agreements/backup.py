"""Backup and restore of the portal: the database and the uploaded files in one archive.

An operation for the people who run the server (``make backup``, ``make restore FILE=…``),
not a domain service. The archive is a ``.tar.gz`` holding:

- ``manifest.json``: when it was made, the database engine, the Django migrations applied,
  and every other member's path, size and SHA-256;
- ``database/kerjasama.pgdump`` — ``pg_dump --format=custom`` on PostgreSQL, which reads
  one consistent snapshot of a live database — or ``database/kerjasama.sqlite3``, a copy
  made with SQLite's online backup API (a plain file copy of a live database may be torn);
- ``media/…``: the uploaded files of the local storage (``MEDIA_ROOT``), as they lie there.

The database is dumped before the files are read: an upload writes its file before its
row, so every row in the dump finds its file in the archive.

A restore goes into an EMPTY database only, and never overwrites an uploaded file that
differs from the archived one. It checks everything first — every checksum of the
manifest, the target database, the files in the way — and changes nothing when one
check fails; the database is then restored in one transaction (``pg_restore
--single-transaction``), and the files last.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
from django.core.files.storage import FileSystemStorage, storages
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "kerjasama-backup/1"
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database/kerjasama.pgdump", "sqlite": "database/kerjasama.sqlite3"}
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


def _how_to_empty(connection) -> str:
    """How to make an empty database to restore into, in the target's own names."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return (
            "Move the database file away, or point DATABASE_URL at a new file "
            "(sqlite:////path/to/restored.sqlite3): a missing file is an empty database."
        )
    name, owner = settings["NAME"], settings.get("USER") or "postgres"
    return (
        f'Keep it aside and make an empty one: psql -c "ALTER DATABASE {name} RENAME TO '
        f'{name}_old" && createdb -O {owner} {name} — or restore into a new database '
        f"(createdb -O {owner} {name}_restored) and point DATABASE_URL at it."
    )


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    """A written archive and its manifest."""

    path: Path
    manifest: dict

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass
class Restored:
    """What a restore put back."""

    tables: int = 0
    files_written: int = 0
    files_present: int = 0  # identical files already in place, left alone
    pending_migrations: list = field(default_factory=list)  # newer code: run migrate


def local_media_root() -> Path | None:
    """MEDIA_ROOT when uploads are stored on the local disk; None when they are in object
    storage, which keeps its own versions and is not copied into the archive."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


# --- backup -------------------------------------------------------------------------------


def backup_create(*, connection, media_root: Path | None, backup_dir: Path, now=None) -> Backup:
    """Write a dated archive of the database behind ``connection`` and of the files under
    ``media_root`` (None: uploads are not on the local disk, only the database is kept).

    The archive appears under its final name only once complete; it is readable by its
    owner only, since it holds every personal record and password hash.
    """
    now = timezone.localtime(now)
    backup_dir = Path(backup_dir)
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = _free_name(backup_dir, f"kerjasama-{now:%Y-%m-%dT%H%M}")
    partial = path.with_name(path.name + ".partial")
    vendor = _vendor(connection)
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "database": {
            "engine": connection.settings_dict["ENGINE"],
            "vendor": vendor,
            "name": str(connection.settings_dict["NAME"]),
            "file": DATABASE_FILES[vendor],
        },
        "django": django.get_version(),
        "migrations": applied_migrations(connection),
        "media": {"included": media_root is not None},
        "files": [],
    }
    with tempfile.TemporaryDirectory(dir=backup_dir, prefix=".backup-") as work:
        dump = Path(work) / "database"
        _dump_database(connection, dump)
        try:
            with (
                open(partial, "xb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive,
            ):
                os.chmod(partial, 0o600)
                manifest["files"].append(_add(archive, DATABASE_FILES[vendor], dump))
                for relative, source in _media_files(media_root, exclude=backup_dir):
                    manifest["files"].append(_add(archive, MEDIA_PREFIX + relative, source))
                content = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = _member(MANIFEST, len(content), now.timestamp())
                archive.addfile(info, io.BytesIO(content))
            os.rename(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return Backup(path=path, manifest=manifest)


def applied_migrations(connection) -> dict[str, list[str]]:
    """The Django migrations recorded in the database, by app."""
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def _vendor(connection) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _free_name(folder: Path, stem: str) -> Path:
    """``stem.tar.gz`` in ``folder``, or ``stem-2.tar.gz``…: a backup never overwrites one."""
    path, number = folder / f"{stem}.tar.gz", 1
    while path.exists() or path.with_name(path.name + ".partial").exists():
        number += 1
        path = folder / f"{stem}-{number}.tar.gz"
    return path


def _dump_database(connection, target: Path) -> None:
    if connection.vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-password", f"--file={target}"],
            connection,
        )
        return
    # The online backup API copies a consistent state even while the portal writes.
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _media_files(media_root: Path | None, *, exclude: Path):
    """(path relative to media_root in POSIX form, absolute path) of every uploaded file,
    sorted; links and anything under ``exclude`` (the backups themselves) are left out."""
    if media_root is None or not Path(media_root).is_dir():
        return
    root, exclude = Path(media_root).resolve(), Path(exclude).resolve()
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        here = Path(folder)
        dirs[:] = [d for d in dirs if not (here / d).is_symlink() and (here / d) != exclude]
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def _member(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o600
    return info


def _add(archive: tarfile.TarFile, name: str, source: Path) -> dict:
    """Add one file to the archive, hashing it on the way; its manifest entry."""
    with open(source, "rb") as handle:
        stat = os.fstat(handle.fileno())
        reader = _HashingReader(handle)
        archive.addfile(_member(name, stat.st_size, stat.st_mtime), reader)
    return {"path": name, "size": stat.st_size, "sha256": reader.hexdigest()}


class _HashingReader:
    """A file wrapper that hashes what is read through it."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


# --- restore ------------------------------------------------------------------------------


def backup_restore(*, archive: Path, connection, media_root: Path | None) -> Restored:
    """Put the archive back into the EMPTY database behind ``connection`` and its files
    under ``media_root``. Refuses, changing nothing, when a check fails (see the module)."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No backup archive at {archive}.")
    vendor = _vendor(connection)
    with tempfile.TemporaryDirectory(prefix="kerjasama-restore-") as work:
        manifest, dump = _verify(archive, Path(work))
        database = manifest["database"]
        if database["vendor"] != vendor:
            raise BackupError(
                f"The archive holds a {database['vendor']} database; the target is {vendor}. "
                "Restore it into the same kind of database."
            )
        pending = _check_migrations(manifest["migrations"])
        _check_empty(connection)
        media = [f for f in manifest["files"] if f["path"].startswith(MEDIA_PREFIX)]
        if media and media_root is None:
            raise BackupError(
                "The archive holds uploaded files, but uploads are not on the local disk here."
            )
        to_write = _check_media(media, media_root)

        _restore_database(connection, dump)
        written = _write_media(archive, to_write, Path(media_root)) if to_write else 0
        tables = len(connection.introspection.table_names())
    return Restored(
        tables=tables,
        files_written=written,
        files_present=len(media) - len(to_write),
        pending_migrations=pending,
    )


def _safe_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive holds an unsafe path: {name!r}.")
    return path.as_posix()


def _verify(archive: Path, work: Path) -> tuple[dict, Path]:
    """Read the whole archive once: check every member against the manifest, and keep
    the database file in ``work``. Returns the manifest and that file."""
    seen, manifest, dump = {}, None, work / "database"
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                name = _safe_name(member.name)
                if not member.isfile():
                    raise BackupError(f"The archive holds something other than a file: {name}.")
                handle = tar.extractfile(member)
                if name == MANIFEST:
                    manifest = _read_manifest(handle.read())
                    continue
                if name.startswith("database/"):
                    with open(dump, "xb") as out:
                        seen[name] = _digest(handle, out)
                else:
                    seen[name] = _digest(handle)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{archive} is not a readable backup archive ({error}).") from None
    if manifest is None:
        raise BackupError(f"{archive} has no {MANIFEST}: it is not a backup of this portal.")
    listed = {f["path"]: {"size": f["size"], "sha256": f["sha256"]} for f in manifest["files"]}
    damaged = sorted(p for p in listed.keys() & seen.keys() if listed[p] != seen[p])
    missing, extra = sorted(listed.keys() - seen.keys()), sorted(seen.keys() - listed.keys())
    if damaged or missing or extra:
        problems = [
            *(f"checksum differs: {p}" for p in damaged),
            *(f"missing: {p}" for p in missing),
            *(f"not in the manifest: {p}" for p in extra),
        ]
        raise BackupError("The archive does not match its manifest; " + "; ".join(problems))
    if manifest["database"]["file"] not in seen:
        raise BackupError("The archive holds no database.")
    return manifest, dump


def _digest(handle, out=None) -> dict:
    """Size and SHA-256 of what ``handle`` holds, copied to ``out`` on the way if given."""
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def _read_manifest(content: bytes) -> dict:
    try:
        manifest = json.loads(content)
    except ValueError:
        raise BackupError(f"The archive's {MANIFEST} is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"The archive is not in the format {FORMAT}.")
    return manifest


def _check_migrations(archived: dict) -> list[str]:
    """Refuse an archive made by newer code; return the migrations this code will add."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    recorded = {(app, name) for app, names in archived.items() for name in names}
    unknown = sorted(recorded - known)
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"The archive was made by a newer version of the portal (migrations {names} are "
            "unknown here): install that version first, then restore."
        )
    apps = set(archived)
    return sorted(f"{app}.{name}" for app, name in known - recorded if app in apps)


def _check_empty(connection) -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The target database {connection.settings_dict['NAME']} is not empty "
            f"({len(tables)} tables, e.g. {', '.join(sorted(tables)[:3])}); a restore goes "
            f"into an empty database only. {_how_to_empty(connection)}"
        )


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return _digest(handle)["sha256"]


def _check_media(media: list[dict], media_root: Path | None) -> list[dict]:
    """The archived files to write: those not yet in place. A different file in the way
    is refused; an identical one is left as it is."""
    to_write, conflicts = [], []
    for entry in media:
        target = Path(media_root) / entry["path"].removeprefix(MEDIA_PREFIX)
        if not target.exists() and not target.is_symlink():
            to_write.append(entry)
        elif not target.is_file() or _sha256(target) != entry["sha256"]:
            conflicts.append(str(target))
    if conflicts:
        raise BackupError(
            f"{len(conflicts)} uploaded file(s) already exist with other content, e.g. "
            f"{', '.join(conflicts[:3])}; nothing was restored. Restore into an empty "
            "MEDIA_ROOT, or move those files away."
        )
    return to_write


def _restore_database(connection, dump: Path) -> None:
    if connection.vendor == "postgresql":
        # One transaction: a failure leaves the database as empty as it was. Owners and
        # grants of the old server are not reproduced; the restoring user owns it all.
        _run(
            [
                "pg_restore",
                "--no-password",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                str(dump),
            ],
            connection,
        )
        return
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _write_media(archive: Path, entries: list[dict], media_root: Path) -> int:
    """Write the files (already verified) under media_root, each through a temporary name
    so that no half-written file is left under its real one."""
    wanted = {entry["path"]: entry for entry in entries}
    written = 0
    with tarfile.open(archive, mode="r:gz") as tar:
        for member in tar:
            entry = wanted.get(member.name)
            if entry is None:
                continue
            target = media_root / entry["path"].removeprefix(MEDIA_PREFIX)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.restoring")
            digest = hashlib.sha256()
            with tar.extractfile(member) as source, open(partial, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != entry["sha256"]:  # the archive changed under us
                partial.unlink()
                raise BackupError(f"{entry['path']} changed while it was being restored.")
            os.utime(partial, (member.mtime, member.mtime))
            os.replace(partial, target)
            written += 1
    return written


# --- PostgreSQL client programs -----------------------------------------------------------

# libpq options of DATABASES["default"]["OPTIONS"] that the client programs take as
# environment variables.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def _run(command: list[str], connection) -> None:
    """Run pg_dump or pg_restore on the connection's database. The password goes in the
    environment (PGPASSWORD), never on the command line, where `ps` would show it."""
    settings = connection.settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    for option, variable in LIBPQ_OPTIONS.items():
        if settings.get("OPTIONS", {}).get(option):
            env[variable] = str(settings["OPTIONS"][option])
    args = [*command]
    if settings.get("HOST"):
        args.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        args.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        args.append(f"--username={settings['USER']}")
    args.append(f"--dbname={settings['NAME']}")
    program = command[0]
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} is not installed: apt-get install postgresql-client "
            "(the same major version as the server, or newer)."
        )
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip()[-2000:]}")
