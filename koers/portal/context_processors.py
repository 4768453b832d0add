from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from koers.portal.navigation import nav_items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}
    return {
        "actor": actor,
        "actor_memberships": getattr(request, "actor_memberships", []),
        "nav_items": nav_items_for(actor.role, request.path),
    }
