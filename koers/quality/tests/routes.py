"""Tenant-matrix cases for the quality app's routes (see tests/matrix.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from koers.core.roles import Role
from koers.quality.models import SelfEvaluation
from koers.quality.tests.factories import actor, an_action, started
from tests.matrix import RouteCase
from tests.world import World

YEAR = 2001


def in_progress(world: World) -> SelfEvaluation:
    """One in-progress self-evaluation per world, reused by the routes that leave it so."""
    existing = SelfEvaluation.objects.filter(organisation=world.org, period=str(YEAR)).first()
    return existing or started(world, YEAR)


def a_self_evaluation(world: World) -> dict[str, Any]:
    return {"self_evaluation_id": in_progress(world).id}


def a_fresh_self_evaluation(world: World) -> dict[str, Any]:
    # Finalising consumes a self-evaluation: a new year each visit.
    year = 1990 - SelfEvaluation.objects.filter(organisation=world.org).count()
    return {"self_evaluation_id": started(world, year).id}


def a_criterion(world: World) -> dict[str, Any]:
    return {"self_evaluation_id": in_progress(world).id, "criterion_key": "P9.1"}


def an_action_id(world: World) -> dict[str, Any]:
    return {"action_id": an_action(world, in_progress(world)).id}


def an_answer(world: World, user: Any) -> dict[str, Any]:
    return {"answer": "no", "evidence_note": "Not yet."}


def an_update(world: World, user: Any) -> dict[str, Any]:
    return {
        "status": "in_progress",
        "owner": actor(world, Role.SERVICE_MANAGER).membership_id,
        "due_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    }


ROUTE_CASES = [
    RouteCase(
        "quality_indicators_recompute", method="post", data=lambda world, user: {"year": YEAR}
    ),
    RouteCase("quality_self_evaluation_detail", kwargs=a_self_evaluation),
    RouteCase("quality_self_evaluation_report", kwargs=a_self_evaluation),
    RouteCase("quality_self_evaluation_report_pdf", kwargs=a_self_evaluation),
    RouteCase("quality_self_evaluation_refresh", kwargs=a_self_evaluation, method="post"),
    RouteCase("quality_self_evaluation_finalise", kwargs=a_fresh_self_evaluation, method="post"),
    RouteCase("quality_criterion_detail", kwargs=a_criterion),
    RouteCase("quality_criterion_answer", kwargs=a_criterion, method="post", data=an_answer),
    RouteCase("quality_action_create", kwargs=a_criterion),
    RouteCase("quality_action_detail", kwargs=an_action_id),
    RouteCase("quality_action_update", kwargs=an_action_id, method="post", data=an_update),
]
