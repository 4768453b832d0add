"""koers generate: write a synthetic population (see koers/demo/generator/README.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.demo.generator import (
    DEFAULT_AS_OF,
    GenerateRefusedError,
    Plan,
    generate,
    population_exists,
)
from koers.organisations.models import Organisation


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of must be a date such as 2026-11-28, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Write a synthetic population: organisations in several regions, practitioners, "
        "persons with their trajectories, activities, questionnaires and outcomes. "
        "Deterministic for a seed. Refuses a database that holds data unless --append."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, required=True, help="number of persons")
        parser.add_argument("--organisations", type=int, required=True, help="number of providers")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--append", action="store_true", help="add to a database that already holds data"
        )
        parser.add_argument(
            "--under",
            type=int,
            default=None,
            help="id of an existing organisation (a region or network) to put the regions under",
        )
        parser.add_argument(
            "--as-of",
            type=_date,
            default=DEFAULT_AS_OF,
            help=f"the day the data describes (default {DEFAULT_AS_OF})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["append"] and population_exists(options["seed"]):
            self.stdout.write(
                f"A synthetic population with seed {options['seed']} is already there; "
                "nothing was written."
            )
            return
        parent = None
        if options["under"] is not None:
            parent = Organisation.objects.filter(id=options["under"]).first()
            if parent is None:
                raise CommandError(f"There is no organisation with id {options['under']}.")
        plan = Plan(
            persons=options["persons"],
            organisations=options["organisations"],
            seed=options["seed"],
            as_of=options["as_of"],
            parent_id=parent.id if parent else None,
            parent_path=parent.path if parent else "/",
        )
        verbose = options["verbosity"] > 1
        try:
            result = generate(
                plan,
                append=options["append"],
                progress=(lambda line: self.stdout.write(f"  {line}")) if verbose else None,
            )
        except GenerateRefusedError as error:
            raise CommandError(str(error)) from None
        rate = plan.persons / result.seconds if result.seconds else 0.0
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {plan.persons:,} persons and {result.rows:,} rows in "
                f"{result.seconds:,.1f} s ({rate:,.0f} persons/s)."
            )
        )
        if verbose:
            for table, count in sorted(result.counts.items()):
                self.stdout.write(f"  {table:<40} {count:>12,}")
