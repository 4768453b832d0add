from __future__ import annotations

from django.db.models import Q

from koers.core.actor import Actor
from koers.core.policy import NOTHING, Policy
from koers.core.roles import STAFF_ROLES, Role


class OrganisationPolicy(Policy):
    actions = {
        "view": frozenset(STAFF_ROLES),
        "view_network": frozenset({Role.POLICY_ANALYST}),
    }

    def visible(self, actor: Actor) -> Q:
        if not actor.is_staff_member:
            return NOTHING
        if actor.role == Role.POLICY_ANALYST:
            # Analysts see the organisations under their region or network (aggregates only).
            return Q(path__startswith=actor.organisation_path)
        return Q(id=actor.organisation_id)


class MembershipPolicy(Policy):
    actions = {
        "view": frozenset({Role.ORGANISATION_ADMIN, Role.SERVICE_MANAGER}),
        "manage": frozenset({Role.ORGANISATION_ADMIN}),
    }

    def visible(self, actor: Actor) -> Q:
        if not self.can(actor, "view"):
            return NOTHING
        return Q(organisation_id=actor.organisation_id)


organisation_policy = OrganisationPolicy()
membership_policy = MembershipPolicy()
