"""koers load-instruments: load every instrument definition Koers ships (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from koers.core.actor import Actor
from koers.instruments.definition import DefinitionError
from koers.instruments.services import instruments_load_shipped


class Command(BaseCommand):
    help = "Load the instruments shipped with Koers; running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcomes = instruments_load_shipped(actor=Actor.system())
        except DefinitionError as error:
            raise CommandError(f"nothing was loaded:\n{error}") from None
        for outcome in outcomes:
            self.stdout.write(str(outcome))
