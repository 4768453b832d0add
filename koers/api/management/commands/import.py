# ruff: noqa: N999  # the module is named for its command: `koers import`
"""koers import KIND FILE --organisation ID [--atomic | --keep-valid] [--dry-run]"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from koers.api.imports import KINDS, import_file, organisation_actor


class Command(BaseCommand):
    help = "Import persons' life status or engagements from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", type=int, required=True)
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--atomic", action="store_true", help="All rows or none (the default).")
        mode.add_argument(
            "--keep-valid", action="store_true", help="Keep the valid rows, report the others."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            actor = organisation_actor(organisation_id=options["organisation"])
        except Http404 as error:
            raise CommandError(_("No organisation with this id.")) from error

        def progress(done: int, total: int) -> None:
            if done == total or done % 1000 == 0:
                sys.stderr.write(f"\r{done}/{total}")
                if done == total:
                    sys.stderr.write("\n")

        report = import_file(
            actor=actor,
            kind=options["kind"],
            name=path.name,
            data=path.read_bytes(),
            atomic=not options["keep_valid"],
            dry_run=options["dry_run"],
            progress=progress,
        )
        for problem in report.problems:
            self.stdout.write(
                _("line %(line)s, column %(column)s: %(message)s")
                % {
                    "line": problem.line,
                    "column": problem.column or "-",
                    "message": problem.message,
                }
            )
        summary = _(
            "%(rows)s rows: %(created)s new, %(unchanged)s already there, %(rejected)s rejected."
        ) % {
            "rows": report.rows,
            "created": report.created,
            "unchanged": report.unchanged,
            "rejected": len(report.rejected_lines),
        }
        self.stdout.write(summary)
        if not report.committed:
            raise CommandError(
                _("Nothing was saved (dry run).")
                if options["dry_run"]
                else _("Nothing was saved: fix the rows above and import the file again.")
            )
