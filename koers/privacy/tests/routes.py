"""Tenant-matrix cases for the privacy app's routes (see tests/matrix.py)."""

from koers.core.roles import Role
from koers.people import services as people
from koers.people.models import ErasureRequest
from koers.privacy.tests.factories import citizen_with_record
from tests.matrix import RouteCase
from tests.world import make_user


def an_erasure_request(world):
    # A fresh citizen each visit, with a trajectory at world.org: a decision consumes the request.
    from koers.delivery.tests.factories import actor

    count = ErasureRequest.objects.count()
    citizen = make_user(f"wisser{count}@burger.test", role=Role.CITIZEN, organisation=None)
    citizen_with_record(citizen, world.users["practitioner"])
    request = people.erasure_request_submit(actor=actor(citizen), reason="")
    return {"request_id": request.id}


ROUTE_CASES = [
    RouteCase(
        "erasure_request_review",
        kwargs=an_erasure_request,
        method="post",
        data=lambda world, user: {"decision": "declined", "reason": "Wettelijke bewaarplicht."},
    ),
    RouteCase(
        "retention",
        method="post",
        data=lambda world, user: {"record_type": "ended_engagement", "years": "7"},
    ),
]
