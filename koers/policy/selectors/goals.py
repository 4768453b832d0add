"""Reads of policy goals and their monitoring (aggregates only, disclosure-controlled)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404

from koers.core.actor import Actor
from koers.policy.aggregates import ORGANISATION, REGION, Table, unscoped_table
from koers.policy.models import PolicyGoal, Target
from koers.policy.permissions import goal_policy
from koers.quality.indicators import INDICATORS
from koers.quality.models import IndicatorSnapshot


def goal_list(*, actor: Actor) -> QuerySet[PolicyGoal]:
    """Goals of the analyst's region or network, with their number of targets.

    Permission: policy analysts.
    """
    goal_policy.require(actor, "view")
    return (
        PolicyGoal.objects.filter(goal_policy.visible(actor))
        .select_related("owner")
        .annotate(target_count=Count("targets"))
        .order_by("closed_on", "-created_at", "-id")
    )


def goal_get(*, actor: Actor, goal_id: int) -> PolicyGoal:
    goal = (
        goal_list(actor=actor)
        .select_related("previous", "decision")
        .prefetch_related("targets", "organisations", "evidence", "intervention_types")
        .filter(id=goal_id)
        .first()
    )
    if goal is None:
        raise Http404
    return goal


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    title: str
    period: str | None
    region: Table | None
    by_region: Table | None
    by_organisation: Table | None
    # Share of the way from baseline to target reached (None when the total is hidden).
    progress: float | None
    trend: list[tuple[str, float | None]]


def _progress(target: Target, current: float | None) -> float | None:
    if current is None or target.target_value == target.baseline:
        return None
    return round(100 * (current - target.baseline) / (target.target_value - target.baseline), 1)


def goal_monitor(*, actor: Actor, goal: PolicyGoal) -> list[TargetProgress]:
    """Progress of every target over the goal owner's providers, per region and organisation.

    Only disclosure-controlled aggregates; an organisation's figures are shown only where it
    (and, through secondary suppression, the rest) has enough people.
    Permission: policy analysts of the owner.
    """
    goal_policy.require(actor, "view")
    codes = {t.indicator for t in goal.targets.all()}
    periods: dict[str, list[str]] = {code: [] for code in codes}
    for row in (
        IndicatorSnapshot.objects.filter(
            organisation__path__startswith=goal.owner.path, indicator__in=codes, breakdown=""
        )
        .order_by()
        .values("indicator", "period")
        .distinct()
    ):
        periods[row["indicator"]].append(row["period"])
    result = []
    for target in goal.targets.all():
        known = sorted(periods.get(target.indicator, []))
        trend = [
            (
                period,
                unscoped_table(
                    actor=actor,
                    scope=goal.owner,
                    indicator=target.indicator,
                    period=period,
                    breakdown="",
                ).total.value,
            )
            for period in known
        ]
        latest = known[-1] if known else None

        def table(
            breakdown: str, period: str | None = latest, code: str = target.indicator
        ) -> Table | None:
            if period is None:
                return None
            return unscoped_table(
                actor=actor, scope=goal.owner, indicator=code, period=period, breakdown=breakdown
            )

        region = table("")
        result.append(
            TargetProgress(
                target=target,
                title=str(INDICATORS[target.indicator].title),
                period=latest,
                region=region,
                by_region=table(REGION),
                by_organisation=table(ORGANISATION),
                progress=_progress(target, region.total.value if region else None),
                trend=trend,
            )
        )
    return result
