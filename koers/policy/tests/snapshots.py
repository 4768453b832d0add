"""Indicator snapshots for policy tests: written as the quality engine stores them."""

from __future__ import annotations

from django.utils import timezone

from koers.core.actor import Actor
from koers.organisations.models import Funding, Organisation, Sector
from koers.organisations.services import organisation_create
from koers.quality.models import IndicatorSnapshot

RATE = "CI4"  # ended trajectories with follow-up outcome data (a rate with equity breakdowns)


def provider(world, name: str) -> Organisation:
    return organisation_create(
        actor=Actor.system(),
        name=name,
        sector=Sector.CAREER_CENTRE,
        funding=Funding.PUBLIC,
        parent=world.region,
    )


def snapshot(org, *, code=RATE, period="2026", breakdown="", group="", num, den):
    value = None if not den else 100.0 * num / den
    return IndicatorSnapshot.objects.create(
        organisation=org,
        indicator=code,
        period=period,
        breakdown=breakdown,
        breakdown_value=group,
        numerator=num,
        denominator=den,
        value=value,
        definition_version=1,
        computed_at=timezone.now(),
    )


def rate_with_gender(org, groups: dict[str, tuple[int, int]], *, code=RATE, period="2026"):
    """Snapshots of one provider: a gender breakdown and its total (the sum of the groups)."""
    for group, (num, den) in groups.items():
        snapshot(org, code=code, period=period, breakdown="gender", group=group, num=num, den=den)
    snapshot(
        org,
        code=code,
        period=period,
        num=sum(n for n, _ in groups.values()),
        den=sum(d for _, d in groups.values()),
    )
