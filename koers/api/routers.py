"""The router that mounts every app's endpoints under /api/v1/.

Endpoints live in each app's api.py, which may not import this package (apps sit below the
interface layer), so the router gives every endpoint Koers's API wiring when it mounts it:
token and session authentication, the access check, rate limits and keyset pagination. The
result does not depend on REST_FRAMEWORK defaults, so an endpoint can never be mounted open.
"""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import SessionAuthentication
from rest_framework.routers import Route, SimpleRouter

from koers.api.authentication import ApiTokenAuthentication
from koers.api.pagination import KeysetPagination
from koers.api.permissions import KoersApiAccess
from koers.api.throttling import ApiTokenRateThrottle, SessionRateThrottle

WIRING: dict[str, Any] = {
    "authentication_classes": [ApiTokenAuthentication, SessionAuthentication],
    "permission_classes": [KoersApiAccess],
    "throttle_classes": [ApiTokenRateThrottle, SessionRateThrottle],
    "pagination_class": KeysetPagination,
}


class KoersRouter(SimpleRouter):
    def get_routes(self, viewset: Any) -> list[Route]:
        return [
            route._replace(initkwargs={**WIRING, **route.initkwargs})
            for route in super().get_routes(viewset)
        ]
