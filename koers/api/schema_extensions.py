"""How drf-spectacular documents Koers's token authentication."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "koers.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "koers_<prefix>_<secret>",
            "description": (
                "A per-organisation API token, made by an organisation administrator under "
                "Organisation → API tokens. It acts as a service manager of that organisation "
                "(never confidential notes); read tokens may only read."
            ),
        }
