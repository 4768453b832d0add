from __future__ import annotations

import hashlib
import hmac

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from koers.api.models import ApiToken
from koers.api.permissions import api_token_policy
from koers.core.actor import Actor

TOKEN_PREFIX = "koers_"  # noqa: S105 - the public start of every token, not a secret


def hash_secret(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def split_token(token: str) -> tuple[str, str] | None:
    """`koers_<prefix>_<secret>` -> (prefix, secret), or None when it has another shape."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    prefix, _, secret = token.removeprefix(TOKEN_PREFIX).partition("_")
    if not prefix or not secret:
        return None
    return prefix, secret


def api_token_for_secret(*, presented: str) -> ApiToken | None:
    """The token row a presented secret belongs to (any state), or None. One query."""
    parts = split_token(presented)
    if parts is None:
        return None
    token: ApiToken | None = (
        ApiToken.objects.select_related("organisation").filter(prefix=parts[0]).first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(presented)):
        return None
    return token


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """The organisation's tokens, newest first.

    Permission: organisation administrators.
    """
    api_token_policy.require(actor, "manage")
    return (
        ApiToken.objects.filter(api_token_policy.visible(actor))
        .select_related("created_by__user")
        .order_by("-created_at", "-id")
    )


def api_token_get(*, actor: Actor, token_id: int) -> ApiToken:
    return get_object_or_404(api_token_list(actor=actor), id=token_id)
