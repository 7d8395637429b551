"""Backups and restores of a whole installation: the database, public media and private attachments.

One archive (``qiandeng-backup-<UTC time>.tar``) holds
  database/      ``pg_dump`` custom format on PostgreSQL; on SQLite a copy made with SQLite's backup API,
                 consistent even while the site writes
  media/         MEDIA_ROOT (images, documents)
  private/       PRIVATE_MEDIA_ROOT (case attachments: personal data)
  SHA256SUMS     a SHA-256 per file, in ``sha256sum -c`` format
  manifest.json  the archive's format, database vendor and creation time
The archive holds personal data: it is written readable by its owner only and must be encrypted at rest
(docs/deploy.md). A restore verifies every sum before it touches anything, and goes only into an empty
database and empty file stores unless forced.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

from cms.core import page_cache

FORMAT = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
DUMP_NAMES = {"postgresql": "database/postgresql.dump", "sqlite": "database/sqlite3.db"}


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why."""


def file_stores() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


# Backup --------------------------------------------------------------------------------------------


def create(directory: Path) -> Path:
    """Writes a new archive into ``directory`` and returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    final = directory / f"qiandeng-backup-{now:%Y%m%dT%H%M%SZ}.tar"
    partial = final.with_suffix(".tar.partial")
    sums: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        dump = _dump_database(Path(tmp))
        # Owner-only from the first byte: the archive holds personal data.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w") as tar:
            sums[DUMP_NAMES[connection.vendor]] = _add_file(
                tar, dump, DUMP_NAMES[connection.vendor]
            )
            for label, root in file_stores().items():
                for path in (
                    sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
                ):
                    name = f"{label}/{path.relative_to(root).as_posix()}"
                    sums[name] = _add_file(tar, path, name)
            listing = "".join(f"{digest}  {name}\n" for name, digest in sums.items())
            _add_bytes(tar, SUMS, listing.encode())
            manifest = {
                "format": FORMAT,
                "created": now.isoformat(timespec="seconds"),
                "database": connection.vendor,
                "files": len(sums),
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
    partial.rename(final)  # a half-written archive never carries the final name
    return final


def _dump_database(tmp: Path) -> Path:
    target = tmp / "database"
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        raise BackupError(f"no backup method for the {connection.vendor} database")
    return target


class _HashingReader:
    """Hashes the bytes tar actually stores, so a file changing during the backup cannot mismatch."""

    def __init__(self, file):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size=-1):
        chunk = self.file.read(size)
        self.digest.update(chunk)
        return chunk


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> str:
    info = tar.gettarinfo(path, arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as file:
        reader = _HashingReader(file)
        tar.addfile(info, reader)
    return reader.digest.hexdigest()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    tar.addfile(info, io.BytesIO(data))


# Restore -------------------------------------------------------------------------------------------


def restore(archive: Path, force: bool = False) -> dict:
    """Restores ``archive`` into this installation's database and file stores; returns its manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        unpacked = Path(tmp)
        with tarfile.open(archive) as tar:
            tar.extractall(unpacked, filter="data")  # no absolute paths, links out, or devices
        manifest = json.loads((unpacked / MANIFEST).read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        _verify(unpacked)
        if manifest["database"] != connection.vendor:
            raise BackupError(
                f"the archive holds a {manifest['database']} database; this site uses {connection.vendor}"
            )
        if not force:
            _refuse_unless_empty()
        _load_database(unpacked / DUMP_NAMES[connection.vendor], force)
        for label, root in file_stores().items():
            if (unpacked / label).exists():
                shutil.copytree(unpacked / label, root, dirs_exist_ok=True)
    page_cache.invalidate()  # cached pages show the content before the restore
    return manifest


def _verify(unpacked: Path) -> None:
    listed = {}
    for line in (unpacked / SUMS).read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    present = {
        p.relative_to(unpacked).as_posix()
        for p in unpacked.rglob("*")
        if p.is_file() and p.name not in (SUMS, MANIFEST)
    }
    if present != set(listed):
        raise BackupError("the archive's files differ from its SHA256SUMS list")
    for name, digest in listed.items():
        if _sha256(unpacked / name) != digest:
            raise BackupError(f"checksum mismatch: {name}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _refuse_unless_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"the database is not empty ({len(tables)} tables); restore into a new database or use --force"
        )
    for label, root in file_stores().items():
        if root.exists() and any(p.is_file() for p in root.rglob("*")):
            raise BackupError(
                f"{label} storage {root} is not empty; use --force to restore over it"
            )


def _load_database(dump: Path, force: bool) -> None:
    if connection.vendor == "postgresql":
        clean = ["--clean", "--if-exists"] if force else []
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *clean,
                f"--dbname={settings.DATABASES['default']['NAME']}",
                str(dump),
            ]
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()


def _run(command: list[str]) -> None:
    """Runs a PostgreSQL client tool against the default database; the password travels in the
    environment, never on the command line."""
    db = settings.DATABASES["default"]
    given = {
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
    }
    env = {**os.environ, **{name: str(value) for name, value in given.items() if value}}
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
