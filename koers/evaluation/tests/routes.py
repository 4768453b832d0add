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


def a_wave(world):
    from koers.evaluation.models import FollowUpWave

    months = FollowUpWave.objects.filter(organisation=world.org).count() + 1
    wave = services.follow_up_wave_add(actor=manager_actor(world), months=months)
    return {"wave_id": wave.id}


def a_follow_up_link(world):
    """An open follow-up of a trajectory in world.org, and its signed link."""
    import datetime as dt

    from django.utils import timezone

    from koers.evaluation import followups
    from koers.evaluation.models import FollowUp, FollowUpWave
    from koers.evaluation.tests.factories import ended_engagement, load_shipped
    from koers.instruments.services import LinkStart, administrations_start_for_link

    load_shipped("outcome-follow-up")
    wave, _created = FollowUpWave.objects.get_or_create(
        organisation=world.org, months=3, defaults={"covers_ended_from": dt.date(2000, 1, 1)}
    )
    engagement = ended_engagement(world, ended_on=timezone.localdate())
    (administration,) = administrations_start_for_link(
        actor=Actor.system(),
        instrument_key="outcome-follow-up",
        starts=[LinkStart(world.org.id, engagement.person_id)],
    )
    follow_up = FollowUp.objects.create(
        organisation=world.org,
        engagement=engagement,
        wave=wave,
        administration=administration,
        token=followups.new_token(),
    )
    return {"token": followups.link_sign(follow_up.token)}


ROUTE_CASES = [
    RouteCase("evaluation_follow_up_wave_stop", kwargs=a_wave, method="post"),
    RouteCase("followup_answer", kwargs=a_follow_up_link),
    RouteCase("evaluation_plan_detail", kwargs=a_plan),
    RouteCase("evaluation_plan_revise", kwargs=a_plan),
    RouteCase("evaluation_study_detail", kwargs=a_study),
]
