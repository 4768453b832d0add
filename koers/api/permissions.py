"""Who may do what through the API.

`ApiTokenPolicy` guards the token pages. `KoersApiAccess` is the DRF permission every endpoint
uses: it reads the endpoint's `koers_access` declaration (the same `Access` the pages declare and
the tenant matrix checks), so an endpoint cannot be open by accident.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from koers.core.access import access_of
from koers.core.actor import Actor
from koers.core.policy import NOTHING, Policy
from koers.core.roles import Role

if TYPE_CHECKING:
    from koers.core.access import KoersRequest


class ApiTokenPolicy(Policy):
    actions = {"manage": frozenset({Role.ORGANISATION_ADMIN})}

    def visible(self, actor: Actor) -> Q:
        if not self.can(actor, "manage") or actor.organisation_id is None:
            return NOTHING
        return Q(organisation_id=actor.organisation_id)


api_token_policy = ApiTokenPolicy()


class ReadOnlyToken(exceptions.PermissionDenied):
    default_detail = _("This API token may only read; ask an administrator for a read-write token.")
    default_code = "token_read_only"


def _refuse_nul_characters(request: Request) -> None:
    """No text in Koers holds a NUL character and PostgreSQL cannot compare one: a query
    parameter carrying it is a bad request, refused before any query runs."""
    bad = sorted(
        name
        for name, values in request.query_params.lists()
        if "\x00" in name or any("\x00" in value for value in values)
    )
    if bad:
        raise exceptions.ValidationError(
            {
                name.replace("\x00", "") or "query": [_("This value contains a NUL character.")]
                for name in bad
            }
        )


class KoersApiAccess(BasePermission):
    """Anonymous: 401. Wrong role: 403. Read-only token on a write: 403.

    Which rows an actor sees is the selectors' business (404 for "not yours"), not this class's.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        _refuse_nul_characters(request)
        access = access_of(view)
        if access is None:
            # Fail closed: an endpoint without a declaration answers nobody.
            return False
        if access.public:
            return True
        actor = cast("KoersRequest", request).actor
        if not actor.is_authenticated:
            raise exceptions.NotAuthenticated
        if actor.role not in access.roles:
            raise exceptions.PermissionDenied
        if request.method not in SAFE_METHODS and getattr(actor, "read_only", False):
            raise ReadOnlyToken
        return True
