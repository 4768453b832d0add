"""koers import-lmi FILE: labour-market indicators with their sources, from a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.careerinfo.lmi import LmiImportError, lmi_import


class Command(BaseCommand):
    help = (
        "Import labour-market indicators (shortage/tension, vacancies, employment, median "
        "wage, outlook) by occupation or ISCO-08 group, region and period, each with its "
        "source, address, retrieval date and licence."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="Import nothing when any row is rejected.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = lmi_import(path=options["path"], all_or_nothing=options["all_or_nothing"])
        except LmiImportError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        for rejection in summary.rejections:
            self.stdout.write(f"rejected: {rejection}")
        if not summary.saved:
            raise CommandError(
                f"{len(summary.rejections)} rows rejected; with --all-or-nothing nothing "
                "was imported."
            )
        self.stdout.write(
            f"{summary.created} created, {summary.updated} updated, "
            f"{len(summary.rejections)} rejected rows."
        )
