"""Tenant-matrix cases for the API's routes and the token pages (see tests/matrix.py)."""

from koers.api.tests.factories import make_token
from koers.core.roles import Role
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


ROUTE_CASES = [
    RouteCase("api_token_revoke", kwargs=a_token_to_revoke, method="post"),
    RouteCase("api_token_list", method="post", data=a_new_token),
    RouteCase("api-organisation-detail", kwargs=own_organisation),
    RouteCase("api-membership-detail", kwargs=a_membership),
]
