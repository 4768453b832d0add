"""Reads for quality pages: snapshots of the actor's own organisation, small groups hidden."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import QuerySet

from koers.core.actor import Actor
from koers.core.disclosure import DEFAULT_MINIMUM, suppress_counts, suppress_table
from koers.core.roles import Role
from koers.quality.indicators import INDICATORS, Kind, Period
from koers.quality.models import IndicatorSnapshot

QUALITY_ROLES = (Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN)


@dataclass(frozen=True)
class GroupRow:
    group: str
    numerator: float | None
    denominator: float | None
    value: float | None

    @property
    def hidden(self) -> bool:
        return self.value is None and self.denominator is None


def snapshot_list(*, actor: Actor, period: Period) -> QuerySet[IndicatorSnapshot]:
    """The totals of every indicator for the actor's organisation in a period.

    Permission: service managers and organisation administrators.
    """
    actor.require_role(*QUALITY_ROLES)
    return IndicatorSnapshot.objects.filter(
        organisation_id=actor.organisation_id or 0, period=period.key, breakdown=""
    ).order_by("indicator")


def indicator_breakdown(
    *,
    actor: Actor,
    code: str,
    period: Period,
    breakdown: str,
    minimum: int = DEFAULT_MINIMUM,
) -> list[GroupRow]:
    """One indicator broken down by one equity dimension, disclosure-controlled.

    For a rate the protected table is group x (in the numerator, not in it), so neither a
    group's count nor its numerator can be recovered from the total; for a mean or a count
    the group sizes are protected. A hidden group shows no numbers at all.

    Permission: service managers and organisation administrators.
    """
    actor.require_role(*QUALITY_ROLES)
    indicator = INDICATORS[code]
    cells = list(
        IndicatorSnapshot.objects.filter(
            organisation_id=actor.organisation_id or 0,
            period=period.key,
            indicator=code,
            breakdown=breakdown,
        ).order_by("breakdown_value")
    )
    if indicator.kind == Kind.RATE:
        table: dict[tuple[Hashable, Hashable], int] = {}
        for cell in cells:
            numerator, denominator = int(cell.numerator or 0), int(cell.denominator or 0)
            table[(cell.breakdown_value, "in")] = numerator
            table[(cell.breakdown_value, "out")] = denominator - numerator
        protected = suppress_table(table, minimum=minimum)
        shown = {
            cell.breakdown_value
            for cell in cells
            if protected.shown((cell.breakdown_value, "in"))
            and protected.shown((cell.breakdown_value, "out"))
        }
    else:
        sizes = {
            cell.breakdown_value: int(
                (cell.numerator if indicator.kind == Kind.COUNT else cell.denominator) or 0
            )
            for cell in cells
        }
        counted = suppress_counts(sizes, minimum=minimum)
        shown = {group for group in sizes if counted.shown(group)}
    return [
        GroupRow(cell.breakdown_value, cell.numerator, cell.denominator, cell.value)
        if cell.breakdown_value in shown
        else GroupRow(cell.breakdown_value, None, None, None)
        for cell in cells
    ]
