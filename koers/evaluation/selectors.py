from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from koers.core.actor import Actor
from koers.evaluation.models import (
    EvaluationPlan,
    OutcomeImport,
    OutcomeRecord,
    Study,
)
from koers.evaluation.permissions import evaluation_policy


def plan_list(*, actor: Actor) -> QuerySet[EvaluationPlan]:
    """The latest version of each of the organisation's plans, with its number of studies."""
    evaluation_policy.require(actor, "view")
    plans = EvaluationPlan.objects.filter(evaluation_policy.visible(actor))
    latest = plans.filter(series=OuterRef("series")).order_by("-version").values("id")[:1]
    return (
        plans.filter(id=Subquery(latest))
        .annotate(study_count=Count("studies"))
        .order_by("title", "id")
    )


def plan_versions(*, actor: Actor, series: str) -> QuerySet[EvaluationPlan]:
    """Every version of one plan, newest first."""
    evaluation_policy.require(actor, "view")
    return (
        EvaluationPlan.objects.filter(evaluation_policy.visible(actor), series=series)
        .select_related("created_by")
        .order_by("-version")
    )


def plan_get(*, actor: Actor, plan_id: int) -> EvaluationPlan:
    evaluation_policy.require(actor, "view")
    return get_object_or_404(
        EvaluationPlan.objects.filter(evaluation_policy.visible(actor)).select_related(
            "created_by"
        ),
        id=plan_id,
    )


def plan_choices(*, actor: Actor) -> QuerySet[EvaluationPlan]:
    """Plan versions a new study can follow (latest versions only)."""
    return plan_list(actor=actor)


def study_list(*, actor: Actor) -> QuerySet[Study]:
    evaluation_policy.require(actor, "view")
    return (
        Study.objects.filter(evaluation_policy.visible(actor))
        .select_related("plan")
        .order_by("-created_at", "-id")
    )


def study_get(*, actor: Actor, study_id: int) -> Study:
    """One study with its estimates (prefetched)."""
    return get_object_or_404(
        study_list(actor=actor).select_related("created_by").prefetch_related("estimates"),
        id=study_id,
    )


def outcome_import_list(*, actor: Actor) -> QuerySet[OutcomeImport]:
    evaluation_policy.require(actor, "view")
    return (
        OutcomeImport.objects.filter(evaluation_policy.visible(actor))
        .select_related("imported_by")
        .order_by("-imported_at", "-id")
    )


def outcome_import_get(*, actor: Actor, import_id: int) -> OutcomeImport:
    return get_object_or_404(outcome_import_list(actor=actor), id=import_id)


def outcome_record_summary(*, actor: Actor) -> list[dict[str, Any]]:
    """Records per outcome type (one grouped query)."""
    evaluation_policy.require(actor, "view")
    rows = (
        OutcomeRecord.objects.filter(evaluation_policy.visible(actor))
        .values("outcome_type")
        .annotate(count=Count("id"))
        .order_by("outcome_type")
    )
    return [dict(row) for row in rows]
