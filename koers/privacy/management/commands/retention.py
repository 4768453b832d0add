"""koers retention [--dry-run]: pseudonymise what is past each organisation's retention."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from koers.privacy.selectors import retention_preview
from koers.privacy.services import retention_apply


class Command(BaseCommand):
    help = "Pseudonymise ended trajectories (and people) past their retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only show what would be pseudonymised."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["dry_run"]:
            for line in retention_preview(today=today):
                self.stdout.write(
                    f"organisation {line.organisation_id} ({line.organisation_name}): "
                    f"{line.engagements} ended trajectories before {line.cutoff.isoformat()}"
                )
            result = retention_apply(today=today, dry_run=True)
            self.stdout.write(
                f"would pseudonymise {result.engagements} trajectories and "
                f"{result.persons} people (dry run: nothing changed)"
            )
            return
        result = retention_apply(today=today)
        self.stdout.write(
            f"pseudonymised {result.engagements} trajectories and {result.persons} people"
        )
