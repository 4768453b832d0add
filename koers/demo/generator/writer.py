"""Write generated rows fast: `executemany` on SQLite, COPY on PostgreSQL; then reset sequences.

Generated rows do NOT go through the services or the audit trail: this is synthetic bulk data
created by an operator's command, not changes made by anyone to anybody's record, and an audit
line per row would double the volume for no reader. (The audit table's triggers only refuse
UPDATE and DELETE; nothing here touches it.)
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from psycopg.copy import QueuedLibpqWriter

from koers.demo.generator.tables import Rows, copy_text, sqlite_params


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


class Writer:
    """Writes `Rows` into the default database inside the caller's transaction."""

    def __init__(self, created: dt.datetime) -> None:
        self.created = created
        self.counts: dict[str, int] = {}
        self.models: list[type[models.Model]] = []

    def write(self, rows: Rows) -> None:
        if len(rows) == 0:
            return
        connection.ensure_connection()
        quote = connection.ops.quote_name
        if is_postgres():
            names, blocks = copy_text(rows, self.created)
            columns = ", ".join(quote(name) for name in names)
            raw: Any = connection.connection
            # The queued writer sends from a thread: numpy builds the next block while the
            # server parses this one.
            with (
                raw.cursor() as cursor,
                cursor.copy(
                    f"COPY {quote(rows.table)} ({columns}) FROM STDIN",
                    writer=QueuedLibpqWriter(cursor),
                ) as copy,
            ):
                for block in blocks:
                    copy.write(block)
        else:
            names, params = sqlite_params(rows, self.created)
            columns = ", ".join(quote(name) for name in names)
            marks = ", ".join("?" for _ in names)
            sql = f"INSERT INTO {quote(rows.table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from Django models
            raw_sqlite: Any = connection.connection
            if not self.counts:
                # A large page cache keeps the indexes being filled in memory (about 10x faster).
                raw_sqlite.execute("PRAGMA cache_size = -262144")
            raw_sqlite.executemany(sql, params)
        self.counts[rows.table] = self.counts.get(rows.table, 0) + len(rows)
        if rows.model not in self.models:
            self.models.append(rows.model)

    def suspend_foreign_keys(self, models_: list[type[models.Model]]) -> None:
        """PostgreSQL: drop the foreign keys of the tables about to be filled; `restore` adds
        them back. Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so PostgreSQL would
        queue one check per row and foreign key and run them all at commit (minutes for a
        million persons); adding a constraint back checks all rows in one join instead. This is
        what pg_restore does. Inside the transaction, so a failure restores everything."""
        if not is_postgres():
            return
        tables = [str(m._meta.db_table) for m in models_]
        with connection.cursor() as cursor:
            # Run the checks still queued in this transaction (e.g. instruments just loaded):
            # PostgreSQL cannot alter a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
                [tables],
            )
            self.suspended = cursor.fetchall()
            for table, name, _definition in self.suspended:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')

            # Plain (non-unique) indexes too: building one from sorted data at the end is several
            # times faster than growing it row by row.
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s) "
                "AND NOT i.indisunique AND NOT i.indisprimary",
                [tables],
            )
            self.indexes = cursor.fetchall()
            for name, _definition in self.indexes:
                cursor.execute(f"DROP INDEX {name}")

    def restore_foreign_keys(self) -> None:
        if not is_postgres():
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _name, definition in getattr(self, "indexes", []):
                cursor.execute(definition)
            for table, name, definition in getattr(self, "suspended", []):
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        self.suspended = []
        self.indexes = []

    def reset_sequences(self) -> None:
        """Make the next ordinary insert continue after the generated ids (PostgreSQL; SQLite's
        AUTOINCREMENT counter follows explicit ids by itself)."""
        if not is_postgres():
            return
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def tables_are_empty(models_: Iterable[type[models.Model]]) -> list[str]:
    """The tables among `models_` that already hold rows."""
    return [str(model._meta.db_table) for model in models_ if model._default_manager.all().exists()]


def free_bytes() -> int | None:
    """Free space where the database keeps its data, when Koers can tell."""
    settings = connection.settings_dict
    if not is_postgres():
        return shutil.disk_usage(Path(settings["NAME"]).resolve().parent).free
    with connection.cursor() as cursor:
        try:
            cursor.execute("SELECT setting FROM pg_settings WHERE name = 'data_directory'")
            row = cursor.fetchone()
        except Exception:
            row = None
    if row and row[0] and Path(row[0]).exists():
        return shutil.disk_usage(row[0]).free
    if settings.get("HOST") in {"", "localhost", "127.0.0.1", "::1", None}:
        # The server runs here; its data lives on one of our disks, most likely the root one.
        return shutil.disk_usage("/").free
    return None
