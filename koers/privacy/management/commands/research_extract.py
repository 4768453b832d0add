"""koers research-extract: a pseudonymised extract for an approved research project.

koers research-extract --project NAME --organisation ID --approved-by EMAIL --purpose TEXT OUT.csv
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.privacy.extracts import research_extract_write


class Command(BaseCommand):
    help = (
        "Write a pseudonymised extract (one row per trajectory) for an approved research "
        "project, and record it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="CSV file to write")
        parser.add_argument("--project", required=True, help="research project name")
        parser.add_argument("--organisation", required=True, type=int, help="organisation id")
        parser.add_argument(
            "--approved-by", required=True, help="e-mail of the approving service manager"
        )
        parser.add_argument("--purpose", required=True, help="what the extract is used for")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError(f"the folder {out.parent} does not exist")
        try:
            record = research_extract_write(
                organisation_id=options["organisation"],
                project=options["project"],
                approved_by=options["approved_by"],
                purpose=options["purpose"],
                out=out,
            )
        except ValidationError as error:
            raise CommandError(f"no extract was made: {' '.join(error.messages)}") from None
        self.stdout.write(
            f"{record.row_count} rows written to {out} (sha256 {record.checksum}); "
            f"recorded as extract {record.id} for {record.project.name}"
        )
