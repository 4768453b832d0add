"""Who may do what with self-evaluations and improvement actions of an organisation."""

from __future__ import annotations

from django.db.models import Q

from koers.core.actor import Actor
from koers.core.policy import NOTHING, Policy
from koers.core.roles import Role

QUALITY_MANAGERS = frozenset({Role.SERVICE_MANAGER})
QUALITY_VIEWERS = frozenset({Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN, Role.PRACTITIONER})


class QualityPolicy(Policy):
    """Self-evaluations and improvement actions belong to one organisation: its service managers
    run them, and its practitioners and administrators may read them."""

    actions = {"view": QUALITY_VIEWERS, "manage": QUALITY_MANAGERS}

    def visible(self, actor: Actor) -> Q:
        if not self.can(actor, "view") or actor.organisation_id is None:
            return NOTHING
        return Q(organisation_id=actor.organisation_id)


quality_policy = QualityPolicy()
