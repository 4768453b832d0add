"""Tenant-matrix cases for the API's routes and the token pages (see tests/matrix.py)."""

from koers.api.tests.factories import make_token
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
]
