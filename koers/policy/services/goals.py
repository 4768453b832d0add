"""Policy goals through the cycle: develop, implement, monitor, review, and a new cycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.delivery.models import InterventionType
from koers.organisations.models import Organisation
from koers.policy.aggregates import publishable_indicators
from koers.policy.models import (
    PHASE_ORDER,
    EvidenceItem,
    GoalDecision,
    Phase,
    PolicyGoal,
    ReviewOutcome,
    Target,
)
from koers.policy.permissions import goal_policy
from koers.policy.services.schemes import own_organisation
from koers.quality.indicators import Period


def _audit(actor: Actor, action: AuditAction, goal: PolicyGoal, summary: str) -> None:
    audit_record(
        actor=actor, action=action, purpose=AuditPurpose.ADMINISTRATION, obj=goal, summary=summary
    )


@transaction.atomic
def goal_create(
    *,
    actor: Actor,
    title: str,
    rationale: str,
    organisation_ids: Collection[int] = (),
    evidence_ids: Collection[int] = (),
    intervention_type_ids: Collection[int] = (),
) -> PolicyGoal:
    """A new goal of the analyst's region or network, in the develop phase.

    Permission: policy analysts.
    Side effects: audit event.
    """
    goal_policy.require(actor, "manage")
    errors = {}
    if not title.strip():
        errors["title"] = _("Describe the goal.")
    if not rationale.strip():
        errors["rationale"] = _("Explain why this goal matters, with the evidence behind it.")
    organisations = list(
        Organisation.objects.filter(
            id__in=organisation_ids, path__startswith=actor.organisation_path or "-"
        )
    )
    if len(organisations) != len(set(organisation_ids)):
        errors["organisations"] = _("Choose organisations in your own region or network.")
    if errors:
        raise ValidationError(errors)
    goal = PolicyGoal.objects.create(
        owner_id=own_organisation(actor), title=title.strip(), rationale=rationale.strip()
    )
    goal.organisations.set(organisations)
    goal.evidence.set(EvidenceItem.objects.filter(id__in=evidence_ids))
    goal.intervention_types.set(InterventionType.objects.filter(id__in=intervention_type_ids))
    _audit(actor, AuditAction.CREATE, goal, goal.title)
    return goal


def _goal_for_update(actor: Actor, goal_id: int) -> PolicyGoal:
    goal = (
        PolicyGoal.objects.select_for_update()
        .filter(goal_policy.visible(actor), id=goal_id)
        .first()
    )
    if goal is None:
        raise Http404
    return goal


@transaction.atomic
def target_add(
    *,
    actor: Actor,
    goal_id: int,
    indicator: str,
    baseline: float | None,
    baseline_period: str,
    target_value: float | None,
    deadline: dt.date | None,
) -> Target:
    """Add a target: an indicator with its baseline (required), target value and deadline.

    Permission: policy analysts of the owner.
    Side effects: audit event.
    """
    goal_policy.require(actor, "manage")
    goal = _goal_for_update(actor, goal_id)
    errors: dict[str, str] = {}
    if goal.closed_on is not None:
        raise ValidationError(_("This cycle is closed; add targets to the new cycle."))
    if indicator not in publishable_indicators():
        errors["indicator"] = _("Choose an indicator that can be monitored across providers.")
    if baseline is None:
        errors["baseline"] = _("A target needs a baseline: where do we stand now?")
    if target_value is None:
        errors["target_value"] = _("Give the value to reach.")
    if deadline is None:
        errors["deadline"] = _("Give the date by which the target should be reached.")
    try:
        Period.parse(baseline_period)
    except ValueError:
        errors["baseline_period"] = _("Give the year as four digits, for example 2026.")
    if errors:
        raise ValidationError(errors)
    assert baseline is not None and target_value is not None and deadline is not None  # noqa: S101
    target = Target.objects.create(
        goal=goal,
        indicator=indicator,
        baseline=baseline,
        baseline_period=baseline_period,
        target_value=target_value,
        deadline=deadline,
    )
    _audit(actor, AuditAction.UPDATE, goal, f"target {indicator}: {baseline} -> {target_value}")
    return target


@transaction.atomic
def goal_advance(*, actor: Actor, goal_id: int) -> PolicyGoal:
    """Move the goal to the next phase (develop → implement → monitor → review).

    A goal enters implementation only with at least one target.
    Permission: policy analysts of the owner.
    Side effects: audit event.
    """
    goal_policy.require(actor, "manage")
    goal = _goal_for_update(actor, goal_id)
    position = PHASE_ORDER.index(Phase(goal.phase))
    if position == len(PHASE_ORDER) - 1:
        raise ValidationError(_("In the review phase, record the decision to close the cycle."))
    if goal.phase == Phase.DEVELOP and not goal.targets.exists():
        raise ValidationError(_("Add at least one target before implementing the goal."))
    before = goal.phase
    goal.phase = PHASE_ORDER[position + 1]
    goal.save(update_fields=["phase"])
    _audit(actor, AuditAction.UPDATE, goal, f"{before} -> {goal.phase}")
    return goal


@transaction.atomic
def goal_review(
    *,
    actor: Actor,
    goal_id: int,
    outcome: ReviewOutcome,
    reasons: str,
    today: dt.date | None = None,
) -> tuple[GoalDecision, PolicyGoal | None]:
    """Record the review decision, close the cycle and, unless it stops, open the next one.

    The next cycle starts in the develop phase with the same organisations, evidence and targets
    (the analyst adjusts them).
    Permission: policy analysts of the owner.
    Side effects: a GoalDecision, a new PolicyGoal; audit events.
    """
    goal_policy.require(actor, "manage")
    goal = _goal_for_update(actor, goal_id)
    if goal.phase != Phase.REVIEW or goal.closed_on is not None:
        raise ValidationError(_("Only a goal in the review phase can be reviewed."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Write down the reasons for the decision.")})
    day = today or timezone.localdate()
    decision = GoalDecision.objects.create(
        goal=goal,
        outcome=outcome,
        reasons=reasons.strip(),
        decided_on=day,
        decided_by_user_id=actor.user.pk if actor.user else None,
    )
    goal.closed_on = day
    goal.save(update_fields=["closed_on"])
    _audit(actor, AuditAction.UPDATE, goal, f"review: {outcome.value}")
    if outcome == ReviewOutcome.STOP:
        return decision, None
    following = PolicyGoal.objects.create(
        owner=goal.owner,
        title=goal.title,
        rationale=goal.rationale,
        cycle=goal.cycle + 1,
        previous=goal,
    )
    following.organisations.set(goal.organisations.all())
    following.evidence.set(goal.evidence.all())
    following.intervention_types.set(goal.intervention_types.all())
    Target.objects.bulk_create(
        Target(
            goal=following,
            indicator=t.indicator,
            baseline=t.baseline,
            baseline_period=t.baseline_period,
            target_value=t.target_value,
            deadline=t.deadline,
        )
        for t in goal.targets.all()
    )
    _audit(actor, AuditAction.CREATE, following, f"cycle {following.cycle}")
    return decision, following
