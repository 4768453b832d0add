"""The OpenAPI schema and its interactive documentation, served from Koers's own static files
(drf-spectacular-sidecar): nothing loads from a CDN, and no inline script meets the CSP."""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from koers.core.access import Access

PUBLIC = Access(public=True, roles=frozenset())
SIDECAR = "drf_spectacular_sidecar"


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document. Public: open interfaces are part of the brief, and the schema
    describes shapes, never data."""

    koers_access = PUBLIC
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []


class SwaggerView(SpectacularSwaggerSplitView):
    koers_access = PUBLIC
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    template_name = "api/swagger_ui.html"
    url_name = "api_schema"

    @staticmethod
    def _swagger_ui_resource(filename: str) -> str:
        return static(f"{SIDECAR}/swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon() -> str:
        return static(f"{SIDECAR}/swagger-ui-dist/favicon-32x32.png")
