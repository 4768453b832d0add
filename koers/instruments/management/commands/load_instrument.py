"""koers load-instrument FILE: load or upgrade one instrument definition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.core.actor import Actor
from koers.instruments.definition import DefinitionError
from koers.instruments.services import instrument_load_file


class Command(BaseCommand):
    help = "Load or upgrade one instrument from a YAML or JSON definition file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = instrument_load_file(actor=Actor.system(), path=options["file"])
        except DefinitionError as error:
            raise CommandError(f"nothing was loaded:\n{error}") from None
        self.stdout.write(str(outcome))
