from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.api.models import ApiToken, TokenScope
from koers.api.permissions import api_token_policy
from koers.api.selectors import TOKEN_PREFIX, api_token_get, hash_secret
from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose

# How often `last_used_at` is written: once a minute is precise enough and spares a write per call.
TOUCH_INTERVAL = timedelta(minutes=1)
MAX_LIFETIME = timedelta(days=366)


@transaction.atomic
def api_token_create(
    *, actor: Actor, name: str, scope: TokenScope, expires_at: datetime
) -> tuple[ApiToken, str]:
    """Make a token for the actor's organisation; returns it with its secret (shown once).

    Permission: organisation administrators.
    Side effects: audit event (without the secret).
    """
    api_token_policy.require(actor, "manage")
    if actor.organisation_id is None or actor.membership_id is None:
        raise PermissionDenied
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry date must lie in the future.")})
    if expires_at > now + MAX_LIFETIME:
        raise ValidationError({"expires_at": _("A token may live one year at most.")})
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        organisation_id=actor.organisation_id,
        name=name.strip(),
        scope=scope,
        created_by_id=actor.membership_id,
        expires_at=expires_at,
        prefix=prefix,
        secret_hash=hash_secret(secret),
    )
    token.full_clean(exclude=["organisation", "created_by", "prefix", "secret_hash"])
    try:
        with transaction.atomic():
            token.save()
    except IntegrityError as error:
        raise ValidationError(
            {"name": _("An active token with this name already exists.")}
        ) from error
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=token,
        summary=f"{token.name} ({token.prefix}, {token.scope})",
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: Actor, token_id: int) -> ApiToken:
    """Revoke a token at once; calls with it fail from now on.

    Permission: organisation administrators of the token's organisation (404 otherwise).
    Side effects: audit event.
    """
    token = api_token_get(actor=actor, token_id=token_id)
    if token.revoked_at is not None:
        raise ValidationError(_("This token has already been revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=token,
        summary=f"{token.name} ({token.prefix})",
        changes={"revoked_at": token.revoked_at.isoformat()},
    )
    return token


def api_token_touch(*, token: ApiToken, now: datetime) -> None:
    """Note that a token was used (at most one write a minute per token)."""
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_INTERVAL:
        return
    ApiToken.objects.filter(id=token.id).update(last_used_at=now)
    token.last_used_at = now
