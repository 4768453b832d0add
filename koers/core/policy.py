"""A policy answers both questions about an entity: which rows may this actor see, and may they
do this action. Selectors use `visible`; services use `require`."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from koers.core.actor import Actor
from koers.core.roles import Role

NOTHING = Q(pk__in=[])


class Policy:
    """Subclasses set `actions` (action -> roles allowed) and implement `visible`."""

    actions: Mapping[str, frozenset[Role]] = {}

    def visible(self, actor: Actor) -> Q:
        raise NotImplementedError

    def can(self, actor: Actor, action: str) -> bool:
        return actor.role in self.actions[action]

    def require(self, actor: Actor, action: str) -> None:
        """Raise PermissionDenied (403) unless the actor's role allows `action`."""
        if not self.can(actor, action):
            raise PermissionDenied
