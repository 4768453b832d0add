"""One shape for every API error: `{"code": ..., "message": ..., "fields": {...}}`.

`message` is in the caller's language (Accept-Language, or the session's language); `fields`
maps a field name to its messages (empty when the error is about the request as a whole). A
resource that is not the caller's answers exactly like one that does not exist: 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response


def _messages(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def _fields(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF's nested error detail to {"field" or "items.0.field": [messages]}."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict) or (
                isinstance(value, list) and any(isinstance(item, dict | list) for item in value)
            ):
                nested = value if isinstance(value, dict) else dict(enumerate(value))
                fields.update(_fields(nested, prefix=f"{name}."))
            else:
                fields[name] = _messages(value)
    return fields


NON_FIELD_KEYS = {"non_field_errors", "__all__"}


def validation_body(detail: Any) -> dict[str, Any]:
    fields = _fields(detail) if isinstance(detail, dict) else {}
    general = [m for key in NON_FIELD_KEYS for m in fields.pop(key, [])]
    if not isinstance(detail, dict):
        general = _messages(detail)
    message = " ".join(general) or _("Some fields are not valid; see the fields for details.")
    return {"code": "invalid", "message": message, "fields": fields}


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"code": code, "message": message, "fields": {}}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: map every expected error to the one shape."""
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return Response(validation_body(detail), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's 500 handling and logging take over
    headers: dict[str, str] = {}
    wait = getattr(exc, "wait", None)  # set on Throttled (the type stubs omit it)
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        headers["Retry-After"] = str(int(wait))
    if isinstance(exc, exceptions.ValidationError):
        return Response(validation_body(exc.detail), status=exc.status_code, headers=headers)
    if isinstance(exc, exceptions.NotFound):
        # Never echo DRF's detail here: "not found" and "not yours" must read the same.
        body = error_body("not_found", _("Not found."))
    elif isinstance(exc, exceptions.Throttled):
        body = error_body(
            "throttled",
            _("Too many requests; try again in %(seconds)s seconds.") % {"seconds": int(wait or 1)},
        )
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        body = error_body(str(code), " ".join(_messages(exc.detail)))
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:  # set by DRF's APIView for 401s
        headers["WWW-Authenticate"] = auth_header
    return Response(body, status=exc.status_code, headers=headers)
