"""API tokens made through the real service."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from koers.api.models import ApiToken, TokenScope
from koers.api.services import api_token_create
from koers.core.roles import Role
from koers.organisations.selectors import actor_for_user
from tests.world import World


def make_token(
    world: World,
    *,
    scope: TokenScope = TokenScope.READ,
    name: str = "",
    other: bool = False,
    days: int = 30,
) -> tuple[ApiToken, str]:
    admin = world.user(Role.ORGANISATION_ADMIN, other=other)
    actor = actor_for_user(user=admin, membership_id=None)[0]
    count = ApiToken.objects.count()
    return api_token_create(
        actor=actor,
        name=name or f"Sync {count}",
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
