from __future__ import annotations

from django.db.models import Q

from koers.core.actor import Actor
from koers.core.policy import NOTHING, Policy
from koers.core.roles import Role

EVALUATORS = frozenset({Role.SERVICE_MANAGER})


class EvaluationPolicy(Policy):
    """Plans, studies and outcome data belong to one organisation; its service managers run
    evaluations and read them."""

    actions = {"view": EVALUATORS, "manage": EVALUATORS}

    def visible(self, actor: Actor) -> Q:
        if not self.can(actor, "view") or actor.organisation_id is None:
            return NOTHING
        return Q(organisation_id=actor.organisation_id)


evaluation_policy = EvaluationPolicy()
