"""koers import-esco PATH [PATH ...]: import the official ESCO CSV download."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.careerinfo.esco import EscoImportError, esco_import
from koers.careerinfo.management.commands._progress import ProgressBar

SHOWN_REJECTIONS = 50


class Command(BaseCommand):
    help = (
        "Import ESCO occupations, skills, ISCO-08 groups and their relations from the official "
        "ESCO CSV download: folders, the zip files as shipped, or single CSV files, in any "
        "languages (the language comes from file names such as occupations_nl.csv)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Folders, zip or CSV files.")
        parser.add_argument(
            "--esco-version",
            default="",
            help="ESCO version, e.g. 1.2.0 (default: read from the file names).",
        )
        parser.add_argument(
            "--release-date", type=date.fromisoformat, default=None, help="YYYY-MM-DD"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            summary = esco_import(
                paths=options["paths"],
                version=options["esco_version"],
                release_date=options["release_date"],
                progress=ProgressBar(self.stdout),
            )
        except EscoImportError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        seconds = time.perf_counter() - started
        release = summary.release
        write = self.stdout.write
        write(
            f"ESCO {release.version} ({release.languages}) imported from "
            f"{len(summary.sources)} files in {seconds:.1f} s."
        )
        for kind, tally in summary.tallies.items():
            write(
                f"  {kind}: {len(tally.created)} created, {len(tally.updated)} updated, "
                f"{tally.obsolete} marked obsolete"
            )
        for name, count in summary.relations.items():
            write(f"  {name}: {count}")
        write(
            f"Total: {release.created} created, {release.updated} updated, "
            f"{release.obsolete} obsolete, {release.rejected} rejected rows."
        )
        for rejection in summary.rejections[:SHOWN_REJECTIONS]:
            write(f"  rejected: {rejection}")
        if len(summary.rejections) > SHOWN_REJECTIONS:
            write(f"  … and {len(summary.rejections) - SHOWN_REJECTIONS} more rejected rows.")
