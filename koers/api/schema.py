"""OpenAPI generation: every operation documents the error shape it can answer with."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent


def error_component() -> ResolvedComponent:
    """The `Error` schema. Written out by hand: a serializer cannot declare a field named
    `fields`, which is the name the one error shape uses."""
    return ResolvedComponent(  # type: ignore[no-untyped-call]  # drf-spectacular is untyped here
        name="Error",
        type=ResolvedComponent.SCHEMA,
        object="Error",
        schema={
            "type": "object",
            "properties": {
                "code": {
                    "type": "string",
                    "description": str(_("Stable machine-readable code, e.g. not_found.")),
                },
                "message": {
                    "type": "string",
                    "description": str(_("Explanation in the caller's language.")),
                },
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    "description": str(
                        _("Problems per field (dotted paths for nested fields); empty otherwise.")
                    ),
                },
            },
            "required": ["code", "message", "fields"],
        },
    )


ERRORS = {
    "400": (_("The input is not valid."), "invalid"),
    "401": (_("No valid credentials were sent."), "not_authenticated"),
    "403": (_("Your role or token scope does not allow this."), "permission_denied"),
    "404": (_("Not found, or not yours."), "not_found"),
    "409": (_("Someone else changed it since you read it; read it again and retry."), "conflict"),
    "429": (_("Too many requests."), "throttled"),
}
EXAMPLES = {
    "400": {
        "code": "invalid",
        "message": "Some fields are not valid; see the fields for details.",
        "fields": {"name": ["This field is required."]},
    },
    "401": {"code": "not_authenticated", "message": "Not authenticated.", "fields": {}},
    "403": {"code": "permission_denied", "message": "Permission denied.", "fields": {}},
    "404": {"code": "not_found", "message": "Not found.", "fields": {}},
    "409": {
        "code": "conflict",
        "message": "Someone else changed this step since you read it.",
        "fields": {},
    },
    "429": {
        "code": "throttled",
        "message": "Too many requests; try again in 12 seconds.",
        "fields": {},
    },
}


class KoersAutoSchema(AutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        access = getattr(self.view, "koers_access", None)
        if operation is None or access is None or access.public:
            return operation
        component = error_component()
        self.registry.register_on_missing(component)
        error_ref = component.ref
        codes = ["401", "403", "429"]
        if self.method in ("POST", "PUT", "PATCH") or self._is_list_view():
            codes.append("400")
        if "{" in self.path or self.method != "GET":
            codes.append("404")
        if self.method in ("PUT", "PATCH"):
            codes.append("409")  # updates carry the version they were made on
        for code in sorted(codes):
            description, _code = ERRORS[code]
            operation["responses"].setdefault(
                code,
                {
                    "description": str(description),
                    "content": {
                        "application/json": {
                            "schema": error_ref,
                            "examples": {
                                _code: {"value": EXAMPLES[code], "summary": str(description)}
                            },
                        }
                    },
                },
            )
        return operation
