"""koers import-onet ONET_DIR CROSSWALK_DIR: RIASEC interest profiles for ESCO occupations."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.careerinfo.onet import OnetImportError, onet_import


class Command(BaseCommand):
    help = (
        "Attach RIASEC interest profiles and job zones from the O*NET database (text release) "
        "to imported ESCO occupations, through the ESCO-O*NET and ISCO-SOC crosswalks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("onet_dir", type=Path, help="Folder of the O*NET text release.")
        parser.add_argument("crosswalk_dir", type=Path, help="Folder with the crosswalk CSVs.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            summary = onet_import(
                onet_dir=options["onet_dir"], crosswalk_dir=options["crosswalk_dir"]
            )
        except OnetImportError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{summary.onet_occupations} O*NET occupations with interest scores read in "
            f"{seconds:.1f} s."
        )
        for path, count in sorted(summary.profiles.items()):
            self.stdout.write(f"  profiles via {path}: {count}")
        self.stdout.write(
            f"Coverage: {sum(summary.profiles.values())} of {summary.occupations} current "
            f"occupations ({summary.coverage:.1%}) have an interest profile."
        )
