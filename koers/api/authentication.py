"""Machine authentication: `Authorization: Bearer koers_<prefix>_<secret>`.

What a token is allowed
-----------------------
A token belongs to one organisation and acts as a *machine service manager* of it:

- it sees exactly what a service manager of that organisation sees through the same selectors:
  the organisation's own records (its clients through its own engagements or a share the citizen
  granted, its engagements, activities, plans, referrals, employers, administrations), never
  another organisation's rows;
- it never sees confidential notes: only a practitioner assigned to an engagement reads those,
  and a token is no practitioner (and the API never serialises notes at all);
- it has no personal caseload and no user: the audit trail records the token (`api-token:<prefix>`)
  with the role `service_manager` as the actor;
- a `read` token may only use GET, HEAD and OPTIONS; a `read_write` token may also write
  through the same services (and permission checks) a service manager's pages use;
- it cannot manage tokens, staff or the audit trail; those are pages for people.

Browsers use Django's session (`rest_framework.authentication.SessionAuthentication`, with CSRF).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from koers.api import selectors, services
from koers.api.models import ApiToken
from koers.core.actor import Actor
from koers.core.roles import Role

TOKEN_ROLE = Role.SERVICE_MANAGER
KEYWORD = b"bearer"


@dataclass(frozen=True)
class TokenActor(Actor):
    """The actor a valid token becomes: an organisation's machine, not a person."""

    token_id: int = 0
    token_prefix: str = ""
    read_only: bool = True

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def email(self) -> str:
        return f"api-token:{self.token_prefix}"


@dataclass(frozen=True)
class TokenUser:
    """What DRF sees as `request.user` for a token: authenticated, but nobody's login."""

    token_id: int
    pk: None = None
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_active: bool = True


def actor_for_token(token: ApiToken) -> TokenActor:
    return TokenActor(
        user=None,
        role=TOKEN_ROLE,
        organisation_id=token.organisation_id,
        organisation_name=token.organisation.name,
        organisation_path=token.organisation.path,
        token_id=token.id,
        token_prefix=token.prefix,
        read_only=token.read_only,
    )


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[TokenUser, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None  # not ours: the session may still authenticate the request
        if len(parts) != 2:  # noqa: PLR2004 - "Bearer <token>"
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Bearer …"))
        try:
            presented = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("This API token is not valid.")) from error
        now = timezone.now()
        token = selectors.api_token_for_secret(presented=presented)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This API token is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API token has been revoked."))
        if not token.is_usable(now):
            raise exceptions.AuthenticationFailed(_("This API token has expired."))
        services.api_token_touch(token=token, now=now)
        # One actor per request: the endpoints read `request.actor`, as the pages do.
        request._request.actor = actor_for_token(token)  # type: ignore[attr-defined]
        return TokenUser(token_id=token.id), token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return 'Bearer realm="koers"'
