"""Rate limits: per API token, and per logged-in user for browser calls."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from koers.api import settings as api_defaults
from koers.api.models import ApiToken


class KoersRateThrottle(SimpleRateThrottle):
    default_rate = ""

    def get_rate(self) -> str:
        # The deployment's REST_FRAMEWORK rates win; Koers's defaults apply when it sets none.
        rates = api_settings.DEFAULT_THROTTLE_RATES or {}
        return str(rates.get(self.scope or "") or self.default_rate)


class ApiTokenRateThrottle(KoersRateThrottle):
    scope = "api_token"
    default_rate = api_defaults.TOKEN_RATE

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.id}


class SessionRateThrottle(KoersRateThrottle):
    scope = "api_session"
    default_rate = api_defaults.SESSION_RATE

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken) or request.user is None:
            return None
        if not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
