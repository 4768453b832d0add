from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from koers.demo.generator.demo import demo_population
from koers.demo.setup import DEMO_PASSWORD, demo_evidence, demo_setup


class Command(BaseCommand):
    help = (
        "Set up the demo: organisations, one login for every role, the JOURNEYS citizens, the "
        "shipped instruments and a synthetic population of a few thousand people. Safe to run "
        "again: it adds only what is missing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--persons", type=int, default=3000, help="size of the synthetic population"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_instruments", verbosity=0)
        logins = demo_setup()
        population = demo_population(persons=options["persons"])
        if population is None:
            self.stdout.write("The synthetic demo population is already there.")
        else:
            self.stdout.write(f"Generated a synthetic population of {options['persons']} people.")
        demo_evidence()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/"))
        self.stdout.write(f"Password for every demo login: {DEMO_PASSWORD}")
        for login in logins:
            where = f" – {login.organisation}" if login.organisation else ""
            self.stdout.write(f"  {login.role.label:<28} {login.email}{where}")
