from __future__ import annotations

import hashlib
import hmac

from django.db.models import CharField, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.shortcuts import get_object_or_404

from koers.api.models import ApiToken, ImportedEngagement, ImportedPerson
from koers.api.permissions import api_token_policy
from koers.core.actor import Actor
from koers.core.roles import Role
from koers.delivery.models import Engagement
from koers.delivery.selectors import engagement_scope
from koers.people.models import LifeStatus
from koers.people.permissions import life_status_policy

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


# --- Exports: the shapes the importer reads ---------------------------------------------------


def _person_reference(organisation_id: int, person_field: str) -> Coalesce:
    """The organisation's own reference for the person, else the Koers reference number."""
    mapped = ImportedPerson.objects.filter(
        organisation_id=organisation_id, person_id=OuterRef(person_field)
    ).values("reference")[:1]
    return Coalesce(Subquery(mapped), F(f"{person_field.removesuffix('_id')}__reference"))


def engagement_export(*, actor: Actor) -> QuerySet[Engagement]:
    """Every engagement of the organisation with its person and both references, by id.

    Permission: service managers.
    """
    actor.require_role(Role.SERVICE_MANAGER)
    organisation_id = actor.organisation_id or 0
    mapped = ImportedEngagement.objects.filter(engagement_id=OuterRef("pk")).values("reference")[:1]
    return (
        engagement_scope(actor=actor)
        .select_related("person")
        .annotate(
            person_ref=_person_reference(organisation_id, "person_id"),
            engagement_ref=Coalesce(Subquery(mapped), Concat(Value("T"), Cast("id", CharField()))),
        )
        .order_by("id")
    )


def life_status_export(*, actor: Actor) -> QuerySet[LifeStatus]:
    """Every life-status period the organisation may see of its clients, by person and date.

    Permission: service managers.
    """
    actor.require_role(Role.SERVICE_MANAGER)
    return (
        LifeStatus.objects.filter(life_status_policy.visible(actor))
        .annotate(person_ref=_person_reference(actor.organisation_id or 0, "person_id"))
        .order_by("person_id", "start_date", "id")
    )
