"""Tenant-matrix cases for the organisations app's routes (see tests/matrix.py)."""

from koers.core.roles import Role
from koers.organisations.models import Membership
from tests.matrix import RouteCase
from tests.world import make_user


def a_membership_to_end(world):
    # A fresh colleague each visit: ending a role consumes it.
    count = Membership.objects.count()
    user = make_user(f"colleague{count}@org.test", role=Role.PRACTITIONER, organisation=world.org)
    return {"membership_id": user.memberships.get().id}


def switch_to_own_membership(world, user):
    membership = user.memberships.first() if user else None
    return {"membership": membership.id if membership else 0}


ROUTE_CASES = [
    RouteCase("member_deactivate", kwargs=a_membership_to_end, method="post"),
    RouteCase(
        "network_organisation_detail", kwargs=lambda world: {"organisation_id": world.org.id}
    ),
    RouteCase("membership_switch", method="post", data=switch_to_own_membership),
]
