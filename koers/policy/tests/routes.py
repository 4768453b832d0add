"""Tenant-matrix cases for the policy app's routes (see tests/matrix.py)."""

import datetime as dt

from django.utils import timezone

from koers.delivery.tests.factories import actor as actor_of
from koers.policy.services import goals, publications, schemes
from koers.policy.tests import factories as f
from koers.policy.tests.snapshots import RATE, rate_with_gender
from tests.matrix import RouteCase


def a_goal(world):
    goal = goals.goal_create(
        actor=actor_of(world.users["policy_analyst"]),
        title="Iedereen begeleiding",
        rationale="Omdat.",
    )
    return {"goal_id": goal.id}


def a_draft(world):
    return publications.publication_create(
        actor=actor_of(world.users["policy_analyst"]),
        title="Monitor",
        summary="",
        period="2026",
        indicators=[RATE],
    )


def a_draft_id(world):
    return {"publication_id": a_draft(world).id}


def a_published(world):
    rate_with_gender(world.org, {"woman": (30, 50), "man": (25, 40)}, period="2025")
    draft = publications.publication_create(
        actor=actor_of(world.users["policy_analyst"]),
        title="Monitor",
        summary="",
        period="2025",
        indicators=[RATE],
        breakdowns=["gender"],
    )
    publications.publication_publish(
        actor=actor_of(world.users["policy_analyst"]), publication_id=draft.id
    )
    return {"publication_id": draft.id}


def a_scheme(world):
    return {"scheme_id": f.scheme(world).id}


def a_voucher(world):
    person, _ = f.client(world)
    return f.voucher(world, person, today=timezone.localdate() - dt.timedelta(days=20))


def a_voucher_id(world):
    return {"voucher_id": a_voucher(world).id}


def a_claim(world):
    voucher = a_voucher(world)
    from koers.delivery.models import Engagement

    engagement = Engagement.objects.filter(person_id=voucher.person_id).get()
    activity = f.activity(world, engagement)
    schemes.redemption_record(
        actor=actor_of(world.users["practitioner"]), voucher_id=voucher.id, activity_id=activity.id
    )
    claim, _ = schemes.claim_submit(
        actor=actor_of(world.users["service_manager"]),
        scheme_id=voucher.scheme_id,
        idempotency_key=f"k{voucher.id}",
    )
    return {"claim_id": claim.id}


ROUTE_CASES = [
    RouteCase("policy_publication_public", kwargs=a_published),
    RouteCase("policy_publication_package", kwargs=a_published),
    RouteCase("policy_goal_detail", kwargs=a_goal),
    RouteCase("policy_goal_target_add", kwargs=a_goal, method="post"),
    RouteCase("policy_goal_advance", kwargs=a_goal, method="post"),
    RouteCase(
        "policy_goal_review",
        kwargs=a_goal,
        method="post",
        data=lambda world, user: {"outcome": "continue", "reasons": "Doelen gehaald."},
    ),
    RouteCase("policy_publication_detail", kwargs=a_draft_id),
    RouteCase("policy_publication_publish", kwargs=a_draft_id, method="post"),
    RouteCase("policy_publication_correct", kwargs=a_draft_id, method="post"),
    RouteCase("policy_scheme_detail", kwargs=a_scheme),
    RouteCase("policy_voucher_issue", kwargs=a_scheme, method="post"),
    RouteCase("policy_voucher_detail", kwargs=a_voucher_id),
    RouteCase("policy_voucher_redeem", kwargs=a_voucher_id, method="post"),
    RouteCase(
        "policy_claim_decide",
        kwargs=a_claim,
        method="post",
        data=lambda world, user: {"status": "approved"},
    ),
]
