from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from koers.quality.indicators import Period
from koers.quality.tasks import indicators_recompute


class Command(BaseCommand):
    help = "Recompute quality indicator snapshots for one organisation or for all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", type=int, help="organisation id (default: all)")
        parser.add_argument("--period", default=str(timezone.localdate().year), help="a year")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = Period.parse(str(options["period"]))
        except ValueError as error:
            raise CommandError(str(error)) from error
        result = indicators_recompute.enqueue(
            year=period.year, organisation_id=options["organisation"]
        )
        self.stdout.write(f"indicators for {period.key}: {result.status}")
