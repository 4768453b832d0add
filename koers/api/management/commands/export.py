"""koers export KIND --organisation ID > file.csv"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from koers.api.exports import export_lines
from koers.api.imports import KINDS, organisation_actor


class Command(BaseCommand):
    help = "Export an organisation's engagements or persons' life status as CSV (to stdout)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("--organisation", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = organisation_actor(organisation_id=options["organisation"])
        except Http404 as error:
            raise CommandError(_("No organisation with this id.")) from error
        for line in export_lines(actor=actor, kind=options["kind"]):
            self.stdout.write(line, ending="")
