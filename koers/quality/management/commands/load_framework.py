from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from koers.core.actor import Actor
from koers.quality.framework import FrameworkError
from koers.quality.services import framework_load


class Command(BaseCommand):
    help = "Load a quality framework definition (YAML or JSON); nothing is loaded on an error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = []
        try:
            with transaction.atomic():  # all files or none
                loaded = [
                    (path, framework_load(actor=Actor.system(), path=path))
                    for path in options["files"]
                ]
        except FrameworkError as error:
            raise CommandError(str(error)) from error
        for path, framework in loaded:
            self.stdout.write(f"{path}: {framework}")
