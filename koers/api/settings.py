"""The API's settings, as the lead adds them to koers/config/settings.py (REST_FRAMEWORK and
SPECTACULAR_SETTINGS). Kept here as constants so tests can assert the wiring is in place."""

from __future__ import annotations

from typing import Any

# How many requests one API token may make; a machine syncing a large organisation pages through
# thousands of rows a minute, a runaway script should still be stopped.
TOKEN_RATE = "1200/minute"  # noqa: S105 - a rate, not a secret
SESSION_RATE = "600/minute"

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_SCHEMA_CLASS": "koers.api.schema.KoersAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "koers.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["koers.api.permissions.KoersApiAccess"],
    "DEFAULT_THROTTLE_CLASSES": [
        "koers.api.throttling.ApiTokenRateThrottle",
        "koers.api.throttling.SessionRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"api_token": TOKEN_RATE, "api_session": SESSION_RATE},
    "DEFAULT_PAGINATION_CLASS": "koers.api.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "koers.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_EXTRA: dict[str, Any] = {
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Capability and complexity share the values high/low: one enum in the schema.
    "ENUM_NAME_OVERRIDES": {
        "HighLowEnum": "koers.delivery.triage.Capability",
        # Several models have a `status`: each enum is named after its model.
        "StepStatusEnum": "koers.delivery.models.StepStatus",
        "ReferralStatusEnum": "koers.delivery.models.ReferralStatus",
        "ParticipationStatusEnum": "koers.delivery.models.ParticipationStatus",
        "StudyStatusEnum": "koers.evaluation.models.StudyStatus",
    },
}
