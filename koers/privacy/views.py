from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from koers.core.access import KoersRequest, public
from koers.privacy.health import health_check

SERVICE_UNAVAILABLE = 503


@never_cache
@require_GET
@public
def healthz(request: KoersRequest) -> HttpResponse:
    """For load balancers: 200 with {"status": "ok"} when the database answers, else 503."""
    health = health_check()
    return JsonResponse(
        {
            "status": "ok" if health.ok else "unavailable",
            "database": "ok" if health.database else "unavailable",
            "database_ms": round(health.database_ms, 1),
        },
        status=200 if health.ok else SERVICE_UNAVAILABLE,
    )
