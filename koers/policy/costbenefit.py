"""A simple cost-benefit model: every assumption explicit, editable, and varied in a
sensitivity table. Pure functions over a dict of assumptions (names in ASSUMPTIONS).

benefit = participants x effect x yearly gain per person, discounted over the years the gain
lasts, less deadweight (what would have happened anyway);
cost = participants x cost per participant; ratio = benefit / cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Assumption:
    key: str
    label: Promise
    default: float
    unit: Promise


ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption("participants", _("People served"), 1000, _("people")),
    Assumption("cost_per_participant", _("Cost per person served"), 450, _("euro")),
    Assumption(
        "effect", _("Extra share in work or learning because of guidance"), 0.05, _("share (0-1)")
    ),
    Assumption("yearly_gain", _("Yearly public gain per extra person in work"), 12000, _("euro")),
    Assumption("years", _("Years the gain lasts"), 3, _("years")),
    Assumption("discount_rate", _("Discount rate"), 0.0225, _("share (0-1)")),
    Assumption("deadweight", _("Deadweight (would have happened anyway)"), 0.2, _("share (0-1)")),
)
DEFAULTS = {a.key: a.default for a in ASSUMPTIONS}
SENSITIVITY_STEPS = (-0.5, -0.25, 0.0, 0.25, 0.5)


@dataclass(frozen=True)
class Result:
    cost: float
    benefit: float
    net: float
    ratio: float | None


def check(assumptions: Mapping[str, float]) -> list[str]:
    """Names of missing or impossible assumptions (empty when all is well)."""
    problems = [a.key for a in ASSUMPTIONS if a.key not in assumptions]
    shares = ("effect", "discount_rate", "deadweight")
    problems += [k for k in shares if k in assumptions and not 0 <= assumptions[k] <= 1]
    problems += [
        k
        for k in ("participants", "cost_per_participant", "yearly_gain", "years")
        if k in assumptions and assumptions[k] < 0
    ]
    return problems


def compute(assumptions: Mapping[str, float]) -> Result:
    a = assumptions
    cost = a["participants"] * a["cost_per_participant"]
    whole_years = int(a["years"])
    discount = sum(1 / (1 + a["discount_rate"]) ** year for year in range(whole_years))
    benefit = a["participants"] * a["effect"] * (1 - a["deadweight"]) * a["yearly_gain"] * discount
    return Result(
        cost=round(cost, 2),
        benefit=round(benefit, 2),
        net=round(benefit - cost, 2),
        ratio=round(benefit / cost, 2) if cost else None,
    )


def sensitivity(assumptions: Mapping[str, float]) -> list[tuple[str, list[float | None]]]:
    """For each assumption: the benefit-cost ratio with it changed by -50% … +50%."""
    rows = []
    for assumption in ASSUMPTIONS:
        ratios = []
        for step in SENSITIVITY_STEPS:
            changed = dict(assumptions)
            changed[assumption.key] = assumptions[assumption.key] * (1 + step)
            if assumption.key in ("effect", "discount_rate", "deadweight"):
                changed[assumption.key] = min(changed[assumption.key], 1.0)
            ratios.append(compute(changed).ratio)
        rows.append((assumption.key, ratios))
    return rows
