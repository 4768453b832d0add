from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """DRF wiring only: router, authentication, pagination, error mapping, API tokens. Endpoints
    live in each app's api.py over the same selectors and services as the pages."""

    name = "koers.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Registers the token scheme with drf-spectacular.
        from koers.api import schema_extensions  # noqa: F401, PLC0415
        from koers.api.erasure import imported_references_erase  # noqa: PLC0415
        from koers.privacy.erasers import register_eraser  # noqa: PLC0415

        register_eraser("api", imported_references_erase)
