"""Tenant-matrix cases for the people app's routes (see tests/matrix.py).

Citizen routes: the objects belong to world's citizen; the "other organisation" visitor in the
citizen role is another citizen, who must get 404.
"""

import datetime as dt

from django.utils import timezone

from koers.core.roles import Role
from koers.people import services
from koers.people.models import ConsentPurpose, LifeStatusKind
from tests.matrix import RouteCase


def _citizen(world):
    from koers.organisations.selectors import actor_for_user

    return actor_for_user(user=world.user(Role.CITIZEN), membership_id=None)[0]


def an_open_period(world):
    actor = _citizen(world)
    person = services.person_register_self(actor=actor)
    period = services.life_status_add(
        actor=actor,
        person_id=person.id,
        status=LifeStatusKind.UNEMPLOYED,
        start_date=dt.date(2024, 1, 1),
    )
    return {"life_status_id": period.id}


def an_active_consent(world):
    actor = _citizen(world)
    person = services.person_register_self(actor=actor)
    for consent in person.consents.filter(revoked_at__isnull=True):
        services.consent_revoke(actor=actor, consent_id=consent.id)
    consent = services.consent_grant(actor=actor, purpose=ConsentPurpose.RESEARCH)
    return {"consent_id": consent.id}


def an_active_share(world):
    actor = _citizen(world)
    person = services.person_register_self(actor=actor)
    for share in person.shares.filter(revoked_at__isnull=True):
        services.record_share_revoke(actor=actor, share_id=share.id)
    share = services.record_share_grant(
        actor=actor,
        organisation_id=world.org.id,
        scopes=["timeline"],
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    return {"share_id": share.id}


ROUTE_CASES = [
    RouteCase("life_status_end", kwargs=an_open_period),
    RouteCase(
        "consent_grant", method="post", data=lambda world, user: {"purpose": "follow_up_contact"}
    ),
    RouteCase("consent_revoke", kwargs=an_active_consent, method="post"),
    RouteCase("record_share_revoke", kwargs=an_active_share, method="post"),
    RouteCase("erasure_request", method="post", data=lambda world, user: {"reason": ""}),
]
