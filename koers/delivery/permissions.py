"""Who may see and do what in guidance delivery.

Practitioners see the engagements they are assigned to; service managers see every engagement of
their organisation; a citizen sees the engagements about themselves. Confidential notes are for
the practitioners assigned to that engagement only: not for managers, other providers or the
citizen.
"""

from __future__ import annotations

from django.db.models import Q

from koers.core.actor import Actor
from koers.core.policy import NOTHING, Policy
from koers.core.roles import Role

CASEWORKERS = frozenset({Role.PRACTITIONER, Role.SERVICE_MANAGER})


class EngagementPolicy(Policy):
    actions = {
        "view": CASEWORKERS,
        "open": CASEWORKERS,
        "change": CASEWORKERS,
        "view_own": frozenset({Role.CITIZEN}),
    }

    def visible(self, actor: Actor) -> Q:
        if actor.role == Role.SERVICE_MANAGER and actor.organisation_id:
            return Q(organisation_id=actor.organisation_id)
        if actor.role == Role.PRACTITIONER and actor.organisation_id:
            return Q(organisation_id=actor.organisation_id, practitioners=actor.membership_id)
        if actor.role == Role.CITIZEN and actor.user is not None:
            return Q(person__user_id=actor.user.pk)
        return NOTHING

    def can_read_notes(self, actor: Actor, practitioner_ids: set[int]) -> bool:
        """Only a practitioner assigned to the engagement reads its confidential notes."""
        return actor.role == Role.PRACTITIONER and actor.membership_id in practitioner_ids


class OrganisationDataPolicy(Policy):
    """The organisation's own working lists: offer, employers, partners, opportunities."""

    actions = {
        "view": CASEWORKERS,
        "change": CASEWORKERS,
        "manage_offer": frozenset({Role.SERVICE_MANAGER}),
    }

    def visible(self, actor: Actor) -> Q:
        if actor.role in CASEWORKERS and actor.organisation_id:
            return Q(organisation_id=actor.organisation_id)
        return NOTHING


class PractitionerProfilePolicy(Policy):
    actions = {
        "view": frozenset({Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN}),
        "change_own": frozenset({Role.PRACTITIONER}),
    }

    def visible(self, actor: Actor) -> Q:
        if actor.role == Role.PRACTITIONER and actor.membership_id:
            return Q(organisation_id=actor.organisation_id, membership_id=actor.membership_id)
        if actor.role in (Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN) and actor.organisation_id:
            return Q(organisation_id=actor.organisation_id)
        return NOTHING


engagement_policy = EngagementPolicy()
organisation_data_policy = OrganisationDataPolicy()
practitioner_profile_policy = PractitionerProfilePolicy()
