"""Reads for quality pages: snapshots of the actor's own organisation, small groups hidden."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from koers.core.actor import Actor
from koers.core.disclosure import DEFAULT_MINIMUM, suppress_counts, suppress_table
from koers.core.roles import Role
from koers.organisations.models import Membership
from koers.quality.criteria import (
    CriterionView,
    PrincipleView,
    criterion_definition,
    criterion_view,
    principle_views,
)
from koers.quality.indicators import INDICATORS, Kind, Period
from koers.quality.models import (
    ActionStatus,
    CriterionKind,
    CriterionResult,
    Framework,
    ImprovementAction,
    IndicatorSnapshot,
    SelfEvaluation,
    SelfEvaluationStatus,
)
from koers.quality.permissions import quality_policy

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
    cells = list(
        IndicatorSnapshot.objects.filter(
            organisation_id=actor.organisation_id or 0,
            period=period.key,
            indicator=code,
            breakdown=breakdown,
        ).order_by("breakdown_value")
    )
    return _protected(INDICATORS[code].kind, cells, minimum)


def indicator_breakdowns(
    *, actor: Actor, code: str, period: Period, minimum: int = DEFAULT_MINIMUM
) -> dict[str, list[GroupRow]]:
    """Every equity breakdown of one indicator in one query, each disclosure-controlled as in
    `indicator_breakdown`; keyed by breakdown in the indicator's order.

    Permission: service managers and organisation administrators.
    """
    actor.require_role(*QUALITY_ROLES)
    indicator = INDICATORS[code]
    by_breakdown: dict[str, list[IndicatorSnapshot]] = {name: [] for name in indicator.breakdowns}
    cells = IndicatorSnapshot.objects.filter(
        organisation_id=actor.organisation_id or 0, period=period.key, indicator=code
    ).exclude(breakdown="")
    for cell in cells.order_by("breakdown", "breakdown_value"):
        by_breakdown.setdefault(cell.breakdown, []).append(cell)
    return {
        name: _protected(indicator.kind, group, minimum)
        for name, group in by_breakdown.items()
        if group
    }


def _protected(kind: Kind, cells: list[IndicatorSnapshot], minimum: int) -> list[GroupRow]:
    if kind == Kind.RATE:
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
                (cell.numerator if kind == Kind.COUNT else cell.denominator) or 0
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


# --- self-evaluations -----------------------------------------------------------------------------


def framework_choices() -> QuerySet[Framework]:
    """The current version of every loaded framework: what a self-evaluation can be against."""
    return Framework.objects.filter(is_current=True).order_by("key")


def self_evaluation_list(*, actor: Actor) -> QuerySet[SelfEvaluation]:
    """The organisation's self-evaluations, newest period first, with criteria counts.

    Permission: staff who may view quality work (service managers, practitioners, admins).
    """
    quality_policy.require(actor, "view")
    return (
        SelfEvaluation.objects.filter(quality_policy.visible(actor))
        .select_related("framework")
        .annotate(
            criteria_count=Count("results"),
            met_count=Count("results", filter=Q(results__met=True)),
            open_count=Count(
                "results",
                filter=Q(results__kind=CriterionKind.SELF_ASSESSED, results__answer=""),
            ),
        )
        .order_by("-period", "-started_at", "-id")
    )


def self_evaluation_get(*, actor: Actor, self_evaluation_id: int) -> SelfEvaluation:
    return get_object_or_404(self_evaluation_list(actor=actor), id=self_evaluation_id)


def previous_self_evaluation(*, actor: Actor, evaluation: SelfEvaluation) -> SelfEvaluation | None:
    """The latest finalised self-evaluation against the same framework (any version) for an
    earlier period."""
    return (
        self_evaluation_list(actor=actor)
        .filter(
            framework__key=evaluation.framework.key,
            period__lt=evaluation.period,
            status=SelfEvaluationStatus.FINALISED,
        )
        .first()
    )


def _results_by_evaluation(*ids: int) -> dict[int, dict[str, CriterionResult]]:
    """The criterion results of some self-evaluations, by evaluation and criterion key (one
    query)."""
    found: dict[int, dict[str, CriterionResult]] = {id_: {} for id_ in ids}
    for row in CriterionResult.objects.filter(self_evaluation_id__in=ids).order_by("position"):
        found[row.self_evaluation_id][row.criterion_key] = row
    return found


@dataclass
class SelfEvaluationOverview:
    evaluation: SelfEvaluation
    principles: list[PrincipleView]
    previous: SelfEvaluation | None

    @property
    def total(self) -> int:
        return sum(p.total for p in self.principles)

    @property
    def met_count(self) -> int:
        return sum(p.met_count for p in self.principles)

    @property
    def percent(self) -> float:
        return 100.0 * self.met_count / self.total if self.total else 0.0

    @property
    def previous_percent(self) -> float | None:
        if self.previous is None:
            return None
        total = getattr(self.previous, "criteria_count", 0)
        return 100.0 * getattr(self.previous, "met_count", 0) / total if total else None

    @property
    def open_count(self) -> int:
        return sum(
            1
            for p in self.principles
            for c in p.criteria
            if not c.is_computed and not c.result.answer
        )


def self_evaluation_overview(
    *, actor: Actor, self_evaluation_id: int, language: str | None = None
) -> SelfEvaluationOverview:
    """A self-evaluation with every principle and criterion, compared with the previous
    finalised one against the same framework (four queries, whatever the size).

    Permission: staff who may view quality work.
    """
    evaluation = self_evaluation_get(actor=actor, self_evaluation_id=self_evaluation_id)
    previous = previous_self_evaluation(actor=actor, evaluation=evaluation)
    results = _results_by_evaluation(evaluation.id, *([previous.id] if previous else []))
    principles = principle_views(
        evaluation.framework.definition,
        results[evaluation.id],
        results[previous.id] if previous else None,
        language,
    )
    return SelfEvaluationOverview(evaluation, principles, previous)


@dataclass
class CriterionDetail:
    evaluation: SelfEvaluation
    criterion: CriterionView
    actions: list[ImprovementAction]


def criterion_get(*, actor: Actor, self_evaluation_id: int, criterion_key: str) -> CriterionDetail:
    """One criterion of a self-evaluation, with its result, the previous finalised result and
    the improvement actions planned for it.

    Permission: staff who may view quality work.
    """
    evaluation = self_evaluation_get(actor=actor, self_evaluation_id=self_evaluation_id)
    definition = evaluation.framework.definition
    criterion = criterion_definition(definition, criterion_key)
    result = CriterionResult.objects.filter(
        self_evaluation=evaluation, criterion_key=criterion_key
    ).first()
    if criterion is None or result is None:
        raise Http404
    previous = previous_self_evaluation(actor=actor, evaluation=evaluation)
    earlier = (
        CriterionResult.objects.filter(self_evaluation=previous, criterion_key=criterion_key)
        if previous
        else CriterionResult.objects.none()
    )
    principle_key = result.principle_key
    view = criterion_view(principle_key, criterion, result, {r.criterion_key: r for r in earlier})
    actions = list(improvement_action_list(actor=actor).filter(criterion_result=result))
    return CriterionDetail(evaluation, view, actions)


def principle_name(evaluation: SelfEvaluation, principle_key: str) -> dict[str, str]:
    principle = next(
        p for p in evaluation.framework.definition["principles"] if p["key"] == principle_key
    )
    return dict(principle["name"])


# --- improvement actions --------------------------------------------------------------------------

OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def improvement_action_list(
    *, actor: Actor, self_evaluation_id: int | None = None
) -> QuerySet[ImprovementAction]:
    """The organisation's improvement actions (or one self-evaluation's), soonest due first,
    with what they are for.

    Permission: staff who may view quality work.
    """
    quality_policy.require(actor, "view")
    actions = ImprovementAction.objects.filter(quality_policy.visible(actor))
    if self_evaluation_id is not None:
        actions = actions.filter(criterion_result__self_evaluation_id=self_evaluation_id)
    return actions.select_related(
        "owner__user", "criterion_result__self_evaluation__framework"
    ).order_by("due_on", "id")


def improvement_action_get(*, actor: Actor, action_id: int) -> ImprovementAction:
    return get_object_or_404(improvement_action_list(actor=actor), id=action_id)


def improvement_action_overdue(*, actor: Actor) -> QuerySet[ImprovementAction]:
    """Open actions whose due date has passed."""
    return improvement_action_list(actor=actor).filter(
        status__in=OPEN_ACTION_STATUSES, due_on__lt=timezone.localdate()
    )


def owner_choices(*, actor: Actor) -> QuerySet[Membership]:
    """Who can own an improvement action: the organisation's active memberships."""
    quality_policy.require(actor, "view")
    return (
        Membership.objects.filter(organisation_id=actor.organisation_id or 0, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "role", "id")
    )


# --- dashboard ------------------------------------------------------------------------------------

TEN_PRINCIPLES = "ten-principles"
TREND_PERIODS = 5


@dataclass
class IndicatorTrend:
    code: str
    title: str
    unit: str
    element: str
    values: list[float | None]  # one per period of the dashboard, oldest first
    numerator: float | None  # of the latest period
    denominator: float | None

    @property
    def latest(self) -> float | None:
        return self.values[-1] if self.values else None

    @property
    def change(self) -> float | None:
        """The change since the period before the latest one, when both have a value."""
        if len(self.values) < 2 or self.values[-1] is None or self.values[-2] is None:  # noqa: PLR2004 - two periods
            return None
        return self.values[-1] - self.values[-2]


@dataclass
class Dashboard:
    periods: list[str]  # oldest first
    indicators: list[IndicatorTrend]
    principles: SelfEvaluationOverview | None

    @property
    def latest_period(self) -> str | None:
        return self.periods[-1] if self.periods else None

    @property
    def previous_period(self) -> str | None:
        return self.periods[-2] if len(self.periods) > 1 else None


def quality_dashboard(*, actor: Actor) -> Dashboard:
    """The organisation's quality at a glance: the latest ten-principles self-evaluation per
    principle, and every indicator over the last five periods from snapshots (a fixed number
    of queries, whatever the number of periods or evaluations).

    Permission: service managers and organisation administrators.
    """
    actor.require_role(*QUALITY_ROLES)
    totals = IndicatorSnapshot.objects.filter(
        organisation_id=actor.organisation_id or 0, breakdown=""
    )
    periods = sorted(
        totals.order_by("-period").values_list("period", flat=True).distinct()[:TREND_PERIODS]
    )
    values: dict[tuple[str, str], IndicatorSnapshot] = {
        (s.indicator, s.period): s for s in totals.filter(period__in=periods)
    }
    trends = []
    for indicator in INDICATORS.values():
        latest = values.get((indicator.code, periods[-1])) if periods else None
        trends.append(
            IndicatorTrend(
                code=indicator.code,
                title=str(indicator.title),
                unit=str(indicator.unit_label),
                element=indicator.element.value,
                values=[
                    getattr(values.get((indicator.code, period)), "value", None)
                    for period in periods
                ],
                numerator=latest.numerator if latest else None,
                denominator=latest.denominator if latest else None,
            )
        )
    latest_evaluation = (
        self_evaluation_list(actor=actor).filter(framework__key=TEN_PRINCIPLES).first()
        if quality_policy.can(actor, "view")
        else None
    )
    principles = (
        self_evaluation_overview(actor=actor, self_evaluation_id=latest_evaluation.id)
        if latest_evaluation
        else None
    )
    return Dashboard(periods, trends, principles)
