"""koers backup PATH: a verified copy of the database, with a manifest beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.privacy.backup import BackupError, backup, manifest_path


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online backup API; PostgreSQL: pg_dump -Fc) and verify "
        "row counts and a checksum per table; writes PATH and PATH.manifest.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.parent.is_dir():
            raise CommandError(f"the folder {path.parent} does not exist")
        try:
            manifest = backup(path)
        except BackupError as error:
            raise CommandError(f"no backup was made: {error}") from None
        rows = sum(table.rows for table in manifest.tables.values())
        self.stdout.write(
            f"backed up {len(manifest.tables)} tables ({rows:,} rows) to {path}, verified; "
            f"manifest {manifest_path(path)}"
        )
