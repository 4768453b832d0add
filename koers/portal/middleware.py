from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from koers.core.actor import ACTIVE_MEMBERSHIP_SESSION_KEY
from koers.organisations.selectors import actor_for_user


class ActorMiddleware:
    """Attach one Actor to every request: who acts, in which role, for which organisation."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        actor, memberships = actor_for_user(
            user=user,
            membership_id=request.session.get(ACTIVE_MEMBERSHIP_SESSION_KEY),
        )
        request.actor = actor  # type: ignore[attr-defined]
        request.actor_memberships = memberships  # type: ignore[attr-defined]
        return self.get_response(request)
