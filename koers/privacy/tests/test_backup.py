"""Backups verify what they copied, restores refuse damaged files, and a crashed import leaves
no partial data. The process tests run the real `koers` command against a scratch SQLite file."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from koers.privacy.backup import (
    BackupError,
    Manifest,
    manifest_path,
    sqlite_backup,
    sqlite_restore,
)

KOERS = [sys.executable, "-m", "koers.cli"]


def make_database(path: Path, rows: int = 500) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT, born DATE)")
    conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body BLOB)")
    conn.executemany(
        "INSERT INTO person VALUES (?, ?, ?)",
        [(i, f"naam {i}", f"19{i % 100:02d}-01-01") for i in range(rows)],
    )
    conn.executemany("INSERT INTO note VALUES (?, ?)", [(i, bytes([i % 256])) for i in range(50)])
    conn.commit()
    conn.close()


def test_a_backup_carries_a_manifest_and_restores_exactly(tmp_path):
    # given a database and its backup
    live, copy = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    make_database(live)
    manifest = sqlite_backup(live, copy)
    assert manifest.tables["person"].rows == 500
    assert Manifest.read(manifest_path(copy)).tables == manifest.tables
    # when the database changes afterwards and the backup is restored
    conn = sqlite3.connect(live)
    conn.execute("UPDATE person SET name = 'gewijzigd' WHERE id < 10")
    conn.execute("DELETE FROM note")
    conn.commit()
    conn.close()
    sqlite_restore(copy, live)
    # then the database is what it was at the backup
    conn = sqlite3.connect(live)
    assert conn.execute("SELECT count(*) FROM note").fetchone() == (50,)
    assert conn.execute("SELECT name FROM person WHERE id = 3").fetchone() == ("naam 3",)
    conn.close()


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path):
    live, copy = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    make_database(live)
    sqlite_backup(live, copy)
    # given a backup file with one byte changed
    data = bytearray(copy.read_bytes())
    data[-100] ^= 0xFF
    copy.write_bytes(bytes(data))
    conn = sqlite3.connect(live)
    conn.execute("DELETE FROM note")
    conn.commit()
    conn.close()
    # then restoring it is refused and the live database is untouched
    with pytest.raises(BackupError, match="does not match its manifest"):
        sqlite_restore(copy, live)
    conn = sqlite3.connect(live)
    assert conn.execute("SELECT count(*) FROM note").fetchone() == (0,)
    conn.close()


def test_a_backup_without_manifest_is_refused(tmp_path):
    live, copy = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    make_database(live)
    sqlite_backup(live, copy)
    manifest_path(copy).unlink()
    with pytest.raises(BackupError, match="no manifest"):
        sqlite_restore(copy, live)


def test_verification_names_the_table_that_differs(tmp_path):
    live, copy = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    make_database(live)
    manifest = sqlite_backup(live, copy)
    # given a manifest that claims another checksum for one table (file checksum still right)
    tampered = dict(manifest.tables)
    tampered["note"] = type(manifest.tables["note"])(rows=50, sha256="0" * 64)
    Manifest(manifest.engine, manifest.created_at, manifest.file_sha256, tampered).write(
        manifest_path(copy)
    )
    with pytest.raises(BackupError, match="note: same row count"):
        sqlite_restore(copy, live)


# --- The real command, in its own process -----------------------------------------------------


@pytest.fixture(scope="module")
def scratch_database(tmp_path_factory):
    """A migrated Koers database in a file, for commands run in another process."""
    folder = tmp_path_factory.mktemp("koers")
    path = folder / "koers.sqlite3"
    env = {**os.environ, "KOERS_ENV": "test", "DATABASE_URL": f"sqlite:///{path}"}
    subprocess.run(  # noqa: S603 - our own command
        [*KOERS, "migrate", "-v", "0"], env=env, check=True, capture_output=True
    )
    return path, env


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        conn.close()


def test_a_generation_killed_midway_leaves_no_partial_data(scratch_database):
    path, env = scratch_database
    before = {t: count(path, t) for t in ("people_person", "delivery_engagement", "core_user")}
    # given a large generation running in its own process
    process = subprocess.Popen(  # noqa: S603 - our own command
        [*KOERS, "generate", "--persons", "60000", "--organisations", "4", "-v", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    # when it is killed (SIGKILL: no cleanup of any kind) once it has written persons
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip().endswith("persons"):
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    # then nothing of it is in the database, and the database is sound
    assert {t: count(path, t) for t in before} == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_koers_backup_and_restore_round_trip(scratch_database, tmp_path):
    path, env = scratch_database
    target = tmp_path / "koers-backup.sqlite3"
    made = subprocess.run(  # noqa: S603 - our own command
        [*KOERS, "backup", str(target)], env=env, capture_output=True, text=True, check=False
    )
    assert made.returncode == 0, made.stderr
    assert "verified" in made.stdout
    # a change after the backup is undone by the restore
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM delivery_interventiontype")
    conn.commit()
    conn.close()
    refused = subprocess.run(  # noqa: S603 - our own command
        [*KOERS, "restore", str(target)], env=env, capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
    assert "--yes" in refused.stderr
    done = subprocess.run(  # noqa: S603 - our own command
        [*KOERS, "restore", str(target), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "every table matches its manifest" in done.stdout
    assert count(path, "delivery_interventiontype") > 0
