"""Tenant-matrix cases for the API's routes and the token pages (see tests/matrix.py)."""

from koers.api.tests.factories import (
    a_participation,
    a_profile,
    a_referral,
    a_step,
    a_study,
    an_administration,
    make_token,
)
from koers.core.roles import Role
from koers.delivery.tests.factories import EmployerFactory, engagement
from koers.organisations.models import Membership
from tests.matrix import RouteCase


def a_token_to_revoke(world):
    # A fresh token each visit: revoking consumes it.
    token, _secret = make_token(world)
    return {"token_id": token.id}


def a_new_token(world, user):
    return {
        "name": f"Sync for {user.email if user else 'nobody'}",
        "scope": "read",
        "lifetime": "30",
    }


def own_organisation(world):
    return {"pk": world.org.id}


def a_membership(world):
    return {
        "pk": Membership.objects.filter(organisation=world.org, role=Role.PRACTITIONER).get().id
    }


def an_engagement(world):
    return {"pk": engagement(world.user(Role.PRACTITIONER)).id}


def a_client(world):
    return {"pk": engagement(world.user(Role.PRACTITIONER)).person_id}


def an_employer(world):
    return {"pk": EmployerFactory.create(organisation=world.org).id}


def a_goal_plan(world):
    return {"pk": a_step(world).goal.plan.engagement_id}


def an_occupation(world):
    from koers.careerinfo.tests.factories import occupation_with_labels

    return {"pk": occupation_with_labels("Software developer", "Softwareontwikkelaar").id}


def send_it(world, user):
    return {"status": "sent"}


def an_indicator(world, user):
    return {"indicator": "SP1", "period": "2026"}


ROUTE_CASES = [
    RouteCase("api_token_revoke", kwargs=a_token_to_revoke, method="post"),
    RouteCase("api_token_list", method="post", data=a_new_token),
    RouteCase("api-organisation-detail", kwargs=own_organisation),
    RouteCase("api-membership-detail", kwargs=a_membership),
    RouteCase("api-person-detail", kwargs=a_client),
    RouteCase("api-person-life-statuses", kwargs=a_client),
    RouteCase("api-engagement-detail", kwargs=an_engagement),
    RouteCase("api-engagement-activities", kwargs=an_engagement),
    RouteCase("api-employer-detail", kwargs=an_employer),
    RouteCase("api-engagement-action-plan", kwargs=a_goal_plan),
    RouteCase("api-step-detail", kwargs=lambda world: {"pk": a_step(world).id}),
    RouteCase("api-referral-detail", kwargs=lambda world: {"pk": a_referral(world).id}),
    RouteCase(
        "api-referral-transition",
        kwargs=lambda world: {"pk": a_referral(world).id},
        method="post",
        data=send_it,
        ok=frozenset({200}),
    ),
    RouteCase("api-participation-detail", kwargs=lambda world: {"pk": a_participation(world).id}),
    RouteCase(
        "api-opportunity-detail",
        kwargs=lambda world: {"pk": a_participation(world).opportunity_id},
    ),
    RouteCase("api-practitioner-profile-detail", kwargs=lambda world: {"pk": a_profile(world).id}),
    RouteCase(
        "api-administration-detail", kwargs=lambda world: {"pk": an_administration(world).id}
    ),
    RouteCase("api-study-detail", kwargs=lambda world: {"pk": a_study(world).id}),
    RouteCase("api-occupation-detail", kwargs=an_occupation),
    RouteCase("api-indicator-snapshot-breakdowns", data=an_indicator),
]
