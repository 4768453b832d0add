"""A small synthetic population on top of `koers demo`, for `make demo`."""

from __future__ import annotations

import datetime as dt

from koers.demo.generator import DEFAULT_AS_OF, GenerateResult, Plan, generate, population_exists
from koers.organisations.models import Organisation

DEMO_REGION = "Arbeidsmarktregio Midden-Utrecht"


def demo_population(
    *, persons: int = 3000, seed: int = 20261128, as_of: dt.date = DEFAULT_AS_OF
) -> GenerateResult | None:
    """Add `persons` synthetic persons in 12 organisations under the demo region (so the demo
    policy analyst sees them); None when a population with this seed is already there."""
    if population_exists(seed):
        return None
    region = Organisation.objects.filter(name=DEMO_REGION).first()
    plan = Plan(
        persons=persons,
        organisations=12,
        seed=seed,
        as_of=as_of,
        parent_id=region.id if region else None,
        parent_path=region.path if region else "/",
    )
    return generate(plan, append=True)
