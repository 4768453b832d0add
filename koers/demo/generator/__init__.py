"""A synthetic population for demos, tests and benchmarks: `generate(...)`, `koers generate`.

See README.md in this directory for the model, the planted effects and the write path.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from koers.core.models import User
from koers.delivery.models import (
    ActionPlan,
    Activity,
    ActivityParticipant,
    CheckIn,
    CpdEntry,
    Employer,
    Engagement,
    Goal,
    Opportunity,
    Participation,
    PartnerService,
    PractitionerProfile,
    Qualification,
    Referral,
    Service,
    Step,
)
from koers.demo.generator.population import Plan, population_rows
from koers.demo.generator.reference import ensure_instruments, load_reference
from koers.demo.generator.writer import Writer, free_bytes, is_postgres, tables_are_empty
from koers.evaluation.models import OutcomeImport, OutcomeRecord
from koers.instruments.models import Administration, Response, Score
from koers.organisations.models import Membership, Organisation
from koers.people.models import Consent, EquityProfile, LifeStatus, Person

__all__ = [
    "DEFAULT_AS_OF",
    "GenerateRefusedError",
    "GenerateResult",
    "Plan",
    "estimate_bytes",
    "generate",
    "population_exists",
]

DEFAULT_AS_OF = dt.date(2026, 11, 28)

WRITTEN: list[type[models.Model]] = [
    Organisation,
    User,
    Membership,
    PractitionerProfile,
    Qualification,
    CpdEntry,
    Service,
    PartnerService,
    Employer,
    Opportunity,
    Person,
    LifeStatus,
    Consent,
    EquityProfile,
    Engagement,
    Engagement.practitioners.through,
    CheckIn,
    Activity,
    ActivityParticipant,
    ActionPlan,
    Goal,
    Step,
    Referral,
    Participation,
    Administration,
    Response,
    Score,
    OutcomeRecord,
    OutcomeImport,
]
# A database "holds data" when any of these has a row (reference data such as the intervention
# catalogue and the instruments does not count).
CONTENT: list[type[models.Model]] = [Organisation, User, Person, Engagement]

# Measured on this project's data (benchmarks/results.md): table + index bytes per person,
# with a margin. The size check refuses when the estimate does not fit the free space.
BYTES_PER_PERSON = {"sqlite": 9_000, "postgresql": 16_000}
FIXED_BYTES = 5_000_000


class GenerateRefusedError(Exception):
    """The generator will not start; nothing was written."""


@dataclass(frozen=True)
class GenerateResult:
    counts: dict[str, int]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def region_marker(seed: int) -> str:
    """The end of the name of every region the generator makes with this seed."""
    return f"(synthetisch, seed {seed})"


def population_exists(seed: int) -> bool:
    return Organisation.objects.filter(name__endswith=region_marker(seed)).exists()


def estimate_bytes(persons: int, *, vendor: str) -> int:
    return FIXED_BYTES + persons * BYTES_PER_PERSON.get(vendor, max(BYTES_PER_PERSON.values()))


def check(plan: Plan, *, append: bool) -> None:
    """Refuse before writing anything: wrong sizes, data present without --append, no room."""
    if plan.persons < 0 or plan.organisations < 1:
        raise GenerateRefusedError("Give at least one organisation and zero or more persons.")
    if not append:
        full = tables_are_empty(CONTENT)
        if full:
            raise GenerateRefusedError(
                "The database already holds data (" + ", ".join(full) + "). Nothing was "
                "written. Use --append to add a synthetic population to it, or start from an "
                "empty database."
            )
    vendor = "postgresql" if is_postgres() else "sqlite"
    needed = estimate_bytes(plan.persons, vendor=vendor)
    free = free_bytes()
    if free is not None and needed > free:
        raise GenerateRefusedError(
            f"{plan.persons:,} persons need about {needed / 1e9:,.1f} GB, but only "
            f"{free / 1e9:,.1f} GB is free where the database lives. Nothing was written."
        )


def generate(
    plan: Plan, *, append: bool = False, progress: Callable[[str], None] | None = None
) -> GenerateResult:
    """Check, then write the whole population in one transaction (all of it or nothing)."""
    check(plan, append=append)
    started = time.perf_counter()
    created = timezone.make_aware(dt.datetime.combine(plan.as_of, dt.time(12, 0)), dt.UTC)
    writer = Writer(created)
    with transaction.atomic():
        ensure_instruments()
        reference = load_reference(WRITTEN)
        writer.suspend_foreign_keys(WRITTEN)
        for rows in population_rows(plan, reference):
            writer.write(rows)
            if progress is not None and rows.model is Person:
                progress(f"{writer.counts[rows.table]:,} persons")
        writer.restore_foreign_keys()
        writer.reset_sequences()
    return GenerateResult(counts=writer.counts, seconds=time.perf_counter() - started)
