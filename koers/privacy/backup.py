"""Backups that are checked: `koers backup PATH` and `koers restore PATH`.

SQLite is copied with SQLite's online backup API (a consistent copy while Koers runs);
PostgreSQL with `pg_dump -Fc` from an exported snapshot. Beside the backup goes a manifest
(`PATH.manifest.json`) with, per table, the row count and a SHA-256 over its rows, taken from the
same snapshot as the copy, and the SHA-256 of the backup file. Backup verifies the copy against
the database (SQLite) or the archive's table of contents (PostgreSQL); restore checks the file
against the manifest before it touches anything, and the restored database against the manifest
after.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.db import connection, connections
from django.utils import timezone

MANIFEST_SUFFIX = ".manifest.json"
FETCH_SIZE = 2000


class BackupError(Exception):
    """The backup or restore failed or did not verify; the message says what differs."""


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...
    def fetchmany(self, size: int = ..., /) -> Sequence[Sequence[Any]]: ...
    def fetchall(self) -> Sequence[Sequence[Any]]: ...


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


def _value(value: Any) -> str:
    if isinstance(value, memoryview):
        value = bytes(value)
    return repr(value)


def table_digest(cursor: Cursor, table: str, quote: str = '"') -> TableDigest:
    """Row count and SHA-256 of a table's rows, in a fixed order (every column, ascending)."""
    name = f"{quote}{table.replace(quote, quote * 2)}{quote}"
    cursor.execute(f"SELECT * FROM {name} LIMIT 0")  # noqa: S608 - a quoted table name
    width = len(cursor.description)  # type: ignore[attr-defined]
    order = ", ".join(str(position) for position in range(1, width + 1))
    cursor.execute(f"SELECT * FROM {name} ORDER BY {order}")  # noqa: S608
    digest = hashlib.sha256()
    rows = 0
    while batch := cursor.fetchmany(FETCH_SIZE):
        for row in batch:
            digest.update("\x1f".join(_value(v) for v in row).encode())
            digest.update(b"\x1e")
        rows += len(batch)
    return TableDigest(rows=rows, sha256=digest.hexdigest())


def digests(cursor: Cursor, tables: Iterable[str]) -> dict[str, TableDigest]:
    return {table: table_digest(cursor, table) for table in sorted(tables)}


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [name for (name,) in rows]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def compare(expected: dict[str, TableDigest], actual: dict[str, TableDigest]) -> list[str]:
    """What differs between two sets of table digests, one line per table."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table), actual.get(table)
        if want is None:
            problems.append(f"{table}: not in the backup")
        elif got is None:
            problems.append(f"{table}: missing")
        elif want.rows != got.rows:
            problems.append(f"{table}: {got.rows} rows, expected {want.rows}")
        elif want.sha256 != got.sha256:
            problems.append(f"{table}: same row count ({got.rows}) but different contents")
    return problems


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    file_sha256: str
    tables: dict[str, TableDigest]

    def write(self, path: Path) -> None:
        data = {
            "engine": self.engine,
            "created_at": self.created_at,
            "file_sha256": self.file_sha256,
            "tables": {t: {"rows": d.rows, "sha256": d.sha256} for t, d in self.tables.items()},
        }
        path.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            tables = {t: TableDigest(**d) for t, d in data["tables"].items()}
            return cls(data["engine"], data["created_at"], data["file_sha256"], tables)
        except FileNotFoundError:
            raise BackupError(f"no manifest at {path}; restore only checked backups") from None
        except (KeyError, TypeError, ValueError) as error:
            raise BackupError(f"the manifest {path} is not readable: {error}") from None


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + MANIFEST_SUFFIX)


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


# --- SQLite -----------------------------------------------------------------------------------


def sqlite_backup(source: Path, target: Path) -> Manifest:
    """Copy `source` to `target` with the online backup API, from one read snapshot that the
    digests are taken from too; then verify the copy."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    try:
        src.execute("BEGIN")  # one read snapshot for the copy and the digests
        expected = digests(src.cursor(), sqlite_tables(src))
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
        src.rollback()
    finally:
        src.close()
    copy = sqlite3.connect(partial)
    try:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        actual = digests(copy.cursor(), sqlite_tables(copy))
    finally:
        copy.close()
    problems = compare(expected, actual)
    if problems:
        partial.unlink(missing_ok=True)
        raise BackupError("the copy differs from the database: " + "; ".join(problems))
    partial.replace(target)
    manifest = Manifest("sqlite", timezone.now().isoformat(), file_sha256(target), expected)
    manifest.write(manifest_path(target))
    return manifest


def sqlite_restore(backup: Path, target: Path) -> Manifest:
    manifest = _checked_manifest(backup, "sqlite")
    connections.close_all()
    src = sqlite3.connect(backup)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        actual = digests(dst.cursor(), sqlite_tables(dst))
    finally:
        src.close()
        dst.close()
    _verify(manifest, actual)
    return manifest


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_env() -> tuple[dict[str, str], list[str]]:
    settings = connection.settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    args = ["--dbname", str(settings["NAME"])]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    return env, args


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools")
    return found


def pg_tables() -> list[str]:
    return [t for t in connection.introspection.table_names() if not t.startswith("pg_")]


def postgresql_backup(target: Path) -> Manifest:
    """`pg_dump -Fc` from a snapshot this connection exports and holds while it takes the
    digests, so the dump and the manifest describe the same moment."""
    env, args = _pg_env()
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            dump = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
                [
                    _program("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(partial),
                    *args,
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if dump.returncode != 0:
                partial.unlink(missing_ok=True)
                raise BackupError(f"pg_dump failed: {dump.stderr.strip()}")
            expected = digests(cursor, pg_tables())
        finally:
            cursor.execute("ROLLBACK")
    listing = subprocess.run(  # noqa: S603
        [_program("pg_restore"), "--list", str(partial)],
        capture_output=True,
        text=True,
        check=False,
    )
    missing = [t for t in expected if f" TABLE DATA public {t} " not in listing.stdout]
    if listing.returncode != 0 or missing:
        partial.unlink(missing_ok=True)
        raise BackupError(
            "the archive does not verify: " + (listing.stderr.strip() or ", ".join(missing))
        )
    partial.replace(target)
    manifest = Manifest("postgresql", timezone.now().isoformat(), file_sha256(target), expected)
    manifest.write(manifest_path(target))
    return manifest


def postgresql_restore(backup: Path) -> Manifest:
    manifest = _checked_manifest(backup, "postgresql")
    env, args = _pg_env()
    connections.close_all()
    restore = subprocess.run(  # noqa: S603
        [
            _program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(backup),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if restore.returncode != 0:
        raise BackupError(f"pg_restore failed (nothing was changed): {restore.stderr.strip()}")
    with connection.cursor() as cursor:
        actual = digests(cursor, pg_tables())
    _verify(manifest, actual)
    return manifest


# --- Both ---------------------------------------------------------------------------------------


def _checked_manifest(backup: Path, expected_engine: str) -> Manifest:
    if not backup.is_file():
        raise BackupError(f"there is no backup at {backup}")
    manifest = Manifest.read(manifest_path(backup))
    if manifest.engine != expected_engine:
        raise BackupError(f"this is a {manifest.engine} backup; the database is {expected_engine}")
    if file_sha256(backup) != manifest.file_sha256:
        raise BackupError("the backup file does not match its manifest (damaged or changed)")
    return manifest


def _verify(manifest: Manifest, actual: dict[str, TableDigest]) -> None:
    problems = compare(manifest.tables, actual)
    if problems:
        raise BackupError("the restored database differs from the backup: " + "; ".join(problems))


def backup(target: Path) -> Manifest:
    if engine() == "sqlite":
        return sqlite_backup(Path(str(connection.settings_dict["NAME"])), target)
    return postgresql_backup(target)


def restore(source: Path) -> Manifest:
    if engine() == "sqlite":
        return sqlite_restore(source, Path(str(connection.settings_dict["NAME"])))
    return postgresql_restore(source)
