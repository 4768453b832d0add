from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from koers.core.actor import Actor
from koers.delivery.models import EndReason, Engagement
from koers.evaluation.followups import months_before
from koers.evaluation.models import (
    EvaluationPlan,
    FollowUpWave,
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


def follow_up_wave_list(*, actor: Actor) -> QuerySet[FollowUpWave]:
    """The organisation's follow-up moments, active first, by months."""
    evaluation_policy.require(actor, "view")
    return FollowUpWave.objects.filter(evaluation_policy.visible(actor)).order_by(
        "-is_active", "months"
    )


# Trajectories that ended without reaching their goal or a next service: the people a
# follow-up most easily misses, shown apart so a response rate cannot hide them.
DROPPED_OUT = frozenset({EndReason.STOPPED, EndReason.NO_CONTACT})


@dataclass(frozen=True)
class ResponseCount:
    label: str
    due: int
    invited: int
    answered: int

    @property
    def not_invited(self) -> int:
        """No consent to be contacted, or no e-mail address."""
        return self.due - self.invited

    @property
    def response_rate(self) -> float | None:
        """Answered as a share of everyone due, not only of those invited."""
        return self.answered / self.due if self.due else None


@dataclass(frozen=True)
class WaveResponse:
    wave: FollowUpWave
    total: ResponseCount
    dropped_out: ResponseCount
    by_end_reason: list[ResponseCount] = field(default_factory=list)


def _count(label: str, rows: list[dict[str, Any]]) -> ResponseCount:
    return ResponseCount(
        label=label,
        due=sum(row["due"] for row in rows),
        invited=sum(row["invited"] for row in rows),
        answered=sum(row["answered"] for row in rows),
    )


def follow_up_response_rates(*, actor: Actor, today: dt.date) -> list[WaveResponse]:
    """Per follow-up moment: trajectories due, invited and answered, per end reason and for
    those who dropped out; one grouped query per moment (not per trajectory).

    Due: trajectories of the organisation that ended from the date the moment covers up to
    today minus its months. Those not invited had no consent or no e-mail address; the
    response rate counts them in, so it never flatters.
    """
    reasons = dict(EndReason.choices)
    result = []
    for wave in follow_up_wave_list(actor=actor):
        of_wave = Q(follow_ups__wave=wave)
        rows: list[dict[str, Any]] = [
            dict(row)
            for row in Engagement.objects.filter(
                organisation_id=wave.organisation_id,
                ended_on__gte=wave.covers_ended_from,
                ended_on__lte=months_before(today, wave.months),
            )
            .values("end_reason")
            .annotate(
                due=Count("id", distinct=True),
                invited=Count("follow_ups", filter=of_wave),
                answered=Count(
                    "follow_ups",
                    filter=of_wave & Q(follow_ups__administration__completed_at__isnull=False),
                ),
            )
            .order_by("end_reason")
        ]
        result.append(
            WaveResponse(
                wave=wave,
                total=_count(str(_("All trajectories")), rows),
                by_end_reason=[
                    _count(str(reasons.get(row["end_reason"], row["end_reason"])), [row])
                    for row in rows
                ],
                dropped_out=_count(
                    str(_("Dropped out (stopped or no contact)")),
                    [row for row in rows if row["end_reason"] in DROPPED_OUT],
                ),
            )
        )
    return result
