"""Tenant-matrix cases for the evaluation app's routes (see tests/matrix.py)."""

from koers.core.actor import Actor
from koers.core.roles import Role
from koers.evaluation import services
from koers.evaluation.analysis import AnalysisSpec
from koers.evaluation.models import Design
from koers.evaluation.stats.evidence import Design as StatsDesign
from koers.evaluation.tests.factories import csv_bytes
from tests.matrix import RouteCase


def manager_actor(world):
    user = world.user(Role.SERVICE_MANAGER)
    membership = user.memberships.get()
    return Actor(
        user=user,
        role=Role.SERVICE_MANAGER,
        organisation_id=world.org.id,
        membership_id=membership.id,
        organisation_path=world.org.path,
    )


def a_plan(world):
    plan = services.plan_create(
        actor=manager_actor(world),
        title="Group programme",
        design=Design.MATCHED,
        outcomes=[{"term": "short", "outcome": "Goals", "indicator": "CMS", "time_points": "3"}],
    )
    return {"plan_id": plan.id}


def a_study(world):
    rows = [[i % 2, i % 7] for i in range(40)]
    study = services.study_run(
        actor=manager_actor(world),
        title="Naive look",
        data=csv_bytes(["t", "y"], rows),
        filename="d.csv",
        spec=AnalysisSpec(design=StatsDesign.NAIVE, outcome="y", treatment="t"),
    )
    return {"study_id": study.id}


ROUTE_CASES = [
    RouteCase("evaluation_plan_detail", kwargs=a_plan),
    RouteCase("evaluation_plan_revise", kwargs=a_plan),
    RouteCase("evaluation_study_detail", kwargs=a_study),
]
