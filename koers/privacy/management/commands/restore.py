"""koers restore PATH: put a backup made by `koers backup` back, and verify it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.privacy.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `koers backup` over the current database, then compare row "
        "counts and checksums per table with its manifest. Stop Koers (web and worker) first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm: the current database is replaced"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                "restore replaces everything in the current database; add --yes to confirm"
            )
        try:
            manifest = restore(options["path"])
        except BackupError as error:
            raise CommandError(f"restore failed: {error}") from None
        rows = sum(table.rows for table in manifest.tables.values())
        self.stdout.write(
            f"restored {len(manifest.tables)} tables ({rows:,} rows) from the backup of "
            f"{manifest.created_at}; every table matches its manifest"
        )
